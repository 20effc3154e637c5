"""The conversation offers what the report already implies, speaks with one voice, and ends once (issue 14)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dejiden.model.draft import Draft
from dejiden.model.example import seed_report
from dejiden.model.behaviour import suggested_unit
from dejiden.prompts.walker import REVIEW, Walker
from dejiden.prompts.wording import quote, show

from .seed_answers import seed_answers
from .test_walker import TODAY, new_walker, texts

RECORDED = re.compile(r"^「([^「」]*)」(千円|（金額なし）)?を記録しました。")


def planned(w: Walker, *rows: tuple[str, str]) -> None:
    w.goto("budget.planned.expenses")
    for item, amount in rows:
        w.handle(item)
        w.handle(amount)
    w.handle("")  # no more planned expenses
    w.handle("")  # no planned incomes


def test_the_actual_side_offers_the_planned_items_and_asks_only_the_amount():
    w = new_walker()
    planned(w, ("システム改修費", "2,000"), ("委託料", "500"))
    assert w.current == "budget.actual.expenses"
    prompt = w.prompt()
    assert prompt.default == "システム改修費" and "空のまま Enter で「システム改修費」" in prompt.text
    w.handle("")
    assert w.current == "budget.actual.expenses[0].amount"
    w.handle("1,800")
    assert w.prompt().default == "委託料"
    w.handle("保守費")  # the typed name wins
    w.handle("300")
    assert w.current == "budget.actual.expenses" and w.prompt().default is None  # no planned row left
    w.handle("")
    assert [(r.item, r.amount) for r in w.report.budget.actual.expenses] == [("システム改修費", 1800), ("保守費", 300)]
    assert w.current == "budget.actual.incomes"


def test_a_word_ends_a_list_that_offers_a_planned_item():
    w = new_walker()
    planned(w, ("システム改修費", "2,000"), ("委託料", "500"))
    w.handle("")
    w.handle("2,000")
    reply = w.handle("なし")  # the actual side had one row only
    assert texts(reply)[0].startswith("【実際】経費合計 2,000・")  # the side's totals, said when its lists end
    assert [r.item for r in w.report.budget.actual.expenses] == ["システム改修費"]
    assert w.current == "budget.actual.incomes"


def test_a_word_ends_a_list_where_nothing_is_offered_too():
    """「なし」 learned on the rows that offered a planned item is never stored as an item's name."""
    w = new_walker()
    planned(w, ("システム改修費", "2,000"))
    w.handle("")
    w.handle("2,000")
    assert w.current == "budget.actual.expenses" and w.prompt().default is None  # no planned row left
    w.handle("なし")
    assert [r.item for r in w.report.budget.actual.expenses] == ["システム改修費"]
    assert w.current == "budget.actual.incomes"
    w.handle("なし")  # no incomes: the list is answered, and empty
    assert w.report.budget.actual.incomes == []


def test_kpis_end_with_an_empty_enter_and_the_next_kpi_starts_with_its_name():
    w = new_walker(seed_report())
    w.report.kpis = w.report.kpis[:1]
    w.draft.session.closed = ["edition"]
    w.goto("kpis")
    w.refresh()
    assert "KPI②のKPI名" in w.prompt().text
    reply = w.handle("窓口での手続きに要する平均時間")
    assert texts(reply)[0] == "「窓口での手続きに要する平均時間」を記録しました。KPI②として追加しました。"
    assert w.current == "kpis[1].kind"
    w.goto("kpis")
    w.handle("")
    assert len(w.report.kpis) == 2 and "kpis" in w.draft.session.closed


@pytest.mark.parametrize("name, unit", [
    ("行政手続きのオンライン申請の割合", "パーセント"), ("窓口のキャッシュレス決済率", "パーセント"),
    ("地域プラットフォーム連携事業者数", "件"), ("相談件数", "件"), ("講座の参加人数", "人"), ("観光アプリの月間利用者数", "人"),
    ("住民の満足度", None), ("窓口での手続きに要する平均時間", None), ("業務効率化の取組", None),
    # the head noun is read through a suffix (issue 18)
    ("オンライン手続数（第7指標）", "件"), ("窓口の利用率（再掲）", "パーセント"), ("講座の受講者数 (R5)", "人"),
    ("観光アプリ利用者数【KPI】（第2指標）", "人"), ("住民の満足度（第1指標）", None),
])
def test_unit_is_suggested_from_the_kpi_name_only_where_obvious(name, unit):
    assert suggested_unit(name) == unit


