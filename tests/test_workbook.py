import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from python_calamine import CalamineWorkbook

from dejiden.model import workbook
from dejiden.model.example import seed_report
from dejiden.prompts.data import checklist_spec
from dejiden.tui.cli import main

from .strategies import reports

pytestmark = pytest.mark.writes_files
SPEC = checklist_spec()


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("book") / "seed.xlsx"
    workbook.export(seed_report(), SPEC, path)
    return path


CELLS = {c.name: c for c in workbook.layout(seed_report().ed, SPEC)}


def named(wb, name):
    return workbook.read._cell(wb, CELLS[name])


EXPECTED = {
    "header_municipality": "会津美里町",
    "header_lg_code": "07447",
    "budget_planned_expense1_amount": 2000,
    "budget_planned_expense_total": 2000,
    "budget_planned_income_total": "-",
    "budget_planned_balance": -2000,
    "budget_actual_expense1_amount": "-",
    "budget_actual_balance": "-",
    "kpi1_fy2022_status": "達成",
    "kpi1_fy2023_status": "未達成",
    "kpi2_fy2022_status": "未達成",
    "kpi2_fy2023_status": "未達成",
    "kpi3_fy2022_status": "未計測",
    "kpi3_fy2023_status": "未計測",
    "kpi4_fy2022_status": "未計測",
    "kpi4_fy2023_status": "未達成",
    "kpi5_fy2022_status": "達成",
    "kpi5_fy2023_status": "達成",
    "kpi1_fy2023_actual": 6.8,
    "kpi3_fy2023_actual": "未計測",
    "kpi1_count_unachieved": "289/300字",
    "kpi2_count_unachieved": "179/300字",
    "kpi3_count_unachieved": "164/300字",
    "kpi4_count_unachieved": "197/300字",
    "kpi5_count_achieved": "150/300字",
    "kpi1_count_achieved": "0/300字",
    "kpi6_count_achieved": "0/300字",
    "check_1": "回答済",
    "check_4": "回答済",
}


def test_seed_values_with_openpyxl(seed_book):
    wb = openpyxl.load_workbook(seed_book, data_only=True)  # the cached results of the formulas
    formulas = openpyxl.load_workbook(seed_book)
    for name, value in EXPECTED.items():
        assert named(wb, name).value == value, name
        computed = CELLS[name].kind == "computed"
        assert (named(formulas, name).data_type == "f") == computed, name  # computed cells are live formulas
    assert named(wb, "header_lg_code").data_type == "s"
    assert wb.sheetnames[:5] == ["報告書", "1.推進体制", "2.サービス運営", "3.周知・広報", "4.評価・改善"]
    assert wb["報告書"]["A2"].value.startswith("【令和３年度補正予算採択事業用】")
    assert named(wb, "kpi6_name").value is None  # the empty KPI blocks are there, as in the form


def test_seed_values_with_calamine_which_does_not_recalculate(seed_book):
    book = CalamineWorkbook.from_path(str(seed_book))
    sheet = book.get_sheet_by_name("報告書").to_python()
    cells = {c.name: c for c in workbook.layout(seed_report().ed, SPEC)}
    for name, value in EXPECTED.items():
        ref = cells[name].ref
        col = openpyxl.utils.column_index_from_string("".join(ch for ch in ref if ch.isalpha())) - 1
        row = int("".join(ch for ch in ref if ch.isdigit())) - 1
        got = sheet[row][col]
        assert got == value or (isinstance(value, int) and got == float(value)), (name, got)


