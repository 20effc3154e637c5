"""How each kind of cell is read: text, dates, numbers, amounts, codes, choices (the import's parsers)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Callable

from .. import normalize
from ..fields import Ctx, field_type
from ..normalize import Invalid
from .layout import CellSpec

UNLIMITED = 10**9


def read_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return normalize.format_date(value if isinstance(value, dt.date) else value.date())
    text = str(value)
    return text if text.strip() else None


def parser(spec_cell: CellSpec, unit: str = "") -> Callable[[Any], normalize.Result]:
    """The cell's parser: the type table's (model/fields.py), as the conversation parses typed text.

    The type comes from the definition's row, so a new field type needs no code here. What a
    spreadsheet may have made of the value first (a date, a number, a code that lost its leading zero)
    depends only on the cell kind the type table gives. Choices are the workbook's own list (a blank
    cell is "none"), and text is parsed without its limit: the caller checks that and keeps long text.
    """
    row = spec_cell.row
    if row is None:
        raise ValueError(f"{spec_cell.name} is not an input cell")
    ftype = field_type(row.type, row.group)
    ctx = Ctx(choices=spec_cell.choices, exclusive=row.exclusive, max_len=UNLIMITED, unit=unit)  # unit: the KPI's (30分)

    def parse(text: str) -> normalize.Result:
        return ftype.parse(text, ctx)

    if spec_cell.kind == "date":
        def date(v: Any) -> normalize.Result:
            if isinstance(v, dt.datetime):
                return normalize.Parsed(v.date())
            if isinstance(v, dt.date):
                return normalize.Parsed(v)
            return parse(read_text(v) or "x")
        return date
    if spec_cell.kind in ("number", "actual"):
        def number(v: Any) -> normalize.Result:
            if isinstance(v, bool):
                return Invalid("数値のみを入力してください。")
            if isinstance(v, float) and math.isfinite(v):
                v = float(f"{v:.{normalize.MAX_DIGITS}g}")  # as Excel shows a computed 0.30000000000000004
            if isinstance(v, (int, float)):
                problem = normalize.number_problem(v)
                return Invalid(problem) if problem else normalize.Parsed(v)
            return parse(str(v))
        return number
    if spec_cell.kind == "amount":
        def amount(v: Any) -> normalize.Result:
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return parse(str(v))
        return amount
    if spec_cell.kind == "code":
        def code(v: Any) -> normalize.Result:
            text = read_text(v) or ""
            if isinstance(v, (int, float)) and len(text) < 5:
                text = text.zfill(5)  # a reader turned the code into a number and lost the zero
            return parse(text)
        return code
    return lambda v: parse(read_text(v) or "")