def test_a_suggested_unit_is_offered_visibly_and_the_typed_one_wins():
    w = new_walker()
    w.goto("kpis[0].name")
    w.handle("行政手続きのオンライン申請の割合")
    w.handle("1")
    assert w.current == "kpis[0].unit" and w.report.kpis[0].unit is None  # never stored unasked
    prompt = w.prompt()
    assert prompt.default == "パーセント" and "空のまま Enter で「パーセント」" in prompt.text
    w.handle("％")
    assert w.report.kpis[0].unit == "％"
    w.goto("kpis[0].unit")
    w.report.kpis[0].unit = None
    w.handle("")
    assert w.report.kpis[0].unit == "パーセント"


@given(st.text(max_size=30))
def test_a_unit_suggestion_is_never_stored_by_naming_a_kpi(name):
    w = new_walker()
    w.goto("kpis[0].name")
    w.handle(name)
    assert w.report.kpis == [] or w.report.kpis[0].unit is None


def test_moving_a_narrative_defaults_to_what_keeps_the_text():
    w = new_walker(seed_report())
    kpi = w.report.kpis[4]  # achieved: only the 「KPI達成」 box is asked
    kpi.narrative_unachieved, text = kpi.narrative_achieved, kpi.narrative_achieved
    kpi.narrative_achieved = None
    w.refresh()
    w.goto("kpis[4].narrative_move")
    assert w.prompt().default == "移す"
    w.handle("")
    assert kpi.narrative_achieved == text and kpi.narrative_unachieved is None
    kpi.narrative_unachieved = "古い文章"
    w.refresh()
    w.goto("kpis[4].narrative_move")
    assert w.prompt().default == "残す"  # both boxes hold text: Enter clears nothing
    w.handle("")
    assert kpi.narrative_unachieved == "古い文章"


@pytest.mark.parametrize("path, typed, stored, said", [
    ("budget.planned.expenses[0].amount", "３５００", "「3,500」千円を記録しました。", "全角の英数字・記号を半角に直しました。"),
    ("budget.planned.expenses[0].amount", "12,000", "「12,000」千円を記録しました。", ""),
    ("budget.planned.expenses[0].amount", "なし", "「-」（金額なし）を記録しました。", "金額なしは様式では「-」と書きます。"),
    ("kpis[0].fy2023.target", "▲５", "「-5」を記録しました。", "全角の英数字・記号を半角に直しました。"),
    ("kpis[0].fy2023.target", "1,200", "「1200」を記録しました。", "桁区切りの「,」を除きました。"),
    ("header.entry_date", "2024/6/19", "「2024年6月19日」を記録しました。", "様式の書き方（年月日）に直しました。"),
    ("header.phone", "０２４２－５５－１１７１", "「0242-55-1171」を記録しました。", "全角の英数字・記号を半角に直しました。"),
    ("header.lg_code", "074471", "「07447」を記録しました。", "6桁目の検査数字（1）は合っています。様式には5桁で書きます。"),
])
def test_every_confirmation_says_the_value_as_stored_then_what_changed(path, typed, stored, said):
    w = new_walker()
    if path.startswith("budget"):
        w.goto("budget.planned.expenses")
        w.handle("項目")
    if path.startswith("kpis"):
        w.goto("kpis[0].name")
        w.handle("KPI")
    w.goto(path)
    reply = w.handle(typed)
    assert reply.accepted, texts(reply)
    assert texts(reply)[0].startswith(stored + said)
    assert RECORDED.match(texts(reply)[0])


def test_the_seed_conversation_speaks_with_one_voice_and_ends_once():
    w = Walker(Draft(), today=lambda: TODAY)
    said = []
    for answer in seed_answers():
        said += texts(w.handle(answer))
    assert w.current == REVIEW
    assert sum("すべての質問に答えました" in t for t in said) == 1
    assert not any("「「" in t or "」」" in t for t in said), [t for t in said if "「「" in t or "」」" in t]
    assert not any("として記録しました" in t for t in said)  # the old second pattern
    assert not any("074471" in t or "検査数字つき" in t for t in said)  # the code shown once, as 5 digits
    # the greeting of a finished draft says it too, once
    again = Walker(w.draft, today=lambda: TODAY)
    assert sum("すべての質問に答えました" in m.text for m in again.greeting()) == 1


def test_labels_holding_brackets_are_quoted_without_doubling():
    w = new_walker(seed_report())
    reply = w.jump("KPI③ 未達成")
    assert "「「" not in texts(reply)[0] and "『KPI未達成又は未計測』" in texts(reply)[0]
    assert quote("「KPI達成」の場合") == "「『KPI達成』の場合」" and show(None) == ""


