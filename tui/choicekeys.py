"""The keys of a choice question in the answer area: a number selects (a tick toggles), Enter sends, and
「/」 opens a line for a command (a list has no text box: the 3 of 「/jump KPI3」 would select a choice).

Mixed into ``AnswerArea`` (tui/widgets.py), which owns the inputs this switches between.
"""

from __future__ import annotations

from textual import events
from textual.widgets import ContentSwitcher, Input, Static

from dejiden.prompts.commands import SLASHES

from .choices import ChoiceList, MultiList

CHOICE_KEYS = "番号キー（上下キー）で選び、Enter で決定します。"
MULTI_KEYS = "番号キーかスペースで選び、Enter で確定します。"
COMMAND_KEYS = "コマンドを入力して Enter（Esc で選択肢に戻ります）"
NOT_A_CHOICE = "「{typed}」は選択肢の番号ではありません。1〜{n} の番号で選び、Enter で決定します。"


class ChoiceKeys:
    """For AnswerArea: the keys of its choice lists, and the command line opened from them (typed ignores: the
    attributes are AnswerArea's)."""

    def _open_command(self, slash: str = "/") -> None:
        """「/」 on a choice list: a line for the command (a list has no text box, and the digits of
        「/jump KPI3」 would select a choice)."""
        self._under, self.kind = self.kind, "command"
        line = self.query_one(Input)
        line.value, line.placeholder = slash, ""
        line.cursor_position = 1
        self.query_one("#counter", Static).update(COMMAND_KEYS)
        self.query_one(ContentSwitcher).current = "line"
        line.focus()
        self.screen.settled()  # the keys typed behind the 「/」 go to the line

    def _close_command(self) -> None:
        self.kind, self._under = self._under, ""
        self.query_one("#counter", Static).update(CHOICE_KEYS if self.kind == "choice" else MULTI_KEYS)
        self.query_one(ContentSwitcher).current = self.kind
        self.active.focus()

    def on_key(self, event: events.Key) -> None:
        """One gesture: a number selects a choice (or toggles a tick), Enter sends what is selected.
        (A click only selects too: the list's own "selected" message is not an answer.)"""
        if self.kind in ("choice", "multi") and event.character in SLASHES:
            event.stop()
            self._open_command(event.character)
        elif self.kind == "command" and event.key == "escape":
            event.stop()
            self._close_command()
        elif self.kind == "choice":
            choices = self.query_one(ChoiceList)
            if (n := choices.number(event.character)) is not None:
                event.stop()
                choices.highlighted = n
                self.query_one("#counter", Static).update(CHOICE_KEYS)
            elif event.is_printable and event.character and not event.character.isspace():
                # 「25」 or 「減少」 typed here was meant for another question (a burst in another order):
                # the selection goes, so the Enter behind it is refused instead of sending what was selected
                event.stop()
                choices.highlighted = None
                self.query_one("#counter", Static).update(NOT_A_CHOICE.format(typed=event.character, n=len(choices.choices)))
            elif event.key == "enter":
                event.stop()
                event.prevent_default()
                picked = choices.selected
                self.post_message(self.Answered(str(picked + 1) if picked is not None else ""))
        elif self.kind == "multi":
            multi = self.query_one(MultiList)
            if (n := multi.number(event.character)) is not None:
                event.stop()
                self._tick(multi, n)
            elif event.key == "space" and multi.highlighted is not None:
                event.stop()
                self._tick(multi, multi.highlighted)
            elif event.key == "enter":
                event.stop()
                event.prevent_default()
                self.submit_multi()

    def _tick(self, multi: MultiList, i: int) -> None:
        multi.toggle(i)
        self._typed(self.typed_text())  # unsent ticks are kept like typed text
