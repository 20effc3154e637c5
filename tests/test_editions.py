"""Every edition file works end to end with no code change: conversation, check, export, import, layout."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dejiden.model import formcheck, workbook
from dejiden.model.draft import Draft, Session
from dejiden.model.edition import editions, load_edition, newest
from dejiden.model.form import pattern
from dejiden.model.report import Report
from dejiden.model.workbook.layout import layout
from dejiden.prompts.steps import CONVERSATION_STEPS
from dejiden.prompts.view import REVIEW
from dejiden.prompts.walker import Walker

from .strategies import reports

TODAY = dt.date(2026, 11, 28)
EDITIONS = [e.id for e in editions()]
LINE = {"text": "テスト項目", "phone": "0242-55-1171", "email": "a@example.lg.jp", "municipality": "会津美里",
        "amount": "1,000", "number": "5", "actual": "6", "narrative": "取組を進めた。2025年3月末に計測する。"}


def test_three_editions_are_found_newest_first():
    assert len(EDITIONS) >= 3
    assert newest().id == "r4-hosei-type1" and editions()[-1].test
    three = load_edition("test-3years")
    assert len(three.kpi_years) == 3 and three.max_kpis == 20 and three.narrative_max == 400


def _answer(w: Walker, asked: set[str]) -> str:
    step = w.step()
    asked.add(step.pattern)
    if step.repeat:
        rows = len(w.report.kpis) if step.id == "kpis" else len(getattr(getattr(w.report.budget, step.id.split(".")[1]), step.id.split(".")[2]) or [])
        if rows >= 2:  # an empty Enter ends a list; where it offers the planned item, a word does
            return "なし" if w.prompt().default is not None else ""
        asked.add("kpis[*].name" if step.id == "kpis" else "budget.*.*[*].item")  # the next row starts with its name
        return LINE["text"]
    if step.kind == "date":  # the row's default (today) where it has one; else a date
        row = w.ed.definition.row(step.id)
        assert (w.prompt().default is not None) == bool(row.default), step.id
        return "" if row.default else "2023年4月1日"
    if step.kind in ("choice", "multi"):
        return "2" if step.blank is not None else "1"  # 備考: 減少KPI
    row = w.ed.definition.row(step.id)
    if row.type == "actual":  # 減少KPI, target 5: KPI① 6 is 未達成, KPI② 4 is 達成 (both boxes asked)
        return "6" if step.id.startswith("kpis[0]") else "4"
    return LINE["narrative" if step.kind == "narrative" else row.type]


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_each_edition_end_to_end(edition_id, tmp_path):
    """A conversation asks every field of the definition, and the workbook writes and reads each back."""
    w = Walker(Draft(Report(edition=edition_id), Session(closed=["edition"])), today=lambda: TODAY)
    asked: set[str] = set()
    for _ in range(2000):
        if w.current == REVIEW:
            break
        reply = w.handle(_answer(w, asked))
        assert reply.accepted, (w.current, [m.text for m in reply.messages])
    assert w.current == REVIEW
    result = w.check()
    assert result.complete, [(i.path, i.message) for i in result.items]
    form = w.ed.definition
    never = {r.path for r in form.rows()} - asked
    # unasked: only what 市区町村等名 filled in
    assert never == {"header.prefecture", "header.lg_code"}
    assert w.report.header.prefecture == "福島県" and w.report.header.lg_code == "07447"
    first, second = w.report.kpis
    assert first.note == second.note == "減少KPI"
    assert all(first.status(y) == "未達成" and second.status(y) == "達成" for y in w.ed.kpi_years)
    assert first.narrative_unachieved and second.narrative_achieved
    workbook.export(w.report, w.spec, tmp_path / "book.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    from dejiden.model import paths

    for cell in layout(w.ed):  # every answered field is in its own cell
        if cell.path and paths.get(w.report, cell.path) is not None:
            assert book[cell.sheet][cell.ref].value not in (None, ""), cell.name
    back = workbook.import_workbook(tmp_path / "book.xlsx", w.spec)
    assert back.draft is not None, back.problems
    assert back.draft.report.to_data() == w.report.to_data()


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_narrative_examples_speak_of_the_editions_own_years(edition_id):
    """Each box's 記入例 looks ahead to the year its heading names (「{next_year}年度達成に向けた取組」)."""
    import re

    ed = load_edition(edition_id)
    for box, text in ed.narrative_examples.items():
        years = [int(y) for y in re.findall(r"(20\d\d)年", text)]
        assert ed.next_year in years, (box, years)
        assert max(years) == ed.next_year, (box, years)


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_no_two_fields_share_a_cell(edition_id):
    cells = layout(load_edition(edition_id))
    seen: dict[tuple[str, str], str] = {}
    for c in cells:
        key = (c.sheet, c.ref)
        assert key not in seen, f"{c.name} and {seen[key]} both at {c.sheet}!{c.ref}"
        seen[key] = c.name
    names = [c.name for c in cells]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_the_shipped_editions_pass_the_check_an_administrators_edition_gets(edition_id):
    ed = load_edition(edition_id)
    formcheck.check(ed, ed.form)  # raises FormProblem naming the row


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_every_input_field_of_the_definition_has_cells(edition_id):
    ed = load_edition(edition_id)
    have = {pattern(c.path) for c in layout(ed) if c.path}
    assert have == {r.path for r in ed.definition.rows()}


