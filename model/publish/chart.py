"""One KPI's chart as geometry for an inline SVG: a target bar and an actual bar per year, on a zero line."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 520, 230
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 28, 40  # room for the axis numbers, the legend and the year labels
YEARS_Y = HEIGHT - 20  # the baseline of the year labels (12px text)
LEGEND_BOTTOM, YEARS_TOP = 18, YEARS_Y - 12  # the legend's lowest pixel (its squares: 6 to 18); the year labels' top
VALUE_PX = 11  # the height of a value printed by a bar
BAR, GAP = 34, 6


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str  # "target", or the 達成状況 of the actual ("達成", "未達成", "未計測" = no bar)
    label: str  # the value as printed above (or below) the bar
    label_y: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    years: tuple[tuple[float, str], ...]  # (x of the label's centre, 「2023年度末」)
    ticks: tuple[Tick, ...]
    zero: float  # y of the zero line
    years_y: int  # the baseline of the year labels
    left: int
    right: int


def number(value: int | float | str | None) -> str:
    """A value as the page prints it: 1,000 / 6.8 / 未計測 / 未入力."""
    if value is None:
        return "未入力"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def _nice_step(span: float) -> float:
    raw = span / 4
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    while magnitude > raw and magnitude > 1e-9:
        magnitude /= 10
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10  # pragma: no cover


def build(rows: list[tuple[str, int | float | None, int | float | str | None, str | None]]) -> Chart:
    """``rows``: (year label, target, actual, 達成状況) per year, in order."""
    numbers = [v for _, t, a, _ in rows for v in (t, a) if isinstance(v, (int, float))]
    high, low = max([0.0, *numbers]), min([0.0, *numbers])
    if high == low:
        high = 1.0
    step = _nice_step(high - low)
    top_value = step * -(-high // step) if high > 0 else 0.0
    bottom_value = step * (low // step) if low < 0 else 0.0
    # Room for the value printed above the highest bar or the zero line (below the legend), and below the
    # lowest bar (above the years).
    if top_value - high < step / 4:
        top_value += step
    if low < 0 and low - bottom_value < step / 4:
        bottom_value -= step
    plot_h = HEIGHT - TOP - BOTTOM
    scale = plot_h / (top_value - bottom_value)
    y_of = lambda v: TOP + (top_value - v) * scale  # noqa: E731
    zero = y_of(0)
    slot = (WIDTH - LEFT - RIGHT) / max(len(rows), 1)
    bars, years = [], []
    for i, (year, target, actual, status) in enumerate(rows):
        centre = LEFT + slot * (i + 0.5)
        years.append((centre, year))
        for value, x, kind in ((target, centre - GAP / 2 - BAR, "target"), (actual, centre + GAP / 2, status or "未入力")):
            if isinstance(value, (int, float)):
                y, h = (y_of(value), zero - y_of(value)) if value >= 0 else (zero, y_of(value) - zero)
                label_y = y - 4 if value >= 0 else y + h + 12
            else:
                y, h, label_y = zero, 0.0, zero - 4
            bars.append(Bar(x, y, BAR, h, kind, number(value), label_y))
    ticks = []
    value = bottom_value
    while value <= top_value + step / 1000:
        ticks.append(Tick(y_of(value), number(round(value, 10))))
        value += step
    return Chart(WIDTH, HEIGHT, tuple(bars), tuple(years), tuple(ticks), zero, YEARS_Y, LEFT, WIDTH - RIGHT)
