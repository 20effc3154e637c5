"""Where every field sits in the workbook: one table of named cells that export and import share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import labels
from ..checklist import ChecklistSpec
from ..completeness import NARRATIVE_FIELDS
from ..edition import Edition
from ..fields import COLLABORATION, KPI_KINDS, KPI_NOTES

MAIN_SHEET = "報告書"
LISTS_SHEET = "選択肢"
META_SHEET = "dejiden"
META_KEYS = ("schema_version", "edition")

Kind = Literal["text", "date", "choice", "number", "actual", "amount", "narrative", "multi", "code", "computed"]


@dataclass(frozen=True)
class CellSpec:
    name: str  # the defined name, e.g. kpi1_fy2023_actual
    sheet: str
    ref: str  # e.g. F20
    kind: Kind
    label: str
    path: str | None = None  # the model path for input cells
    choices: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.ref}"



COLS = "ABCDEFGH"
WIDTHS = {"A": 14.5, "B": 8, "C": 8, "D": 9, "E": 8.5, "F": 8.5, "G": 6.5, "H": 7}  # A4 portrait at 100 %
HEADER_ROWS = {  # label cell, value cell, field
    "entry_date": ("A4", "B4"),
    "prefecture": ("A5", "B5"),
    "municipality": ("C5", "D5"),
    "lg_code": ("E5", "F5"),
    "department": ("A6", "B6"),
    "manager_name": ("A7", "B7"),
    "manager_title": ("C7", "D7"),
    "contact_name": ("E7", "F7"),
    "phone": ("A8", "B8"),
    "email": ("C8", "D8"),
    "collaboration": ("A9", "B9"),
    "project_name": ("A11", "B11"),
}
HEADER_KINDS: dict[str, Kind] = {"entry_date": "date", "collaboration": "choice", "lg_code": "code"}
FISCAL_YEAR_CELLS = ("C9", "D9")
OMISSION_TITLE = "G5"
OMISSION_FIRST_ROW = 6
BUDGET_TITLE_ROW = 13
SIDE_COLS = {"planned": ("A", "D"), "actual": ("E", "H")}  # item column (merged to the amount's left), amount


def _budget_rows(ed: Edition) -> dict[str, int]:
    n = ed.max_budget_rows
    first = BUDGET_TITLE_ROW + 2
    return {
        "expenses_head": first,
        "expenses": first + 1,
        "expense_total": first + 1 + n,
        "incomes_head": first + 2 + n,
        "incomes": first + 3 + n,
        "income_total": first + 3 + 2 * n,
        "balance": first + 4 + 2 * n,
    }


def _kpi_title_row(ed: Edition) -> int:
    return _budget_rows(ed)["balance"] + 2


KPI_BLOCK = 8


def _kpi_first_row(ed: Edition) -> int:
    """After the title, the instructions and the 記入例 (head with the title, rows, two boxes with counters)."""
    return _kpi_title_row(ed) + 2 + 1 + len(ed.kpi_examples) + 3 + 1


def layout(ed: Edition, spec: ChecklistSpec) -> list[CellSpec]:
    """Every named cell of the workbook: input cells (with a model path) and computed ones."""
    cells: list[CellSpec] = []
    for field_name, (_, ref) in HEADER_ROWS.items():
        choices = COLLABORATION if field_name == "collaboration" else ()
        cells.append(CellSpec(f"header_{field_name}", MAIN_SHEET, ref, HEADER_KINDS.get(field_name, "text"),
                              labels.header(field_name), f"header.{field_name}", choices))
    for i, section in enumerate(spec.sections):
        cells.append(CellSpec(f"check_{section.id}", MAIN_SHEET, f"H{OMISSION_FIRST_ROW + i}", "computed",
                              f"{labels.OMISSION_CHECK} {section.title}"))
    rows = _budget_rows(ed)
    for side, (item_col, amount_col) in SIDE_COLS.items():
        short = labels.BUDGET_SIDE_SHORT[side]
        for kind, start in (("expenses", rows["expenses"]), ("incomes", rows["incomes"])):
            singular = kind[:-1]
            for n in range(ed.max_budget_rows):
                base = f"budget.{side}.{kind}[{n}]"
                cells.append(CellSpec(f"budget_{side}_{singular}{n + 1}_item", MAIN_SHEET, f"{item_col}{start + n}",
                                      "text", labels.budget_row(side, kind, n, "item"), f"{base}.item"))
                cells.append(CellSpec(f"budget_{side}_{singular}{n + 1}_amount", MAIN_SHEET, f"{amount_col}{start + n}",
                                      "amount", labels.budget_row(side, kind, n, "amount"), f"{base}.amount"))
        for key, total in (("expense_total", "expenses"), ("income_total", "incomes"), ("balance", "balance")):
            cells.append(CellSpec(f"budget_{side}_{key}", MAIN_SHEET, f"{amount_col}{rows[key]}", "computed",
                                  f"{short} {labels.BUDGET_TOTALS[total]}"))
    first = _kpi_first_row(ed)
    for k in range(ed.max_kpis):
        r = first + k * KPI_BLOCK
        base, n = f"kpis[{k}]", k + 1
        cells += [
            CellSpec(f"kpi{n}_name", MAIN_SHEET, f"A{r + 1}", "text", labels.kpi(k, "name"), f"{base}.name"),
            CellSpec(f"kpi{n}_note", MAIN_SHEET, f"B{r + 1}", "choice", labels.kpi(k, "note"), f"{base}.note", KPI_NOTES),
            CellSpec(f"kpi{n}_kind", MAIN_SHEET, f"C{r + 1}", "choice", labels.kpi(k, "kind"), f"{base}.kind", KPI_KINDS),
            CellSpec(f"kpi{n}_unit", MAIN_SHEET, f"D{r + 1}", "text", labels.kpi(k, "unit"), f"{base}.unit"),
        ]
        for y, year in enumerate(ed.kpi_years):
            row = r + 1 + 2 * y
            cells += [
                CellSpec(f"kpi{n}_fy{year}_target", MAIN_SHEET, f"E{row}", "number", labels.kpi(k, "target", year),
                         f"{base}.fy{year}.target"),
                CellSpec(f"kpi{n}_fy{year}_actual", MAIN_SHEET, f"F{row}", "actual", labels.kpi(k, "actual", year),
                         f"{base}.fy{year}.actual"),
                CellSpec(f"kpi{n}_fy{year}_status", MAIN_SHEET, f"G{row}", "computed", labels.kpi(k, "status", year)),
            ]
        for box, col, count_col in (("achieved", "A", "D"), ("unachieved", "E", "H")):
            name = NARRATIVE_FIELDS[box]
            cells.append(CellSpec(f"kpi{n}_{name}", MAIN_SHEET, f"{col}{r + 5}", "narrative", labels.kpi(k, name),
                                  f"{base}.{name}"))
            cells.append(CellSpec(f"kpi{n}_count_{box}", MAIN_SHEET, f"{count_col}{r + 6}", "computed",
                                  f"{labels.kpi(k, name)} 文字数"))
    for section in spec.sections:
        sheet = section.title
        cells.append(CellSpec(f"check_sheet_{section.id}", sheet, "C3", "computed", f"{section.title} {labels.OMISSION_CHECK}"))
        for j, q in enumerate(section.questions):
            kind: Kind = {"single": "choice", "multi": "multi", "text": "narrative"}[q.type]
            cells.append(CellSpec(f"checklist_{q.id.replace('-', '_')}", sheet, f"C{5 + j}", kind, f"{q.id} {q.label}",
                                  f"checklist.{q.id}", q.choices))
    return cells
