"""Rules the form writes in its footnotes: 達成状況 and which narrative box is filled."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal

from .normalize import NO_AMOUNT, NOT_MEASURED

Status = Literal["達成", "未達成", "未計測"]
ACHIEVED: Status = "達成"
NOT_ACHIEVED: Status = "未達成"
UNMEASURED: Status = "未計測"
ZERO_NOTE, DECREASE_NOTE = "0目標KPI", "減少KPI"  # the 備考 choices the ※1 rules read


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


def entry_date_warning(entry: dt.date | None, final_year: int, label: str = "記入日") -> str | None:
    """記入日 before the final KPI year has ended: its 実績値 could not be known yet (a typo, usually)."""
    year_end = dt.date(final_year + 1, 3, 31)
    if entry is None or entry > year_end:
        return None
    return (f"{label}が{final_year}年度末（{year_end.year}年3月31日）以前です。{final_year}年度末の実績値が出た後の"
            "日付のはずです。年を確かめてください。")


def suggests_decrease(name: str | None) -> bool:
    """Whether a KPI name reads like a reduction target (to offer 減少KPI, ※1)."""
    words = ("短縮", "削減", "減少", "減らす", "低減", "抑制", "縮減", "軽減", "件数の減", "ゼロ", "撲滅")
    return bool(name) and any(w in name for w in words)


# ※3 asks for 「今後の具体的な計測時期」: a month (2025年3月末, 9月), or a part of a named year
# (令和7年度末, 2025年度上半期, 来年度第2四半期), later than the year reported on. A bare year
# (「2024年度は…」) is not a time; nor is a past one (「2023年度末は計測できなかった」).
_KANJI = {c: i for i, c in enumerate("一二三四五六七八九", 1)} | {"元": 1}
_YEAR = r"(?:(\d{4})\s*年|(?:令和|R)\s*(\d{1,2}|元|[一二三四五六七八九十]{1,3})\s*年?|([来今翌次本])年)"
_MONTH = re.compile(r"(?:" + _YEAR + r"\s*)?(\d{1,2})\s*月")
_PART = r"(?:度\s*)?(?:末|上期|下期|上半期|下半期|前半|後半|第\s*[1-4一二三四]\s*四半期|[1-4一二三四]\s*Q)"
_PERIOD = re.compile(_YEAR + r"\s*" + _PART)
# Or it says measuring is possible already (the seed's 「現在は…計測も可能となる」): the time is now.
_NOW = re.compile(r"(?:現在|既に|すでに)[^。]*計測[^。]*(?:可能|でき|開始|している)")


def _era(text: str) -> int:
    """令和's year: 7, 元, 七, 十二."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _KANJI[text]
    tens, ones = text.split("十", 1)
    return (_KANJI[tens] if tens else 1) * 10 + (_KANJI[ones] if ones else 0)


def _fiscal_year(m: re.Match[str], month: int | None = None) -> int | None:
    """The fiscal year a match names (April starts it), or None for 来年度・今年度 and a bare month."""
    western, reiwa = m.group(1), m.group(2)
    year = int(western) if western else (2018 + _era(reiwa) if reiwa else None)
    if year is None:
        return None
    return year - 1 if month is not None and month < 4 else year


_WIDE_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]+")
HALF_WIDTH_NOTE = "全角の英数字を半角に直しました。"


def half_width_alnum(text: str) -> str:
    """Full-width letters and digits made half-width as numbers and dates are (NFKC: ２０２５年３月 → 2025年3月); the
    rest kept, so a time appended to a narrative keeps its Japanese brackets and punctuation (（予定）)."""
    return _WIDE_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def mentions_time(text: str | None, after: int | None = None) -> bool:
    """Whether a narrative names a concrete measurement time (※3): a month, a year's end or half or quarter, or now.

    ``after``: the fiscal year reported on; a named year must come after it (「今後の」).
    """
    if not text:
        return False
    folded = unicodedata.normalize("NFKC", text)

    def later(m: re.Match[str], month: int | None = None) -> bool:
        year = _fiscal_year(m, month)
        return after is None or year is None or year > after

    months = any(1 <= int(m.group(4)) <= 12 and later(m, int(m.group(4))) for m in _MONTH.finditer(folded))
    return months or any(later(m) for m in _PERIOD.finditer(folded)) or bool(_NOW.search(folded))


def negative_target(targets: list[int | float | None]) -> bool:
    """Whether a target is written with a minus (then 備考 is not 減少KPI, ※1)."""
    return any(t is not None and t < 0 for t in targets)
