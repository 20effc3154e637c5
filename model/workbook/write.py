"""Writing the workbook officers submit: the form's layout, styles, values and print set-up.

Computed things (totals, 達成状況, counters, 回答漏れチェック) are written as values, never as formulas.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange

from .. import labels, normalize, paths
from ..checklist import ChecklistSpec
from ..completeness import NARRATIVE_FIELDS, CheckResult, check
from ..edition import Edition
from ..fsio import atomic_write
from ..normalize import excel_len
from ..report import Report
from .layout import (
    BUDGET_TITLE_ROW,
    FISCAL_YEAR_CELLS,
    HEADER_ROWS,
    LISTS_SHEET,
    MAIN_SHEET,
    META_SHEET,
    OMISSION_FIRST_ROW,
    OMISSION_TITLE,
    SIDE_COLS,
    WIDTHS,
    CellSpec,
    _budget_rows,
    _kpi_first_row,
    _kpi_title_row,
    kpi_block,
    kpi_rows,
    layout,
)

THIN = Side(style="thin", color="808080")
THICK = Side(style="medium", color="000000")
FRAME = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD_FRAME = Border(left=THICK, right=THICK, top=THICK, bottom=THICK)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
COMPUTED_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _named(name: str, **kw: Any) -> NamedStyle:
    style = NamedStyle(name=name)
    for key, value in kw.items():
        setattr(style, key, value)
    return style


# One named style per kind of cell: assigning a name is far cheaper than building styles cell by cell.
STYLES = {
    "dj_label": _named("dj_label", font=Font(bold=True), fill=HEAD_FILL, alignment=CENTER, border=FRAME),
    "dj_label_plain": _named("dj_label_plain", fill=HEAD_FILL, alignment=CENTER, border=FRAME),
    "dj_input": _named("dj_input", fill=INPUT_FILL, border=FRAME, alignment=Alignment(vertical="center", shrink_to_fit=True)),
    "dj_input_wrap": _named("dj_input_wrap", fill=INPUT_FILL, border=FRAME, alignment=WRAP),
    "dj_framed": _named("dj_framed", fill=INPUT_FILL, border=BOLD_FRAME, alignment=Alignment(vertical="center", shrink_to_fit=True)),
    "dj_framed_wrap": _named("dj_framed_wrap", fill=INPUT_FILL, border=BOLD_FRAME, alignment=WRAP),
    "dj_computed": _named("dj_computed", fill=COMPUTED_FILL, border=FRAME, alignment=Alignment(horizontal="right", vertical="top")),
    "dj_computed_center": _named("dj_computed_center", fill=COMPUTED_FILL, border=FRAME, alignment=Alignment(horizontal="center", vertical="top")),
    "dj_example": _named("dj_example", font=Font(color="595959"), border=FRAME, alignment=WRAP),
}


def safe_text(text: str) -> str:
    """No control characters reach the file (openpyxl would refuse them anyway)."""
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


def _style(cell: Cell, name: str) -> None:
    """Give ``cell`` a named style; the style array is looked up once per workbook and copied after."""
    cache = cell.parent.parent.__dict__.setdefault("_dejiden_styles", {})
    if name not in cache:
        cell.style = name
        cache[name] = copy(cell._style)
    else:
        cell._style = copy(cache[name])


def _label(ws, ref: str, text: str, *, bold: bool = True) -> None:
    cell = ws[ref]
    cell.value = text
    _style(cell, "dj_label" if bold else "dj_label_plain")


def _merge(ws, ref: str) -> None:
    """Merge a range; every cell in it takes the top-left cell's style so the frame is drawn."""
    mcr = MergedCellRange(ws, ref)
    ws.merged_cells.ranges.add(mcr)  # a set: openpyxl's add() rescans every range
    style = ws.cell(mcr.min_row, mcr.min_col)._style
    cells = mcr.cells
    next(cells)
    for row, col in cells:
        merged = MergedCell(ws, row, col)
        merged._style = copy(style)
        ws._cells[row, col] = merged


