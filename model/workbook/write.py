"""Writing the workbook officers submit: the form's layout, values, live formulas and print set-up.

Computed cells (totals, 達成状況, counters, 回答漏れチェック) are formulas as in the official form, and
carry their results as cached values (formulas.py computes both, cached.py stores the results).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from .. import files, normalize, paths
from ..checklist import ChecklistSpec
from ..completeness import CheckResult, check
from ..report import LISTS, SIDES, Report
from .cached import save_with_cached_values
from .formulas import absolute, formulas, written_answer
from .layout import COLS, LISTS_SHEET, MAIN_SHEET, META_SHEET, WIDTHS, CellSpec, kpi_print_end, layout
from .marks import LEGEND, mark_omission, mark_required, sqref
from .printing import BODY_PT, SMALL_PT, Fitter, footer_text, page_setup
from .sheets import CHECKLIST_WIDTHS, Sheet, static_checklist, static_main
from .styles import FONT_NAME, STYLES, use_default_font


def safe_text(text: str) -> str:
    """No control characters reach the file (openpyxl would refuse them anyway); line breaks stay."""
    return ILLEGAL_CHARACTERS_RE.sub("", normalize.clean_text(text, multiline=True)) if text else text


def put_text(cell: Cell, text: str | None) -> None:
    """User text stays literal text: never a formula (=, +, -, @) nor an error value (#N/A)."""
    if text is None:
        cell.value = None
        return
    cell.value = safe_text(text)
    cell.data_type = "s"
    cell.number_format = "@"
    if cell.value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True


def _write_value(cell: Cell, spec: CellSpec, value: Any) -> str | None:
    """Write an input value; returns the text as shown (for the row height)."""
    if value is None:
        cell.value = None
        if spec.kind in ("text", "narrative", "code", "multi", "choice"):
            cell.number_format = "@"
        return None
    if spec.kind == "date":
        cell.value = value
        cell.number_format = 'yyyy"年"m"月"d"日"'
        return normalize.format_date(value)
    if spec.kind in ("number", "actual", "amount") and not isinstance(value, str):
        cell.value = value
        cell.number_format = "#,##0" if spec.kind == "amount" else "General"
        return f"{value:,}" if spec.kind == "amount" else str(value)
    text = written_answer(value) if spec.kind == "multi" else str(value)
    put_text(cell, text)
    return cell.value


@dataclass
class ExportResult:
    path: Path
    result: CheckResult


class _ChoiceLists:
    """The hidden sheet of choice lists: one column per distinct list, shared by validations and formulas."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.ranges: dict[tuple[str, ...], str] = {}

    def range(self, choices: tuple[str, ...]) -> str:
        if choices not in self.ranges:
            column = len(self.ranges) + 1
            for i, choice in enumerate(choices, 1):
                self.ws.cell(row=i, column=column, value=choice)
            letter = openpyxl.utils.get_column_letter(column)
            self.ranges[choices] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(choices)}"
        return self.ranges[choices]


def _validation(ws, choices_range: str, refs: list[str]) -> None:
    """One drop-down list for the cells ``refs`` (given at once: ``DataValidation.add`` rescans its cells)."""
    dv = DataValidation(type="list", formula1=choices_range, allow_blank=True, showErrorMessage=True,
                        errorTitle="選択肢にない値です", error="一覧から選んでください。", promptTitle="選択",
                        prompt="一覧から選んでください。", sqref=sqref(refs))
    ws.add_data_validation(dv)


def _input_style(spec_cell: CellSpec) -> str:
    row = spec_cell.row
    framed = row is not None and row.framed
    wraps = spec_cell.kind in ("narrative", "multi") or spec_cell.sheet != MAIN_SHEET or (row is not None and row.wrap)
    numeric = spec_cell.kind in ("number", "actual", "amount")
    return ("dj_framed" if framed else "dj_input") + ("_num" if numeric else "_wrap" if wraps else "")


def _computed_style(spec_cell: CellSpec) -> str:
    if "_count_" in spec_cell.name:
        return "dj_counter"
    return "dj_computed" if spec_cell.name.startswith("budget") else "dj_computed_center"


def _fill_cells(report: Report, spec: ChecklistSpec, sheets: dict[str, Sheet], cells: list[CellSpec],
                lists: _ChoiceLists) -> dict[str, dict[str, Any]]:
    """Input values, formulas and defined names for every cell of the layout; returns the cached values."""
    wb = sheets[MAIN_SHEET].ws.parent
    by_name = {c.name: c for c in cells}
    for c in cells:  # one column per list, in the order the form asks them
        if c.kind == "choice" and c.choices:
            lists.range(c.choices)
    computed = formulas(report, spec, by_name, {q.choices: lists.range(q.choices) for s in spec.sections
                                                for q in s.questions if q.type == "single"})
    cache: dict[str, dict[str, Any]] = {title: {} for title in sheets}
    validations: dict[tuple[str, str], list[str]] = {}
    for spec_cell in cells:
        sheet = sheets[spec_cell.sheet]
        row, column = coordinate_to_tuple(spec_cell.ref)
        cell = sheet.ws.cell(row, column)
        col = cell.column_letter
        if spec_cell.kind == "computed":
            formula = computed[spec_cell.name]
            cell.style = _computed_style(spec_cell)
            cell.value = "=" + formula.text
            if spec_cell.name.startswith("budget"):
                cell.number_format = "#,##0"
            cache[spec_cell.sheet][spec_cell.ref] = formula.value
            sheet.fit.text(row, str(formula.value), col, size=SMALL_PT if "_count_" in spec_cell.name else BODY_PT)
        else:
            cell.style = _input_style(spec_cell)
            shown = _write_value(cell, spec_cell, paths.get(report, spec_cell.path))
            sheet.fit.text(row, shown, col, sheet.spans.get(spec_cell.ref))
        wb.defined_names[spec_cell.name] = DefinedName(spec_cell.name, attr_text=f"'{spec_cell.sheet}'!{absolute(spec_cell.ref)}")
        if spec_cell.choices and spec_cell.kind == "choice":
            validations.setdefault((spec_cell.sheet, lists.range(spec_cell.choices)), []).append(spec_cell.ref)
    for (title, choices_range), refs in validations.items():
        _validation(sheets[title].ws, choices_range, refs)
    omission: dict[str, list[str]] = {}
    for c in cells:
        if c.kind == "computed" and c.name.startswith("check"):
            omission.setdefault(c.sheet, []).append(c.ref)
    for title, refs in omission.items():
        mark_omission(sheets[title].ws, refs)
    return cache


def _book(report: Report, spec: ChecklistSpec,
          unconfirmed: tuple[str, ...] = ()) -> tuple[openpyxl.Workbook, dict[str, dict[str, Any]], CheckResult]:
    ed = report.ed
    wb = openpyxl.Workbook()
    wb.calculation.fullCalcOnLoad = True  # Excel and LibreOffice recalculate on opening
    use_default_font(wb)
    for style in STYLES.values():
        wb.add_named_style(style)
    main = wb.active
    main.title = MAIN_SHEET
    sheets = {MAIN_SHEET: Sheet(main, Fitter(dict(WIDTHS)))}
    static_main(sheets[MAIN_SHEET], ed, spec)
    for section in spec.sections:
        sheets[section.title] = Sheet(wb.create_sheet(section.title), Fitter(dict(CHECKLIST_WIDTHS)))
        static_checklist(sheets[section.title], section, ed)
    lists = _ChoiceLists(wb.create_sheet(LISTS_SHEET))
    lists.ws.sheet_state = "hidden"
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"

    cells = layout(ed, spec)
    cache = _fill_cells(report, spec, sheets, cells, lists)
    mark_required({t: s.ws for t, s in sheets.items()}, {c.name: c for c in cells}, ed, spec)
    result = check(report, spec, unconfirmed)
    h = report.header
    # A footer holds at most 255 characters in Excel: the project name is cut to fit.
    who = footer_text("　".join(x for x in (h.municipality, (h.project_name or "")[:80]) if x))
    legend = "" if result.complete else LEGEND
    main.print_area = f"A1:{COLS[-1]}{kpi_print_end(ed, len(report.kpis or []))}"
    for title, sheet in sheets.items():
        sheet.finish()
        page_setup(sheet.ws, footer_left=who, footer_center=legend, title_rows=None if title == MAIN_SHEET else "4:4",
                   font=FONT_NAME)
    _write_meta(meta, report)
    return wb, cache, result


def _own(report: Report, spec: ChecklistSpec | None) -> ChecklistSpec:
    """``spec``, or (None) the checklist of the report's own edition."""
    return report.ed.definition.checklist if spec is None else spec


def build(report: Report, spec: ChecklistSpec | None = None) -> openpyxl.Workbook:
    """The workbook for ``report`` (not yet saved; its formulas carry no cached values until ``to_bytes``)."""
    return _book(report, _own(report, spec))[0]


def to_bytes(report: Report, spec: ChecklistSpec | None = None, unconfirmed: tuple[str, ...] = ()) -> bytes:
    """The xlsx file for ``report``, formula results cached."""
    return _saved(report, _own(report, spec), tuple(unconfirmed))[0]


def _saved(report: Report, spec: ChecklistSpec, unconfirmed: tuple[str, ...] = ()) -> tuple[bytes, CheckResult]:
    """The xlsx file, and the check its footer was written from.

    The cyclic garbage collector is paused meanwhile: a workbook is some ten thousand small linked
    objects, and full collections over them took a third of the export's time; they are collected
    (all at once) when it resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        wb, cache, result = _book(report, spec, unconfirmed)
        return save_with_cached_values(wb, cache), result
    finally:
        if was_enabled:
            gc.enable()


def _write_meta(ws, report: Report) -> None:
    """What the cells cannot say: the edition, and how many rows/KPIs the draft has (answered or not)."""
    rows: list[tuple[str, Any]] = [("schema_version", report.schema_version), ("edition", report.edition)]
    for side in SIDES:
        for kind in LISTS:
            value = paths.get(report, f"budget.{side}.{kind}")
            rows.append((f"budget.{side}.{kind}", "未回答" if value is None else len(value)))
    rows.append(("kpis", len(report.kpis)))
    for r, (key, value) in enumerate(rows, 1):
        ws.cell(row=r, column=1, value=key)
        ws.cell(row=r, column=2, value=value)


def default_name(report: Report) -> str:
    h = report.header
    project = (h.project_name or "事業名未入力")[:40]
    keep = "".join(c for c in project if c not in '\\/:*?"<>|')
    return f"{h.lg_code or '00000'}_{keep}.xlsx"


def export(report: Report, spec: ChecklistSpec | None, out: Path, unconfirmed: tuple[str, ...] = ()) -> ExportResult:
    """Write the workbook atomically (the project's one atomic write: temp file, fsync, rename).

    ``spec`` None: the checklist of the report's own edition. ``unconfirmed``: the draft's moved narratives
    not yet confirmed (``Draft.unconfirmed``), incomplete as in ``check``."""
    data, result = _saved(report, _own(report, spec), tuple(unconfirmed))
    files.atomic_write(Path(out), data, backup=False)
    return ExportResult(Path(out), result)


__all__ = ["ExportResult", "build", "default_name", "export", "put_text", "safe_text", "to_bytes"]
