"""The review screen: every field with its value and status; Enter jumps to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dejiden.model.safe_text import shown
from dejiden.prompts import phrases

from .panels import KeyBar
from .wrap import Wrapped

if TYPE_CHECKING:
    from dejiden.prompts.walker import Walker

STATUS_TAG = phrases.STATUS_TAG


class ReviewScreen(Screen[str | None]):
    """Every field with its value and status, missing and invalid first; Enter jumps to it."""

    EXPORT = "!export"  # dismissed with this, the chat screen writes the workbook

    BINDINGS = [
        Binding("escape,f2", "close", "会話に戻る", id="close"),
        Binding("f5", "export", "書き出し", id="export"),
    ]

    def __init__(self, walker: Walker) -> None:
        super().__init__()
        self.walker = walker
        self.rows = walker.review_rows()

    def compose(self) -> ComposeResult:
        title, omission = phrases.review_heading(self.walker.check())
        yield Static(" " + title, id="titlebar", markup=False)
        yield Static(Wrapped(omission), id="omission", markup=False)
        yield Static(Wrapped(phrases.review_totals(self.walker)), id="totals", markup=False)
        options = []
        for i, row in enumerate(self.rows):
            # plain text (values are the person's: "[/b]" read as markup would stop the screen),
            # broken into lines the Japanese way (tui.wrap)
            options.append(Option(Wrapped(shown(phrases.review_row(row))), id=str(i)))
        yield OptionList(*options, id="review-list")
        yield Static("Enter でその質問へ移動します。", id="review-help")
        yield KeyBar()

    def ends_turn(self, event, focused) -> bool:
        """Keys that close the review (the chat settles after it has jumped): the keys behind them wait."""
        return event.key in ("enter", "escape", "f2", "f5")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.rows[event.option_index].step.id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        self.dismiss(self.EXPORT)
