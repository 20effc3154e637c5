"""A widget's own editing keys (Backspace, Delete, the arrows, ctrl+u…) act in the order they were typed.

Textual inserts a typed character in the focused widget at once, but runs the widget's key bindings
only after the key has bubbled up to the app. In a burst (fast typing over SSH, a paste, keys queued
behind an answer) the characters and the Enter after a Backspace overtook it: 「abc⌫d」 became 「abc」,
and ⌫ then Enter sent the text without the deletion. Mixed in before Input, TextArea or OptionList,
this runs the widget's own (non-priority) binding for a key as the key arrives, as the app would.
"""

from __future__ import annotations

from textual import events


class OwnKeysInOrder:
    """Run this widget's own binding for a key where the key arrives, not after it bubbled to the app."""

    LEFT_TO_BUBBLE: frozenset[str] = frozenset()  # keys a parent handles itself (a choice list's Enter)

    async def on_key(self, event: events.Key) -> None:
        if event.key in self.LEFT_TO_BUBBLE:
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):  # type: ignore[attr-defined]
            if not binding.priority and await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.stop()
                event.prevent_default()
                return
