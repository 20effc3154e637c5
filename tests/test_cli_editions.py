"""check, export and import on the command line use the draft's (or the workbook's) own edition."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from dejiden.model import draft, workbook
from dejiden.model.draft import Draft
from dejiden.model.edition import load_edition
from dejiden.model.example import seed_report
from dejiden.model.normalize import excel_len
from dejiden.tui.cli import main

pytestmark = pytest.mark.writes_files
TEST = "test-3years"
LONG = "計測を進めた。" * 50  # 350 characters: over the seed edition's 300, within the test edition's 400


def three_year_report():
    """The seed report in the test edition: 20 KPIs, three years each, a 350-character narrative, and the
    answers its own form asks (事業区分, 事業開始日, the changed checklist section's new question)."""
    report = seed_report().in_edition(TEST)
    report.header.project_kind = "継続"
    report.header.start_date = dt.date(2023, 4, 1)
    report.checklist["2-6"] = "自主財源で継続"
    for kpi in report.kpis:
        kpi.years[2024] = kpi.years[2023].model_copy()
    while len(report.kpis) < 20:
        report.kpis.append(report.kpis[len(report.kpis) % 5].model_copy(deep=True))
    report.kpis[19] = report.kpis[0].model_copy(deep=True)  # 未達成: its text goes in the other box
    report.kpis[19].name = "二十番目のKPI"
    report.kpis[19].narrative_unachieved = LONG
    return report


def test_a_draft_of_the_test_edition_is_checked_exported_and_imported_as_that_edition(tmp_path, capsys):
    ed = load_edition(TEST)
    assert (ed.max_kpis, len(ed.kpi_years), ed.narrative_max) == (20, 3, 400)
    path = tmp_path / "three.toml"
    draft.save(path, Draft(three_year_report()))

    assert main(["check", "--json", str(path)]) == 0  # 350 characters are within this edition's limit
    checked = json.loads(capsys.readouterr().out)
    assert checked["complete"] is True

    book = tmp_path / "three.xlsx"
    assert main(["export", str(path), "-o", str(book)]) == 0
    capsys.readouterr()
    wb = openpyxl.load_workbook(book)
    cells = {c.name: c for c in workbook.layout(ed)}
    at = lambda name: wb[cells[name].sheet][cells[name].ref].value  # noqa: E731
    assert at("kpi20_name") == "二十番目のKPI"
    assert at("kpi20_fy2024_actual") == 6.8  # the third year of the twentieth KPI, in its own cell
    assert at("kpi20_narrative_unachieved") == LONG

    back = tmp_path / "back.toml"
    assert main(["import", str(book), "-o", str(back)]) == 0
    loaded = draft.load(back)
    assert isinstance(loaded, Draft) and loaded.report.edition == TEST
    assert loaded.report.to_data() == three_year_report().to_data()


def test_the_same_draft_in_the_seed_edition_is_over_its_limit(tmp_path, capsys):
    report = three_year_report().in_edition("r3-hosei-type1")
    report.kpis = report.kpis[:4] + [report.kpis[19]]
    for kpi in report.kpis:
        del kpi.years[2024]
    path = tmp_path / "seed.toml"
    draft.save(path, Draft(report))
    assert main(["check", str(path)]) == 1
    assert f"{excel_len(LONG)}/300字" in capsys.readouterr().out


@pytest.fixture
def own_checklist():
    """The test edition's own checklist file gives text answers 400 characters (the seed's keeps 300)."""
    spec = load_edition(TEST).definition.checklist
    text_question = next(q for s in spec.sections for q in s.questions if q.type == "text")
    assert text_question.limit == 400 and load_edition("r3-hosei-type1").definition.checklist.question(text_question.id).limit == 300
    return text_question.id


def test_check_export_and_import_use_the_editions_own_checklist(own_checklist, tmp_path, capsys):
    report = three_year_report()
    report.checklist[own_checklist] = LONG
    path = tmp_path / "own.toml"
    draft.save(path, Draft(report))
    assert main(["check", str(path)]) == 0, capsys.readouterr().out  # the default checklist would say 350/300字
    book = tmp_path / "own.xlsx"
    assert main(["export", "--strict", str(path), "-o", str(book)]) == 0
    back = tmp_path / "own-back.toml"
    assert main(["import", str(book), "-o", str(back)]) == 0, capsys.readouterr()
    loaded = draft.load(back)
    assert isinstance(loaded, Draft) and loaded.report.checklist[own_checklist] == LONG


def test_carry_over_from_the_seed_follows_the_rows_of_the_test_edition(tmp_path, capsys):
    """Same path and type → carried; a removed field, a changed checklist question and carry = false rows are not."""
    last = tmp_path / "last.toml"
    draft.save(last, Draft(seed_report()))
    assert main(["new", str(tmp_path / "next.toml"), "--from", str(last), "--edition", TEST]) == 0
    said = capsys.readouterr().out
    new = draft.load(tmp_path / "next.toml").report
    assert new.edition == TEST and new.header.department == "政策財政課" and new.header.collaboration == "単独"
    assert "manager_title" not in type(new.header).model_fields  # removed in this form: nothing to carry it to
    assert new.header.entry_date is None and new.header.start_date is None and new.header.project_kind is None
    assert set(new.checklist) == {"1-1", "1-2", "1-3", "1-4", "2-1", "2-5", "3-1", "3-2", "3-3", "4-1", "4-2", "4-3"}
    assert new.kpis[0].name == "住民の満足度・幸福度" and new.kpis[0].year(2023).target == 7
    assert new.kpis[0].narrative_unachieved is None and new.budget.planned.expenses[0].amount is None
    assert "基本情報（記入日・事業区分・事業開始日を除く）" in said and "新しく入力するもの：記入日、事業区分、事業開始日" in said
    assert "チェックリストの新しい設問（2-6 交付金終了後の継続方針）" in said  # asked afresh: said like the header's
