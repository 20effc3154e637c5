"""The workbook's computed cells: live formulas whose cached results match LibreOffice's, and follow edits."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dejiden.model import workbook
from dejiden.model.example import seed_report
from dejiden.model.report import Report

Kpi = Report().ed.models.kpi  # the seed edition's KPI model
from dejiden.model.workbook.cached import CacheError, save_with_cached_values
from dejiden.model.workbook.styles import FONT_NAME
from dejiden.prompts.data import checklist_spec

from .office import needs_soffice, recalculated, values

pytestmark = pytest.mark.writes_files
SPEC = checklist_spec()


def varied_report() -> Report:
    """The seed report plus KPIs for every branch of the 達成状況 rule, 𠮷 in a narrative, a missing answer."""
    report = seed_report()
    cases = [  # note, 2022 (target, actual), 2023 (target, actual)
        ("減少KPI", (25, 23), (25, 26)),
        ("0目標KPI", (0, 0), (None, 1)),
        (None, (-5, -7), (-5, -4)),
        (None, (10, None), (None, 3)),
        (None, (2.5, 2.5), (1000000, "未計測")),
    ]
    for i, (note, first, final) in enumerate(cases):
        years = {}
        for year, (target, actual) in zip((2022, 2023), (first, final)):
            years[year] = {k: v for k, v in (("target", target), ("actual", actual)) if v is not None}
        report.kpis.append(Kpi.model_validate({"name": f"追加KPI{i}", "note": note, "kind": "アウトカム", "unit": "件",
                                               "years": years,
                                               "narrative_unachieved": "𠮷野家の例\n二行目" if i == 0 else "二行の\n記述"}))
    del report.checklist["2-5"]
    report.budget.planned.incomes = []
    return Report.model_validate(report.model_dump(mode="python"))


def computed_cells(report: Report) -> dict[str, list]:
    """Computed cells by sheet: [(name, ref)]."""
    out: dict[str, list] = {}
    for c in workbook.layout(report.ed, SPEC):
        if c.kind == "computed":
            out.setdefault(c.sheet, []).append((c.name, c.ref))
    return out


@pytest.fixture(scope="module")
def varied_book(tmp_path_factory) -> tuple[Report, Path]:
    report = varied_report()
    path = tmp_path_factory.mktemp("formulas") / "varied.xlsx"
    workbook.export(report, SPEC, path)
    return report, path


def test_every_computed_cell_is_a_formula_with_its_result_cached(varied_book):
    report, path = varied_book
    formulas = openpyxl.load_workbook(path)
    for sheet, cells in computed_cells(report).items():
        for name, ref in cells:
            assert formulas[sheet][ref].data_type == "f", name
    with zipfile.ZipFile(path) as z:
        for part in (n for n in z.namelist() if n.startswith("xl/worksheets/")):
            xml = z.read(part).decode()
            assert "<f>" not in xml or "<v />" not in xml and "<v/>" not in xml, part  # every formula has a result
    by_name = {c.name: c for c in workbook.layout(report.ed, SPEC)}
    got = values(path, "報告書", [by_name[n].ref for n in (
        "kpi6_fy2023_status", "kpi7_fy2022_status", "kpi7_fy2023_status", "kpi8_fy2022_status", "kpi8_fy2023_status",
        "kpi9_fy2022_status", "kpi10_fy2022_status", "kpi10_fy2023_status", "kpi6_count_unachieved",
        "check_2", "check_1", "budget_planned_income_total", "budget_planned_balance")])
    assert list(got.values()) == ["未達成", "達成", "未達成", "達成", "未達成", "", "達成", "未計測", "10/300字",
                                  "未回答", "回答済", "-", -2000]


@needs_soffice
def test_the_cached_results_are_what_libreoffice_calculates(varied_book, tmp_path):
    report, path = varied_book
    by_lo = recalculated(path, tmp_path)
    for sheet, cells in computed_cells(report).items():
        refs = [ref for _, ref in cells]
        ours, theirs = values(path, sheet, refs), values(by_lo, sheet, refs)
        for name, ref in cells:
            if name == "kpi6_count_unachieved":
                # The one known difference: LibreOffice's LEN counts 𠮷 once, Excel's (the form's) twice.
                assert (ours[ref], theirs[ref]) == ("10/300字", "9/300字")
                continue
            assert ours[ref] == theirs[ref], (sheet, name, ours[ref], theirs[ref])


@needs_soffice
def test_an_edit_in_libreoffice_updates_totals_statuses_counters_and_the_omission_check(tmp_path):
    path = tmp_path / "seed.xlsx"
    report = seed_report()
    workbook.export(report, SPEC, path)
    cells = {c.name: c for c in workbook.layout(report.ed, SPEC)}
    wb = openpyxl.load_workbook(path)
    ws = wb["報告書"]
    ws[cells["budget_planned_expense2_item"].ref] = "保守費"  # a row added
    ws[cells["budget_planned_expense2_amount"].ref] = 500
    ws[cells["budget_planned_income1_item"].ref] = "負担金"
    ws[cells["budget_planned_income1_amount"].ref] = 300
    ws[cells["kpi1_fy2023_actual"].ref] = 7.5  # a value changed: 未達成 → 達成
    ws[cells["kpi5_fy2023_actual"].ref] = "未計測"
    ws[cells["kpi2_narrative_unachieved"].ref] = "短く\n書き直した"
    wb["1.推進体制"][cells["checklist_1_4"].ref] = None  # an answer deleted
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    by_lo = recalculated(edited, tmp_path)
    names = ["budget_planned_expense_total", "budget_planned_income_total", "budget_planned_balance",
             "kpi1_fy2023_status", "kpi5_fy2023_status", "kpi2_count_unachieved", "check_1", "check_2"]
    got = values(by_lo, "報告書", [cells[n].ref for n in names])
    assert list(got.values()) == [2500, 300, -2200, "達成", "未計測", "8/300字", "未回答", "回答済"]
    assert values(by_lo, "1.推進体制", [cells["check_sheet_1"].ref]) == {cells["check_sheet_1"].ref: "未回答"}
    back = workbook.import_workbook(by_lo, SPEC).draft.report
    assert back.budget.planned.expense_total == 2500 and back.kpis[0].status(2023) == "達成"


def test_cached_values_go_only_where_a_formula_was_written():
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.active["A2"] = "=SUM(A1)"
    wb.active["A3"] = '="a"&"b"'
    out = save_with_cached_values(wb, {"Sheet": {"A2": 1, "A3": "a<b"}})
    xml = zipfile.ZipFile(io.BytesIO(out)).read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="A2"><f>SUM(A1)</f><v>1</v></c>' in xml
    assert '<c r="A3" t="str"><f>"a"&amp;"b"</f><v>a&lt;b</v></c>' in xml
    back = openpyxl.load_workbook(io.BytesIO(out), data_only=True).active
    assert [back["A1"].value, back["A2"].value, back["A3"].value] == [1, 1, "a<b"]
    # The guards an openpyxl upgrade would trip: a formula cell not written the way we expect, or a
    # worksheet not written through the archive, is an error, never a file without its results.
    with pytest.raises(CacheError):
        save_with_cached_values(wb, {"Sheet": {"A1": 1}})
    with pytest.raises(CacheError):
        save_with_cached_values(wb, {"Other": {"A2": 1}})


def test_one_japanese_font_throughout_including_the_default(varied_book):
    _, path = varied_book
    styles = zipfile.ZipFile(path).read("xl/styles.xml").decode()
    fonts = re.findall(r'<font>.*?</font>', re.search(r"<fonts[^>]*>(.*?)</fonts>", styles).group(1))
    assert fonts and all(f'<name val="{FONT_NAME}"' in f for f in fonts), fonts[:2]
    assert '<charset val="128"' in fonts[0] and '<sz val="11"' in fonts[0]  # the default font: column widths
    normal = re.search(r'<cellStyleXfs[^>]*><xf [^>]*fontId="(\d+)"', styles)
    assert normal and normal.group(1) == "0"