def _write_value(cell: Cell, spec: CellSpec, value: Any) -> None:
    if value is None:
        cell.value = None
        if spec.kind in ("text", "narrative", "code", "multi", "choice"):
            cell.number_format = "@"
        return
    if spec.kind == "date":
        cell.value = value
        cell.number_format = 'yyyy"年"m"月"d"日"'
    elif spec.kind in ("number", "actual", "amount") and not isinstance(value, str):
        cell.value = value
        cell.number_format = "#,##0" if spec.kind == "amount" else "General"
    elif spec.kind == "multi":
        put_text(cell, "、".join(value))
    else:
        put_text(cell, str(value))


@dataclass
class ExportResult:
    path: Path
    result: CheckResult


def _computed_values(report: Report, spec: ChecklistSpec, result: CheckResult) -> dict[str, Any]:
    ed = report.ed
    values: dict[str, Any] = {}
    for section in spec.sections:
        values[f"check_{section.id}"] = result.omission[section.title]
        values[f"check_sheet_{section.id}"] = result.omission[section.title]
    for side in SIDE_COLS:
        s = getattr(report.budget, side)
        for key, value in (("expense_total", s.expense_total), ("income_total", s.income_total), ("balance", s.balance)):
            values[f"budget_{side}_{key}"] = value if value is not None else normalize.NO_AMOUNT
    for k in range(ed.max_kpis):
        kpi = report.kpis[k] if k < len(report.kpis) else None
        for year in ed.kpi_years:
            values[f"kpi{k + 1}_fy{year}_status"] = kpi.status(year) if kpi else None
        for box, name in NARRATIVE_FIELDS.items():
            text = getattr(kpi, name) if kpi else None
            values[f"kpi{k + 1}_count_{box}"] = f"{excel_len(text or '')}/{ed.narrative_max}字"
    return values


def _static_main(ws, report: Report, spec: ChecklistSpec) -> None:
    ed = report.ed
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws["A1"] = ed.submission_note
    ws["A1"].font = Font(size=9, color="C00000")
    ws["A2"] = ed.title
    ws["A2"].font = Font(bold=True, size=12)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    _merge(ws, "A2:H2")
    ws.row_dimensions[2].height = 32
    for field_name, (label_ref, _) in HEADER_ROWS.items():
        _label(ws, label_ref, labels.header(field_name))
    _merge(ws, "B11:H11")
    ws.row_dimensions[11].height = 30
    _label(ws, FISCAL_YEAR_CELLS[0], labels.FISCAL_YEAR)
    cell = ws[FISCAL_YEAR_CELLS[1]]
    put_text(cell, ed.fiscal_year_text)
    cell.alignment = WRAP
    _merge(ws, f"{FISCAL_YEAR_CELLS[1]}:F9")
    ws.row_dimensions[9].height = 30
    _label(ws, OMISSION_TITLE, labels.OMISSION_CHECK)
    _merge(ws, "G4:H4")
    for i, section in enumerate(spec.sections):
        _label(ws, f"G{OMISSION_FIRST_ROW + i}", section.title, bold=False)

    rows = _budget_rows(ed)
    ws[f"A{BUDGET_TITLE_ROW}"] = labels.SECTION_BUDGET
    ws[f"A{BUDGET_TITLE_ROW}"].font = Font(bold=True, size=12)
    for side, (item_col, amount_col) in SIDE_COLS.items():
        before = get_column_letter(openpyxl.utils.column_index_from_string(amount_col) - 1)
        _label(ws, f"{item_col}{BUDGET_TITLE_ROW + 1}", labels.budget_side(side, ed))
        _merge(ws, f"{item_col}{BUDGET_TITLE_ROW + 1}:{amount_col}{BUDGET_TITLE_ROW + 1}")
        ws.row_dimensions[BUDGET_TITLE_ROW + 1].height = 30
        for kind, head in (("expenses", rows["expenses_head"]), ("incomes", rows["incomes_head"])):
            _label(ws, f"{item_col}{head}", labels.BUDGET_LISTS[kind])
            _merge(ws, f"{item_col}{head}:{before}{head}")
            _label(ws, f"{amount_col}{head}", labels.BUDGET_AMOUNT)
            start = rows[kind]
            for n in range(ed.max_budget_rows):
                _merge(ws, f"{item_col}{start + n}:{before}{start + n}")
        for key, text in (("expense_total", "expenses"), ("income_total", "incomes"), ("balance", "balance")):
            _label(ws, f"{item_col}{rows[key]}", labels.BUDGET_TOTALS[text])
            _merge(ws, f"{item_col}{rows[key]}:{before}{rows[key]}")

    title = _kpi_title_row(ed)
    ws[f"A{title}"] = labels.SECTION_KPIS
    ws[f"A{title}"].font = Font(bold=True, size=12)
    ws[f"A{title + 1}"] = ed.instructions
    ws[f"A{title + 1}"].alignment = WRAP
    _merge(ws, f"A{title + 1}:H{title + 1}")
    ws.row_dimensions[title + 1].height = 150
    _write_examples(ws, ed, title + 2)
    first = _kpi_first_row(ed)
    nl, nt = kpi_rows(ed)["narrative_label"], kpi_rows(ed)["narrative"]
    for k in range(ed.max_kpis):
        r = first + k * kpi_block(ed)
        _label(ws, f"A{r}", labels.kpi_prefix(k))
        for y, year in enumerate(ed.kpi_years):
            row = r + 2 * y
            if y == 0:
                for col, text in zip("BCD", (labels.kpi_field("note", marks=True), labels.kpi_field("kind"), labels.kpi_field("unit"))):
                    _label(ws, f"{col}{row}", text)
            for col, name in zip("EFG", ("target", "actual", "status")):
                _label(ws, f"{col}{row}", labels.kpi_field(name, year, marks=True))
        for name, col, end in (("narrative_achieved", "A", "D"), ("narrative_unachieved", "E", "H")):
            _label(ws, f"{col}{r + nl}", f"【{labels.KPI_FIELDS[name]}】\n{labels.narrative_subtitle(name, ed)}")
            _merge(ws, f"{col}{r + nl}:{end}{r + nl}")
            _merge(ws, f"{col}{r + nt}:{end}{r + nt}")
        for row in [r + 2 * y for y in range(len(ed.kpi_years))] + [r + nl]:
            ws.row_dimensions[row].height = 30
        ws.row_dimensions[r + nt].height = 170
        ws.row_dimensions[r + 1].height = 30


