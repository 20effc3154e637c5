"""Marks that follow edits: blank required cells and 未回答 stand out, by conditional formatting.

Why conditional formatting and not a fill written into the cell: the mark must go away the moment
someone types the answer in Excel or LibreOffice, and come back when it is deleted, with the cell's
value left empty (import reads an empty cell as unanswered). A light pink prints as a light grey on
a monochrome printer; the footer of an incomplete export explains it (「桃色の欄は未入力」). Cell comments
were rejected: they do not go away when the cell is filled in, and print only on a separate page.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill

from .. import rules
from ..checklist import ANSWERED, UNANSWERED, ChecklistSpec
from ..edition import Edition
from .formulas import absolute
from .layout import SIDE_COLS, CellSpec

MISSING_FILL = PatternFill(fill_type="solid", start_color="FFD9D9", end_color="FFD9D9")
DONE_FILL = PatternFill(fill_type="solid", start_color="E2EFDA", end_color="E2EFDA")
LEGEND = "桃色の欄は未入力の必須項目"


def _mark(ws, ref: str, condition: str) -> None:
    ws.conditional_formatting.add(ref, FormulaRule(formula=[condition], fill=MISSING_FILL, stopIfTrue=False))


def _blank(ref: str) -> str:
    return f'{absolute(ref)}=""'


def mark_required(sheets: dict, cells: dict[str, CellSpec], ed: Edition, spec: ChecklistSpec) -> None:
    """Pink when a required input cell is blank (only in the parts of the form that are in use)."""
    for name, cell in cells.items():
        if name.startswith("header_"):
            _mark(sheets[cell.sheet], cell.ref, _blank(cell.ref))
    for side in SIDE_COLS:
        for kind in ("expense", "income"):
            for n in range(1, ed.max_budget_rows + 1):
                item, amount = cells[f"budget_{side}_{kind}{n}_item"], cells[f"budget_{side}_{kind}{n}_amount"]
                ws = sheets[item.sheet]  # a row half filled in: the other half is missing
                _mark(ws, item.ref, f"AND({_blank(item.ref)},{absolute(amount.ref)}<>\"\")")
                _mark(ws, amount.ref, f"AND({_blank(amount.ref)},{absolute(item.ref)}<>\"\")")
    for k in range(ed.max_kpis):
        n = k + 1
        inputs = [cells[f"kpi{n}_{f}"] for f in ("name", "kind", "unit")]
        inputs += [cells[f"kpi{n}_fy{y}_{f}"] for y in ed.kpi_years for f in ("target", "actual")]
        narratives = {box: cells[f"kpi{n}_narrative_{box}"] for box in ("achieved", "unachieved")}
        watched = [*inputs, cells[f"kpi{n}_note"], *narratives.values()]
        # KPI① is always required; a later block once anything is written in it.
        in_use = "TRUE()" if k == 0 else f"COUNTA({','.join(absolute(c.ref) for c in watched)})>0"
        ws = sheets[inputs[0].sheet]
        for cell in inputs:
            _mark(ws, cell.ref, f"AND({in_use},{_blank(cell.ref)})")
        status = absolute(cells[f"kpi{n}_fy{ed.final_year}_status"].ref)
        achieved = f'{status}="{rules.ACHIEVED}"'
        unachieved = f'OR({status}="{rules.NOT_ACHIEVED}",{status}="{rules.UNMEASURED}")'
        for box, needed in (("achieved", achieved), ("unachieved", unachieved)):
            ref = narratives[box].ref
            _mark(ws, ref, f"AND({needed},{_blank(ref)})")
    for section in spec.sections:
        for q in section.questions:
            if q.required:
                cell = cells[f"checklist_{q.id.replace('-', '_')}"]
                _mark(sheets[cell.sheet], cell.ref, _blank(cell.ref))


def mark_omission(ws, ref: str) -> None:
    """回答漏れチェック: 未回答 in bold red on pink, 回答済 on green (the cell holds a formula)."""
    cell = absolute(ref)
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f'{cell}="{UNANSWERED}"'], fill=MISSING_FILL,
                                                   font=Font(bold=True, color="C00000")))
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f'{cell}="{ANSWERED}"'], fill=DONE_FILL))