@pytest.mark.writes_files
async def test_the_screen_says_all_answered_once(tmp_path):
    from dejiden.tui.panels import Guide

    from .tui_helpers import app_for, chat_text, seed_draft, type_answer

    last = "checklist.4-3"
    seed_draft(tmp_path, clear=(last,), current=last)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_answer(pilot, "評価の結果を翌年度の計画に反映した。")
        await pilot.pause()
        assert app.screen.walker.current == REVIEW
        guides = "\n".join(str(g.render()) for g in app.screen.query(Guide))
        assert chat_text(app).count("すべての質問に答えました") == 1
        assert "すべての質問に答えました" not in guides


@pytest.mark.parametrize("report", [seed_report(), None], ids=["seed", "new"])
def test_no_question_hint_or_review_row_doubles_its_brackets(report):
    w = Walker(Draft(report) if report else Draft(), today=lambda: TODAY)
    if report is not None:  # the other narrative box holds text too: the move question is asked
        w.report.kpis[4].narrative_unachieved = "前の文章"
        w.refresh()
    doubled = re.compile(r"「「|」」|（（")
    found = []
    for s in w.steps:
        w.goto(s.id)
        p = w.prompt()
        found += [t for t in (p.text, p.hint, p.example, p.notice or "") if doubled.search(t)]
    found += [r.message for r in w.review_rows() if doubled.search(r.message or "")]
    assert not found


@given(st.integers(min_value=0, max_value=10**9), st.booleans(), st.booleans())
def test_an_amount_is_said_back_as_the_form_prints_it(amount, wide, commas):
    typed = f"{amount:,}" if commas else str(amount)
    if wide:
        typed = typed.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    w = new_walker()
    w.goto("budget.planned.expenses")
    w.handle("項目")
    reply = w.handle(typed)
    assert w.report.budget.planned.expenses[0].amount == amount
    said = texts(reply)[0]
    assert said.startswith(f"「{amount:,}」千円を記録しました。")
    assert ("全角" in said) == wide and "「,」" not in said  # commas are how the form prints amounts


def test_a_full_narrative_says_before_typing_that_the_time_cannot_be_appended():
    report = seed_report()
    report.kpis[2].narrative_unachieved = "計測できなかった。" * 33  # 297 characters, no time
    w = new_walker(report)
    w.goto("kpis[2].measure_time")
    assert "残り3字" in w.prompt().text and "/back" in w.prompt().text
    report.kpis[2].narrative_unachieved = "計測できなかった。"
    w.refresh()
    assert "いつ計測する予定ですか" in w.prompt().text


def test_review_rows_show_amounts_as_the_form_prints_them():
    w = new_walker(seed_report())
    w.report.budget.planned.expenses[0].amount = 3500
    w.refresh()
    row = next(r for r in w.review_rows() if r.step.id == "budget.planned.expenses[0].amount")
    assert row.value == "3,500"
    w.goto("budget.planned.expenses[0].amount")
    assert w.prompt().current == "3,500"  # revisiting shows it the same way, and 3,500 is accepted back
    assert w.handle(w.prompt().current).accepted and w.report.budget.planned.expenses[0].amount == 3500


def test_actual_budget_rows_are_not_told_to_copy_the_plan():
    w = new_walker(seed_report())
    for path in ("budget.actual.expenses[0].item", "budget.actual.incomes"):
        w.goto(path)
        assert "実施計画書" not in w.prompt().hint and "実際に" in w.prompt().hint
    w.goto("budget.planned.expenses[0].item")
    assert "実施計画書の項目名をそのまま" in w.prompt().hint


def test_one_wording_for_ending_a_list():
    """Every list says the same thing: 「なし」 ends it (the 実際 side's Enter takes the 予定 item, issue 18)."""
    from dejiden.prompts.data import questions

    text = questions()
    for key in ("budget.*.*", "kpis"):
        for name, wording in text["step"][key].items():
            if name.startswith(("question", "hint")):
                assert "空のまま Enter" not in wording, (key, name)
        assert all("「なし」と入力" in text["step"][key][name] for name in ("question", "hint"))
    w = new_walker()
    w.goto("budget.planned.expenses")
    w.handle("情報連携基盤の運用経費")
    w.goto("budget.planned.expenses")
    assert "「なし」と入力します" in w.prompt().text
    assert w.handle("なし").accepted and "budget.planned.expenses" in w.draft.session.closed