def _write_examples(ws, ed: Edition, row: int) -> None:
    """The form's 記入例: the two ways to write the 窓口対応 KPI, and a paragraph for each narrative box."""
    _label(ws, f"A{row}", ed.kpi_example_title)
    _merge(ws, f"A{row}:H{row}")
    heads = ("記入例", labels.kpi_field("note", marks=True), labels.kpi_field("kind"), labels.kpi_field("unit"),
             labels.kpi_field("target", ed.final_year, marks=True), labels.kpi_field("actual", ed.final_year, marks=True))
    for col, text in zip("ABCDEF", heads, strict=True):
        _label(ws, f"{col}{row + 1}", text)
    ws.row_dimensions[row + 1].height = 30
    for r, ex in enumerate(ed.kpi_examples, start=row + 2):
        for col, value in zip("ABCDEF", (ex.name, ex.note or None, ex.kind, ex.unit, ex.target, ex.actual), strict=True):
            cell = ws[f"{col}{r}"]
            put_text(cell, value) if isinstance(value, str) else setattr(cell, "value", value)
            _style(cell, "dj_example")
        ws.row_dimensions[r].height = 45
    r = row + 2 + len(ed.kpi_examples)
    for name, col, end in (("narrative_achieved", "A", "D"), ("narrative_unachieved", "E", "H")):
        _label(ws, f"{col}{r}", f"【{labels.KPI_FIELDS[name]}の記入例】\n{labels.narrative_subtitle(name, ed)}")
        _merge(ws, f"{col}{r}:{end}{r}")
        cell = ws[f"{col}{r + 1}"]
        put_text(cell, ed.narrative_examples[name])
        _style(cell, "dj_example")
        _merge(ws, f"{col}{r + 1}:{end}{r + 1}")
        ws[f"{'D' if col == 'A' else 'H'}{r + 2}"] = f"{excel_len(ed.narrative_examples[name])}/{ed.narrative_max}字"
    ws.row_dimensions[r].height = 30
    ws.row_dimensions[r + 1].height = 150


