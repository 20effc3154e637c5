"""The walker: the conversation over one draft, a thin façade over explicit parts that share one State.

It holds a draft, turns typed text into model values through the type table's parsers, stores them,
and answers with what was recorded, what was computed, or a Japanese error and the same question.
No Textual here: tests drive the whole conversation with ``Walker.handle(text)``.

The parts, each given in its constructor the plain objects it uses (each reads the edition's form
definition, never a list of fields of its own):

    State(draft, text, today, given_spec)     state.py  steps, current, trail, places; goto()
    Places(state)                             places.py 市区町村等名 and the choice when a name fits several bodies
    Steps(state, places)                      steps.py  which questions exist and which are answered
    Rows(state, steps)                        rows.py   the form's limits, /delete
    Wording(state, steps, rows)               wording.py what is asked (rows, questions.toml), defaults
    Overview(state, steps, wording)           overview.py check, totals, outline, review rows
    Navigation(state, steps, rows)            navigation.py next question, /back, /skip, find, /jump
    Effects(state, steps, wording, navigation, rows, overview, places)
                                              effects.py parsing, storing and what an answer does
    Commands(navigation, rows, wording, effects)  commands.py what is typed: a /command or an answer

Only State holds conversation state; a part changes it through ``state`` or another part's methods.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from dejiden.model import completeness
from dejiden.model.checklist import ChecklistSpec
from dejiden.model.draft import Draft

from .commands import Commands
from .data import questions
from .effects import Effects
from .navigation import Navigation
from .overview import Overview
from .places import Places
from .rows import Rows
from .state import State
from .steps import Steps
from .view import REVIEW, Prompt, Reply, ReviewRow, SectionProgress, Step
from .wording import Wording, show

__all__ = ["Walker", "show", "REVIEW"]


class Walker:
    COMMANDS = Commands.COMMANDS

    def __init__(
        self,
        draft: Draft,
        spec: ChecklistSpec | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.state = state = State(draft, questions(), today, spec)
        self.places = Places(state)
        self.questions = Steps(state, self.places)
        self.rows = Rows(state, self.questions)
        self.wording = Wording(state, self.questions, self.rows)
        self.overview = Overview(state, self.questions, self.wording)
        self.navigation = Navigation(state, self.questions, self.rows)
        self.effects = Effects(state, self.questions, self.wording, self.navigation, self.rows, self.overview,
                               self.places)
        self.commands = Commands(self.navigation, self.rows, self.wording, self.effects)
        session = draft.session
        self.questions.close_finished_lists()
        self.questions.refresh()
        ids = state.ids()
        state.current = session.current if session.current in ids or session.current == REVIEW else self.first_pending()

    # the state
    draft = property(lambda self: self.state.draft)
    report = property(lambda self: self.state.report)
    ed = property(lambda self: self.state.ed)
    spec = property(lambda self: self.state.spec, doc="The checklist of the draft's edition (one given wins).")
    text = property(lambda self: self.state.text)
    today = property(lambda self: self.state.today)
    steps = property(lambda self: self.state.steps)

    @property
    def current(self) -> str:
        return self.state.current

    @current.setter
    def current(self, step_id: str) -> None:
        self.state.current = step_id

    # what is typed
    def handle(self, text: str) -> Reply:
        return self.commands.handle(text)

    def command(self, text: str) -> Reply:
        return self.commands.command(text)

    command_name = staticmethod(Commands.command_name)

    def help(self) -> Reply:
        return self.commands.help()

    def answer(self, text: str) -> Reply:
        return self.effects.answer(text)

    # the questions
    def refresh(self) -> None:
        self.questions.refresh()

    def step(self, step_id: str | None = None) -> Step | None:
        return self.state.step(step_id)

    def value(self, step: Step):
        return self.questions.value(step)

    def answered(self, step: Step) -> bool:
        return self.questions.answered(step)

    def pending(self) -> list[Step]:
        return self.questions.pending()

    def first_pending(self) -> str:
        return self.questions.first_pending()

    def counts(self) -> tuple[int, int]:
        return self.questions.counts()

    def jump_targets(self) -> list[Step]:
        return self.questions.jump_targets()

    def place_step(self) -> Step | None:
        return self.places.place_step()

    # what is asked
    def prompt(self) -> Prompt | None:
        return self.wording.prompt()

    def shown(self, path: str, value) -> str:
        return self.wording.shown(path, value)

    def greeting(self):
        return self.wording.greeting()

    def pick_first(self, step: Step) -> str:
        return self.wording.pick_first(step)

    # moving about
    def goto(self, step_id: str, *, remember: bool = True) -> None:
        self.state.goto(step_id, remember=remember)

    def back(self) -> Reply:
        return self.navigation.back()

    def skip(self) -> Reply:
        return self.navigation.skip()

    def find(self, query: str) -> list[Step]:
        return self.navigation.find(query)

    def jump(self, target: str) -> Reply:
        return self.navigation.jump(target)

    # the lists' rows
    def limit(self, list_path: str) -> int:
        return self.rows.limit(list_path)

    def full(self, list_path: str) -> bool:
        return self.rows.full(list_path)

    def limit_said(self, list_path: str) -> str:
        return self.rows.limit_said(list_path)

    def beyond_limit(self, query: str) -> str | None:
        return self.rows.beyond_limit(query)

    def not_yet(self, query: str) -> tuple[str, str] | None:
        return self.rows.not_yet(query)

    def row_of_current(self) -> tuple[str, int] | None:
        return self.rows.row_of_current()

    def delete_row(self, confirm: str = "") -> Reply:
        return self.rows.delete_row(confirm)

    # the overview
    def check(self) -> completeness.CheckResult:
        return self.overview.check()

    def budget_totals(self, side: str) -> str:
        return self.overview.budget_totals(side)

    def budget_summary(self) -> list[str]:
        return self.overview.budget_summary()

    def outline(self, result: completeness.CheckResult | None = None) -> list[SectionProgress]:
        return self.overview.outline(result)

    def review_rows(self) -> list[ReviewRow]:
        return self.overview.review_rows()
