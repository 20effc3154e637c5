"""The conversation's log: every message as lines of one scrolling view, so the 300th answer shows as fast as the first.

It was one widget per message in a scrolling container; Textual lays out every child of the screen
whenever one is added, so each answer cost more than the one before (20 ms at the start, 60 ms after
sixty answers; an officer's report takes two hundred). Here the log keeps its messages and their
lines at the present width — the layout the container used to keep per widget — and paints only the
lines on screen. A message is broken into lines once when it comes; all of them again only when the
width changes (a resized terminal).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dejiden.model.safe_text import shown
from dejiden.prompts.view import Message as ChatLine

from .wrap import wrap

INDENT = {"user": 6}  # cells before a kind of message: the officer's answers stand to the right
PAD = 1  # cells of padding either side of a message's text
SPACED = {"question"}  # kinds with a blank line before them: each question starts a new block


@dataclass(frozen=True)
class Entry:
    """One message as the log shows it: its text (marks for control characters) and its kind."""

    text: str
    kind: str  # "user", "question", or the bot's tone: "info", "note", "result", "error"


class ChatLog(ScrollView, can_focus=False):
    """The conversation. Anchored to the newest message until the user scrolls away."""

    COMPONENT_CLASSES = {"chatlog--user", "chatlog--question", "chatlog--note", "chatlog--result", "chatlog--error"}
    DEFAULT_CSS = """
    ChatLog { height: 1fr; overflow-x: hidden; }
    ChatLog > .chatlog--user { background: $boost; color: $text; }
    ChatLog > .chatlog--question { text-style: bold; color: $text; }
    ChatLog > .chatlog--note { color: $text-muted; }
    ChatLog > .chatlog--result { color: $success; }
    ChatLog > .chatlog--error { color: $error; text-style: bold; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[Entry] = []
        self._rows: list[tuple[int, str | None]] = []  # (entry, one line of its text or None: a blank before it)
        self._width = 0

    @property
    def text(self) -> str:
        """Every message's text, one after another (what the officer could read by scrolling)."""
        return "\n".join(e.text for e in self.entries)

    def on_mount(self) -> None:
        self.anchor()

    def add(self, line: ChatLine, *, question: bool = False) -> Entry:
        kind = "user" if line.role == "user" else ("question" if question else line.tone)
        entry = Entry(shown(line.text), kind)
        self.entries.append(entry)
        if self._width:
            self._rows.extend(self._lines(len(self.entries) - 1))
            self._sized()
        return entry

    def _lines(self, index: int) -> list[tuple[int, str | None]]:
        entry = self.entries[index]
        width = self._width - INDENT.get(entry.kind, 0) - 2 * PAD
        spacer: list[tuple[int, str | None]] = [(index, None)] if entry.kind in SPACED else []
        return spacer + [(index, text) for text in wrap(entry.text, width)]

    def _sized(self) -> None:
        self.virtual_size = Size(self._width, len(self._rows))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width and width != self._width:
            self._width = width
            self._rows = [row for i in range(len(self.entries)) for row in self._lines(i)]
            self._sized()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_anchor()  # Textual's ScrollView leaves it out: paged back to the bottom, follow the newest

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        self._rewrap()  # the first frame may come before the first Resize event
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_y) + y - max(0, self.scrollable_content_region.height - len(self._rows))
        if not 0 <= index < len(self._rows):  # a short log sits at the bottom, by the question's guide
            return Strip.blank(width, base)
        entry, text = self._rows[index]
        if text is None:
            return Strip.blank(width, base)  # the blank line before a question
        kind = self.entries[entry].kind
        style = self.get_component_rich_style(f"chatlog--{kind}") if f"chatlog--{kind}" in self.COMPONENT_CLASSES else base
        indent = INDENT.get(kind, 0)
        body = " " * PAD + text + " " * max(0, width - indent - 2 * PAD - cell_len(text)) + " " * PAD
        segments = [Segment(" " * indent, base)] if indent else []
        segments.append(Segment(body, style))
        return Strip(segments).adjust_cell_length(width, base)
