import pytest

from dejiden.model import rules
from dejiden.model.example import seed_report
from dejiden.model.rules import achievement


@pytest.mark.parametrize(
    "target, actual, note, expected",
    [
        (7, 6.8, None, "未達成"),
        (6, 6.8, None, "達成"),
        (6, 6, None, "達成"),
        (-5, -7, None, "達成"),  # the form's example written with a minus
        (-5, -3, None, "未達成"),
        (25, 23, "減少KPI", "達成"),  # the same example written as 減少KPI
        (25, 26, "減少KPI", "未達成"),
        (0, 0, "0目標KPI", "達成"),
        (0, 2, "0目標KPI", "未達成"),
        (None, 0, "0目標KPI", "達成"),
        (1000, "未計測", None, "未計測"),
        (None, "未計測", None, "未計測"),
        (5, None, None, None),
        (None, 5, None, None),
    ],
)
def test_achievement(target, actual, note, expected):
    assert achievement(target, actual, note) == expected


def test_seed_statuses_and_boxes():
    report = seed_report()
    got = [(k.status(2022), k.status(2023), rules.narrative_box(k.status(2023))) for k in report.kpis]
    assert got == [
        ("達成", "未達成", "unachieved"),
        ("未達成", "未達成", "unachieved"),
        ("未計測", "未計測", "unachieved"),
        ("未計測", "未達成", "unachieved"),
        ("達成", "達成", "achieved"),
    ]


def test_totals_and_balance():
    report = seed_report()
    planned, actual = report.budget.planned, report.budget.actual
    assert (planned.expense_total, planned.income_total, planned.balance) == (2000, None, -2000)
    assert (actual.expense_total, actual.income_total, actual.balance) == (None, None, None)
    assert rules.show_amount(planned.balance) == "-2,000" and rules.show_amount(actual.balance) == "-"
    assert rules.total([100, "-", 250]) == 350


def test_decrease_is_suggested_by_the_name():
    assert rules.suggests_decrease("窓口対応に要する時間の短縮")
    assert not rules.suggests_decrease("住民の満足度・幸福度")


@pytest.mark.parametrize(
    "text, named",
    [
        ("2024年度は調査票に設問を組み込む。", False),  # a bare year is not a time (※3: 具体的な計測時期)
        ("2024年度から計測する。", False),
        ("2023年度末は計測できなかった。", False),  # the year reported on: past, not 今後
        ("2024年3月に計測できなかった。", False),  # March 2024 is still fiscal 2023
        ("2023年10月末に実装を予定していた。", False),
        ("令和5年度末", False),
        ("2025年3月末に計測する。", True),
        ("２０２４年９月に計測する。", True),  # full-width
        ("9月の調査で計測する。", True),
        ("令和7年度末", True),
        ("令和七年度末", True),
        ("R6年度上半期", True),
        ("来年度上半期に計測する。", True),
        ("2024年度第2四半期", True),
        ("現在は別の企業からデータを受けており、計測も可能となる。", True),  # the seed: measurable now
    ],
)
def test_mentions_time_wants_a_month_or_a_part_of_a_later_year(text, named):
    assert rules.mentions_time(text, 2023) is named


def test_the_seed_unmeasured_narrative_names_its_time():
    kpi = seed_report().kpis[2]
    assert rules.mentions_time(kpi.narrative_unachieved, 2023)
