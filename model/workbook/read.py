"""Reading a workbook made by export (and edited in Excel or LibreOffice) back into a draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import openpyxl
from pydantic import ValidationError

from .. import labels, municipalities, normalize, paths
from ..checklist import ChecklistSpec
from ..draft import Draft, translate
from ..edition import load_edition
from ..normalize import Invalid
from ..report import Report
from .layout import MAIN_SHEET, META_SHEET, SIDE_COLS, CellSpec, layout


@dataclass(frozen=True)
class CellProblem:
    label: str
    where: str
    message: str


@dataclass
class ImportResult:
    draft: Draft | None
    problems: list[CellProblem] = field(default_factory=list)


def _read_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return normalize.format_date(value if isinstance(value, dt.date) else value.date())
    text = str(value)
    return text if text.strip() else None


def _parser(spec_cell: CellSpec, spec: ChecklistSpec) -> Callable[[Any], normalize.Result]:
    def text_parser(parse: Callable[[str], normalize.Result]):
        return lambda v: parse(_read_text(v) or "")

    if spec_cell.kind == "date":
        def date(v: Any) -> normalize.Result:
            if isinstance(v, dt.datetime):
                return normalize.Parsed(v.date())
            if isinstance(v, dt.date):
                return normalize.Parsed(v)
            return normalize.parse_date(_read_text(v) or "x")
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
            text = _read_text(v) or ""
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
    if spec_cell.kind == "narrative":
        return lambda v: normalize.parse_narrative(_read_text(v) or "", max_len=10**6)
    if spec_cell.path == "header.phone":
        return text_parser(normalize.parse_phone)
    if spec_cell.path == "header.email":
        return text_parser(normalize.parse_email)
    if spec_cell.path == "header.prefecture":
        return text_parser(municipalities.parse_prefecture)
    return text_parser(normalize.parse_text)


def _cell(wb, spec_cell: CellSpec) -> Any:
    """The cell by its defined name; by the layout's address when a reader dropped the name."""
    defined = wb.defined_names.get(spec_cell.name)
    for sheet, ref in (defined.destinations if defined is not None else ()):
        if sheet in wb.sheetnames:
            return wb[sheet][ref.replace("$", "")]
    if spec_cell.sheet in wb.sheetnames:
        return wb[spec_cell.sheet][spec_cell.ref]
    return None


def _meta(wb) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames:
        return {}
    ws = wb[META_SHEET]
    return {str(r[0]): r[1] for r in ws.iter_rows(values_only=True) if r and r[0] is not None}


def import_workbook(path: Path, spec: ChecklistSpec) -> ImportResult:
    """Read a workbook made by ``export`` (also after edits in Excel/LibreOffice) back into a draft."""
    try:
        wb = openpyxl.load_workbook(Path(path), data_only=True)
    except FileNotFoundError:
        return ImportResult(None, [CellProblem("ファイル", str(path), "ファイルがありません。")])
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        return ImportResult(None, [CellProblem("ファイル", str(path), f"Excelファイル（.xlsx）として読めません（{type(exc).__name__}）。")])
    meta = _meta(wb)
    report = Report(edition=str(meta.get("edition") or load_edition().id))
    ed = report.ed
    problems: list[CellProblem] = []
    if MAIN_SHEET not in wb.sheetnames:
        return ImportResult(None, [CellProblem("ファイル", str(path), f"「{MAIN_SHEET}」シートがありません。dejiden export で作ったファイルを指定してください。")])
    # how long each list is: the meta sheet says, or the last filled row
    lengths: dict[str, int | None] = {}
    for side in SIDE_COLS:
        for kind in labels.BUDGET_LISTS:
            key = f"budget.{side}.{kind}"
            stated = meta.get(key)
            lengths[key] = None if stated == "未回答" else (int(stated) if isinstance(stated, (int, float)) else 0)
    lengths["kpis"] = int(meta["kpis"]) if isinstance(meta.get("kpis"), (int, float)) else 0
    cells = [c for c in layout(ed, spec) if c.kind != "computed"]
    values: list[tuple[CellSpec, Any]] = []
    for spec_cell in cells:
        cell = _cell(wb, spec_cell)
        raw = cell.value if cell is not None else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        values.append((spec_cell, raw))
        parts = paths.parse(spec_cell.path)
        if parts[0] == "budget":
            key = f"budget.{parts[1]}.{parts[2]}"
            lengths[key] = max(lengths.get(key) or 0, int(parts[3]) + 1)
        if parts[0] == "kpis":
            lengths["kpis"] = max(lengths["kpis"] or 0, int(parts[1]) + 1)
    for key, n in lengths.items():
        if n is not None:
            paths.set_value(report, key, [])
            for _ in range(n):
                paths.append_row(report, key)
    for spec_cell, raw in values:
        result = _parser(spec_cell, spec)(raw)
        if isinstance(result, Invalid):
            problems.append(CellProblem(spec_cell.label, spec_cell.where, result.message))
            continue
        if result.value is not None:
            paths.set_value(report, spec_cell.path, result.value)
    try:
        report = Report.model_validate(report.model_dump(mode="python"))
    except ValidationError as exc:
        by_path = {c.path: c for c in cells}
        for p, message in translate(exc):
            c = by_path.get(p)
            problems.append(CellProblem(c.label if c else p, c.where if c else "", message))
        return ImportResult(None, problems)
    return ImportResult(Draft(report), problems)
