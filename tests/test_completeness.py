from dejiden.model import completeness, paths
from dejiden.model.example import seed_report
from dejiden.model.report import Report
from dejiden.prompts.data import checklist_spec

SPEC = checklist_spec()


def check(report):
    return completeness.check(report, SPEC)


def test_seed_is_complete_and_computes_the_seed_figures():
    result = check(seed_report())
    assert result.complete and result.items == []
    assert result.omission == {s.title: "回答済" for s in SPEC.sections}
    budget = result.computed["budget"]
    assert budget["planned"] == {"expense_total": 2000, "income_total": None, "balance": -2000}
    assert budget["actual"] == {"expense_total": None, "income_total": None, "balance": None}
    assert [k["counts"]["unachieved"] or k["counts"]["achieved"] for k in result.computed["kpis"]] == [289, 179, 164, 197, 150]


def test_empty_report_lists_every_required_item_with_labels():
    result = check(Report())
    by_path = {i.path: i for i in result.items}
    assert by_path["header.municipality"].label == "市区町村等名"
    assert by_path["header.municipality"].section == "基本情報"
    assert by_path["budget.planned.expenses"].problem == "missing"
    assert by_path["kpis"].message.startswith("KPIを1つ以上")
    assert by_path["checklist.1-1"].label == "1-1 事業を推進する庁内体制"
    assert by_path["checklist.1-1"].section == "1.推進体制"
    assert set(result.omission.values()) == {"未回答"}
    assert not result.complete


def test_missing_actual_has_stable_path_and_form_label():
    report = seed_report()
    paths.clear(report, "kpis[0].fy2023.actual")
    item = check(report).problems_at("kpis[0].fy2023.actual")[0]
    assert item.label == "KPI① 2023年度末　実績値" and item.problem == "missing"


def test_the_narrative_box_follows_the_2023_status():
    report = seed_report()
    report.kpis[4].narrative_achieved = None  # 達成 -> the 「KPI達成」 box is required
    items = check(report).problems_at("kpis[4].narrative_achieved")
    assert items and items[0].problem == "missing"
    report = seed_report()
    report.kpis[0].narrative_achieved = "書いてしまった"
    # text in the box the status does not ask for blocks submission (export --strict writes nothing)
    assert check(report).problems_at("kpis[0].narrative_achieved")[0].problem == "invalid"


def test_unmeasured_needs_the_reason_box_and_a_time():
    report = seed_report()
    report.kpis[2].narrative_unachieved = None
    assert check(report).problems_at("kpis[2].narrative_unachieved")[0].problem == "missing"
    report.kpis[2].narrative_unachieved = "データの提供を受けられなかった。"
    item = check(report).problems_at("kpis[2].narrative_unachieved")[0]
    assert item.problem == "warning" and "計測時期" in item.message


def test_code_disagreeing_with_the_name_is_invalid():
    report = seed_report()
    report.header.lg_code = "07201"
    item = check(report).problems_at("header.lg_code")[0]
    assert item.problem == "invalid" and "福島市" in item.message


def test_municipality_not_in_the_prefecture():
    report = seed_report()
    report.header.municipality = "会津美里村"
    report.header.lg_code = None
    item = check(report).problems_at("header.municipality")[0]
    assert item.problem == "invalid" and "会津美里町" in item.message


def test_invalid_checklist_answers_make_the_section_unanswered():
    report = seed_report()
    report.checklist["1-1"] = "何か"
    report.checklist["1-2"] = ["民間事業者", "なし"]
    result = check(report)
    assert result.problems_at("checklist.1-1")[0].problem == "invalid"
    assert result.problems_at("checklist.1-2")[0].problem == "invalid"
    assert result.omission["1.推進体制"] == "未回答" and result.omission["2.サービス運営"] == "回答済"


def test_zero_target_kpi_warning_and_summary():
    report = seed_report()
    report.kpis[0].note = "0目標KPI"
    result = check(report)
    assert result.complete  # warnings do not block
    assert "注意" in result.summary()


def test_decrease_kpi_with_a_minus_target_warns():
    report = seed_report()
    kpi = report.kpis[0]
    kpi.note = "減少KPI"
    assert check(report).problems_at("kpis[0].note") == []  # positive targets: 減少KPI is allowed
    kpi.years[2023].target = -5
    result = check(report)
    (item,) = result.problems_at("kpis[0].note")
    assert item.problem == "warning" and "※1" in item.message and "マイナス" in item.message
    assert result.complete  # the status is the same either way (≤ target); the note contradicts ※1
