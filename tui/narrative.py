"""The narrative box (a TextArea), in its own module: TextArea is imported when a narrative is first asked."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea


class NarrativeArea(TextArea):
    """A multi-line box: Enter sends, ctrl+j inserts a line break."""

    class Submitted(Message):
        def __init__(self, area: NarrativeArea, value: str) -> None:
            super().__init__()
            self.area = area
            self.value = value

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)
