"""How each kind of cell is read: text, dates, numbers, amounts, codes, choices (the import's parsers)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from .. import municipalities, normalize
from ..checklist import ChecklistSpec
from ..normalize import Invalid
from .layout import CellSpec


def read_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return normalize.format_date(value if isinstance(value, dt.date) else value.date())
    text = str(value)
    return text if text.strip() else None


def parser(spec_cell: CellSpec, spec: ChecklistSpec) -> Callable[[Any], normalize.Result]:
    def text_parser(parse: Callable[[str], normalize.Result]):
        return lambda v: parse(read_text(v) or "")

    if spec_cell.kind == "date":
        def date(v: Any) -> normalize.Result:
            if isinstance(v, dt.datetime):
                return normalize.Parsed(v.date())
            if isinstance(v, dt.date):
                return normalize.Parsed(v)
            return normalize.parse_date(read_text(v) or "x")
        return date
    if spec_cell.kind in ("number", "actual"):
        parse = normalize.parse_number if spec_cell.kind == "number" else normalize.parse_actual

        def number(v: Any) -> normalize.Result:
            if isinstance(v, bool):
                return Invalid("数値のみを入力してください。")
            if isinstance(v, (int, float)):
                return normalize.Parsed(int(v) if isinstance(v, int) else v)
            return parse(str(v))
        return number
    if spec_cell.kind == "amount":
        def amount(v: Any) -> normalize.Result:
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return normalize.parse_amount(str(v))
        return amount
    if spec_cell.kind == "code":
        def code(v: Any) -> normalize.Result:
            text = read_text(v) or ""
            if isinstance(v, (int, float)) and len(text) < 5:
                text = text.zfill(5)  # a reader turned the code into a number and lost the zero
            return municipalities.parse_code(text)
        return code
    if spec_cell.kind == "choice" and spec_cell.path and spec_cell.path.startswith("checklist."):
        return text_parser(spec.question(spec_cell.path.split(".", 1)[1]).parse)
    if spec_cell.kind == "choice":
        return text_parser(lambda s: normalize.parse_choice(s, spec_cell.choices))
    if spec_cell.kind == "multi":
        return text_parser(spec.question(spec_cell.path.split(".", 1)[1]).parse)
    if spec_cell.kind == "narrative":  # the length is checked by the caller, which keeps long text
        return lambda v: normalize.parse_narrative(read_text(v) or "", max_len=10**9)
    if spec_cell.path == "header.phone":
        return text_parser(normalize.parse_phone)
    if spec_cell.path == "header.email":
        return text_parser(normalize.parse_email)
    if spec_cell.path == "header.prefecture":
        return text_parser(municipalities.parse_prefecture)
    return text_parser(normalize.parse_text)


