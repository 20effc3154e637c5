"""Limits speak (issue 18 item 3): the 15th KPI and the 10th budget row say the form holds no more and how
to make room; ctrl+p and /jump answer 「KPI⑯」「KPI16」「経費 11」 with the limit, not "no match".
The limits are read from the edition, never written here."""

from __future__ import annotations

import pytest

from bench.keys import report_with_kpis
from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts.walker import Walker

from .screen_text import screen_text
from .tui_helpers import TODAY, app_for, palette_query


def texts(reply) -> list[str]:
    return [m.text for m in reply.messages]


def _walker_with_kpis(n: int) -> Walker:
    report = report_with_kpis(max(n, 1))
    report.kpis = report.kpis[:n]
    return Walker(draft.Draft(report, draft.Session(current="kpis")), today=lambda: TODAY)


def test_the_last_kpi_is_named_when_added_and_the_form_full_when_left():
    w = _walker_with_kpis(0)
    limit = w.ed.max_kpis
    w = _walker_with_kpis(limit - 1)
    said = " ".join(texts(w.handle("新しいKPI")))
    assert "これが様式の最後のKPIです。" in said and "/delete" not in said  # the paragraph comes once, when the list is left
    for answer in ("1", "件", "1", "2", "1", "3", "4"):
        assert w.handle(answer).accepted
    assert w.current == f"kpis[{limit - 1}].narrative_achieved"
    w.handle("取組を書いた。")
    assert w.current == "kpis"  # the full list is still asked once: a pasted 16th KPI is refused, not stored elsewhere
    asked = w.prompt().text
    assert f"KPIの枠は{limit}個" in asked and "これ以上KPIは入りません" in asked and "/delete" in asked and "空のまま Enter" in asked
    said = " ".join(texts(w.handle("16番目のKPI")))
    assert "これ以上KPIは入りません" in said and len(w.report.kpis) == limit and w.current == "kpis"
    assert w.handle("").accepted and w.current != "kpis"


def test_a_kpi_beyond_the_form_is_refused_with_the_limit():
    w = _walker_with_kpis(0)
    w = _walker_with_kpis(w.ed.max_kpis)
    w.goto("kpis")
    said = " ".join(texts(w.handle("16番目のKPI")))
    assert f"KPIの枠は{w.ed.max_kpis}個" in said and "/delete" in said and "「なし」" in said
    assert len(w.report.kpis) == w.ed.max_kpis


def test_the_last_budget_row_says_the_form_is_full():
    report = seed_report()
    w = Walker(draft.Draft(report), today=lambda: TODAY)
    limit = w.ed.max_budget_rows
    from dejiden.model import paths

    rows = paths.get(report, "budget.planned.expenses")
    while len(rows) < limit - 1:
        paths.append_row(report, "budget.planned.expenses")
        paths.set_value(report, f"budget.planned.expenses[{len(rows) - 1}].item", f"経費{len(rows)}")
        paths.set_value(report, f"budget.planned.expenses[{len(rows) - 1}].amount", 1)
    w = Walker(draft.Draft(report, draft.Session(current="budget.planned.expenses")), today=lambda: TODAY)
    w.goto("budget.planned.expenses")
    said = " ".join(texts(w.handle("最後の経費")))
    assert "これが様式の最後の行です。" in said
    w.handle("5")
    asked = w.prompt().text
    assert w.current == "budget.planned.expenses" and f"【予定】経費項目は{limit}行まで" in asked and "/delete" in asked
    assert "これ以上の行は入りません" in asked
    for pasted in ("項目11", "110"):  # an 11th row pasted in a burst lands nowhere (it used to become the first 収入)
        reply = w.handle(pasted)
        assert not reply.accepted and "これ以上の行は入りません" in " ".join(texts(reply))
    assert not paths.get(report, "budget.planned.incomes") and len(rows) == limit
    assert w.handle("").accepted and w.current != "budget.planned.expenses"


@pytest.mark.parametrize("query", ["KPI⑯", "KPI16", "ｋｐｉ １６"])
def test_jump_to_a_kpi_beyond_the_form_names_the_limit(query):
    w = Walker(draft.Draft(seed_report()), today=lambda: TODAY)
    said = " ".join(texts(w.jump(query)))
    assert f"KPI{chr(0x2460 + w.ed.max_kpis)}はありません" in said and f"{w.ed.max_kpis}個" in said
    assert "見つかりません" not in said


def test_jump_to_a_budget_row_beyond_the_form_names_the_limit():
    w = Walker(draft.Draft(seed_report()), today=lambda: TODAY)
    limit = w.ed.max_budget_rows
    said = " ".join(texts(w.jump(f"経費 {limit + 1}")))
    assert f"{limit + 1}行目はありません" in said and f"{limit}行まで" in said
    assert w.beyond_limit(f"経費 {limit}") is None and w.beyond_limit("KPI1 2023 目標") is None


