"""The form's own labels, read from the form definition (model/editions/forms/); helpers compose them."""

from __future__ import annotations

from .edition import Edition, load_edition

_FORM = load_edition().definition
_TEXTS = _FORM.texts


def _section(group: str) -> str:
    return _FORM.section(group).title


SECTION_HEADER = _section("header")
SECTION_BUDGET = _section("budget")
SECTION_KPIS = _section("kpis")
SECTION_SHORT = {s.title: s.short for s in _FORM.sections}
OMISSION_CHECK = _TEXTS["omission_check"]
FISCAL_YEAR = _TEXTS["fiscal_year"]

BUDGET_SIDES: dict[str, str] = _TEXTS["budget_sides"]
BUDGET_SIDE_SHORT: dict[str, str] = _TEXTS["budget_side_short"]
BUDGET_LISTS: dict[str, str] = _TEXTS["budget_lists"]
BUDGET_AMOUNT: str = _TEXTS["budget_amount"]
BUDGET_TOTALS: dict[str, str] = _TEXTS["budget_totals"]

KPI_FIELDS = {r.name: r.label for r in _FORM.rows("kpis")} | {"status": "達成状況"}
# The footnote marks the form prints after a label (※1–※3).
KPI_MARKS = {r.name: r.marks for r in _FORM.rows("kpis") if r.marks}
KPI_NARRATIVE_SUBTITLES: dict[str, str] = _TEXTS["narrative_subtitles"]


def header(field: str) -> str:
    row = _FORM.row(f"header.{field}")
    return row.label if row else field


def kpi_mark(index: int) -> str:
    """① for the first KPI … ⑳ for the twentieth."""
    return chr(0x2460 + index) if index < 20 else f"({index + 1})"


def kpi_prefix(index: int) -> str:
    return f"KPI{kpi_mark(index)}"


def kpi_field(field: str, year: int | None = None, *, marks: bool = False) -> str:
    text = KPI_FIELDS[field].format(year=year)
    return text + (KPI_MARKS.get(field, "") if marks else "")


def kpi(index: int, field: str, year: int | None = None) -> str:
    """「KPI① 2023年度末　実績値」."""
    return f"{kpi_prefix(index)} {kpi_field(field, year)}"


def budget_side(side: str, ed: Edition) -> str:
    return BUDGET_SIDES[side].format(budget_year=ed.budget_year)


def budget_row(side: str, kind: str, row: int, field: str) -> str:
    base = f"{BUDGET_SIDE_SHORT[side]} {BUDGET_LISTS[kind]}（{row + 1}行目）"
    return base if field == "item" else f"{base}の{BUDGET_AMOUNT}"


def narrative_subtitle(field: str, ed: Edition) -> str:
    return KPI_NARRATIVE_SUBTITLES[field].format(next_year=ed.next_year)
