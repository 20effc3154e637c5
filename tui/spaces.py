"""Typed spaces other than ASCII's (the full-width 「　」 of Japanese input) reach the answer boxes.

Textual's Input and TextArea insert only characters Python calls printable, and U+3000 (and the
other Unicode spaces) is not: 「塩尻　太郎」 typed in a terminal silently became 「塩尻太郎」.
Mixed in before Input/TextArea, this inserts such a space where the cursor (or selection) is.
"""

from __future__ import annotations

import unicodedata

from textual import events


def typed_space(character: str | None) -> bool:
    """A space character Textual would drop (not the ASCII space, which it handles itself)."""
    return character is not None and character != " " and len(character) == 1 and unicodedata.category(character) == "Zs"


class TypesWideSpace:
    """For an Input or a TextArea: a typed 「　」 is inserted like any other character."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return typed_space(character) or super().check_consume_key(key, character)  # type: ignore[misc]

    def on_key(self, event: events.Key) -> None:
        if not typed_space(event.character):
            return
        event.stop()
        event.prevent_default()
        assert event.character is not None
        start, end = sorted(self.selection)  # type: ignore[attr-defined]
        self.replace(event.character, start, end)  # type: ignore[attr-defined]
