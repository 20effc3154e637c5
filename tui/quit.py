"""ctrl+q while something could not be saved: say so, and offer to retry, keep waiting, or leave anyway."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


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
            yield Static(f"保存できていない入力があります（{self.reason}）。\n"
                         "このまま終了すると、最後の回答や書きかけの文章が失われます。", id="unsaved-text", markup=False)
            yield OptionList(
                Option("もう一度保存して終了する", id="retry"),
                Option("画面に戻って待つ（入力は画面に残っています）", id="wait"),
                Option("保存せずに終了する（保存できなかった入力は失われます）", id="discard"),
                id="unsaved-choices",
            )

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss({"retry": self.RETRY, "discard": self.DISCARD}.get(event.option.id or ""))

    def action_wait(self) -> None:
        self.dismiss(self.WAIT)
