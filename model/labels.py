"""The form's own labels for one edition, read from its definition (model/editions/forms/); helpers compose them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .edition import Edition

STATUS = "達成状況"  # computed, not a row of the form


def kpi_mark(index: int) -> str:
    """① for the first KPI … ⑳ for the twentieth."""
    return chr(0x2460 + index) if index < 20 else f"({index + 1})"


def kpi_prefix(index: int) -> str:
    return f"KPI{kpi_mark(index)}"


class Labels:
    """Every fixed label of one edition's form: section titles, budget texts, KPI row labels and marks."""

    def __init__(self, ed: Edition) -> None:
        form = ed.definition
        texts = form.texts
        self.ed = ed
        self.form = form
        self.section_header = form.section("header").title
        self.section_budget = form.section("budget").title
        self.section_kpis = form.section("kpis").title
        self.section_short = {s.title: s.short for s in form.sections}
        self.omission_check: str = texts["omission_check"]
        self.fiscal_year: str = texts["fiscal_year"]
        self.budget_sides: dict[str, str] = texts["budget_sides"]
        self.budget_side_short: dict[str, str] = texts["budget_side_short"]
        self.budget_lists: dict[str, str] = texts["budget_lists"]
        self.budget_amount: str = texts["budget_amount"]
        self.budget_totals: dict[str, str] = texts["budget_totals"]
        self.kpi_fields = {r.name: r.label for r in form.rows("kpis")} | {"status": STATUS}
        self.kpi_marks = {r.name: r.marks for r in form.rows("kpis") if r.marks}  # ※1–※3 after a label
        self.narrative_subtitles: dict[str, str] = texts["narrative_subtitles"]

    def header(self, field: str) -> str:
        row = self.form.row(f"header.{field}")
        return row.label if row else field

    def kpi_field(self, field: str, year: int | None = None, *, marks: bool = False) -> str:
        text = self.kpi_fields[field].format(year=year)
        return text + (self.kpi_marks.get(field, "") if marks else "")

    def kpi(self, index: int, field: str, year: int | None = None) -> str:
        """「KPI① 2023年度末　実績値」."""
        return f"{kpi_prefix(index)} {self.kpi_field(field, year)}"

    def budget_side(self, side: str) -> str:
        return self.budget_sides[side].format(budget_year=self.ed.budget_year)

    def budget_row(self, side: str, kind: str, row: int, field: str) -> str:
        base = f"{self.budget_side_short[side]} {self.budget_lists[kind]}（{row + 1}行目）"
        return base if field == self.form.rows("budget")[0].name else f"{base}の{self.budget_amount}"

    def narrative_subtitle(self, field: str) -> str:
        return self.narrative_subtitles[field].format(next_year=self.ed.next_year)
