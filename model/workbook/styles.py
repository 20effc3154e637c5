"""The workbook's look: one Japanese font throughout, and one named style per kind of cell.

The font is ＭＳ Ｐゴシック. Japanese government Excel forms of this period (内閣府・デジタル庁の交付金様式)
are overwhelmingly set in it, and it is on every Windows PC in a municipal office (LGWAN terminals
included), so the submitted copy looks like the form. Its own proportional Latin letters and digits
are used for English and numbers (no second font, so no serif Latin inside Japanese text). Where it is
missing, Excel for Mac and LibreOffice substitute a Japanese Gothic (on Linux with fonts-noto-cjk:
Noto Sans CJK JP, whose Latin is also its own). ``charset=128`` (Shift_JIS) and ``family=3`` are what
Excel itself writes for this font, so it is matched without a prompt.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from .printing import BODY_PT, SMALL_PT, TITLE_PT

FONT_NAME = "ＭＳ Ｐゴシック"


def font(size: float = BODY_PT, **kw: Any) -> Font:
    return Font(name=FONT_NAME, size=size, family=3, charset=128, **kw)


BODY = font()
BOLD = font(bold=True)
TITLE = font(TITLE_PT, bold=True)
NOTE = font(SMALL_PT, color="C00000")
EXAMPLE = font(color="595959")

THIN = Side(style="thin", color="808080")
THICK = Side(style="medium", color="000000")
FRAME = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD_FRAME = Border(left=THICK, right=THICK, top=THICK, bottom=THICK)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
COMPUTED_FILL = PatternFill("solid", fgColor="F2F2F2")
# Every cell wraps (never shrink-to-fit: that prints below 9 pt); row heights are set to fit the text.
WRAP = Alignment(wrap_text=True, vertical="top")
MIDDLE = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER = Alignment(horizontal="right", vertical="center", wrap_text=True)


def _named(name: str, **kw: Any) -> NamedStyle:
    style = NamedStyle(name=name)
    style.font = kw.pop("font", BODY)
    for key, value in kw.items():
        setattr(style, key, value)
    return style


# Assigning a named style is far cheaper than building a style cell by cell.
STYLES = {
    "dj_text": _named("dj_text", alignment=WRAP),
    "dj_title": _named("dj_title", font=TITLE, alignment=MIDDLE),
    "dj_section": _named("dj_section", font=TITLE, alignment=Alignment(vertical="bottom")),
    "dj_note": _named("dj_note", font=NOTE, alignment=MIDDLE),
    "dj_label": _named("dj_label", font=BOLD, fill=HEAD_FILL, alignment=CENTER, border=FRAME),
    "dj_label_plain": _named("dj_label_plain", fill=HEAD_FILL, alignment=CENTER, border=FRAME),
    "dj_input": _named("dj_input", fill=INPUT_FILL, border=FRAME, alignment=MIDDLE),
    "dj_input_wrap": _named("dj_input_wrap", fill=INPUT_FILL, border=FRAME, alignment=WRAP),
    "dj_framed": _named("dj_framed", fill=INPUT_FILL, border=BOLD_FRAME, alignment=MIDDLE),
    "dj_framed_wrap": _named("dj_framed_wrap", fill=INPUT_FILL, border=BOLD_FRAME, alignment=WRAP),
    "dj_input_num": _named("dj_input_num", fill=INPUT_FILL, border=FRAME, alignment=NUMBER),  # "-" and 未計測 too
    "dj_framed_num": _named("dj_framed_num", fill=INPUT_FILL, border=BOLD_FRAME, alignment=NUMBER),
    "dj_computed": _named("dj_computed", fill=COMPUTED_FILL, border=FRAME, alignment=Alignment(horizontal="right", vertical="center")),
    "dj_computed_center": _named("dj_computed_center", fill=COMPUTED_FILL, border=FRAME,
                                 alignment=Alignment(horizontal="center", vertical="center")),
    "dj_counter": _named("dj_counter", font=font(SMALL_PT), alignment=Alignment(horizontal="right", vertical="top")),
    "dj_example": _named("dj_example", font=EXAMPLE, border=FRAME, alignment=WRAP),
}

DEFAULT = Font(name=FONT_NAME, size=11, family=3, charset=128)


def use_default_font(wb) -> bool:
    """Make ＭＳ Ｐゴシック 11 pt the workbook's default font (font 0 and the 標準/Normal style).

    Why a private API: openpyxl has no public way to change the default font, and it matters beyond
    empty cells: spreadsheet programs measure every column width in digits of this font, so with
    Calibri the printed width of the form would depend on whether the reader has Calibri. openpyxl
    keeps the default in ``Workbook._fonts`` (index 0) and the Normal style in ``_named_styles``; this
    is the one place that touches them. Returns False (the workbook keeps Calibri, nothing breaks) if
    a later openpyxl has moved them; tests/test_workbook_formulas.py fails in that case.
    """
    try:
        from openpyxl.utils.indexed_list import IndexedList

        fonts = IndexedList()
        fonts.add(DEFAULT)
        wb._fonts = fonts
        wb._named_styles["Normal"].font = DEFAULT  # re-binds: its fontId becomes 0
        return True
    except (AttributeError, KeyError, ImportError, TypeError):
        return False
