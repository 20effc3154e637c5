"""The summary's tables: columns declared once; rows kept as values and formulas, written as the sheet's XML.

A summary of every municipality holds some 350,000 cells. openpyxl builds an object per cell and an
XML element per cell as it saves, which took most of the run; so the header row and everything around
the table (widths, frozen panes, filter, print set-up, charts) are openpyxl's, and the data rows are
written here in the form openpyxl writes them (inline strings, numbers, formulas with their cached
result) and added to the sheet's part as it goes into the file (``workbook.cached``). Texts pass
through the export's ``safe_text`` and lose bidi overrides (they would reorder what a cell shows), and a
text that starts like a formula keeps a quote prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from .. import labels
from ..edition import newest
from ..safe_text import without_overrides
from ..workbook.formulas import Formula, absolute
from ..workbook.printing import DIGIT_PX_WIDE, MARGINS, MIN_ROW, PAGE_HEIGHT, SMALL_PT, column_points, height_for
from ..workbook.styles import BODY, FONT_NAME, FRAME, HEAD_FILL, font
from ..workbook.write import safe_text

HEAD = NamedStyle("sm_head", font=font(bold=True), fill=HEAD_FILL, border=FRAME,
                  alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
WRAPPED = NamedStyle("sm_wrap", font=BODY, alignment=Alignment(wrap_text=True, vertical="top"))
RIGHT = NamedStyle("sm_right", font=BODY, alignment=Alignment(horizontal="right"))  # an amount's 「-」 sits where its number would
TITLE = NamedStyle("sm_title", font=Font(name=FONT_NAME, size=12, bold=True, family=3, charset=128))
PERCENT, AMOUNT, NUMBER, TEXT = "0.0%", "#,##0", "General", "@"
FINAL = "最終年度末"  # each report's own final KPI year (its edition's)
STATUS, RATE = labels.STATUS, "達成率"


@lru_cache(maxsize=512)
def head(year: int | None, what: str) -> str:
    """A per-year heading: 「2023年度末　目標値」 (the form's own for 目標値・実績値), 「最終年度末　達成率」 (year None)."""
    if year is not None and what in ("target", "actual"):
        return newest().labels.kpi_field(what, year)  # one heading for reports of any edition: the newest's words
    return f"{FINAL if year is None else f'{year}年度末'}　{what}"


@dataclass(frozen=True)
class Column:
    head: str
    width: float
    number_format: str | None = None  # for numbers; texts are always written as text ("@")
    style: str | None = None  # a named style for the column's data cells
    wraps: bool = False  # its text wraps: the row is made tall enough to show every line


def _style_id(ws, number_format: str, style: str | None = None, quote: bool = False) -> int:
    """The workbook's index of a cell format, registered through a cell that is never placed on the sheet."""
    cell = Cell(ws)
    if style:
        cell.style = style
    cell.number_format = number_format
    cell.quotePrefix = quote
    return cell.style_id


def _text(ref: str, style: int, text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


class Table:
    """One sheet holding a table from row ``top``: a header row, then one row per item; frozen, filtered, printed."""

    def __init__(self, ws, columns: list[Column], *, top: int = 1, freeze: int = 1) -> None:
        self.ws, self.columns, self.top = ws, columns, top
        self.rows: list[list[Any]] = []
        self.index = {c.head: i + 1 for i, c in enumerate(columns)}
        self.letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        for i, column in enumerate(columns, 1):
            cell = ws.cell(top, i, column.head)
            cell.style = HEAD.name
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.row_dimensions[top].height = 44  # three lines of a wrapped heading
        ws.freeze_panes = ws.cell(top + 1, freeze + 1).coordinate

    @property
    def row(self) -> int:
        """The sheet row of the last row added (the header's while there is none)."""
        return self.top + len(self.rows)

    def letter(self, head: str) -> str:
        return self.letters[self.index[head] - 1]

    def ref(self, head: str, row: int) -> str:
        return f"{self.letter(head)}{row}"

    def span(self, head: str, sheet: str, last: int | None = None) -> str:
        """The column's data cells down to ``last`` (default: the last row added), absolute and with the sheet."""
        first, last = self.top + 1, max(last or self.row, self.top + 1)
        return f"'{sheet}'!{absolute(self.ref(head, first))}:{absolute(self.ref(head, last))}"

    def new_row(self) -> int:
        self.rows.append([None] * len(self.columns))
        return self.row

    def put(self, head: str, value: Any) -> None:
        """A value read from a file: text stays literal text (never a formula), numbers stay numbers."""
        self.rows[-1][self.index[head] - 1] = value

    def formula(self, head: str, text: str, value: Any) -> None:
        """A formula (without "=") with the value it gives, written as its cached result."""
        self.rows[-1][self.index[head] - 1] = Formula(text, value)

    def values(self, head: str) -> list[Any]:
        """The column's values as a reader sees them (a formula's cached result)."""
        i = self.index[head] - 1
        return [v.value if isinstance(v, Formula) else v for v in (r[i] for r in self.rows)]

    def xml(self) -> tuple[bytes, str]:
        """The data rows as the sheet's XML, and the sheet's whole range."""
        ws = self.ws
        numbers = [_style_id(ws, c.number_format or NUMBER, c.style) for c in self.columns]
        texts = [_style_id(ws, TEXT, c.style) for c in self.columns]
        quoted = [_style_id(ws, TEXT, c.style, quote=True) for c in self.columns]
        wrapping = [(i, column_points(c.width)) for i, c in enumerate(self.columns) if c.wraps]
        out = []
        for r, values in enumerate(self.rows, self.top + 1):
            cells = []
            texts_here = [(values[i], width) for i, width in wrapping if isinstance(values[i], str)]
            height = max([height_for(safe_text(t), w) for t, w in texts_here], default=0.0)
            for i, value in enumerate(values):
                if value is None:
                    continue
                ref = f"{self.letters[i]}{r}"
                if isinstance(value, Formula):
                    result = value.value
                    if isinstance(result, str):
                        cells.append(f'<c r="{ref}" s="{texts[i]}" t="str"><f>{escape(value.text)}</f><v>{escape(result)}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}" s="{numbers[i]}"><f>{escape(value.text)}</f><v>{result!r}</v></c>')
                elif isinstance(value, str):
                    text = without_overrides(safe_text(value))
                    cells.append(_text(ref, quoted[i] if text[:1] in ("=", "+", "-", "@") else texts[i], text))
                else:
                    cells.append(f'<c r="{ref}" s="{numbers[i]}"><v>{value!r}</v></c>')
            tall = f' ht="{height:.1f}" customHeight="1"' if height > MIN_ROW else ""
            out.append(f'<row r="{r}"{tall}>{"".join(cells)}</row>')
        return "".join(out).encode("utf-8"), f"A{self.top}:{self.letters[-1]}{max(self.row, self.top)}"

    def finish(self, title_rows: str | None = None, *, landscape: bool = True, footer: str = "",
               across: tuple[str, ...] = (), keys: int = 0) -> None:
        """Filter and print set-up. ``across``: headings that start a block of columns kept on one printed page;
        the blocks go on as few pages across as fit at ``MIN_SCALE`` or more, the first ``keys`` columns
        repeated on each (see ``split_across``). Without it, every column on the page's width."""
        last = self.letters[-1]
        self.ws.auto_filter.ref = f"A{self.top}:{last}{max(self.row, self.top + 1)}"
        self.ws.print_title_rows = title_rows or f"{self.top}:{self.top}"
        fit_to_width(self.ws, landscape=landscape, footer=footer)
        if across:
            split_across(self.ws, self.columns, [self.index[h] for h in across], keys)


PRINTABLE = PAGE_HEIGHT - 72 * (MARGINS["left"] + MARGINS["right"])  # A4 landscape's width less its margins, points
MIN_SCALE = 90  # body text of 10 pt prints at 9 pt or larger


def pages_across(widths: list[float], starts: list[int], keys: int, room: float) -> list[list[int]]:
    """Columns (1-based) per printed page: whole blocks (each from a column in ``starts``) packed in order while
    they fit ``room`` points, the first ``keys`` columns repeated on every page after the first."""
    edges = sorted({1, *starts}) + [len(widths) + 1]
    blocks = [list(range(a, b)) for a, b in zip(edges, edges[1:])]
    pages: list[list[int]] = []
    for block in blocks:
        if pages and page_width(widths, pages[-1] + block, keys, len(pages) - 1) <= room:
            pages[-1] += block
        else:
            pages.append(block)
    return pages


def page_width(widths: list[float], page: list[int], keys: int, i: int) -> float:
    """Points a printed page of these columns takes: the key columns too on every page after the first."""
    return sum(widths[c - 1] for c in page) + (sum(widths[:keys]) if i else 0)


def split_across(ws, columns: list[Column], starts: list[int], keys: int) -> None:
    """A wide table printed readably: blocks of columns on pages side by side, each page at the same scale
    (the widest page's, at least ``MIN_SCALE``), the key columns and the header row on every page, and the
    pages of a band of rows printed before the next band (lay them side by side)."""
    widths = [column_points(c.width, DIGIT_PX_WIDE) for c in columns]
    pages = pages_across(widths, starts, keys, PRINTABLE * 100 / MIN_SCALE)
    widest = max(page_width(widths, page, keys, i) for i, page in enumerate(pages))
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = max(10, min(100, int(PRINTABLE * 100 / widest)))
    ws.page_setup.pageOrder = "overThenDown"
    for page in pages[:-1]:
        ws.col_breaks.append(Break(id=page[-1]))
    if keys:
        ws.print_title_cols = f"A:{get_column_letter(keys)}"


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