def _static_checklist(ws, section, result: CheckResult) -> None:
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 60
    ws["A1"] = section.title
    ws["A1"].font = Font(bold=True, size=12)
    _label(ws, "B3", labels.OMISSION_CHECK)
    for col, text in zip("ABC", ("番号", "設問", "回答")):
        _label(ws, f"{col}4", text)
    for j, q in enumerate(section.questions):
        r = 5 + j
        ws[f"A{r}"] = q.id
        _style(ws[f"A{r}"], "dj_input")
        ws[f"B{r}"] = q.label + {"single": "（1つ選択）", "multi": "（複数選択可・「、」区切り）", "text": f"（{q.max_len}字以内）"}[q.type]
        _style(ws[f"B{r}"], "dj_input_wrap")
        ws.row_dimensions[r].height = 120 if q.type == "text" else 30


def _print_setup(ws, title_rows: str) -> None:
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True


def _choices_range(lists_ws, column: int, choices: tuple[str, ...]) -> str:
    letter = get_column_letter(column)
    for i, choice in enumerate(choices, 1):
        lists_ws.cell(row=i, column=column, value=choice)
    return f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(choices)}"


def build(report: Report, spec: ChecklistSpec) -> openpyxl.Workbook:
    """The workbook for ``report`` (not yet saved)."""
    ed = report.ed
    result = check(report, spec)
    wb = openpyxl.Workbook()
    for style in STYLES.values():
        wb.add_named_style(style)
    main = wb.active
    main.title = MAIN_SHEET
    _static_main(main, report, spec)
    _print_setup(main, "1:2")
    sheets = {MAIN_SHEET: main}
    for section in spec.sections:
        ws = wb.create_sheet(section.title)
        _static_checklist(ws, section, result)
        _print_setup(ws, "1:4")
        sheets[section.title] = ws
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"

    computed = _computed_values(report, spec, result)
    validations: dict[tuple[str, tuple[str, ...]], DataValidation] = {}
    for spec_cell in layout(ed, spec):
        ws = sheets[spec_cell.sheet]
        cell = ws[spec_cell.ref]
        if spec_cell.kind == "computed":
            _style(cell, "dj_computed" if spec_cell.name.startswith(("budget", "kpi")) else "dj_computed_center")
            value = computed.get(spec_cell.name)
            put_text(cell, value) if isinstance(value, str) else setattr(cell, "value", value)
            if isinstance(value, int):
                cell.number_format = "#,##0"
        else:
            framed = spec_cell.name.startswith("kpi") and spec_cell.name.rsplit("_", 1)[-1] in ("name", "note", "kind", "unit", "target")
            wraps = spec_cell.kind in ("narrative", "multi") or spec_cell.name in ("header_project_name",) or (
                spec_cell.name.startswith("kpi") and spec_cell.kind == "text") or spec_cell.sheet != MAIN_SHEET
            _style(cell, ("dj_framed" if framed else "dj_input") + ("_wrap" if wraps else ""))
            _write_value(cell, spec_cell, paths.get(report, spec_cell.path))
        wb.defined_names[spec_cell.name] = DefinedName(
            spec_cell.name, attr_text=f"'{spec_cell.sheet}'!${''.join(c for c in spec_cell.ref if c.isalpha())}${''.join(c for c in spec_cell.ref if c.isdigit())}"
        )
        if spec_cell.choices and spec_cell.kind == "choice":
            key = (spec_cell.sheet, spec_cell.choices)
            if key not in validations:
                column = len(validations) + 1
                dv = DataValidation(type="list", formula1=_choices_range(lists, column, spec_cell.choices), allow_blank=True,
                                    showErrorMessage=True, errorTitle="選択肢にない値です",
                                    error="一覧から選んでください。", promptTitle="選択", prompt="一覧から選んでください。")
                ws.add_data_validation(dv)
                validations[key] = dv
            validations[key].add(spec_cell.ref)
    _write_meta(meta, report)
    return wb


def _write_meta(ws, report: Report) -> None:
    """What the cells cannot say: the edition, and how many rows/KPIs the draft has (answered or not)."""
    rows: list[tuple[str, Any]] = [("schema_version", report.schema_version), ("edition", report.edition)]
    for side in SIDE_COLS:
        for kind in labels.BUDGET_LISTS:
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


def export(report: Report, spec: ChecklistSpec, out: Path) -> ExportResult:
    """Write the workbook with the one atomic write (0600, never through a symlink; see ``fsio``)."""
    out = Path(out)
    atomic_write(out, build(report, spec).save, backup=False)
    return ExportResult(out, check(report, spec))
