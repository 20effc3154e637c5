import datetime as dt

from dejiden.model import paths
from dejiden.model.draft import Draft, Session
from dejiden.model.example import seed_report
from dejiden.model.report import Report

BudgetRow = Report().ed.models.budget_row  # the seed edition's budget row model
from dejiden.prompts.walker import REVIEW, Walker

from .seed_answers import seed_answers

TODAY = dt.date(2026, 11, 28)


def new_walker(report=None, session=None) -> Walker:
    """A walker over a draft of the seed's edition, chosen already (so the edition is not asked)."""
    return Walker(Draft(report or Report(edition="r3-hosei-type1"), session or Session(closed=["edition"])),
                  today=lambda: TODAY)


def texts(reply):
    return [m.text for m in reply.messages]


def test_the_seed_report_typed_in_order_equals_the_example():
    w = Walker(Draft(), today=lambda: TODAY)  # a new draft: the edition is its first question
    assert w.current == "edition"
    for answer in seed_answers():
        reply = w.handle(answer)
        assert reply.accepted, (w.current, answer, texts(reply))
    assert w.current == REVIEW
    assert w.report == seed_report()
    assert w.check().complete


def test_municipality_fills_prefecture_and_code_and_skips_their_questions():
    w = new_walker()
    w.handle("")  # 記入日 defaults to today
    assert w.report.header.entry_date == TODAY
    reply = w.handle("会津美里")
    h = w.report.header
    assert (h.prefecture, h.municipality, h.lg_code) == ("福島県", "会津美里町", "07447")
    assert texts(reply)[0] == "「会津美里町」を記録しました。団体の一覧から都道府県名「福島県」と地方公共団体コード「07447」も入れました。"
    assert w.current == "header.department"


def test_wrong_answer_gets_the_japanese_error_and_the_same_question():
    w = new_walker()
    reply = w.handle("2024年2月30日")
    assert not reply.accepted and reply.messages[0].tone == "error"
    assert "存在しない日付" in texts(reply)[0]
    assert w.current == "header.entry_date"
    assert w.report.header.entry_date is None


def test_triangle_is_recorded_as_minus_and_said_back():
    w = new_walker()
    w.goto("kpis[0].fy2023.target")
    reply = w.handle("▲5")
    assert texts(reply)[0] == "「-5」を記録しました。※2：▲を「-（マイナス）」に置き換えました。"
    assert w.report.kpis[0].year(2023).target == -5


def test_actual_reports_the_computed_status_and_the_narrative_box():
    w = new_walker()
    w.goto("kpis[0].fy2023.target")
    w.handle("7")
    w.goto("kpis[0].fy2023.actual")
    reply = w.handle("6.8")
    assert "2023年度末：目標 7 に対して実績 6.8 → 未達成" in texts(reply)
    assert any("「KPI未達成又は未計測」の場合の欄" in t for t in texts(reply))
    assert w.step("kpis[0].narrative_unachieved") is not None
    assert w.step("kpis[0].narrative_achieved") is None


def test_the_forms_decrease_examples():
    w = new_walker()
    w.goto("kpis[0].name")
    w.handle("窓口対応に要する時間の短縮")
    w.goto("kpis[0].fy2023.target")
    w.handle("25")
    note = w.step("kpis[0].note")
    assert note is not None  # offered because the name reads like a reduction
    w.goto(note.id)
    assert "減少KPI" in w.prompt().notice
    w.handle("2")
    assert w.report.kpis[0].note == "減少KPI"
    w.goto("kpis[0].fy2023.actual")
    assert "→ 達成（減少KPI：目標以下で達成）" in " ".join(texts(w.handle("23")))


def test_zero_target_offers_zero_kpi():
    w = new_walker()
    w.goto("kpis[0].name")
    w.handle("事故件数")
    w.goto("kpis[0].fy2023.target")
    reply = w.handle("0")
    assert not any("0目標KPI" in t for t in texts(reply))  # the 備考 question ahead says it, once
    w.goto("kpis[0].note")
    prompt = w.prompt()
    assert prompt.default is None and "0目標KPI" in prompt.notice  # suggested with its reason, never pre-selected
    w.handle("1")  # （なし）
    w.goto("kpis[0].fy2023.target")
    reply = w.handle("0")
    assert any("0目標KPI" in t for t in texts(reply))  # 備考 already answered: said here


