"""The choice lists of the chat screen: one choice (a mark on the selected line) and any-of (ticks).

One gesture for every question: keys only move the selection (a number, the arrow keys, Space in a
multi-select) and Enter sends it, as Enter sends a typed answer. The selection is written as text,
「(*)」 before the selected choice and 「[x]」 before a tick, so it shows in any terminal (and in a
capture of it), not only as colour. The marks are ASCII: many Japanese terminals draw ambiguous-width
glyphs such as ▶ or ■ two cells wide, which breaks the layout. Prompts are plain ``Content``: as
markup, ``[x]`` would be read as a style tag and vanish, and a choice's own brackets with it.

PageUp and PageDown are not the list's: they scroll the conversation's log, as on every question.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from dejiden.model.safe_text import shown

from .ordered import OwnKeysInOrder


class MarkedOptions(OptionList):
    """An option list whose highlighted row is marked as text (``_prompt(i, True)``), not only by colour."""

    _marked: int | None = None

    def _prompt(self, i: int, on: bool) -> Content:
        raise NotImplementedError

    def watch_highlighted(self, new: int | None) -> None:
        super().watch_highlighted(new)
        if self._marked == new or not self.option_count:
            return
        for i, on in ((self._marked, False), (new, True)):
            if i is not None and i < self.option_count:
                self.replace_option_prompt_at_index(i, self._prompt(i, on))
        self._marked = new


class _Choices(OwnKeysInOrder, OptionList):
    """An option list whose PageUp/PageDown go on to the screen (the log scrolls, the selection stays);
    its arrow keys move the selection in the order typed, Enter is the answer area's."""

    LEFT_TO_BUBBLE = frozenset({"enter"})

    choices: tuple[str, ...] = ()

    def action_page_up(self) -> None:
        raise SkipAction()

    def action_page_down(self) -> None:
        raise SkipAction()

    def number(self, character: str | None) -> int | None:
        """The choice a number key stands for (0-based), or None."""
        if character and character.isdigit() and 1 <= int(character) <= len(self.choices):
            return int(character) - 1
        return None


class ChoiceList(MarkedOptions, _Choices):
    """One of the choices: a number or the arrow keys select (「(*)」), Enter sends; nothing selected at first
    unless a value is already recorded (or offered as a default that changes no judgement)."""

    def set_choices(self, choices: tuple[str, ...], selected: int | None) -> None:
        self.choices = choices
        self._marked = None
        self.clear_options()
        self.add_options([Option(self._prompt(i, False), id=str(i)) for i in range(len(choices))])
        self.highlighted = selected  # marked by the watcher

    def _prompt(self, i: int, on: bool) -> Content:
        return Content(f"{'(*)' if on else '( )'} {i + 1}  {shown(self.choices[i])}")

    @property
    def selected(self) -> int | None:
        return self.highlighted


class MultiList(_Choices):
    """Any of the choices drawn in ASCII ([x]/[ ]): Space or a number toggles, Enter sends the ticks.

    (Textual's SelectionList draws its boxes with block characters that many Japanese terminals show
    two cells wide.)"""

    def set_choices(self, choices: tuple[str, ...], chosen: set[str]) -> None:
        self.choices = choices
        self.chosen = set(chosen)
        self.clear_options()
        self.add_options([Option(self._prompt(i), id=str(i)) for i in range(len(choices))])
        self.highlighted = 0

    def _prompt(self, i: int) -> Content:
        mark = "x" if self.choices[i] in self.chosen else " "
        return Content(f"[{mark}] {i + 1}  {shown(self.choices[i])}")

    def toggle(self, i: int) -> None:
        self.chosen ^= {self.choices[i]}
        self.replace_option_prompt_at_index(i, self._prompt(i))

    @property
    def selected(self) -> list[str]:
        return [c for c in self.choices if c in self.chosen]


__all__ = ["ChoiceList", "MarkedOptions", "MultiList"]