@pytest.mark.writes_files
@pytest.mark.parametrize("query", ["KPI16", "経費 11"])
async def test_the_palette_names_the_limit(tmp_path, query):
    draft.save(tmp_path / "r.toml", draft.Draft(seed_report()))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette_query(pilot, query)
        shown = screen_text(app)
        assert "はありません" in shown and ("15個" in shown or "10行" in shown)
        assert "当てはまる質問がありません" not in shown


@pytest.mark.writes_files
async def test_the_review_shows_budget_totals_and_balances_for_both_sides(tmp_path):
    """F2 shows 経費合計, 収入合計 and 収入合計-経費合計 for 予定 and 実際 (issue 18)."""
    from dejiden.model import rules

    report = seed_report()
    BudgetRow = report.ed.models.budget_row  # the draft's own edition's row model

    report.budget.actual.incomes = [BudgetRow(item="交付金", amount=1500)]
    report.budget.actual.expenses[0].amount = 1200
    draft.save(tmp_path / "r.toml", draft.Draft(report))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        shown = screen_text(app)
        for side, short in (("planned", "予定"), ("actual", "実際")):
            part = getattr(report.budget, side)
            line = next(line for line in shown.splitlines() if f"【{short}】" in line)
            assert f"経費合計 {rules.show_amount(part.expense_total)}" in line
            assert f"収入合計 {rules.show_amount(part.income_total)}" in line
        assert f"収入合計-経費合計 {rules.show_amount(report.budget.actual.balance)}" in shown


@pytest.mark.writes_files
def test_the_plain_review_shows_the_budget_totals_too(tmp_path):
    from .plain_helpers import run
    from .tui_helpers import seed_draft

    seed_draft(tmp_path, clear=("header.department",), current="header.department")
    _, out = run(tmp_path, "/review\n\n/quit\n")
    assert "【予定】経費合計 2,000・収入合計 -・収入合計-経費合計 -2,000（千円）" in out
    assert "【実際】経費合計 -" in out


def test_the_limit_is_the_editions_not_a_number_in_the_code():
    """The test edition holds 20 KPIs: its 20th is the last, 「KPI⑯」 is found, 「KPI21」 is beyond."""
    from dejiden.model import paths
    from dejiden.model.edition import load_edition

    ed = load_edition("test-3years")
    report = draft.Report(edition=ed.id)
    for i in range(ed.max_kpis - 1):
        paths.append_row(report, "kpis")
        report.kpis[i].name = f"指標{i + 1}"
    w = Walker(draft.Draft(report, draft.Session(current="kpis")), today=lambda: TODAY)
    w.goto("kpis")
    said = " ".join(texts(w.handle("最後の指標")))
    assert "これが様式の最後のKPIです。" in said and f"KPI{chr(0x2473)}として" in said
    beyond = w.beyond_limit(f"KPI{ed.max_kpis + 1}")
    assert w.beyond_limit("KPI16") is None and f"KPIの枠は{ed.max_kpis}個" in beyond and "/delete" in beyond


@pytest.mark.parametrize("list_path, answers, room", [
    ("budget.planned.expenses", ["最後の経費", "5"], "これ以上の行は入りません"),
    ("kpis", ["最後のKPI", "1", "件", "1", "2", "1", "3", "4", "取組を書いた。"], "これ以上KPIは入りません"),
])
def test_a_full_list_says_its_limit_once_in_the_log(tmp_path, list_path, answers, room):
    """Adding the last row, then its questions, then 「次の行」: the paragraph (how to make room) is in the log once,
    at the question where it applies; adding the row says only that it is the last one."""
    from dejiden.model import paths
    from dejiden.prompts.session import DraftSession

    report = seed_report()
    limit = report.ed.max_kpis if list_path == "kpis" else report.ed.max_budget_rows
    if list_path == "kpis":
        report = report_with_kpis(limit - 1)
    else:
        rows = paths.get(report, list_path)
        while len(rows) < limit - 1:
            paths.append_row(report, list_path)
            paths.set_value(report, f"{list_path}[{len(rows) - 1}].item", f"経費{len(rows)}")
            paths.set_value(report, f"{list_path}[{len(rows) - 1}].amount", 1)
    path = tmp_path / "r.toml"
    draft.save(path, draft.Draft(report, draft.Session(current=list_path)))
    session = DraftSession.open(path, lambda: TODAY)
    session.walker.goto(list_path)
    log = []
    for answer in answers:
        reply = session.handle(answer)
        assert reply.accepted, (answer, texts(reply))
        log += texts(reply) + [session.walker.prompt().text]  # what the chat shows: the reply, then the next question
    assert session.walker.current == list_path
    assert sum(t.count(room) for t in log) == 1, log
    assert "これが様式の最後の" in log[0]  # said when the last row is added, in a few words