def test_unmeasured_asks_for_the_measurement_time_when_missing():
    w = new_walker()
    w.goto("kpis[0].fy2023.actual")
    w.handle("未計測")
    w.goto("kpis[0].narrative_unachieved")
    assert "計測時期" in w.prompt().text
    w.handle("事業者からデータの提供を受けられなかった。")
    assert w.current == "kpis[0].measure_time"
    said = texts(w.handle("2023年12月"))[0]  # a month, but inside the year reported on
    assert "報告する2023年度（2024年3月まで）の中か前です" in said and "2024年4月以降" in said
    assert "時期が決まりません" in texts(w.handle("そのうち"))[0]
    w.handle("2025年3月末")
    assert w.report.kpis[0].narrative_unachieved.endswith("（計測時期：2025年3月末）")
    assert w.step("kpis[0].measure_time") is None


def test_back_returns_to_the_question_asked_not_one_filled_in():
    w = new_walker()
    w.handle("2024/6/19")
    w.handle("会津美里町")  # fills 都道府県名 and コード too
    asked = w.current
    assert asked not in ("header.prefecture", "header.lg_code")
    w.handle("/back")
    assert w.current == "header.municipality"
    w.handle("/back")
    assert w.current == "header.entry_date"
    w.handle("/jump KPI① 2023年度末 実績")
    w.handle("/back")
    assert w.current == "header.entry_date"  # a jump is undone by /back too


def test_narrative_over_300_is_refused_and_nothing_is_lost():
    w = new_walker(seed_report())
    w.goto("kpis[0].narrative_unachieved")
    before = w.report.kpis[0].narrative_unachieved
    reply = w.handle("あ" * 299 + "𠮷")
    assert not reply.accepted and "301/300字" in texts(reply)[0]
    assert w.report.kpis[0].narrative_unachieved == before


def test_back_skip_and_jump():
    w = new_walker()
    w.handle("2024/6/19")
    assert w.current == "header.municipality"
    w.handle("/back")
    assert w.current == "header.entry_date"
    w.handle("/skip")
    w.handle("/skip")
    assert w.current == "header.prefecture"
    reply = w.handle("/jump KPI① 2023年度末 実績")
    assert w.current == "kpis[0].fy2023.actual" and reply.messages[0].tone == "note"
    assert w.handle("/jump 存在しない項目").messages[0].tone == "error"
    assert w.handle("/jump").action == "jump"
    assert w.handle("/review").action == "review"
    assert w.handle("/nope").messages[0].tone == "error"


def test_revisiting_keeps_the_value_on_empty_enter():
    w = new_walker(seed_report())
    w.goto("header.department")
    assert w.prompt().current == "政策財政課"
    reply = w.handle("")
    assert texts(reply)[0] == "「政策財政課」のままにしました。"
    assert w.report.header.department == "政策財政課"


def test_code_that_disagrees_with_the_name_is_refused():
    w = new_walker()
    w.goto("header.municipality")
    w.handle("会津美里町")
    w.goto("header.lg_code")
    reply = w.handle("07201")
    assert not reply.accepted and "福島市" in texts(reply)[0]
    assert w.handle("074471").accepted


def test_resume_continues_at_the_saved_question():
    report = seed_report()
    paths.clear(report, "kpis[1].fy2023.actual")
    w = new_walker(report)
    assert w.current == "kpis[1].fy2023.actual"
    assert "前回の続き" in w.greeting()[0].text
    w2 = new_walker(report, Session(current="header.phone"))
    assert w2.current == "header.phone"


def test_review_rows_put_missing_first_and_outline_counts():
    report = seed_report()
    report.header.phone = None
    w = new_walker(report)
    rows = w.review_rows()
    assert rows[0].step.id == "header.phone" and rows[0].status == "missing"
    outline = {s.title: s for s in w.outline()}
    assert outline["基本情報"].answered == outline["基本情報"].total - 1
    assert outline["２.　事業のKPI"].state == "done"


