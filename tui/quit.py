"""ctrl+q while something could not be saved: say so, and offer to retry, keep waiting, or leave anyway."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dejiden.prompts import phrases


class UnsavedScreen(ModalScreen[str | None]):
    """Dismissed with RETRY, WAIT (None) or DISCARD."""

    RETRY, WAIT, DISCARD = "retry", None, "discard"
    DEFAULT_CSS = """
    UnsavedScreen { align: center middle; }
    UnsavedScreen > Vertical { width: 70; height: auto; background: $panel; padding: 1 2; }
    UnsavedScreen #unsaved-text { color: $error; text-style: bold; height: auto; }
    UnsavedScreen OptionList { height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "wait", "画面に戻る", id="wait")]

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason  # e.g. 「保存できません（ファイルが外で変更されました）」

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(phrases.UNSAVED_QUIT.format(reason=self.reason), id="unsaved-text", markup=False)
            yield OptionList(
                Option(phrases.UNSAVED_RETRY, id="retry"),
                Option(phrases.UNSAVED_WAIT, id="wait"),
                Option(phrases.UNSAVED_DISCARD, id="discard"),
                id="unsaved-choices",
            )

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss({"retry": self.RETRY, "discard": self.DISCARD}.get(event.option.id or ""))

    def action_wait(self) -> None:
        self.dismiss(self.WAIT)