def test_every_field_has_wording_and_all_wording_names_a_field():
    text = tomllib.loads((resources.files("dejiden.prompts") / "questions.toml").read_text("utf-8"))
    keys = set(text["step"])
    fields, own = set(), set()
    for ed in editions():
        fields |= {("checklist.*" if r.group == "checklist" else r.path) for r in ed.definition.rows()}
        own |= {r.path for r in ed.definition.rows() if r.question}  # a row carrying its own wording
    assert fields - keys - own == set(), "fields without wording"
    assert keys - fields - set(CONVERSATION_STEPS) == set(), "wording that names no field"
    assert {"header.start_date", "header.project_kind"} <= own  # the test edition's new rows need no entry here


def test_an_old_draft_without_a_chosen_edition_still_opens(tmp_path):
    """Drafts written before editions were chosen carry edition = the seed's and open unchanged."""
    from dejiden.model import draft
    from dejiden.model.example import seed_report

    path = tmp_path / "old.toml"
    text = draft.dumps(Draft(seed_report())) if hasattr(draft, "dumps") else None
    if text is None:
        draft.save(path, Draft(seed_report()))
    else:
        path.write_text(text, encoding="utf-8")
    opened = draft.load(path)
    assert opened.report.edition == "r3-hosei-type1"
    w = Walker(opened, today=lambda: TODAY)
    assert w.current == REVIEW and w.check().complete


def test_new_from_last_year_carries_what_has_a_place_and_says_so(tmp_path):
    from dejiden.model import draft
    from dejiden.model.example import seed_report
    from dejiden.tui.cli import main

    last = tmp_path / "last.toml"
    draft.save(last, Draft(seed_report()))
    assert main(["new", str(tmp_path / "next.toml"), "--from", str(last)]) == 0
    new = draft.load(tmp_path / "next.toml")
    r, seed = new.report, seed_report()
    assert r.edition == newest().id and r.header.entry_date is None
    assert r.header.municipality == seed.header.municipality and r.header.lg_code == "07447"
    assert [k.name for k in r.kpis] == [k.name for k in seed.kpis]
    assert r.kpis[0].year(2023).target == 7 and 2022 not in r.kpis[0].years  # no place for 2022 in this edition
    assert r.kpis[0].narrative_unachieved is None
    assert r.budget.planned.expenses[0].item == "情報連携基盤の運用経費" and r.budget.planned.expenses[0].amount is None
    w = Walker(new, today=lambda: TODAY)
    said = " ".join(m.text for m in w.greeting())
    assert "引き継いだ" in said and "記入日" in said
    assert w.current == "header.entry_date"
    assert main(["new", str(tmp_path / "next.toml"), "--from", str(last)]) == 2  # never overwrites


def test_editions_lists_every_edition_with_the_default_first(capsys):
    from dejiden.tui.cli import main

    assert main(["editions"]) == 0
    out = capsys.readouterr().out
    assert out.index("r4-hosei-type1（既定）") < out.index("r3-hosei-type1") < out.index("test-3years（試験用）")
    # each edition says what its form was checked against; the derived one says it was not checked
    assert "照合：令和3年度補正の様式の年度をずらしたもの（発行された様式とは未照合）" in out
    assert "照合：会津美里町が2024年6月19日に提出した" in out