def test_budget_rows_start_with_their_name_and_end_with_an_empty_enter():
    w = new_walker()
    w.goto("budget.planned.incomes")
    assert "「なし」と入力します" in w.prompt().text and w.prompt().default is None
    reply = w.handle("国庫補助")
    assert texts(reply)[0].startswith("「国庫補助」を記録しました。") and texts(reply)[0].endswith("として追加しました。")
    assert w.current == "budget.planned.incomes[0].amount"
    w.handle("1,500")
    assert w.current == "budget.planned.incomes"
    w.handle("一般財源")
    w.handle("500")
    reply = w.handle("")
    assert "収入合計 2,000" in texts(reply)[0]
    assert w.report.budget.planned.income_total == 2000
    assert [r.item for r in w.report.budget.planned.incomes] == ["国庫補助", "一般財源"]


def test_help_shows_hint_and_example():
    w = new_walker()
    w.goto("kpis[0].name")
    reply = w.handle("/help")
    assert reply.action == "help" and any("窓口対応" in t for t in texts(reply))


def test_help_ends_with_the_whole_example_so_the_log_shows_it():
    w = new_walker(seed_report())
    w.goto("kpis[1].narrative_unachieved")
    said = texts(w.handle("/help"))
    assert said[-1] == "記入例：" + w.prompt().example  # the last message: what a short log keeps in view


def test_jump_matches_every_word():
    w = new_walker(seed_report())
    w.handle("/jump KPI② 記述")
    assert w.current == "kpis[1].narrative_unachieved"


def test_a_bare_year_does_not_name_the_measurement_time():
    w = new_walker()
    w.goto("kpis[0].fy2023.actual")
    w.handle("未計測")
    w.goto("kpis[0].narrative_unachieved")
    w.handle("調査票の回収が遅れた。2024年度は調査票に設問を組み込む。")
    assert w.current == "kpis[0].measure_time"
    reply = w.handle("2024年度")
    assert not reply.accepted and "月か、年度末・上半期・四半期" in texts(reply)[0]
    assert w.handle("令和6年度末").accepted
    assert w.report.kpis[0].narrative_unachieved.endswith("（計測時期：令和6年度末）")
    assert w.step("kpis[0].measure_time") is None


def test_minus_targets_suggest_none_and_say_why_but_the_officer_picks():
    w = new_walker()
    w.goto("kpis[0].name")
    w.handle("窓口対応に要する時間の短縮")  # reads like a reduction …
    w.goto("kpis[0].fy2022.target")
    w.handle("▲5")
    w.handle("▲10")  # … but written with a minus (※2), so 備考 is （なし）, not 減少KPI (※1)
    assert w.current == "kpis[0].note"
    prompt = w.prompt()
    assert prompt.default is None
    assert prompt.notice.startswith("目標値にマイナスを使っているので備考は（なし）です（※1）")
    refused = w.handle("")  # Enter with nothing chosen stores nothing and says what to press
    assert not refused.accepted and w.current == "kpis[0].note" and "kpis[0].note" not in w.draft.session.closed
    assert "番号で選んでから Enter" in texts(refused)[-1] and "1 （なし）、2 減少KPI、3 0目標KPI" in texts(refused)[-1]
    assert w.handle("1").accepted
    assert w.report.kpis[0].note is None and "kpis[0].note" in w.draft.session.closed


def test_minus_target_with_decrease_kpi_warns_in_review():
    w = new_walker()
    w.goto("kpis[0].fy2023.target")
    w.handle("-5")
    w.goto("kpis[0].note")
    w.handle("減少KPI")
    w.goto("kpis[0].fy2022.target")
    assert any("※1：備考が[減少KPI]ですが" in t for t in texts(w.handle("▲3")))  # said where it is typed
    rows = [r for r in w.review_rows() if r.step.id == "kpis[0].note"]
    assert [r.status for r in rows] == ["warning"] and "マイナス" in rows[0].message


