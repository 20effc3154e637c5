"""What is still missing or invalid, the 回答漏れチェック, and the computed values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Literal

from . import labels, paths
from .behaviour import At, boxes, other_box, run
from .checklist import ChecklistSpec, check_stored, omission
from .edition import Edition
from .form import FieldDef
from .normalize import NOT_MEASURED, excel_len
from .report import LISTS, SIDES, KpiBase, Report
from .rules import mentions_time, narrative_box

Problem = Literal["missing", "invalid", "warning"]
PROBLEM_LABELS: dict[str, str] = {"missing": "未入力", "invalid": "エラー", "warning": "注意"}


@dataclass(frozen=True)
class Item:
    path: str
    label: str
    section: str
    problem: Problem
    message: str


@dataclass
class CheckResult:
    items: list[Item] = field(default_factory=list)
    omission: dict[str, str] = field(default_factory=dict)
    computed: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> list[Item]:
        return [i for i in self.items if i.problem != "warning"]

    @property
    def complete(self) -> bool:
        return not self.blocking

    def count(self, problem: Problem) -> int:
        return sum(1 for i in self.items if i.problem == problem)

    def summary(self) -> str:
        if not self.items:
            return "すべて入力済みで、エラーはありません。"
        parts = [f"{PROBLEM_LABELS[p]} {self.count(p)}件" for p in PROBLEM_LABELS if self.count(p)]
        head = "提出できます（注意があります）" if self.complete else "まだ提出できません"
        return f"{head}：" + "・".join(parts)

    def problems_at(self, path: str) -> list[Item]:
        return [i for i in self.items if i.path == path]

    def to_json(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "summary": self.summary(),
            "items": [asdict(i) for i in self.items],
            "omission_check": self.omission,
            "computed": self.computed,
        }


class _Collector:
    def __init__(self, ed: Edition, spec: ChecklistSpec) -> None:
        self.ed = ed
        self.spec = spec
        self.items: list[Item] = []

    def add(self, path: str, problem: Problem, message: str, label: str | None = None) -> None:
        self.items.append(Item(path, label or paths.label(path, self.ed, self.spec),
                               paths.section_of(path, self.ed, self.spec), problem, message))

    def missing(self, path: str, message: str = "未入力です。", label: str | None = None) -> None:
        self.add(path, "missing", message, label)


def _header(report: Report, c: _Collector) -> None:
    """Each header row: required, its constraint (with the row's message) and its warning, by the rows' names."""
    h = report.header
    for row in report.ed.definition.rows("header"):
        _row(c, report, row, row.path, getattr(h, row.name))


def _row(c: _Collector, report: Report, row: FieldDef, path: str, value: Any) -> None:
    """One answer against its row: required (with the row's message), its constraint and its warning."""
    if value is None:
        if row.required:
            c.missing(path, row.required_message or "未入力です。")
        return
    if not (row.constraint or row.warn):
        return
    at = At(report, path)
    if error := run("constraint", row.constraint, value, at):
        c.add(path, "invalid", row.constraint_message or error)
    if warning := run("warn", row.warn, value, at):
        c.add(path, "warning", warning)


def _budget(report: Report, c: _Collector) -> None:
    for side in SIDES:
        for kind in LISTS:
            kind_label = report.ed.labels.budget_lists[kind]
            base = f"budget.{side}.{kind}"
            rows = paths.get(report, base)
            if rows is None:
                c.missing(base, f"{kind_label}があるか答えてください（なければ「なし」）。")
                continue
            if len(rows) > report.ed.max_budget_rows:
                c.add(base, "invalid", f"{kind_label}は{report.ed.max_budget_rows}行までです（様式の行数）。まとめてください。")
            for i, item in enumerate(rows):
                for row in report.ed.definition.rows("budget"):
                    _row(c, report, row, f"{base}[{i}].{row.name}", getattr(item, row.name))


def _kpi(report: Report, i: int, kpi: KpiBase, c: _Collector) -> None:
    ed = report.ed
    base = f"kpis[{i}]"
    rows = ed.definition.rows("kpis")
    plain = [r for r in rows if not r.per_year and not r.relevant]
    for row in plain:
        if row.required and getattr(kpi, row.name) is None:
            c.missing(f"{base}.{row.name}", row.required_message or "未入力です。")
    for year in kpi.years:
        if year not in ed.kpi_years:
            c.add(f"{base}.fy{year}", "invalid", f"この様式に{year}年度の欄はありません（{'・'.join(map(str, ed.kpi_years))}年度のみ）。")
    for year in ed.kpi_years:
        for row in [r for r in rows if r.per_year]:
            _row(c, report, row, f"{base}.fy{year}.{row.name}", getattr(kpi.year(year), row.name))
    for row in plain:
        if getattr(kpi, row.name) is not None:
            _row(c, report, row, f"{base}.{row.name}", getattr(kpi, row.name))
    _narratives(report, i, kpi, c)


def _narratives(report: Report, i: int, kpi: KpiBase, c: _Collector) -> None:
    """The box the final year's status asks for (the rows' relevance rules), its ※3 caution, the other box empty."""
    ed = report.ed
    base = f"kpis[{i}]"
    box = narrative_box(kpi.status(ed.final_year))
    if box is None:
        c.missing(
            f"{base}.narrative",
            f"{ed.final_year}年度末の目標値と実績値が入ると、記入する記述欄が決まります。",
            label=f"{labels.kpi_prefix(i)} 記述欄",
        )
        return
    names = boxes(ed)
    needed, other = names[box], names[other_box(box)]
    text = getattr(kpi, needed)
    for name in names.values():
        n = excel_len(getattr(kpi, name) or "")
        if n > ed.narrative_max:
            c.add(f"{base}.{name}", "invalid", f"{n}/{ed.narrative_max}字です。{ed.narrative_max}字以内にしてください。")
    if text is None:
        c.missing(f"{base}.{needed}", f"{ed.final_year}年度末の達成状況が「{kpi.status(ed.final_year)}」なので、この欄に記入します。")
    elif kpi.year(ed.final_year).actual == NOT_MEASURED and not mentions_time(text, ed.final_year):
        c.add(f"{base}.{needed}", "warning", f"※3：計測できなかった理由と、今後の具体的な計測時期（例：{ed.next_year + 1}年3月末）を書いてください。")
    if getattr(kpi, other) is not None:
        c.add(f"{base}.{other}", "invalid", f"{ed.final_year}年度末の達成状況では、この欄は空にします。文章を{ed.labels.kpi_fields[needed]}の欄へ移すか、消してください。")


def _kpis(report: Report, c: _Collector) -> None:
    if not report.kpis:
        c.missing("kpis", "KPIを1つ以上入力してください。")
    if len(report.kpis) > report.ed.max_kpis:
        c.add("kpis", "invalid", f"KPIは{report.ed.max_kpis}個までです。")
    for i, kpi in enumerate(report.kpis):
        _kpi(report, i, kpi, c)


def _checklist(report: Report, c: _Collector) -> None:
    for section in c.spec.sections:
        for q in section.questions:
            path = f"checklist.{q.id}"
            if q.id not in report.checklist:
                if q.required:
                    c.missing(path)
                continue
            error = check_stored(q, report.checklist[q.id])
            if error:
                c.add(path, "invalid", error)
    for qid in report.checklist:
        if c.spec.question(qid) is None:
            c.add(f"checklist.{qid}", "invalid", "様式にない設問です。下書きファイルの設問番号を確かめてください。")


def computed(report: Report, spec: ChecklistSpec | None = None) -> dict[str, Any]:
    ed = report.ed
    spec = spec or ed.definition.checklist
    budget = {
        side: {
            "expense_total": getattr(report.budget, side).expense_total,
            "income_total": getattr(report.budget, side).income_total,
            "balance": getattr(report.budget, side).balance,
        }
        for side in SIDES
    }
    kpis = []
    for i, kpi in enumerate(report.kpis):
        kpis.append(
            {
                "number": labels.kpi_mark(i),
                "name": kpi.name,
                "status": {str(y): kpi.status(y) for y in ed.kpi_years},
                "narrative_box": narrative_box(kpi.status(ed.final_year)),
                "counts": {box: excel_len(getattr(kpi, name) or "") for box, name in boxes(ed).items()},
            }
        )
    return {"budget": budget, "kpis": kpis, "omission_check": omission(spec, report.checklist)}


UNCONFIRMED_MOVE = "反対側の欄から移した文章です。結果に合うよう見直して、その質問で Enter を押して確定してください。"


def check(report: Report, spec: ChecklistSpec | None = None, unconfirmed: Iterable[str] = ()) -> CheckResult:
    """Every problem of the report against its edition's definition (``spec``: that edition's checklist).

    ``unconfirmed``: narrative boxes holding moved text not yet confirmed (``Draft.unconfirmed``)."""
    spec = spec or report.ed.definition.checklist
    c = _Collector(report.ed, spec)
    _header(report, c)
    _budget(report, c)
    _kpis(report, c)
    for path in unconfirmed:
        if paths.get(report, path) is not None:
            c.missing(path, UNCONFIRMED_MOVE)
    _checklist(report, c)
    values = computed(report, spec)
    return CheckResult(items=c.items, omission=values["omission_check"], computed=values)
