"""The form's own labels, in one place. Everything that names a field reads it from here."""

from __future__ import annotations

from .edition import Edition
from .report import Header

SECTION_HEADER = "基本情報"
SECTION_BUDGET = "１．事業の収支"  # the form's own characters
SECTION_KPIS = "２.　事業のKPI"
SECTION_SHORT = {SECTION_HEADER: "基本", SECTION_BUDGET: "収支", SECTION_KPIS: "KPI"}
OMISSION_CHECK = "回答漏れチェック"
FISCAL_YEAR = "事業年度"

BUDGET_SIDES = {
    "planned": "予定していた{budget_year}年度の事業収支（実施計画書より転記）",
    "actual": "実際の{budget_year}年度の事業収支",
}
BUDGET_SIDE_SHORT = {"planned": "予定", "actual": "実際"}
BUDGET_LISTS = {"expenses": "経費項目", "incomes": "収入項目"}
BUDGET_AMOUNT = "金額（単位：千円）"
BUDGET_TOTALS = {"expenses": "経費合計", "incomes": "収入合計", "balance": "収入合計-経費合計"}

KPI_FIELDS = {
    "name": "KPI名",
    "note": "備考",
    "kind": "種別",
    "unit": "単位",
    "target": "{year}年度末　目標値",
    "actual": "{year}年度末　実績値",
    "status": "達成状況",
    "narrative_achieved": "「KPI達成」の場合",
    "narrative_unachieved": "「KPI未達成又は未計測」の場合",
}
# The footnote marks the form prints after a label (※1–※3).
KPI_MARKS = {"note": "※1", "target": "※2", "actual": "※2※3"}
KPI_NARRATIVE_SUBTITLES = {
    "narrative_achieved": "達成のための取組内容や工夫および\n{next_year}年度達成に向けた取組",
    "narrative_unachieved": "達成（計測）できなかった理由および\n{next_year}年度達成に向けた取組",
}
KPI_NOTE_BLANK = "（なし）"


def header(field: str) -> str:
    return Header.model_fields[field].title or field


def kpi_mark(index: int) -> str:
    """① for the first KPI … ⑮ for the fifteenth."""
    return chr(0x2460 + index)


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