def test_layout_and_print_setup(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    ws = wb["報告書"]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # printed at 100 %, never shrunk to fit
    assert ws.page_setup.scale == 100 and ws.page_setup.orientation == "portrait"
    assert wb["1.推進体制"].print_title_rows == "$4:$4"
    assert named(wb, "kpi1_narrative_unachieved").alignment.wrap_text
    lists = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    ref = next(c.ref for c in workbook.layout(seed_report().ed, SPEC) if c.name == "header_collaboration")
    dv = next(dv for sq, dv in lists.items() if ref in sq.split())
    assert dv.type == "list" and "選択肢" in dv.formula1
    assert [c.value for c in wb["選択肢"]["A"] if c.value][:2] == ["単独", "広域連携"]
    assert wb["選択肢"].sheet_state == "hidden"


def test_every_input_cell_has_a_defined_name_from_the_one_table(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    cells = workbook.layout(seed_report().ed, SPEC)
    assert {c.name for c in cells} <= set(wb.defined_names)
    assert len({c.name for c in cells}) == len(cells)
    assert len({(c.sheet, c.ref) for c in cells}) == len(cells)


@pytest.mark.parametrize("text", ["=1+1", "+81-3", "-5", "@SUM(A1)", "#N/A", "=HYPERLINK(\"http://x\")"])
def test_user_text_stays_text(tmp_path, text):
    report = seed_report()
    report.kpis[0].narrative_unachieved = text
    report.header.department = text
    path = tmp_path / "x.xlsx"
    workbook.export(report, SPEC, path)
    wb = openpyxl.load_workbook(path)
    for name in ("kpi1_narrative_unachieved", "header_department"):
        cell = named(wb, name)
        assert cell.data_type == "s" and cell.value == text
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("報告書").to_python()
    assert any(text in row for row in sheet)
    back = workbook.import_workbook(path, SPEC).draft.report
    assert back.kpis[0].narrative_unachieved == text and back.header.department == text


def test_control_characters_never_reach_the_file(tmp_path):
    wb = openpyxl.Workbook()
    cell = wb.active["A1"]
    workbook.put_text(cell, "a\x01b\x0bc\x1fd")
    assert cell.value == "abcd"
    wb.save(tmp_path / "c.xlsx")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(reports)
def test_export_then_import_is_the_identity(tmp_path, report):
    path = tmp_path / "rt.xlsx"
    workbook.export(report, SPEC, path)
    result = workbook.import_workbook(path, SPEC)
    assert result.problems == []
    assert result.draft.report == report


def test_import_after_hand_edits_reports_cells_by_label(tmp_path, seed_book):
    path = tmp_path / "edited.xlsx"
    shutil.copy(seed_book, path)
    wb = openpyxl.load_workbook(path)
    named(wb, "header_lg_code").value = 7447  # Excel turned the code into a number
    named(wb, "kpi1_fy2022_target").value = "６時間"  # not this KPI's unit (点): refused
    named(wb, "kpi2_fy2023_actual").value = "▲3"
    wb.save(path)
    result = workbook.import_workbook(path, SPEC)
    assert result.draft.report.header.lg_code == "07447"
    assert result.draft.report.kpis[1].year(2023).actual == -3
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.label == "KPI① 2022年度末　目標値" and problem.where.startswith("報告書!E")
    assert result.draft.report.kpis[0].year(2022).target is None


def test_import_of_something_else_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = workbook.import_workbook(bad, SPEC)
    assert result.draft is None and "読めません" in result.problems[0].message


def test_cli_export_and_import(tmp_path, capsys):
    draft_path = tmp_path / "r.toml"
    assert main(["example", str(draft_path)]) == 0
    assert main(["export", str(draft_path)]) == 0
    out = tmp_path / workbook.default_name(seed_report())
    assert out.exists() and out.name.startswith("07447_")
    assert main(["import", str(out), "-o", str(tmp_path / "back.toml")]) == 0
    assert main(["check", str(tmp_path / "back.toml")]) == 0
    partial = tmp_path / "p.toml"
    partial.write_text('[header]\nmunicipality = "会津美里町"\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["export", str(partial), "-o", str(tmp_path / "p.xlsx")]) == 1
    assert (tmp_path / "p.xlsx").exists() and "[未入力] 記入日" in capsys.readouterr().out
    assert main(["export", "--strict", str(partial), "-o", str(tmp_path / "q.xlsx")]) == 1
    assert not (tmp_path / "q.xlsx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_converts_and_reads_the_values(tmp_path, seed_book):
    profile = tmp_path / "lo-profile"
    base = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    out = ["--outdir", str(tmp_path)]
    subprocess.run([*base, "--convert-to", "pdf", *out, str(seed_book)], check=True, capture_output=True, timeout=240)
    pdf = (tmp_path / "seed.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page") >= 2
    subprocess.run([*base, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", *out, str(seed_book)],
                   check=True, capture_output=True, timeout=240)
    csv = (tmp_path / "seed.csv").read_text(encoding="utf-8")
    for value in ("会津美里町", "07447", "2,000", "-2,000", "未達成", "未計測", "289/300字", "回答済"):
        assert value in csv, value
    # saved again by LibreOffice (as a person who edited it would), it still reads back exactly
    resaved = tmp_path / "resaved"
    subprocess.run([*base, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(seed_book)],
                   check=True, capture_output=True, timeout=240)
    result = workbook.import_workbook(resaved / "seed.xlsx", SPEC)
    assert result.problems == [] and result.draft.report == seed_report()


def test_a_kpi_cleared_in_the_spreadsheet_is_named_with_the_way_to_remove_it(tmp_path, seed_book):
    path = tmp_path / "cleared.xlsx"
    shutil.copy(seed_book, path)
    wb = openpyxl.load_workbook(path)
    for c in workbook.layout(seed_report().ed):
        if c.path and c.path.startswith("kpis[4]"):
            wb[c.sheet][c.ref].value = None
    wb.save(path)
    result = workbook.import_workbook(path, SPEC)
    assert len(result.draft.report.kpis) == 5  # kept: export and import stay each other's inverse
    assert any("KPI⑤の欄がすべて空です" in c.message and "/delete" in c.message for c in result.changes)
