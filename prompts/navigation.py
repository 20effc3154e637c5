"""The walker's moving about: go to a step, the next unanswered one, back, skip, find and jump."""

from __future__ import annotations

from .search import rank, targets
from .view import REVIEW, Message, Reply, Step
from .wording import quote


class NavigationMixin:
    def _ids(self) -> list[str]:
        return [s.id for s in self._steps]

    def goto(self, step_id: str, *, remember: bool = True) -> None:
        """Move to ``step_id``; the question left is remembered for /back (the way the person came)."""
        if remember and self.current not in (step_id, REVIEW):
            self._trail.append(self.current)
            del self._trail[:-200]
        self.current = step_id
        self.draft.session.current = step_id

    def _next_after(self, old_ids: list[str], position_id: str) -> str:
        new_ids = self._ids()
        anchor: str | None = position_id
        if anchor not in new_ids and anchor in old_ids:
            earlier = [i for i in old_ids[: old_ids.index(anchor)] if i in new_ids]
            anchor = earlier[-1] if earlier else None
        start = new_ids.index(anchor) + 1 if anchor in new_ids else 0
        for step in self._steps[start:]:
            if not self.answered(step):
                return step.id
        return self.first_pending()

    def back(self) -> Reply:
        """The question the person came from (not one filled in for them, such as the code after the
        name); without a way back in this session, the question before this one in the form."""
        ids = self._ids()
        while self._trail:
            previous = self._trail.pop()
            if previous in ids and previous != self.current:
                self.goto(previous, remember=False)
                return Reply([Message("bot", "ひとつ前の質問に戻ります。", "note")])
        if self.current == REVIEW:
            self.goto(ids[-1], remember=False)
        elif self.current in ids and ids.index(self.current) > 0:
            self.goto(ids[ids.index(self.current) - 1], remember=False)
        else:
            return Reply([Message("bot", "これが最初の質問です。", "note")])
        return Reply([Message("bot", "ひとつ前の質問に戻ります。", "note")])

    def skip(self) -> Reply:
        ids = self._ids()
        if self.current in ids and ids.index(self.current) + 1 < len(ids):
            self.goto(ids[ids.index(self.current) + 1])
            return Reply([Message("bot", "この質問は後回しにします（未入力のまま残ります）。", "note")])
        self.goto(REVIEW)
        return Reply([Message("bot", "最後の質問です。内容の確認に進みます。", "note")], action="review")

    def jump_targets(self) -> list[Step]:
        return list(self._steps)

    def find(self, query: str) -> list[Step]:
        """The questions ``query`` names, best first: the palette's own search (prompts/search.py)."""
        if not query.strip():
            return []
        exact = [s for s in self._steps if s.id == query]
        if exact:
            return exact
        found = [self.step(sid) for sid in rank(query, targets(self))]
        return list(dict.fromkeys(s for s in found if s is not None))

    def jump(self, target: str) -> Reply:
        beyond = self.beyond_limit(target)
        if beyond is not None:  # 「KPI⑯」: not "no match" but the form's limit
            return Reply([Message("bot", beyond, "error")])
        found = self.find(target)
        if not found and (later := self.not_yet(target)) is not None:  # 「KPI7」 with six KPIs: where it is added
            self.goto(later[1])
            return Reply([Message("bot", later[0], "note")])
        if not found:
            return Reply([Message("bot", f"{quote(target)}に当てはまる質問が見つかりません。項目名の一部を入力してください（例：/jump KPI② 実績）。", "error")])
        self.goto(found[0].id)
        return Reply([Message("bot", f"{quote(found[0].label)}に移動します。", "note")])
