"""The number domain: what an amount or a KPI value may be, one rule for typed, imported and loaded values.

Excel keeps 15 significant digits, so a number with more (or a larger one, or a finer step) could not
be submitted as typed. ``digits_problem`` judges the digits as written, before Python converts them
(5000 digits never become an int); ``number_problem`` judges a number already stored (a draft, a cell).
"""

from __future__ import annotations

import math
from decimal import Decimal

# The number domain, one rule for typed, imported and loaded values: Excel keeps 15 significant digits,
# so an amount or a KPI value with more (or a larger one, or a smaller step) could not be submitted as typed.
MAX_DIGITS = 15
TOO_LARGE = f"数値が大きすぎます。{MAX_DIGITS}桁までの数値を入力してください。"
TOO_PRECISE = f"桁が多すぎます。有効数字{MAX_DIGITS}桁まで（Excelが保てる桁数）で入力してください。"


def digits_problem(whole: str, fraction: str) -> str | None:
    """The domain on the digits as written (before Python converts them: 5000 digits never become an int)."""
    whole, fraction = whole.lstrip("0"), fraction.rstrip("0")
    if len(whole) > MAX_DIGITS:
        return TOO_LARGE
    if len(fraction) > MAX_DIGITS or len((whole + fraction).strip("0")) > MAX_DIGITS:
        return TOO_PRECISE
    return None


def number_problem(value: object) -> str | None:
    """Why a stored number (from a draft or a cell) is outside the domain; None when inside."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "数値のみを入力してください（例：75、6.8、-5）。"
    if isinstance(value, int):
        return TOO_LARGE if abs(value) >= 10**MAX_DIGITS else None
    if not math.isfinite(value) or abs(value) >= 10**MAX_DIGITS:
        return TOO_LARGE
    text = format(Decimal(repr(value)), "f")  # the shortest decimal that is this float, without exponent
    whole, _, fraction = text.lstrip("-").partition(".")
    return digits_problem(whole, fraction)
