"""Starting a draft of a newer edition from an older one: carry every answer whose row is in both forms.

A row is carried when the new edition's definition has a row of the same path and type, its value
fits the new row (a choice it still offers), and the row does not say ``carry = false`` (記入日, the
year's amounts and the narratives belong to one year's report, not to the project).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .edition import Edition
from .form import FieldDef
from .report import LISTS, SIDES, Report


@dataclass
class Carried:
    report: Report
    carried: list[str] = field(default_factory=list)  # what was carried, in the form's words
    new: list[str] = field(default_factory=list)  # what the new edition asks afresh


def _same_row(row: FieldDef, old: Edition) -> bool:
    before = old.definition.row(row.path)
    return row.carry and before is not None and before.type == row.type


def _fits(row: FieldDef, value: Any) -> bool:
    if value is None or not row.choices:
        return value is not None
    return all(v in row.choices for v in value) if isinstance(value, list) else value in row.choices


def _copy(rows: list[FieldDef], source: Any, model: type) -> Any:
    values = {r.name: getattr(source, r.name, None) for r in rows}
    return model(**{r.name: values[r.name] for r in rows if _fits(r, values[r.name])})


def carry_over(old: Report, edition: Edition, source: str = "") -> Carried:
    """A new report of ``edition`` holding the answers of ``old`` that have a place in it."""
    new = Report(edition=edition.id)
    out = Carried(new)
    form, labels, models = edition.definition, edition.labels, edition.models
    rows = {g: [r for r in form.rows(g) if _same_row(r, old.ed)] for g in ("header", "budget", "kpis", "checklist")}
    fresh_rows = {g: [r for r in form.rows(g) if r not in rows[g]] for g in rows}
    new.header = _copy(rows["header"], old.header, models.header)
    if any(v is not None for _, v in new.header):
        left = "・".join(r.label for r in fresh_rows["header"])
        out.carried.append(labels.section_header + (f"（{left}を除く）" if left else ""))
    for side in SIDES:
        for kind in LISTS:
            kept = [_copy(rows["budget"], r, models.budget_row) for r in (getattr(getattr(old.budget, side), kind) or [])]
            kept = [r for r in kept if any(v is not None for _, v in r)][: edition.max_budget_rows]
            setattr(getattr(new.budget, side), kind, kept or None)
    if any(getattr(getattr(new.budget, s), k) for s in SIDES for k in LISTS):
        what = "・".join(r.label for r in rows["budget"])
        out.carried.append(f"{labels.section_budget}の{what}（金額は{edition.budget_year}年度の分を伺います）")
    shared = [y for y in edition.kpi_years if y in old.ed.kpi_years]
    plain = [r for r in rows["kpis"] if not r.per_year]
    yearly = [r for r in rows["kpis"] if r.per_year]
    for kpi in old.kpis[: edition.max_kpis]:
        copy = _copy(plain, kpi, models.kpi)
        for y in shared:
            year = _copy(yearly, kpi.year(y), models.kpi_year)
            if any(v is not None for _, v in year):
                copy.years[y] = year
        new.kpis.append(copy)
    if new.kpis:
        where = "・".join(f"{y}年度末" for y in shared)
        names = "・".join(r.label for r in plain)
        out.carried.append(f"KPI{len(new.kpis)}個の{names}" + (f"と{where}の目標値・実績値" if shared and yearly else ""))
    for row in rows["checklist"]:
        value = old.checklist.get(row.path.split(".", 1)[1])
        if _fits(row, value):
            new.checklist[row.path.split(".", 1)[1]] = value
    if new.checklist:
        out.carried.append("チェックリストの回答（変わった点は直してください）")
    out.new += [r.label for r in fresh_rows["header"]]
    if new.checklist and fresh_rows["checklist"]:  # questions the older form did not have (all are new when none carried)
        out.new.append("チェックリストの新しい設問（" + "、".join(f"{r.id} {r.label}" for r in fresh_rows["checklist"]) + "）")
    out.new.append(f"{edition.budget_year}年度の事業収支の金額")
    fresh = [y for y in edition.kpi_years if y not in shared]
    if fresh:
        out.new.append("・".join(f"{y}年度末" for y in fresh) + "の目標値・実績値")
    out.new.append("KPIの記述欄")
    new.carried_from = f"{source}（{old.ed.label}）" if source else old.ed.label
    return out
