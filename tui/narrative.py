"""The narrative box (a TextArea), in its own module: TextArea is imported when a narrative is first asked."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from .ordered import OwnKeysInOrder
from .spaces import TypesWideSpace


class NarrativeArea(TypesWideSpace, OwnKeysInOrder, TextArea):
    """A multi-line box: Enter sends, ctrl+j inserts a line break.

    A subclass's ``on_key`` runs before TextArea's own key handler, and ``prevent_default()`` keeps
    TextArea from inserting the line break (Textual's documented default-handler rule; a test in
    tests/test_tui.py fails if an upgrade changes it).
    """

    class Submitted(Message):
        def __init__(self, area: NarrativeArea, value: str) -> None:
            super().__init__()
            self.area = area
            self.value = value

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
        elif event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.insert("\n")
