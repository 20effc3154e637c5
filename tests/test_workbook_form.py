"""The exported workbook reads as the seed form: its characters, line breaks kept, missing answers marked."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange

from dejiden.model import workbook
from dejiden.model.example import seed_report
from dejiden.model.report import Report
from dejiden.model.workbook.layout import _kpi_first_row, _kpi_title_row
from dejiden.model.workbook.marks import first_cell, sqref
from dejiden.prompts.data import checklist_spec

from .office import convert, needs_poppler, needs_soffice

pytestmark = pytest.mark.writes_files
SPEC = checklist_spec()
CELLS = {c.name: c for c in workbook.layout(seed_report().ed, SPEC)}
PINK, GREEN = (255, 217, 217), (226, 239, 218)


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_seed_forms_characters_and_arrangement(tmp_path):
    path = tmp_path / "seed.xlsx"
    report = seed_report()
    workbook.export(report, SPEC, path)
    ws = openpyxl.load_workbook(path)["報告書"]
    values = texts(ws)
    assert "１．事業の収支" in values and "２.　事業のKPI" in values
    assert any(v.startswith("▶") and "実際の2023年度の事業収支" in v for v in values)  # between the two sides
    title = _kpi_title_row(report.ed)
    assert ws[f"A{title + 2}"].value == report.ed.kpi_example_title  # the example's title heads its table
    assert ws[f"B{title + 2}"].value == "備考※1"
    assert "記入例" not in values  # no extra label or banner row
    assert ws[f"A{title + 3}"].value.startswith("窓口対応に要する時間の短縮")
    labels = [v for v in values if v.startswith("【「KPI")]
    assert labels and all("および\n2024年度達成に向けた取組" in v for v in labels)
    assert ws["G5"].value == "回答漏れチェック" and ws["G6"].value == "1.推進体制" and ws["H6"].data_type == "f"
    first = _kpi_first_row(report.ed)
    assert ws[f"A{first}"].value == "KPI①" and ws[f"A{first + 1}"].value == report.kpis[0].name


def test_line_breaks_are_kept_in_the_workbook_and_come_back(tmp_path):
    report = seed_report()
    report.checklist["1-4"] = "一行目\n二行目\n\n四行目"
    report.kpis[4].narrative_achieved = "達成した。\n次の取組。"
    report = Report.model_validate(report.model_dump(mode="python"))
    assert report.checklist["1-4"] == "一行目\n二行目\n\n四行目"  # the draft keeps them, not spaces
    path = tmp_path / "breaks.xlsx"
    workbook.export(report, SPEC, path)
    wb = openpyxl.load_workbook(path)
    cell = wb["1.推進体制"][CELLS["checklist_1_4"].ref]
    assert cell.value == "一行目\n二行目\n\n四行目" and cell.alignment.wrap_text
    assert wb["報告書"][CELLS["kpi5_narrative_achieved"].ref].value == "達成した。\n次の取組。"
    back = workbook.import_workbook(path, SPEC).draft.report
    assert back.checklist["1-4"] == report.checklist["1-4"] and back.kpis[4].narrative_achieved == "達成した。\n次の取組。"


@needs_soffice
def test_line_breaks_survive_libreoffice(tmp_path):
    report = seed_report()
    report.checklist["3-3"] = "広報誌で周知した。\nSNSでも発信した。"
    path = tmp_path / "lo.xlsx"
    workbook.export(report, SPEC, path)
    resaved = convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "resaved", tmp_path / "lo-profile")
    assert workbook.import_workbook(resaved, SPEC).draft.report.checklist["3-3"] == "広報誌で周知した。\nSNSでも発信した。"


def test_blank_required_cells_are_marked_by_rules_that_follow_edits(tmp_path):
    report = Report()
    report.header.municipality = "会津美里町"
    path = tmp_path / "partial.xlsx"
    workbook.export(report, SPEC, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["報告書"]
    def rules(ref: str) -> list[str]:
        return [r.formula[0] for cf in ws.conditional_formatting if ref in cf.sqref for r in cf.rules]

    phone = CELLS["header_phone"].ref
    assert ws[phone].value is None  # nothing written: import reads it as unanswered
    assert rules(phone) == [f'{CELLS["header_entry_date"].ref}=""']  # relative to the rule's first cell
    first = CELLS["check_1"].ref
    assert sorted(rules(CELLS["check_3"].ref)) == sorted([f'{first}="未回答"', f'{first}="回答済"'])
    assert "桃色の欄は未入力の必須項目" in ws.oddFooter.center.text
    kpi3 = rules(CELLS["kpi3_name"].ref)  # a later KPI is required only once something is written in it
    assert len(kpi3) == 1 and "COUNTA(" in kpi3[0] and kpi3[0].endswith(f'{CELLS["kpi1_name"].ref}="")')
    assert workbook.import_workbook(path, SPEC).draft.report.header.phone is None


@given(st.sets(st.tuples(st.integers(1, 6), st.integers(1, 6)), min_size=1))
def test_a_rules_ranges_hold_exactly_its_cells_and_start_at_its_first_cell(cells):
    refs = [f"{get_column_letter(col)}{row}" for col, row in cells]
    ranges = MultiCellRange(sqref(refs))
    assert {cell for r in ranges.ranges for cell in r.cells} == {(row, col) for col, row in cells}
    assert sum(r.size["rows"] * r.size["columns"] for r in ranges.ranges) == len(cells)  # no cell twice
    first = ranges.sorted()[0]  # as openpyxl writes them: the formula is relative to this range's top-left cell
    assert f"{get_column_letter(first.min_col)}{first.min_row}" == first_cell(refs)


def _colours(pdf: Path, page: int, tmp: Path) -> set[tuple[int, int, int]]:
    """The colours on one page of a PDF (rendered small, as raw PPM)."""
    out = tmp / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), str(pdf), str(out)], check=True)
    data = next(tmp.glob(f"page{page}*.ppm")).read_bytes()
    parts = data.split(maxsplit=4)  # P6, width, height, maxval, pixels
    pixels = parts[4]
    return {tuple(pixels[i:i + 3]) for i in range(0, len(pixels) - 2, 3)}


@needs_soffice
@needs_poppler
def test_marks_show_in_the_printed_copy(tmp_path):
    partial = Report()
    partial.header.municipality = "会津美里町"
    for name, report in (("partial", partial), ("seed", seed_report())):
        path = tmp_path / f"{name}.xlsx"
        workbook.export(report, SPEC, path)
        pdf = convert(path, "pdf", tmp_path / name, tmp_path / "lo-profile")
        colours = _colours(pdf, 1, tmp_path / name)
        if name == "partial":
            assert PINK in colours and GREEN not in colours  # blank required cells and 未回答
        else:
            assert PINK not in colours and GREEN in colours  # nothing missing; 回答済 is green