def test_the_edition_question_says_what_each_edition_was_checked_against():
    w = Walker(Draft(Report()), today=lambda: TODAY)
    assert w.current == "edition"
    hint = w.prompt().hint
    assert "令和3年度補正の様式の年度をずらしたもの（発行された様式とは未照合）" in hint
    assert "会津美里町" in hint and "試験用" not in hint


def test_review_lists_the_text_in_the_box_not_asked_for_as_its_own_row():
    from dejiden.model.example import seed_report

    report = seed_report()
    report.kpis[0].narrative_achieved = "書いてしまった"
    w = Walker(Draft(report), today=lambda: TODAY)
    rows = [r for r in w.review_rows() if r.status != "ok"]
    assert len(rows) == len(w.check().items) == 1
    assert rows[0].status == "invalid" and rows[0].step.id == "kpis[0].narrative_move"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports, st.sampled_from(EDITIONS))
def test_carrying_any_report_into_any_edition_keeps_a_valid_draft_that_round_trips(report, edition_id):
    from dejiden.model import draft
    from dejiden.model.carry import carry_over

    ed = load_edition(edition_id)
    new = carry_over(report, ed, "last.toml").report
    assert new.edition == edition_id and new.header.entry_date is None
    assert len(new.kpis) <= ed.max_kpis and all(set(k.years) <= set(ed.kpi_years) for k in new.kpis)
    assert all(k.narrative_achieved is None and k.narrative_unachieved is None for k in new.kpis)
    back = draft.loads(draft.dumps(Draft(new)))
    assert isinstance(back, Draft) and back.report == new


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
def test_review_shows_every_problem_check_finds_as_its_own_row(report):
    """check and review agree: each item of the check is one row of the review, on a question to jump to."""
    w = Walker(Draft(report), today=lambda: TODAY)
    result = w.check()
    rows = [r for r in w.review_rows() if r.status != "ok"]
    need = Counter((i.problem, i.label, i.message) for i in result.items)
    have = Counter((r.status, r.step.label, r.message) for r in rows)
    assert {k: v for k, v in need.items() if have[k] < v} == {}
    assert all(w.step(r.step.id) is not None for r in rows)


def test_strict_export_refuses_text_in_both_boxes(tmp_path):
    from dejiden.model import draft
    from dejiden.model.example import seed_report
    from dejiden.tui.cli import main

    report = seed_report()
    report.kpis[0].narrative_achieved = "書いてしまった"
    path = tmp_path / "r.toml"
    draft.save(path, Draft(report))
    assert main(["export", "--strict", str(path), "-o", str(tmp_path / "b.xlsx")]) == 1
    assert not (tmp_path / "b.xlsx").exists()


def test_the_narrative_limit_is_the_editions(tmp_path):
    from dejiden.model import draft
    from dejiden.model.example import seed_report

    text = "あ" * 350
    for edition_id, ok in (("r3-hosei-type1", False), ("test-3years", True)):
        report = seed_report().in_edition(edition_id)
        report.kpis[0].narrative_unachieved = None
        report.kpis[0].years[2024] = report.kpis[0].years[2023]  # the test edition's final year
        w = Walker(Draft(report), today=lambda: TODAY)
        w.goto("kpis[0].narrative_unachieved")
        assert w.step().max_len == load_edition(edition_id).narrative_max
        assert w.handle(text).accepted is ok
    report = seed_report()
    report.kpis[0].narrative_unachieved = text  # a hand-edited draft over the limit still opens
    path = tmp_path / "long.toml"
    draft.save(path, Draft(report))
    opened = draft.load(path)
    assert isinstance(opened, Draft)
    item = check_of(opened.report, "kpis[0].narrative_unachieved")
    assert item.problem == "invalid" and "350/300字" in item.message


def check_of(report, path):
    from dejiden.model.completeness import check

    return check(report).problems_at(path)[0]


def test_editions_are_found_by_id_only():
    for ed in editions():
        assert load_edition(ed.id) == ed  # each file's id matches its name
    assert len({e.id for e in editions()}) == len(editions())
    for hostile in ("../editions/r3_hosei_type1", "r3_hosei_type1", "forms/type1", "R3-HOSEI-TYPE1", "", "x" * 500):
        with pytest.raises(KeyError):
            load_edition(hostile)
