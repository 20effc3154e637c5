"""The walker's overview: the check, the section outline, and the review rows."""

from __future__ import annotations

from dejiden.model import completeness, paths, rules
from dejiden.model.report import SIDES

from .rows import _ROW
from .view import ReviewRow, SectionProgress, Step

_ORDER = {"invalid": 0, "missing": 1, "warning": 2, "ok": 3}
_QUIET = ("kpis[*].measure_time", "kpis[*].narrative_move", "edition", "header.municipality.pick")


class OverviewMixin:
    def check(self) -> completeness.CheckResult:
        return completeness.check(self.report, self.spec, self.draft.unconfirmed)

    def budget_totals(self, side: str) -> str:
        """「経費合計 2,000・収入合計 2,000・収入合計-経費合計 0（千円）」 for one side of the budget."""
        part = getattr(self.report.budget, side)
        t = self.ed.labels.budget_totals
        return (f"{t['expenses']} {rules.show_amount(part.expense_total)}・{t['incomes']} {rules.show_amount(part.income_total)}・"
                f"{t['balance']} {rules.show_amount(part.balance)}（千円）")

    def budget_summary(self) -> list[str]:
        """Both sides' totals and balances, as the review shows them."""
        return [f"【{self.ed.labels.budget_side_short[side]}】{self.budget_totals(side)}" for side in SIDES]

    def outline(self, result: completeness.CheckResult | None = None) -> list[SectionProgress]:
        result = result or self.check()
        current = self.step()
        out: list[SectionProgress] = []
        groups: dict[str, list[Step]] = {}
        for s in self._steps:
            groups.setdefault(s.section, []).append(s)
        for title, steps in groups.items():
            errors = sum(1 for i in result.items if i.section == title and i.problem == "invalid")
            out.append(
                SectionProgress(
                    short=self._short(title),
                    title=title,
                    answered=sum(1 for s in steps if self.answered(s)),
                    total=len(steps),
                    current=current is not None and current.section == title,
                    errors=errors,
                )
            )
        return out

    def _short(self, title: str) -> str:
        section = next((s for s in self.spec.sections if s.title == title), None)
        if section is not None:
            return section.short or section.title
        return self.ed.labels.section_short.get(title, title)

    def _step_for(self, path: str) -> Step | None:
        """The question that fixes a problem: its own, the KPI's move question, or the first one under it."""
        own = self.step(path)
        if own is not None:
            return own
        if path.startswith("kpis[") and ".narrative" in path:
            kpi = path.split(".", 1)[0]
            found = self.step(f"{kpi}.narrative_move") or next(
                (s for s in self._steps if s.id.startswith(f"{kpi}.narrative")), None
            ) or self.step(f"{kpi}.fy{self.ed.final_year}.{self._deciding_row()}")  # the answer that decides the box
            if found is not None:
                return found
        return next((s for s in self._steps if s.id.startswith(path)), None)

    def _row_absent(self, step_id: str) -> bool:
        m = _ROW.match(step_id)
        return m is not None and int(m.group(2)) >= len(paths.get(self.report, m.group(1)) or [])

    def _deciding_row(self) -> str:
        """The name of the final year's last per-year row (its actual): the answer whose status picks a box."""
        return [r for r in self.ed.definition.rows("kpis") if r.per_year][-1].name

    def review_rows(self) -> list[ReviewRow]:
        """Every question with its value and status, and every problem as its own row; problems first."""
        result = self.check()
        rows: list[ReviewRow] = []
        for s in self._steps:
            if s.repeat or s.pattern in _QUIET or self._row_absent(s.id):
                continue  # a KPI not begun yet is one row, the list's own (「KPIを1つ以上…」), as the check counts it
            problems = result.problems_at(s.id)
            value = self.shown(s.id, self.value(s)) or (s.blank if s.blank is not None and self.answered(s) else "")
            if problems:  # moved text not yet confirmed among them (the check says so, as `check` and export do)
                rows += [ReviewRow(s, value, p.problem, p.message) for p in problems]
            elif self.value(s) is not None or s.optional or s.blank is not None:  # 備考 may stay blank (check agrees)
                rows.append(ReviewRow(s, value, "ok", ""))
            else:
                rows.append(ReviewRow(s, value, "missing", "未入力です。"))
        known = {r.step.id for r in rows}
        for item in result.items:  # problems with no question of their own (lists, the box not asked for)
            if item.path in known:
                continue
            target = self._step_for(item.path)
            if target is not None:
                rows.append(ReviewRow(Step(target.id, target.pattern, target.kind, item.section, item.label),
                                      "", item.problem, item.message))
        return sorted(rows, key=lambda r: _ORDER[r.status])
