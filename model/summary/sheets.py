"""The summary's tables: columns declared once, cells written with values, formulas and their cached results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

from ..workbook.formulas import absolute
from ..workbook.printing import MARGINS, SMALL_PT
from ..workbook.styles import BODY, FONT_NAME, FRAME, HEAD_FILL, font
from ..workbook.write import put_text

HEAD = NamedStyle("sm_head", font=font(bold=True), fill=HEAD_FILL, border=FRAME,
                  alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
WRAPPED = NamedStyle("sm_wrap", font=BODY, alignment=Alignment(wrap_text=True, vertical="top"))
TITLE = NamedStyle("sm_title", font=Font(name=FONT_NAME, size=12, bold=True, family=3, charset=128))
PERCENT, AMOUNT, NUMBER = "0.0%", "#,##0", "General"


@dataclass(frozen=True)
class Column:
    head: str
    width: float
    number_format: str | None = None  # for numbers; texts are always written as text ("@")


class Table:
    """One sheet holding a table from row ``top``: a header row, then one row per item; frozen, filtered, printed."""

    def __init__(self, ws, columns: list[Column], *, top: int = 1, freeze: int = 1) -> None:
        self.ws, self.columns, self.top = ws, columns, top
        self.cache: dict[str, Any] = {}
        self.row = top
        self.index = {c.head: i + 1 for i, c in enumerate(columns)}
        for i, column in enumerate(columns, 1):
            cell = ws.cell(top, i, column.head)
            cell.style = HEAD.name
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.row_dimensions[top].height = 44  # three lines of a wrapped heading
        ws.freeze_panes = ws.cell(top + 1, freeze + 1).coordinate

    def letter(self, head: str) -> str:
        return get_column_letter(self.index[head])

    def ref(self, head: str, row: int) -> str:
        return f"{self.letter(head)}{row}"

    def span(self, head: str, sheet: str, last: int | None = None) -> str:
        """The column's data cells down to ``last`` (default: the last row written), absolute and with the sheet."""
        first, last = self.top + 1, max(last or self.row, self.top + 1)
        return f"'{sheet}'!{absolute(self.ref(head, first))}:{absolute(self.ref(head, last))}"

    def new_row(self) -> int:
        self.row += 1
        return self.row

    def put(self, head: str, value: Any) -> None:
        """A value read from a file: text stays literal text (never a formula), numbers stay numbers."""
        if value is None:
            return
        cell = self.ws.cell(self.row, self.index[head])
        if isinstance(value, str):
            put_text(cell, value)
            return
        cell.value = value
        fmt = self.columns[self.index[head] - 1].number_format
        if fmt:
            cell.number_format = fmt

    def formula(self, head: str, text: str, value: Any) -> None:
        """A formula (without "=") with the value it gives, stored as its cached result."""
        cell = self.ws.cell(self.row, self.index[head])
        cell.value = "=" + text
        fmt = self.columns[self.index[head] - 1].number_format
        if fmt and isinstance(value, (int, float)):
            cell.number_format = fmt
        self.cache[cell.coordinate] = value

    def finish(self, title_rows: str | None = None, *, landscape: bool = True, footer: str = "") -> None:
        last = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A{self.top}:{last}{max(self.row, self.top + 1)}"
        self.ws.print_title_rows = title_rows or f"{self.top}:{self.top}"
        fit_to_width(self.ws, landscape=landscape, footer=footer)


def fit_to_width(ws, *, landscape: bool = True, footer: str = "") -> None:
    """A4, every column on the page's width (as many pages down as it takes), page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for side, inches in MARGINS.items():
        setattr(ws.page_margins, side, inches)
    for part, text in ((ws.oddFooter.left, footer), (ws.oddFooter.right, "&P / &N ページ")):
        if text:
            part.text = text
            part.size = SMALL_PT
            part.font = f"{FONT_NAME},Regular"
