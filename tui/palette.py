"""The command palette's provider (ctrl+p): every section and question, to jump to, in Japanese.

Matching is ``prompts.search`` (across spaces, full/half width, ①/1, 年度, 令和); when nothing
matches, the list says so in Japanese (Textual's own "No matches found" never shows: the list is
never empty while something is typed).
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from dejiden.prompts import phrases
from dejiden.prompts.search import match, targets

__all__ = ["JumpCommands", "NO_MATCH", "targets"]

NO_MATCH = phrases.NO_MATCH
NO_MATCH_HELP = phrases.NO_MATCH_HELP + "。Esc で閉じます"


class JumpCommands(Provider):
    """ctrl+p: every section and question, to jump to (one line each, so 80×24 shows many)."""

    def _targets(self) -> list[tuple[str, str]]:
        walker = getattr(self.screen, "walker", None)
        return targets(walker) if walker is not None else []

    async def discover(self) -> Hits:
        for text, sid in self._targets():
            yield DiscoveryHit(Content(text), partial(self.screen.jump_to, sid), text=text)

    async def search(self, query: str) -> Hits:
        walker = getattr(self.screen, "walker", None)
        beyond = walker.beyond_limit(query) if walker is not None else None
        if beyond is not None:  # 「KPI⑯」「経費 11」: the form's limit, not "no match"
            said, _, room = beyond.partition("。")
            limit, _, room = room.partition("。")
            yield Hit(1.0, Content(f"{said}。{limit}。"), _stay, text=query, help=room or None)
            return
        found = 0
        for text, sid in self._targets():
            m = match(query, text)
            if m is None:
                continue
            found += 1
            shown = Content(text)
            for start, end in m.spans:
                shown = shown.stylize(self.match_style or "bold underline", start, end)
            yield Hit(m.score, shown, partial(self.screen.jump_to, sid), text=text)
        later = walker.not_yet(query) if walker is not None and not found else None
        if later is not None:  # 「KPI7」 with six KPIs: Enter goes to the question that adds it
            found = 1
            yield Hit(1.0, Content(later[0]), partial(self.screen.jump_to, later[1]), text=query)
        if not found and query.strip():
            yield Hit(0.0, Content(NO_MATCH), _stay, text=query, help=NO_MATCH_HELP)


def _stay() -> None:
    """Choosing the "nothing matches" line only closes the palette."""
