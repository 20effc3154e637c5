"""Rules the form writes in its footnotes: 達成状況 and which narrative box is filled."""

from __future__ import annotations

import re
from typing import Literal

from .normalize import NO_AMOUNT, NOT_MEASURED

Status = Literal["達成", "未達成", "未計測"]
ACHIEVED: Status = "達成"
NOT_ACHIEVED: Status = "未達成"
UNMEASURED: Status = "未計測"


def achievement(
    target: int | float | None, actual: int | float | str | None, note: str | None
) -> Status | None:
    """達成状況 from target and actual (None while either is missing).

    normal KPI: 達成 when actual ≥ target; a negative target or 減少KPI: 達成 when actual ≤ target;
    0目標KPI: 達成 when actual ≤ 0; actual 未計測 → 未計測; anything else → 未達成.
    """
    if actual == NOT_MEASURED:
        return UNMEASURED
    if actual is None or (target is None and note != "0目標KPI"):
        return None
    assert not isinstance(actual, str)
    if note == "0目標KPI":
        met = actual <= 0
    elif note == "減少KPI" or (target is not None and target < 0):
        met = actual <= target
    else:
        met = actual >= target
    return ACHIEVED if met else NOT_ACHIEVED


def narrative_box(final_status: Status | None) -> Literal["achieved", "unachieved"] | None:
    """Which 記述欄 the final year's status asks for."""
    if final_status is None:
        return None
    return "achieved" if final_status == ACHIEVED else "unachieved"


def total(amounts: list[int | str | None]) -> int | None:
    """Sum of the amounts given; None ("-") when no row has a number."""
    numbers = [a for a in amounts if isinstance(a, int)]
    return sum(numbers) if numbers else None


def balance(income: int | None, expense: int | None) -> int | None:
    """収入合計-経費合計; "-" when both totals are "-"."""
    if income is None and expense is None:
        return None
    return (income or 0) - (expense or 0)


def show_amount(value: int | str | None) -> str:
    """An amount as the form shows it: 2,000 or -."""
    return f"{value:,}" if isinstance(value, int) else NO_AMOUNT


def suggests_decrease(name: str | None) -> bool:
    """Whether a KPI name reads like a reduction target (to offer 減少KPI, ※1)."""
    words = ("短縮", "削減", "減少", "減らす", "低減", "抑制", "縮減", "軽減", "件数の減", "ゼロ", "撲滅")
    return bool(name) and any(w in name for w in words)


_WHEN = re.compile(r"\d+\s*年|\d+\s*月|年度|時期|頃|ごろ|までに|以降")


def mentions_time(text: str | None) -> bool:
    """Whether a narrative says when something will happen (※3 asks for the measurement time)."""
    return bool(text) and bool(_WHEN.search(text))
