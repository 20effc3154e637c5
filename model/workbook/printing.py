"""The printed form: A4 portrait at 100 %, row heights that show every line, one block never split.

Sizes are estimated from the text the export writes, so the page is decided by us and not by a
reader's fit-to-width (which shrank the form to 60 %, body text to 6.5 pt). The estimate errs on the
tall side: a cell shows every line in Excel and in LibreOffice (checked over LibreOffice's PDF in
tests/test_workbook_print.py).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.pagebreak import Break

BODY_PT = 10.0  # body text, printed at 100 %: ≥ 9 pt on paper
SMALL_PT = 9.0  # the submission note and the counters
TITLE_PT = 12.0
LINE = 1.5  # line height / font size: Noto Sans CJK and ＭＳ Ｐゴシック both need ~1.3–1.45
PADDING = 5.0  # points above and below the text in a cell
MIN_ROW = 18.0  # one line of body text with its padding
# A4 portrait, in points, and the margins (inches, as the file stores them).
PAGE_HEIGHT = 842.0
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.7, "header": 0.2, "footer": 0.3}
# What a page holds after the margins, less a safety allowance for readers that round row heights.
PAGE_BODY = PAGE_HEIGHT - 72 * (MARGINS["top"] + MARGINS["bottom"]) - 24


# A column width counts digits of the workbook's default font (ＭＳ Ｐゴシック 11 pt): 8 px each in Excel;
# LibreOffice on a machine without the font measures its substitute, up to 9.4 px (DejaVu Sans).
# Widths are chosen so the sheet fits A4 at the widest measure; lines are counted at the narrowest.
DIGIT_PX_NARROW, DIGIT_PX_WIDE = 8.0, 9.4


def column_points(width: float, digit_px: float = DIGIT_PX_NARROW) -> float:
    """An Excel column width (characters of the default font, plus 5 px of padding) in points."""
    return (int(width * digit_px + 0.5) + 5) * 0.75


@lru_cache(maxsize=8192)
def char_em(ch: str) -> float:
    """Width of one character in ems: full width for East Asian wide letters, about half for the rest."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.6


@lru_cache(maxsize=4096)
def line_count(text: str, width_pt: float, size: float = BODY_PT) -> int:
    """How many lines ``text`` takes when wrapped in a cell ``width_pt`` wide (hard breaks kept)."""
    # The cell's inner margins, and a tenth for line breaking rules (no line starts with 」 or ）).
    room = max((width_pt - 6.0) * 0.9, size)
    lines = 0
    for paragraph in str(text).split("\n"):
        used, count = 0.0, 1
        for ch in paragraph:
            w = char_em(ch) * size
            if used + w > room:
                count, used = count + 1, 0.0
            used += w
        lines += count
    return lines


def height_for(text: str, width_pt: float, size: float = BODY_PT) -> float:
    return line_count(text, width_pt, size) * size * LINE + PADDING


@dataclass
class Fitter:
    """Row heights that fit the text written into a sheet, and the blocks a page break may not split."""

    widths: dict[str, float]  # column letter → Excel width
    rows: dict[int, float] = field(default_factory=dict)
    blocks: list[tuple[int, int]] = field(default_factory=list)
    spans: dict[tuple[str, str | None], float] = field(default_factory=dict, repr=False)  # span_points, once each

    def span_points(self, first: str, last: str | None = None) -> float:
        if (first, last) not in self.spans:
            a = column_index_from_string(first)
            b = column_index_from_string(last or first)
            self.spans[first, last] = sum(column_points(self.widths.get(get_column_letter(i), 8.43)) for i in range(a, b + 1))
        return self.spans[first, last]

    def need(self, row: int, height: float) -> None:
        self.rows[row] = max(self.rows.get(row, MIN_ROW), height)

    def text(self, row: int, text: str | None, first: str, last: str | None = None, size: float = BODY_PT) -> None:
        """Make ``row`` tall enough for ``text`` in the columns first..last (a merged range or one cell)."""
        if text is None or text == "":
            self.need(row, MIN_ROW)
            return
        self.need(row, height_for(text, self.span_points(first, last), size))

    def block(self, first: int, last: int) -> None:
        """Rows first..last print on one page."""
        self.blocks.append((first, last))

    def apply(self, ws) -> None:
        """Column widths, row heights and page breaks into ``ws`` (rows: built with their height, which
        costs a fifth less than setting it on the blank dimension ``ws.row_dimensions[row]`` creates)."""
        for col, width in self.widths.items():
            ws.column_dimensions[col].width = width
        for row, height in self.rows.items():
            ws.row_dimensions[row] = RowDimension(ws, index=row, ht=round(height, 1))
        for row in self.page_breaks():
            ws.row_breaks.append(Break(id=row))

    def height(self, first: int, last: int) -> float:
        return sum(self.rows.get(r, MIN_ROW) for r in range(first, last + 1))

    def page_breaks(self) -> list[int]:
        """Rows after which a new page starts: before each block that would not fit on the current page."""
        breaks: list[int] = []
        used, last_row = 0.0, 0
        for first, last in sorted(self.blocks):
            gap = self.height(last_row + 1, first - 1) if first > last_row + 1 else 0.0
            size = self.height(first, last)
            if used > 0 and used + gap + size > PAGE_BODY:
                breaks.append(first - 1)
                used = size
            else:
                used += gap + size
            last_row = last
        return breaks


def page_setup(ws, *, footer_left: str, footer_center: str = "", title_rows: str | None = None, font: str = "") -> None:
    """A4 portrait at 100 % (never fit-to-width), centred, footer with who, what and 「n / N ページ」."""
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = 100
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    for side, inches in MARGINS.items():
        setattr(ws.page_margins, side, inches)
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    for part, text in ((ws.oddFooter.left, footer_left), (ws.oddFooter.center, footer_center),
                       (ws.oddFooter.right, "&P / &N ページ")):
        if text:
            part.text = text
            part.size = SMALL_PT
            if font:
                part.font = f"{font},Regular"


def footer_text(text: str) -> str:
    """User text inside a header/footer: '&' starts a code there, so it is doubled."""
    return text.replace("&", "&&")
