"""The walker: the conversation over one draft, assembled from modules by job.

It holds a draft, turns typed text into model values through the type table's parsers, stores them,
and answers with what was recorded, what was computed, or a Japanese error and the same question.
No Textual here: tests drive the whole conversation with ``Walker.handle(text)``.

Where each job lives (each reads the edition's form definition, never a list of fields of its own):
``steps`` which questions exist and which are answered; ``wording`` what is asked (questions.toml);
``navigation`` moving about; ``commands`` the /commands; ``rows`` /delete and the form's limits; ``effects``
parsing, storing and what an answer does; ``places`` 市区町村等名 and its choice when a name fits several
bodies; ``overview`` check, outline, review rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from dejiden.model.checklist import ChecklistSpec
from dejiden.model.draft import Draft

from .commands import CommandsMixin
from .data import questions
from .effects import EffectsMixin
from .navigation import NavigationMixin
from .overview import OverviewMixin
from .places import PlacesMixin
from .rows import RowsMixin
from .steps import StepsMixin
from .view import REVIEW, Step
from .wording import WordingMixin, show

__all__ = ["Walker", "show", "REVIEW"]


class Walker(StepsMixin, WordingMixin, NavigationMixin, CommandsMixin, EffectsMixin, OverviewMixin, RowsMixin,
             PlacesMixin):
    def __init__(
        self,
        draft: Draft,
        spec: ChecklistSpec | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.draft = draft
        self._spec = spec
        self.text = questions()
        self.today = today
        session = draft.session
        self._close_finished_lists()
        self._steps: list[Step] = self._build()
        self._trail: list[str] = []  # the questions left, for /back (this session only)
        ids = {s.id for s in self._steps}
        self.current: str = session.current if session.current in ids or session.current == REVIEW else self.first_pending()

    @property
    def report(self):
        return self.draft.report

    @property
    def ed(self):
        return self.report.ed

    @property
    def spec(self) -> ChecklistSpec:
        """The checklist of the draft's edition (one given to the constructor wins)."""
        return self._spec or self.ed.definition.checklist