def test_moved_text_is_asked_next_prefilled_until_confirmed():
    w = new_walker(seed_report())
    kpi = w.report.kpis[0]  # 2023: 7 / 6.8 → 未達成, text in the 未達成 box
    text = kpi.narrative_unachieved
    w.goto("kpis[0].fy2023.actual")
    w.handle("7.2")  # now 達成: the text sits in the box the result no longer asks for
    assert w.current == "kpis[0].narrative_move"
    w.handle("")  # Enter: 移す
    assert kpi.narrative_achieved == text and kpi.narrative_unachieved is None
    assert w.current == "kpis[0].narrative_achieved"  # the officer sees the moved text again
    prompt = w.prompt()
    assert "結果に合うよう見直して Enter で確定" in prompt.text and prompt.current == text
    assert w.first_pending() == "kpis[0].narrative_achieved"  # not done until confirmed (also on resume)
    (row,) = [r for r in w.review_rows() if r.step.id == "kpis[0].narrative_achieved"]
    assert row.status == "missing" and "見直して" in row.message
    reply = w.handle("")  # Enter keeps it
    assert reply.accepted and kpi.narrative_achieved == text
    assert w.current != "kpis[0].narrative_achieved" and w.first_pending() != "kpis[0].narrative_achieved"
    assert "結果に合うよう" not in (w.goto("kpis[0].narrative_achieved") or w.prompt().text)


def test_moved_text_can_be_rewritten_on_confirming():
    w = new_walker(seed_report())
    w.goto("kpis[0].fy2023.actual")
    w.handle("7.2")
    w.handle("移す")
    w.handle("満足度調査で目標を上回った。")
    assert w.report.kpis[0].narrative_achieved == "満足度調査で目標を上回った。"
    assert not [c for c in w.draft.session.closed if c.startswith("moved:")]


def test_the_measurement_time_example_comes_after_the_year_reported_on():
    from dejiden.model import rules

    for edition in ("r3-hosei-type1", "r4-hosei-type1"):
        w = new_walker(Report(edition=edition))
        final = w.ed.final_year
        w.goto(f"kpis[0].fy{final}.actual")
        w.handle("未計測")
        w.goto("kpis[0].narrative_unachieved")
        w.handle("データの提供を受けられなかった。")
        assert w.current == "kpis[0].measure_time"
        example = w.prompt().example
        assert rules.mentions_time(example, final), (edition, example)
        assert w.handle(example).accepted


def test_delete_removes_the_row_or_kpi_of_the_current_question():
    report = seed_report()
    report.budget.planned.expenses += [BudgetRow(item="委託料", amount=300), BudgetRow(item="備品", amount=50)]
    w = new_walker(report)
    w.goto("budget.planned.expenses[1].item")
    items = [r.item for r in w.report.budget.planned.expenses]
    reply = w.handle("なし")  # never a name: refused, and the way to delete is named
    assert not reply.accepted and "/delete" in texts(reply)[0]
    assert [r.item for r in w.report.budget.planned.expenses] == items
    reply = w.handle("/delete")  # names what would go and removes nothing yet
    assert "2行目" in texts(reply)[0] and "/delete はい" in texts(reply)[0] and not reply.accepted
    assert [r.item for r in w.report.budget.planned.expenses] == items
    reply = w.handle("/delete はい")
    assert "2行目" in texts(reply)[0] and "削除しました" in texts(reply)[0]
    assert [r.item for r in w.report.budget.planned.expenses] == items[:1] + items[2:]
    names = [k.name for k in w.report.kpis]
    w.goto("kpis[1].fy2023.actual")
    reply = w.handle("／ｄｅｌｅｔｅ　はい")  # typed full-width, as an input method gives it
    assert "KPI②" in texts(reply)[0] and "繰り上がりました" in texts(reply)[0]
    assert [k.name for k in w.report.kpis] == names[:1] + names[2:]
    assert w.current.startswith("kpis[1].")  # on the KPI that moved up
    w.goto("header.phone")
    assert w.handle("/delete").messages[0].tone == "error"  # not a row: nothing removed
    assert len(w.report.kpis) == len(names) - 1


def test_delete_renumbers_the_sessions_notes_for_later_kpis():
    from dejiden.prompts.rows import renumber

    assert renumber("moved:kpis[3].narrative_achieved", "kpis", 1) == "moved:kpis[2].narrative_achieved"
    assert renumber("moved:kpis[1].narrative_achieved", "kpis", 1) is None
    assert renumber("moved:kpis[0].narrative_achieved", "kpis", 1) == "moved:kpis[0].narrative_achieved"
    assert renumber("budget.planned.expenses", "kpis", 1) == "budget.planned.expenses"


def test_unticking_every_box_of_a_required_multi_select_is_refused_not_kept():
    w = new_walker(seed_report())
    w.goto("checklist.1-2")
    before = w.report.checklist.get("1-2")
    reply = w.handle("")  # what the list sends with nothing ticked
    assert not reply.accepted and reply.messages[0].tone == "error"
    assert "のままにしました" not in texts(reply)[0]
    assert w.report.checklist.get("1-2") == before


