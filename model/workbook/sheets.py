"""The fixed parts of each sheet (labels, headings, the form's own texts and 記入例), as in the seed form."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..checklist import ChecklistSpec, SectionSpec
from ..edition import Edition
from ..labels import kpi_prefix
from ..normalize import excel_len
from ..report import SIDES
from .layout import (
    BUDGET_TITLE_ROW,
    FISCAL_YEAR_CELLS,
    FISCAL_YEAR_TO,
    OMISSION_FIRST_ROW,
    OMISSION_TITLE,
    STATUS_COL,
    _budget_rows,
    _kpi_first_row,
    _kpi_title_row,
    box_end,
    kpi_block,
    kpi_rows,
    side_cols,
)
from .printing import SMALL_PT, TITLE_PT, Fitter

BUDGET_ARROW = "▶"  # the form's arrow from the planned side to the actual side
EMPTY_NARRATIVE_PT = 60.0  # an empty narrative box still leaves room to read it as a box
CHECKLIST_WIDTHS = {"A": 5, "B": 25, "C": 40}  # A4 portrait at 100 %, as the main sheet's WIDTHS
QUESTION_SUFFIX = {"single": "（1つ選択）", "multi": "（複数選択可・「、」区切り）", "text": "（{n}字以内）"}


@dataclass
class Sheet:
    ws: Worksheet
    fit: Fitter
    spans: dict[str, str] = field(default_factory=dict)  # merged range: top-left cell → last column
    pending: list[str] = field(default_factory=list)  # input ranges, merged once their top-left cell is styled

    def put(self, ref: str, text: str | None, style: str, *, to: str | None = None, size: float = 10.0,
            across: str | None = None) -> None:
        """Write fixed text in ``ref`` (merged up to ``to``, e.g. "D14") and make its row tall enough.

        ``across``: the last column an unwrapped title runs into (it is not merged)."""
        cell = self.ws.cell(*coordinate_to_tuple(ref))  # ws[ref] parses ranges too: 5× slower
        cell.value = text
        cell.style = style
        last = None
        if to:
            self.merge(ref, to)
            last = self.spans[ref]
        self.fit.text(cell.row, text, cell.column_letter, last or across, size)

    def merge(self, ref: str, to: str) -> None:
        """Merge a range once its top-left cell is written and styled (``finish``)."""
        self.pending.append(f"{ref}:{to}")
        self.spans[ref] = "".join(c for c in to if c.isalpha())

    def finish(self) -> None:
        """Merge the ranges, every cell in a range styled as its top-left one (so the frame is drawn).

        ``ws.merge_cells`` would do the same by rebuilding each edge cell's border object (≈2 ms a range,
        a third of the export); assigning the top-left cell's named style is one lookup. The range goes
        straight into the sheet's set of ranges: ``MultiCellRange.add`` rescans every range each time.
        """
        for rng in self.pending:
            # Before the other cells exist: the range would otherwise copy the last cell's border edges.
            merged = MergedCellRange(self.ws, rng)
            self.ws.merged_cells.ranges.add(merged)
            name = merged.start_cell.style
            for row, col in merged.cells:
                if (row, col) != (merged.min_row, merged.min_col):
                    self.ws.cell(row, col).style = name
        self.pending.clear()
        self.fit.apply(self.ws)

    def label(self, ref: str, text: str, *, to: str | None = None, bold: bool = True) -> None:
        self.put(ref, text, "dj_label" if bold else "dj_label_plain", to=to)


def _col_before(col: str) -> str:
    return get_column_letter(column_index_from_string(col) - 1)


def static_main(sheet: Sheet, ed: Edition, spec: ChecklistSpec) -> None:
    sheet.put("A1", ed.submission_note, "dj_note", to="H1", size=SMALL_PT)
    sheet.put("A2", ed.title, "dj_title", to="H2", size=TITLE_PT)
    labels = ed.labels
    for row in ed.definition.rows("header"):
        sheet.label(row.label_cell, row.label)
        if row.to:  # a wide box of the form (記入日, 担当部局名, メールアドレス, 事業の名称)
            sheet.merge(row.cell, row.to)
    sheet.label(FISCAL_YEAR_CELLS[0], labels.fiscal_year)
    sheet.put(FISCAL_YEAR_CELLS[1], ed.fiscal_year_text, "dj_input_wrap", to=FISCAL_YEAR_TO)
    sheet.ws[FISCAL_YEAR_CELLS[1]].number_format = "@"
    omission_end = get_column_letter(column_index_from_string(OMISSION_TITLE[0]) + 1)
    sheet.label(OMISSION_TITLE, labels.omission_check, to=f"{omission_end}{OMISSION_TITLE[1:]}")
    for i, section in enumerate(spec.sections):
        sheet.label(f"{OMISSION_TITLE[0]}{OMISSION_FIRST_ROW + i}", section.title, bold=False)
    sheet.fit.block(1, max(11, OMISSION_FIRST_ROW + len(spec.sections) - 1))
    _budget(sheet, ed)
    _kpis(sheet, ed)


def _budget(sheet: Sheet, ed: Edition) -> None:
    rows, labels = _budget_rows(ed), ed.labels
    sheet.put(f"A{BUDGET_TITLE_ROW}", labels.section_budget, "dj_section", size=TITLE_PT, across="H")
    for side, (item_col, amount_col) in side_cols(ed).items():
        before = _col_before(amount_col)
        title = labels.budget_side(side)
        if side != SIDES[0]:  # the second side follows the first
            title = f"{BUDGET_ARROW}　{title}"
        sheet.label(f"{item_col}{BUDGET_TITLE_ROW + 1}", title, to=f"{amount_col}{BUDGET_TITLE_ROW + 1}")
        for kind, head in (("expenses", rows["expenses_head"]), ("incomes", rows["incomes_head"])):
            sheet.label(f"{item_col}{head}", labels.budget_lists[kind], to=f"{before}{head}")
            sheet.label(f"{amount_col}{head}", labels.budget_amount)
            for n in range(ed.max_budget_rows):
                sheet.merge(f"{item_col}{rows[kind] + n}", f"{before}{rows[kind] + n}")
        for key, text in (("expense_total", "expenses"), ("income_total", "incomes"), ("balance", "balance")):
            sheet.label(f"{item_col}{rows[key]}", labels.budget_totals[text], to=f"{before}{rows[key]}")
    sheet.fit.block(BUDGET_TITLE_ROW, rows["balance"])


def _kpis(sheet: Sheet, ed: Edition) -> None:
    title, labels = _kpi_title_row(ed), ed.labels
    sheet.put(f"A{title}", labels.section_kpis, "dj_section", size=TITLE_PT, across="H")
    sheet.put(f"A{title + 1}", ed.instructions, "dj_text", to=f"H{title + 1}")
    end = _examples(sheet, ed, title + 2)
    boxes = title + 2 + 1 + len(ed.kpi_examples)  # the example narratives' heading row
    sheet.fit.block(title, boxes - 1)  # the instructions with the 記入例 table
    sheet.fit.block(boxes, end)  # the example narratives with their heading (a page may go on with KPI①)
    first = _kpi_first_row(ed)
    at = kpi_rows(ed)  # row offsets inside a block: they grow with the edition's KPI years
    nl, nt = at["narrative_label"], at["narrative"]
    rows = ed.definition.rows("kpis")
    for k in range(ed.max_kpis):
        r = first + k * kpi_block(ed)
        for row in rows:  # each row's heading above its value, in its own column (the form's KPI block)
            if row.after_years:
                last = box_end(row.col)
                sheet.label(f"{row.col}{r + nl}", f"【{row.label}】\n{labels.narrative_subtitle(row.name)}", to=f"{last}{r + nl}")
                sheet.merge(f"{row.col}{r + nt}", f"{last}{r + nt}")
            elif row.per_year:
                for y, year in enumerate(ed.kpi_years):
                    sheet.label(f"{row.col}{r + 2 * y}", labels.kpi_field(row.name, year, marks=True))
            else:  # the KPI's first row is headed by its number (KPI①)
                sheet.label(f"{row.col}{r}", kpi_prefix(k) if row is rows[0] else labels.kpi_field(row.name, marks=True))
        for y, year in enumerate(ed.kpi_years):
            sheet.label(f"{STATUS_COL}{r + 2 * y}", labels.kpi_field("status", year, marks=True))
        sheet.fit.need(r + nt, EMPTY_NARRATIVE_PT)
        sheet.fit.block(r, r + at["count"])


def _examples(sheet: Sheet, ed: Edition, row: int) -> int:
    """The form's 記入例 in the KPI rows' columns: its title heads the table (as in the seed), each example's
    values under the rows they belong to (the final year's), then a paragraph per narrative box."""
    labels, rows = ed.labels, ed.definition.rows("kpis")
    table = [r for r in rows if not r.after_years]
    for r in table:
        head = ed.kpi_example_title if r is rows[0] else labels.kpi_field(r.name, ed.final_year, marks=True)
        sheet.label(f"{r.col}{row}", head)
    for n, ex in enumerate(ed.kpi_examples, start=row + 1):
        for r in table:
            value = getattr(ex, r.name, None)
            sheet.put(f"{r.col}{n}", value if value != "" else None, "dj_example")
            if isinstance(value, str):
                sheet.ws[f"{r.col}{n}"].number_format = "@"
    at = row + 1 + len(ed.kpi_examples)
    for r in [r for r in rows if r.after_years]:
        last = box_end(r.col)
        sheet.label(f"{r.col}{at}", f"【{r.label}の記入例】\n{labels.narrative_subtitle(r.name)}", to=f"{last}{at}")
        text = ed.narrative_examples[r.name]
        sheet.put(f"{r.col}{at + 1}", text, "dj_example", to=f"{last}{at + 1}")
        sheet.ws[f"{r.col}{at + 1}"].number_format = "@"
        sheet.put(f"{last}{at + 2}", f"{excel_len(text)}/{ed.narrative_max}字", "dj_counter", size=SMALL_PT)
    return at + 2


def static_checklist(sheet: Sheet, section: SectionSpec, ed: Edition) -> None:
    sheet.put("A1", section.title, "dj_section", size=TITLE_PT, across="C")
    sheet.label("B3", ed.labels.omission_check)
    for col, text in zip("ABC", ("番号", "設問", "回答")):
        sheet.label(f"{col}4", text)
    last = 4  # the headings' row
    for q in section.questions:
        r = last = coordinate_to_tuple(q.cell)[0]  # the answer's row: number and question beside it
        sheet.put(f"A{r}", q.id, "dj_input")
        sheet.put(f"B{r}", q.label + QUESTION_SUFFIX[q.type].format(n=q.limit), "dj_input_wrap")
        if q.type == "text":
            sheet.fit.need(r, EMPTY_NARRATIVE_PT)
    sheet.fit.block(1, last)
