"""The command palette's provider: every question, to jump to."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class JumpCommands(Provider):
    """ctrl+p: every section and question, to jump to."""

    def _targets(self):
        """Each section (to its first unanswered question, else its first), then every question."""
        screen = self.screen
        if not hasattr(screen, "walker"):
            return []
        walker = screen.walker
        steps = [s for s in walker.jump_targets() if not s.repeat]
        first: dict[str, str] = {}
        unanswered: dict[str, str] = {}
        for s in steps:
            first.setdefault(s.section, s.id)
            if not walker.answered(s):
                unanswered.setdefault(s.section, s.id)
        sections = [(f"【{title}】", unanswered.get(title, sid)) for title, sid in first.items()]
        return sections + [(f"{s.section}｜{s.label}", s.id) for s in steps]

    async def discover(self) -> Hits:
        for text, sid in self._targets():
            yield DiscoveryHit(text, partial(self.screen.jump_to, sid), help="この質問に移動")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, sid in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.screen.jump_to, sid), help="この質問に移動")