def test_choosing_a_note_that_does_not_fit_the_targets_says_so_at_once():
    w = new_walker(seed_report())
    w.report.kpis[1].years[2022].target = 5
    w.report.kpis[1].years[2023].target = 0
    w.goto("kpis[1].note")
    said = " ".join(texts(w.handle("0目標KPI")))
    assert "0目標KPIは実績が0以下のときだけ達成です（目標値 5 とは比べません）" in said and "[減少KPI]" in said
    w.report.kpis[1].years[2022].target = -5
    w.goto("kpis[1].note")
    said = " ".join(texts(w.handle("減少KPI")))
    assert said.count("※1：") == 1 and "目標値にマイナスを使っているKPIの備考は（なし）です" in said  # once: the row's warning, as check says it


def test_an_entry_date_before_the_results_exist_is_questioned():
    w = new_walker()
    said = " ".join(texts(w.handle("2023/1/5")))
    assert "記入日が2023年度末（2024年3月31日）以前です" in said
    assert w.report.header.entry_date == dt.date(2023, 1, 5)  # kept: a caution, not an error
    assert any(i.path == "header.entry_date" and i.problem == "warning" for i in w.check().items)
    w.goto("header.entry_date")
    assert "以前です" not in " ".join(texts(w.handle("2024/6/19")))


def test_back_after_adding_a_row_reaches_its_name_then_the_row_before():
    w = new_walker(seed_report())
    w.goto("budget.actual.expenses")  # 「2行目の名前」
    w.handle("誤入力行")
    assert w.current == "budget.actual.expenses[1].amount"
    w.handle("50")
    assert w.current == "budget.actual.expenses"  # 「3行目の名前」
    w.handle("/back")
    assert w.current == "budget.actual.expenses[1].amount"
    w.handle("/back")
    assert w.current == "budget.actual.expenses[1].item"  # the name just added, not 「3行目」 again


def test_delete_where_there_is_nothing_to_delete_says_so():
    w = new_walker()  # no KPI yet: the first KPI's questions stand in for it
    w.goto("kpis[0].name")
    reply = w.handle("/delete")
    assert not reply.accepted and "まだありません" in texts(reply)[0]
    report = seed_report()
    report.kpis = report.kpis[:1]
    w = new_walker(report)
    w.goto("kpis[0].name")
    assert not w.handle("/delete").accepted and len(w.report.kpis) == 1
    assert w.handle("/delete はい").accepted
    assert w.report.kpis == [] and "まだありません" in texts(w.handle("/delete"))[0]


def test_back_after_a_delete_follows_the_renumbered_questions():
    w = new_walker(seed_report())
    w.handle("/jump KPI3 単位")
    third = w.report.kpis[2].name
    w.handle("/jump KPI2 単位")
    w.handle("/delete はい")
    assert w.current == "kpis[1].name"
    w.handle("/back")
    assert w.current == "kpis[1].unit" and w.report.kpis[1].name == third  # the old KPI③'s, now KPI②'s


def test_a_measurement_time_typed_in_full_width_is_appended_in_half_width_and_said():
    w = new_walker()
    w.goto("kpis[0].fy2023.actual")
    w.handle("未計測")
    w.goto("kpis[0].narrative_unachieved")
    w.handle("事業者からデータの提供を受けられなかった。")
    reply = w.handle("２０２５年３月（予定）")
    assert reply.accepted
    assert w.report.kpis[0].narrative_unachieved.endswith("（計測時期：2025年3月（予定））")  # the brackets stay Japanese
    assert any("全角の英数字" in t for t in texts(reply))


def test_an_earlier_year_not_measured_asks_no_measurement_time():
    """※3 names the final year's actual (【2023年度末 実績値】); a year measured later needs no time (the seed's KPI④)."""
    w = new_walker()
    w.goto("kpis[0].fy2022.actual")
    w.handle("未計測")
    w.goto("kpis[0].fy2023.target")
    w.handle("30")
    w.handle("1")
    w.goto("kpis[0].narrative_unachieved")
    w.handle("連携事業者は1にとどまった。")
    assert w.step("kpis[0].measure_time") is None
