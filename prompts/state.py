"""The walker's state: the draft, its questions as they stand, the question asked, and the way back.

One plain object every part of the walker is given (prompts/walker.py lists the parts); nothing else
holds conversation state. ``places`` are the bodies the last name typed may mean (this session only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from dejiden.model.checklist import ChecklistSpec
from dejiden.model.draft import Draft
from dejiden.model.municipalities import Municipality

from .view import REVIEW, Step


@dataclass
class State:
    draft: Draft
    text: dict[str, Any]  # the conversation's wording (questions.toml)
    today: Callable[[], dt.date] = dt.date.today
    given_spec: ChecklistSpec | None = None  # a checklist given to the walker wins over the edition's
    steps: list[Step] = field(default_factory=list)
    current: str = REVIEW
    trail: list[str] = field(default_factory=list)  # the questions left, for /back (this session only)
    places: tuple[Municipality, ...] = ()

    @property
    def report(self):
        return self.draft.report

    @property
    def ed(self):
        return self.report.ed

    @property
    def spec(self) -> ChecklistSpec:
        """The checklist of the draft's edition (one given to the walker wins)."""
        return self.given_spec or self.ed.definition.checklist

    def ids(self) -> list[str]:
        return [s.id for s in self.steps]

    def step(self, step_id: str | None = None) -> Step | None:
        sid = step_id or self.current
        return next((s for s in self.steps if s.id == sid), None)

    def goto(self, step_id: str, *, remember: bool = True) -> None:
        """Move to ``step_id``; the question left is remembered for /back (the way the person came)."""
        if remember and self.current not in (step_id, REVIEW):
            self.trail.append(self.current)
            del self.trail[:-200]
        self.current = step_id
        self.draft.session.current = step_id


class Part:
    """A part of the walker: it reads and changes the conversation only through the State it is given."""

    state: State

    @property
    def report(self):
        return self.state.report

    @property
    def ed(self):
        return self.state.ed

    @property
    def spec(self) -> ChecklistSpec:
        return self.state.spec
