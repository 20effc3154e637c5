"""What is still missing or invalid, the 回答漏れチェック, and the computed values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Literal

from . import labels, municipalities, paths
from .checklist import ChecklistSpec
from .normalize import NOT_MEASURED, excel_len
from .report import Kpi, Report
from .rules import entry_date_warning, mentions_time, narrative_box, negative_target

Problem = Literal["missing", "invalid", "warning"]
PROBLEM_LABELS: dict[str, str] = {"missing": "未入力", "invalid": "エラー", "warning": "注意"}
NARRATIVE_FIELDS = {"achieved": "narrative_achieved", "unachieved": "narrative_unachieved"}

# ※1: a 0目標KPI is achieved only at 0 or below, whatever its target; a target above 0 is usually a 減少KPI.
ZERO_TARGET_WARNING = ("0目標KPIは実績が0以下のときだけ達成です（目標値 {target} とは比べません）。"
                       "0でない目標値と比べて判定したいなら、備考を[減少KPI]にしてください。")


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
    def __init__(self, spec: ChecklistSpec) -> None:
        self.spec = spec
        self.items: list[Item] = []

    def add(self, path: str, problem: Problem, message: str, label: str | None = None) -> None:
        self.items.append(
            Item(path, label or paths.label(path, self.spec), paths.section_of(path, self.spec), problem, message)
        )

    def missing(self, path: str, message: str = "未入力です。", label: str | None = None) -> None:
        self.add(path, "missing", message, label)


def _header(report: Report, c: _Collector) -> None:
    h = report.header
    for row in report.ed.definition.rows("header"):
        if row.required and getattr(h, row.name) is None:
            c.missing(row.path)
        if row.type == "date" and (warning := entry_date_warning(getattr(h, row.name), report.ed.final_year)):
            c.add(row.path, "warning", warning)
    if h.municipality is not None and municipalities.find(h.prefecture, h.municipality) is None:
        close = municipalities.suggestions(h.municipality, h.prefecture)
        hint = f"近い名前：{'、'.join(close)}。" if close else ""
        where = f"{h.prefecture}の" if h.prefecture else ""
        c.add("header.municipality", "invalid", f"「{h.municipality}」は{where}地方公共団体の一覧にありません。{hint}")
    error = municipalities.agreement_error(h.prefecture, h.municipality, h.lg_code)
    if error:
        c.add("header.lg_code", "invalid", error)


def _budget(report: Report, c: _Collector) -> None:
    for side in labels.BUDGET_SIDES:
        for kind, kind_label in labels.BUDGET_LISTS.items():
            base = f"budget.{side}.{kind}"
            rows = paths.get(report, base)
            if rows is None:
                c.missing(base, f"{kind_label}があるか答えてください（なければ「なし」）。")
                continue
            if len(rows) > report.ed.max_budget_rows:
                c.add(base, "invalid", f"{kind_label}は{report.ed.max_budget_rows}行までです（様式の行数）。まとめてください。")
            for i, row in enumerate(rows):
                if row.item is None:
                    c.missing(f"{base}[{i}].item")
                if row.amount is None:
                    c.missing(f"{base}[{i}].amount", "金額を入力してください（金額がない場合は「-」）。")


def _kpi(report: Report, i: int, kpi: Kpi, c: _Collector) -> None:
    ed = report.ed
    base = f"kpis[{i}]"
    for row in ed.definition.rows("kpis"):
        if row.required and not row.per_year and not row.relevant and getattr(kpi, row.name) is None:
            c.missing(f"{base}.{row.name}")
    for year in kpi.years:
        if year not in ed.kpi_years:
            c.add(f"{base}.fy{year}", "invalid", f"この様式に{year}年度の欄はありません（{'・'.join(map(str, ed.kpi_years))}年度のみ）。")
    for year in ed.kpi_years:
        y = kpi.year(year)
        if y.target is None:
            c.missing(f"{base}.fy{year}.target", "目標値を入力してください（実施計画書より転記）。")
        if y.actual is None:
            c.missing(f"{base}.fy{year}.actual", "実績値を入力してください（計測していなければ「未計測」）。")
        if kpi.note == "0目標KPI" and y.target not in (None, 0):
            c.add(f"{base}.fy{year}.target", "warning", ZERO_TARGET_WARNING.format(target=y.target))
    if kpi.note == "減少KPI" and negative_target([kpi.year(y).target for y in ed.kpi_years]):
        c.add(f"{base}.note", "warning", "※1：目標値にマイナスを使っているKPIの備考は（なし）です（[減少KPI]はマイナスを使わない場合）。"
              "実施計画書を見て、備考を（なし）にするか、目標値をマイナスなしで書いてください。")
    box = narrative_box(kpi.status(ed.final_year))
    if box is None:
        c.missing(
            f"{base}.narrative",
            f"{ed.final_year}年度末の目標値と実績値が入ると、記入する記述欄が決まります。",
            label=f"{labels.kpi_prefix(i)} 記述欄",
        )
        return
    needed, other = NARRATIVE_FIELDS[box], NARRATIVE_FIELDS["unachieved" if box == "achieved" else "achieved"]
    text = getattr(kpi, needed)
    for name in NARRATIVE_FIELDS.values():
        n = excel_len(getattr(kpi, name) or "")
        if n > ed.narrative_max:
            c.add(f"{base}.{name}", "invalid", f"{n}/{ed.narrative_max}字です。{ed.narrative_max}字以内にしてください。")
    if text is None:
        c.missing(f"{base}.{needed}", f"{ed.final_year}年度末の達成状況が「{kpi.status(ed.final_year)}」なので、この欄に記入します。")
    elif kpi.year(ed.final_year).actual == NOT_MEASURED and not mentions_time(text, ed.final_year):
        c.add(f"{base}.{needed}", "warning", f"※3：計測できなかった理由と、今後の具体的な計測時期（例：{ed.next_year + 1}年3月末）を書いてください。")
    if getattr(kpi, other) is not None:
        c.add(f"{base}.{other}", "invalid", f"{ed.final_year}年度末の達成状況では、この欄は空にします。文章を{labels.KPI_FIELDS[needed]}の欄へ移すか、消してください。")


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
            error = q.check_stored(report.checklist[q.id])
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
        for side in labels.BUDGET_SIDES
    }
    kpis = []
    for i, kpi in enumerate(report.kpis):
        kpis.append(
            {
                "number": labels.kpi_mark(i),
                "name": kpi.name,
                "status": {str(y): kpi.status(y) for y in ed.kpi_years},
                "narrative_box": narrative_box(kpi.status(ed.final_year)),
                "counts": {
                    box: excel_len(getattr(kpi, name) or "") for box, name in NARRATIVE_FIELDS.items()
                },
            }
        )
    return {"budget": budget, "kpis": kpis, "omission_check": spec.omission(report.checklist)}


UNCONFIRMED_MOVE = "反対側の欄から移した文章です。結果に合うよう見直して、その質問で Enter を押して確定してください。"


def check(report: Report, spec: ChecklistSpec | None = None, unconfirmed: Iterable[str] = ()) -> CheckResult:
    """Every problem of the report against its edition's definition (``spec``: that edition's checklist).

    ``unconfirmed``: narrative boxes holding moved text not yet confirmed (``Draft.unconfirmed``)."""
    spec = spec or report.ed.definition.checklist
    c = _Collector(spec)
    _header(report, c)
    _budget(report, c)
    _kpis(report, c)
    for path in unconfirmed:
        if paths.get(report, path) is not None:
            c.missing(path, UNCONFIRMED_MOVE)
    _checklist(report, c)
    values = computed(report, spec)
    return CheckResult(items=c.items, omission=values["omission_check"], computed=values)
