"""Marks that follow edits: blank required cells and 未回答 stand out, by conditional formatting.

Why conditional formatting and not a fill written into the cell: the mark must go away the moment
someone types the answer in Excel or LibreOffice, and come back when it is deleted, with the cell's
value left empty (import reads an empty cell as unanswered). A light pink prints as a light grey on
a monochrome printer; the footer of an incomplete export explains it (「桃色の欄は未入力」). Cell comments
were rejected: they do not go away when the cell is filled in, and print only on a separate page.
"""

from __future__ import annotations

from openpyxl.formatting.formatting import ConditionalFormatting
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter

from .. import rules
from ..checklist import ANSWERED, UNANSWERED, ChecklistSpec
from ..edition import Edition
from ..report import SIDES
from .layout import CellSpec

MISSING_FILL = PatternFill(fill_type="solid", start_color="FFD9D9", end_color="FFD9D9")
DONE_FILL = PatternFill(fill_type="solid", start_color="E2EFDA", end_color="E2EFDA")
LEGEND = "桃色の欄は未入力の必須項目"
# Each look is one DifferentialStyle shared by its rules (openpyxl stores each distinct look once anyway).
MISSING = DifferentialStyle(fill=MISSING_FILL)
UNANSWERED_LOOK = DifferentialStyle(fill=MISSING_FILL, font=Font(bold=True, color="C00000"))
ANSWERED_LOOK = DifferentialStyle(fill=DONE_FILL)


def _rule(condition: str, look: DifferentialStyle) -> Rule:
    return Rule(type="expression", formula=[condition], dxf=look)


def sqref(refs: list[str]) -> str:
    """The cells ``refs`` as few ranges: cells side by side and one below the other become one block.

    The same cells, and the same first cell (openpyxl writes the ranges by column, then row), so a rule
    reads exactly as before; openpyxl parses each range into an object, and a block is one object."""
    by_row: dict[int, list[int]] = {}
    for row, col in map(coordinate_to_tuple, refs):
        by_row.setdefault(row, []).append(col)
    open_blocks: dict[tuple[int, int], list[int]] = {}  # (first, last column) → [first, last row]
    blocks: list[tuple[int, int, int, int]] = []
    for row in sorted(by_row):
        for span in _runs(sorted(by_row[row])):
            block = open_blocks.get(span)
            if block is not None and block[1] == row - 1:
                block[1] = row
                continue
            if block is not None:
                blocks.append((*span, *block))
            open_blocks[span] = [row, row]
    blocks += [(*span, *block) for span, block in open_blocks.items()]
    return " ".join(_range(*b) for b in sorted(blocks))


def first_cell(refs: list[str]) -> str:
    """The cell a rule's formula is written for: the top-left cell of the first range openpyxl writes."""
    return min(refs, key=lambda ref: coordinate_to_tuple(ref)[::-1])


def _runs(cols: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for col in cols:
        if runs and runs[-1][1] == col - 1:
            runs[-1] = (runs[-1][0], col)
        else:
            runs.append((col, col))
    return runs


def _range(first_col: int, last_col: int, first_row: int, last_row: int) -> str:
    top_left = f"{get_column_letter(first_col)}{first_row}"
    if (first_col, first_row) == (last_col, last_row):
        return top_left
    return f"{top_left}:{get_column_letter(last_col)}{last_row}"


def _fixed_column(ref: str) -> str:
    """A51 → $A51."""
    return "$" + ref


def _mark(ws, refs: list[str], condition: str) -> None:
    """One rule for several cells: ``condition`` is written for ``first_cell(refs)``, with relative
    references, and spreadsheets apply it to each cell at the same offset (as Excel's 「適用先」 does)."""
    ws.conditional_formatting.add(sqref(refs), _rule(condition, MISSING))


def mark_required(sheets: dict, cells: dict[str, CellSpec], ed: Edition, spec: ChecklistSpec) -> None:
    """Pink when a required input cell is blank (only in the parts of the form that are in use)."""
    header = [c for name, c in cells.items() if name.startswith("header_")]
    _mark(sheets[header[0].sheet], [c.ref for c in header], f'{header[0].ref}=""')
    # A row half filled in: the other half is missing. One rule for every item cell of both sides and
    # both lists (the amount is always the same number of columns to the right), one for the amounts.
    items = [cells[f"budget_{side}_{kind}{n}_item"] for side in SIDES for kind in ("expense", "income")
             for n in range(1, ed.max_budget_rows + 1)]
    amounts = [cells[f"budget_{side}_{kind}{n}_amount"] for side in SIDES for kind in ("expense", "income")
               for n in range(1, ed.max_budget_rows + 1)]
    ws = sheets[items[0].sheet]
    _mark(ws, [c.ref for c in items], f'AND({items[0].ref}="",{amounts[0].ref}<>"")')
    _mark(ws, [c.ref for c in amounts], f'AND({amounts[0].ref}="",{items[0].ref}<>"")')
    # KPI① is always required; a later KPI once anything is written in its block. The fields on one row
    # of a block share a rule: its references keep their column ($A51) and follow the KPI's row.
    rows = ed.definition.rows("kpis")

    def names(keep) -> list[str]:  # the cells' names of the KPI rows kept (per-year rows once per year)
        return [n for r in rows if keep(r) for n in ([f"fy{y}_{r.name}" for y in ed.kpi_years] if r.per_year else [r.name])]

    fields = names(lambda r: r.required and not r.relevant)
    ws = sheets[cells[f"kpi1_{rows[0].name}"].sheet]
    name = cells[f"kpi1_{rows[0].name}"].ref
    first_row = coordinate_to_tuple(name)[0]
    watched = ",".join(_fixed_column(cells[f"kpi1_{w}"].ref) for w in names(lambda r: True))
    by_row: dict[int, list[str]] = {}
    for f in fields:
        by_row.setdefault(coordinate_to_tuple(cells[f"kpi1_{f}"].ref)[0], []).extend(
            cells[f"kpi{n}_{f}"].ref for n in range(1, ed.max_kpis + 1))
    for refs in by_row.values():
        _mark(ws, refs, f'AND(OR(ROW({_fixed_column(name)})={first_row},COUNTA({watched})>0),{first_cell(refs)}="")')
    for box, statuses in (("achieved", (rules.ACHIEVED,)), ("unachieved", (rules.NOT_ACHIEVED, rules.UNMEASURED))):
        refs = [cells[f"kpi{n}_narrative_{box}"].ref for n in range(1, ed.max_kpis + 1)]
        status = cells[f"kpi1_fy{ed.final_year}_status"].ref  # the final year's status says which box is needed
        needed = ",".join(f'{status}="{s}"' for s in statuses)
        _mark(ws, refs, f'AND(OR({needed}),{refs[0]}="")')
    for section in spec.sections:
        required = [cells[f"checklist_{q.id.replace('-', '_')}"] for q in section.questions if q.required]
        if required:
            _mark(sheets[required[0].sheet], [c.ref for c in required], f'{required[0].ref}=""')


def mark_omission(ws, refs: list[str]) -> None:
    """回答漏れチェック: 未回答 in bold red on pink, 回答済 on green (the cells hold formulas)."""
    where = ConditionalFormatting(sqref(refs))  # both rules share it: parsed once
    ws.conditional_formatting.add(where, _rule(f'{refs[0]}="{UNANSWERED}"', UNANSWERED_LOOK))
    ws.conditional_formatting.add(where, _rule(f'{refs[0]}="{ANSWERED}"', ANSWERED_LOOK))
