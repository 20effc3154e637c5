"""The walker's moving about: go to a step, the next unanswered one, back, skip, find and jump."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .search import rank, targets
from .state import Part, State
from .view import REVIEW, Message, Reply, Step
from .wording import quote

if TYPE_CHECKING:  # the parts this one is given (prompts/walker.py builds them)
    from .rows import Rows
    from .steps import Steps


class Navigation(Part):
    """Moving about: the next unanswered question, /back, /skip, finding and jumping (``state.goto`` moves)."""

    def __init__(self, state: State, steps: Steps, rows: Rows) -> None:
        self.state, self.steps, self.rows = state, steps, rows

    def goto(self, step_id: str, *, remember: bool = True) -> None:
        self.state.goto(step_id, remember=remember)

    def next_after(self, old_ids: list[str], position_id: str) -> str:
        new_ids = self.state.ids()
        anchor: str | None = position_id
        if anchor not in new_ids and anchor in old_ids:
            earlier = [i for i in old_ids[: old_ids.index(anchor)] if i in new_ids]
            anchor = earlier[-1] if earlier else None
        start = new_ids.index(anchor) + 1 if anchor in new_ids else 0
        for step in self.state.steps[start:]:
            if not self.steps.answered(step):
                return step.id
        return self.steps.first_pending()

    def back(self) -> Reply:
        """The question the person came from (not one filled in for them, such as the code after the
        name); without a way back in this session, the question before this one in the form."""
        ids = self.state.ids()
        while self.state.trail:
            previous = self.state.trail.pop()
            if previous in ids and previous != self.state.current:
                self.goto(previous, remember=False)
                return Reply([Message("bot", "ひとつ前の質問に戻ります。", "note")])
        if self.state.current == REVIEW:
            self.goto(ids[-1], remember=False)
        elif self.state.current in ids and ids.index(self.state.current) > 0:
            self.goto(ids[ids.index(self.state.current) - 1], remember=False)
        else:
            return Reply([Message("bot", "これが最初の質問です。", "note")])
        return Reply([Message("bot", "ひとつ前の質問に戻ります。", "note")])

    def skip(self) -> Reply:
        ids = self.state.ids()
        if self.state.current in ids and ids.index(self.state.current) + 1 < len(ids):
            self.goto(ids[ids.index(self.state.current) + 1])
            return Reply([Message("bot", "この質問は後回しにします（未入力のまま残ります）。", "note")])
        self.goto(REVIEW)
        return Reply([Message("bot", "最後の質問です。内容の確認に進みます。", "note")], action="review")

    def find(self, query: str) -> list[Step]:
        """The questions ``query`` names, best first: the palette's own search (prompts/search.py)."""
        if not query.strip():
            return []
        exact = [s for s in self.state.steps if s.id == query]
        if exact:
            return exact
        found = [self.steps.step(sid) for sid in rank(query, targets(self.steps))]
        return list(dict.fromkeys(s for s in found if s is not None))

    def jump(self, target: str) -> Reply:
        beyond = self.rows.beyond_limit(target)
        if beyond is not None:  # 「KPI⑯」: not "no match" but the form's limit
            return Reply([Message("bot", beyond, "error")])
        found = self.find(target)
        if not found and (later := self.rows.not_yet(target)) is not None:  # 「KPI7」 with six KPIs: where it is added
            self.goto(later[1])
            return Reply([Message("bot", later[0], "note")])
        if not found:
            return Reply([Message("bot", f"{quote(target)}に当てはまる質問が見つかりません。項目名の一部を入力してください（例：/jump KPI② 実績）。", "error")])
        self.goto(found[0].id)
        return Reply([Message("bot", f"{quote(found[0].label)}に移動します。", "note")])
