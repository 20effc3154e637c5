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
