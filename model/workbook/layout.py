"""Where every field sits in the workbook, from the definition's cells: named cells export and import share."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

from ..checklist import ChecklistSpec
from ..edition import Edition, installed_editions, load_edition
from ..fields import field_type
from ..form import FieldDef

MAIN_SHEET = "報告書"
LISTS_SHEET = "選択肢"
META_SHEET = "dejiden"

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
    row: FieldDef | None = dataclass_field(default=None, compare=False, repr=False)  # the definition's row (input cells)

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.ref}"



COLS = "ABCDEFGH"
WIDTHS = {"A": 14.5, "B": 8, "C": 8, "D": 9, "E": 8.5, "F": 8.5, "G": 6.5, "H": 7}  # A4 portrait at 100 %
FISCAL_YEAR_CELLS = ("C9", "D9")
FISCAL_YEAR_TO = "F9"  # the 事業年度 text's box is merged from D9 to here
OMISSION_TITLE = "G5"
STATUS_COL = "G"  # each KPI year's computed 達成状況, beside the year's values
OMISSION_FIRST_ROW = 6
BUDGET_TITLE_ROW = 13


def side_cols(ed: Edition) -> dict[str, tuple[str, str]]:
    """Per budget side, the columns of its item and its amount (the definition's two budget rows, in order)."""
    item, amount = ed.definition.rows("budget")[:2]
    return {side: (item.cell[side], amount.cell[side]) for side in item.cell}


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


def kpi_rows(ed: Edition) -> dict[str, int]:
    """Row offsets inside one KPI's block: a label row and a value row per KPI year, then the narratives."""
    years = 2 * len(ed.kpi_years)
    return {"narrative_label": years, "narrative": years + 1, "count": years + 2, "block": years + 4}


def kpi_block(ed: Edition) -> int:
    return kpi_rows(ed)["block"]


def kpi_print_end(ed: Edition, kpis: int) -> int:
    """The last row of the main sheet that prints: the last KPI block in use (at least one, to fill by
    hand). The empty blocks after it stay in the file for Excel, but do not fill pages."""
    return _kpi_first_row(ed) + (max(kpis, 1) - 1) * kpi_block(ed) + kpi_rows(ed)["count"]


def _kpi_first_row(ed: Edition) -> int:
    """After the title, the instructions and the 記入例 (head with the title, rows, two boxes with counters)."""
    return _kpi_title_row(ed) + 2 + 1 + len(ed.kpi_examples) + 3 + 1


def box_end(col: str) -> str:
    """The last column of a narrative box that starts at ``col`` (each box is four columns wide)."""
    return chr(ord(col) + 3)


def _cell(row: FieldDef, name: str, ref: str, label: str, path: str, sheet: str = MAIN_SHEET) -> CellSpec:
    kind = field_type(row.type, row.group).cell
    return CellSpec(name, sheet, ref, kind, label, path, row.choices if kind in ("choice", "multi") else (), row)  # type: ignore[arg-type]


def _kpi_cells(ed: Edition, k: int) -> list[CellSpec]:
    labels = ed.labels
    r = _kpi_first_row(ed) + k * kpi_block(ed)
    offsets = kpi_rows(ed)
    cells: list[CellSpec] = []
    for row in ed.definition.rows("kpis"):
        field = row.name
        if row.per_year:
            for y, year in enumerate(ed.kpi_years):
                path = f"kpis[{k}].fy{year}.{field}"
                cells.append(_cell(row, f"kpi{k + 1}_fy{year}_{field}", f"{row.col}{r + row.row + 2 * y}",
                                   labels.kpi(k, field, year), path))
            continue
        at = r + row.row + (offsets["narrative_label"] if row.after_years else 0)
        cells.append(_cell(row, f"kpi{k + 1}_{field}", f"{row.col}{at}", labels.kpi(k, field), f"kpis[{k}].{field}"))
        if row.after_years:  # a narrative box: its character counter at the box's right end
            box = field.removeprefix("narrative_")
            count_col = box_end(row.col)
            cells.append(CellSpec(f"kpi{k + 1}_count_{box}", MAIN_SHEET, f"{count_col}{r + offsets['count']}", "computed",
                                  f"{labels.kpi(k, field)} 文字数"))
    for y, year in enumerate(ed.kpi_years):
        cells.append(CellSpec(f"kpi{k + 1}_fy{year}_status", MAIN_SHEET, f"{STATUS_COL}{r + 1 + 2 * y}", "computed",
                              labels.kpi(k, "status", year)))
    return cells


def layout(ed: Edition, spec: ChecklistSpec | None = None) -> list[CellSpec]:
    """Every named cell of the workbook: input cells (with a model path) and computed ones."""
    form = ed.definition
    labels = ed.labels
    spec = spec or form.checklist
    cells: list[CellSpec] = []
    for row in form.rows("header"):
        cells.append(_cell(row, f"header_{row.name}", row.cell, row.label, row.path))
    for i, section in enumerate(spec.sections):
        cells.append(CellSpec(f"check_{section.id}", MAIN_SHEET, f"H{OMISSION_FIRST_ROW + i}", "computed",
                              f"{labels.omission_check} {section.title}"))
    rows = _budget_rows(ed)
    for side, (_, amount_col) in side_cols(ed).items():
        short = labels.budget_side_short[side]
        for kind, start in (("expenses", rows["expenses"]), ("incomes", rows["incomes"])):
            singular = kind[:-1]
            for n in range(ed.max_budget_rows):
                for row in form.rows("budget"):
                    cells.append(_cell(row, f"budget_{side}_{singular}{n + 1}_{row.name}", f"{row.cell[side]}{start + n}",
                                       labels.budget_row(side, kind, n, row.name), f"budget.{side}.{kind}[{n}].{row.name}"))
        for key, total in (("expense_total", "expenses"), ("income_total", "incomes"), ("balance", "balance")):
            cells.append(CellSpec(f"budget_{side}_{key}", MAIN_SHEET, f"{amount_col}{rows[key]}", "computed",
                                  f"{short} {labels.budget_totals[total]}"))
    for k in range(ed.max_kpis):
        cells += _kpi_cells(ed, k)
    for section in spec.sections:
        sheet = section.title
        cells.append(CellSpec(f"check_sheet_{section.id}", sheet, "C3", "computed", f"{section.title} {labels.omission_check}"))
        for q in section.questions:
            row = form.row(f"checklist.{q.id}")
            cells.append(_cell(row, f"checklist_{q.id.replace('-', '_')}", row.cell, f"{q.id} {q.label}", row.path, sheet))
    return cells


def label_at(sheet: str, ref: str) -> str | None:
    """The label of the cell at ``sheet``!``ref`` when every installed edition gives it the same one, else None.

    For a workbook refused for one cell: it is refused before its meta sheet names its edition."""
    labels = set()
    for name in installed_editions():
        ed = load_edition(name)
        labels.add(next((c.label for c in layout(ed) if (c.sheet, c.ref) == (sheet, ref)), None))
    return labels.pop() if len(labels) == 1 else None
