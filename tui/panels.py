"""The text panels around the chat (key bar, guide, outline) and ``plain()`` for text that may come from files."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from dejiden.model.safe_text import shown
from dejiden.prompts import phrases
from dejiden.prompts.view import Prompt
from dejiden.prompts.walker import Walker

from .wrap import Wrapped

STATE_MARK = {"done": "済", "current": "今", "missing": "未", "error": "誤"}
LONG_EXAMPLE = 80  # characters: about two lines of the guide at 80 columns


def guide_text(prompt: Prompt | None) -> str:
    """The guide for a question (empty once all is answered: the walker says so once, in the log).
    A long 記入例 may not fit the guide at 80x24: it says F1 puts it whole in the log."""
    if prompt is None:
        return ""
    note = "（全文は F1）" if prompt.example and len(prompt.example) > LONG_EXAMPLE else ""
    return "\n".join(phrases.guide(prompt, example_note=note))


def outline_texts(walker: Walker) -> tuple[str, str]:
    """The outline as one line (the bar at 80 columns) and as the side panel's lines with the summary."""
    result = walker.check()
    outline = walker.outline(result)
    answered, total = walker.counts()
    bar = " ".join(f"[{STATE_MARK[s.state]}]{s.short}" for s in outline)
    side = [f"{STATE_MARK[s.state]} {s.title}  {s.answered}/{s.total}" for s in outline]
    side.append(f"\n{result.summary()}")
    return f"{bar}  {answered}/{total}問", "\n".join(side)


def plain(text: str) -> Content:
    """Text that may come from a file, for any widget: no markup parsed ([red], [@click=…] stay
    text), control characters shown as marks (an ESC sequence never reaches the terminal)."""
    return Content(shown(text))


class KeyBar(Static):
    """The keys of this screen, read from its bindings once (Footer recomposes on every focus
    change, which costs more than the whole first question at start-up)."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; background: $panel; color: $text; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.call_after_refresh(self.show_keys)

    def show_keys(self) -> None:
        from textual.markup import escape

        screen = self.screen
        shown: dict[str, tuple[str, str]] = {}
        for active in screen.active_bindings.values():
            b = active.binding
            if b.show and b.description and b.action not in shown:
                shown[b.action] = (self.app.get_key_display(b), b.description)
        parts = [f"[bold $accent]{escape(key)}[/] {escape(text)}" for key, text in shown.values()]
        if self.app.ENABLE_COMMAND_PALETTE:
            parts.append(f"[bold $accent]{self.app.COMMAND_PALETTE_BINDING.replace('ctrl+', '^')}[/] 移動")
        self.update("  ".join(parts))


class PlainStatic(Static):
    """A Static for text that may come from files: never parsed as markup, controls shown as marks."""

    def __init__(self, content: object = "", **kw) -> None:
        kw.setdefault("markup", False)
        super().__init__(plain(content) if isinstance(content, str) else content, **kw)

    def update(self, content: object = "", *, layout: bool = True) -> None:
        super().update(plain(content) if isinstance(content, str) else content, layout=layout)


class Guide(Static):
    """The current question's hint and 記入例 (plain text: it quotes the person's KPI names and items)."""

    DEFAULT_CSS = "Guide { height: auto; padding: 0 1; color: $text-muted; }"

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, markup=False, **kw)

    def update(self, content="") -> None:
        """Text is broken at Japanese phrase boundaries (see ``tui.wrap``), not like English."""
        super().update(Wrapped(shown(content)) if isinstance(content, str) else content)

    def render(self):
        return self.content


class Outline(PlainStatic):
    """Sections with progress: done / current / missing / has errors (plain text: [済] is no markup)."""

    DEFAULT_CSS = "Outline { height: auto; padding: 0 1; }"


__all__ = ["Guide", "KeyBar", "Outline", "PlainStatic", "guide_text", "outline_texts", "plain"]
