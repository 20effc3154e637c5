"""Achievement rates (実績 ÷ 目標) under the form's ※1 rules, as a Python value and as its spreadsheet formula.

The rate says how much of a KPI's target was reached; 1.0 (100 %) is exactly the target. ※1 changes
what "reached" means, so the rate follows the same rules as 達成状況 (``rules.achievement``):

- an ordinary KPI (target above 0): actual ÷ target (1.2 = 120 %, the target exceeded by a fifth);
- a 減少KPI (a reduction written without a minus, target above 0; lower is better): target ÷ actual,
  so halving the allowed value again gives 200 % and missing it gives under 100 %; no rate when the
  actual is 0 or less (nothing to divide by: the KPI is 達成, but "how many times" is not defined);
- a minus target (the reduction written as −5): actual ÷ target as it stands: −6 ÷ −5 = 120 %,
  −3 ÷ −5 = 60 %, and a rise (+2 ÷ −5) gives a negative rate, below every bin but the first;
- a 0目標KPI (achieved only at 0 or below, whatever target is written): 100 % when achieved, no rate
  otherwise (there is no ratio to 0);
- an ordinary KPI whose target is 0, 未計測, or a year without both numbers: no rate.

In every case a rate ≥ 100 % means 達成 and below 100 % means 未達成, so the bins and the statuses agree.
"""

from __future__ import annotations

from ..normalize import NOT_MEASURED
from ..workbook.formulas import DECREASE, ZERO_TARGET

# Bins for the spread of the final year's rates: (label, lower bound or None, upper bound or None).
BINS: tuple[tuple[str, float | None, float | None], ...] = (
    ("50%未満", None, 0.5),
    ("50〜80%未満", 0.5, 0.8),
    ("80〜100%未満", 0.8, 1.0),
    ("100〜150%未満", 1.0, 1.5),
    ("150%以上", 1.5, None),
)


def rate(target: int | float | None, actual: int | float | str | None, note: str | None) -> float | None:
    """The achievement rate (1.0 = the target), or None where it is not defined (see the module's rules)."""
    if actual is None or isinstance(actual, str):  # 未計測, or not yet answered
        return None
    if note == ZERO_TARGET:
        return 1.0 if actual <= 0 else None
    if target is None:
        return None
    if note == DECREASE and target > 0:
        return target / actual if actual > 0 else None
    return actual / target if target != 0 else None


def rate_formula(target: str, actual: str, note: str) -> str:
    """``rate`` as a spreadsheet formula over three cells (blank text where it is not defined)."""
    return (
        f'IF(NOT(ISNUMBER({actual})),"",'
        f'IF({note}="{ZERO_TARGET}",IF({actual}<=0,1,""),'
        f'IF(NOT(ISNUMBER({target})),"",'
        f'IF(AND({note}="{DECREASE}",{target}>0),IF({actual}>0,{target}/{actual},""),'
        f'IF({target}=0,"",{actual}/{target})))))'
    )


def bin_of(value: float) -> int:
    """The index of the bin ``value`` falls in."""
    for i, (_, low, high) in enumerate(BINS):
        if (low is None or value >= low) and (high is None or value < high):
            return i
    raise ValueError(value)  # pragma: no cover - the bins cover every number


def bin_formula(rates: str, low: float | None, high: float | None) -> str:
    """COUNTIFS over the rates' range: numbers only (the blank texts of undefined rates are not counted).

    The bound is joined as a number (``">="&0.5``), so the spreadsheet writes and reads it in the same
    locale (a criterion typed as text would need the locale's decimal mark)."""
    parts = []
    if low is not None:
        parts.append(f'{rates},">="&{low}')
    if high is not None:
        parts.append(f'{rates},"<"&{high}')
    return f"COUNTIFS({','.join(parts)})"


__all__ = ["BINS", "NOT_MEASURED", "bin_formula", "bin_of", "rate", "rate_formula"]
