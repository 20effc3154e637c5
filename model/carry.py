"""Starting a draft of a newer edition from an older one: carry every answer that still has a place."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import labels
from .edition import Edition
from .report import BudgetRow, Kpi, KpiYear, Report

# What is not carried: it belongs to one year's report, not to the project.
NOT_CARRIED_HEADER = ("entry_date",)


@dataclass
class Carried:
    report: Report
    carried: list[str] = field(default_factory=list)  # what was carried, in the form's words
    new: list[str] = field(default_factory=list)  # what the new edition asks afresh


def carry_over(old: Report, edition: Edition, source: str = "") -> Carried:
    """A new report of ``edition`` holding the answers of ``old`` that have a place in it."""
    new = Report(edition=edition.id)
    out = Carried(new)
    for name, value in old.header:
        if value is not None and name not in NOT_CARRIED_HEADER and name in type(new.header).model_fields:
            setattr(new.header, name, value)
    if any(v is not None for _, v in new.header):
        out.carried.append(labels.SECTION_HEADER + "（記入日を除く）")
    for side in labels.BUDGET_SIDES:
        for kind in labels.BUDGET_LISTS:
            rows = getattr(getattr(old.budget, side), kind)
            if rows:
                kept = [BudgetRow(item=r.item) for r in rows[: edition.max_budget_rows] if r.item is not None]
                setattr(getattr(new.budget, side), kind, kept or None)
    if any(getattr(getattr(new.budget, s), k) for s in labels.BUDGET_SIDES for k in labels.BUDGET_LISTS):
        out.carried.append(f"{labels.SECTION_BUDGET}の項目名（金額は{edition.budget_year}年度の分を伺います）")
    shared = [y for y in edition.kpi_years if y in old.ed.kpi_years]
    for kpi in old.kpis[: edition.max_kpis]:
        years = {y: KpiYear(target=kpi.year(y).target, actual=kpi.year(y).actual) for y in shared}
        new.kpis.append(Kpi(name=kpi.name, note=kpi.note, kind=kpi.kind, unit=kpi.unit,
                            years={y: v for y, v in years.items() if v.target is not None or v.actual is not None}))
    if new.kpis:
        where = "・".join(f"{y}年度末" for y in shared)
        out.carried.append(f"KPI{len(new.kpis)}個の名前・備考・種別・単位" + (f"と{where}の目標値・実績値" if shared else ""))
    new.checklist = {k: v for k, v in old.checklist.items() if edition.definition.checklist.question(k) is not None}
    if new.checklist:
        out.carried.append("チェックリストの回答（変わった点は直してください）")
    fresh = [y for y in edition.kpi_years if y not in shared]
    out.new.append(labels.header("entry_date"))
    out.new.append(f"{edition.budget_year}年度の事業収支の金額")
    if fresh:
        out.new.append("・".join(f"{y}年度末" for y in fresh) + "の目標値・実績値")
    out.new.append("KPIの記述欄")
    new.carried_from = f"{source}（{old.ed.label}）" if source else old.ed.label
    return out
