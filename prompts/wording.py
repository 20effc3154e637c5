"""The walker's wording: each step's question, hint and example from questions.toml, filled in."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from dejiden.model import normalize, paths, rules
from dejiden.model.behaviour import At, boxes, other_box, run, suggested_note
from dejiden.model.fields import field_type
from dejiden.model.labels import kpi_prefix
from dejiden.model.normalize import excel_len

from .state import Part, State
from .steps import EDITION, KEEP, MOVE, moved_mark
from .view import Message, Prompt, Step

if TYPE_CHECKING:  # the parts this one is given (prompts/walker.py builds them)
    from .rows import Rows
    from .steps import Steps


def show(value: Any) -> str:
    """A stored value as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return normalize.format_date(value)
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def quote(text: str) -> str:
    """Text in 「」; brackets inside become 『』, so a label is never doubled (「KPI③ 『KPI未達成…』の場合」)."""
    return "「" + text.replace("「", "『").replace("」", "』") + "」"


def status_line(kpi, year: int) -> str | None:
    """「2023年度末：目標 7 に対して実績 6.8 → 未達成」, with the rule used when it is not the plain one."""
    status = kpi.status(year)
    if status is None:
        return None
    if status == rules.UNMEASURED:
        return f"{year}年度末：未計測 → 達成状況は「未計測」です（※3）。"
    y = kpi.year(year)
    rule = {"0目標KPI": "（0目標KPI：0以下で達成）", "減少KPI": "（減少KPI：目標以下で達成）"}.get(kpi.note or "", "")
    if not rule and y.target is not None and y.target < 0:
        rule = "（マイナスの目標：目標以下で達成）"
    return f"{year}年度末：目標 {show(y.target)} に対して実績 {show(y.actual)} → {status}{rule}"


class Wording(Part):
    """What is asked: each step's question, hint, example and default, from the row and questions.toml."""

    def __init__(self, state: State, steps: Steps, rows: Rows) -> None:
        self.state, self.steps, self.rows = state, steps, rows
        self.text = state.text

    def shown(self, path: str, value: Any) -> str:
        """A stored value as the form prints it in this field (amounts with commas: 3,500; none as -)."""
        row = self.ed.definition.row(path) if value is not None else None
        how = field_type(row.type, row.group).show if row is not None else None
        return how(value) if how is not None else show(value)

    def _kpi_examples(self) -> str:
        """The form's 記入例 KPI rows (edition data), one line each."""
        ed = self.ed
        lines = [ed.kpi_example_title.removeprefix("例：") + "（2通りの書き方）："]  # the guide says 記入例： already
        for ex in ed.kpi_examples:
            note = f"｜備考 {ex.note}" if ex.note else ""
            lines.append(f"  ・{ex.name}{note}｜{ex.kind}｜{ex.unit}｜目標値 {show(ex.target)}｜実績値 {show(ex.actual)}")
        return "\n".join(lines)

    def context(self, step: Step) -> dict[str, Any]:
        t = paths.parse(step.id)
        ed = self.ed
        ctx: dict[str, Any] = {"max": step.max_len or ed.narrative_max, "next_year": ed.next_year,
                               "max_kpis": ed.max_kpis, "budget_year": ed.budget_year, "kpi_examples": "",
                               "measure_example": f"{ed.next_year + 1}年3月末"}  # a time after the year reported on
        field = str(t[-1])
        if field in ed.narrative_examples:
            ctx["form_example"] = ed.narrative_examples[field]
            ctx["example_len"] = excel_len(ed.narrative_examples[field])
        if t[0] == "budget":
            side, kind = str(t[1]), str(t[2])
            rows = paths.get(self.report, f"budget.{side}.{kind}") or []
            ctx.update(side=ed.labels.budget_side_short[side], side_long=ed.labels.budget_side(side),
                       list=ed.labels.budget_lists[kind], count=len(rows), list_example=self.text["list_examples"][kind])
            if len(t) == 3:  # the list's next row
                ctx.update(row=len(rows) + 1, planned=self._planned_item(step) or "")
            if len(t) > 3:
                row = rows[int(t[3])] if int(t[3]) < len(rows) else None
                ctx.update(row=int(t[3]) + 1, item=(row.item if row and row.item else f"{int(t[3]) + 1}行目"))
        if t[0] == "kpis":
            index = int(t[1]) if len(t) > 1 else max(len(self.report.kpis) - 1, 0)
            kpi = self.report.kpis[index] if index < len(self.report.kpis) else None
            ctx.update(next_kpi=kpi_prefix(len(self.report.kpis)))
            ctx.update(kpi=kpi_prefix(index), name=(kpi.name if kpi and kpi.name else "（名前未入力）"))
            year = next((int(str(x)[2:]) for x in t if isinstance(x, str) and re.fullmatch(r"fy\d{4}", x)), ed.final_year)
            ctx.update(year=year, status=(kpi.status(ed.final_year) if kpi else "") or "")
            ctx.update(room=ed.narrative_max - excel_len((kpi.narrative_unachieved if kpi else None) or ""))
            if step.pattern == "kpis[*].narrative_move" and kpi is not None:
                names = boxes(ed)
                box = rules.narrative_box(kpi.status(ed.final_year)) or "achieved"
                ctx.update(box=ed.labels.kpi_fields[names[box]], other=ed.labels.kpi_fields[names[other_box(box)]],
                           chars=excel_len(getattr(kpi, names[other_box(box)]) or ""))
        if step.id == EDITION:  # what each edition's form was checked against
            ctx["provenance"] = "\n".join(f"・{e.label}：{e.checked_against}" for e in self.steps.editions())
        row = ed.definition.row(step.id)
        if row is not None:
            ctx["label"] = row.title(ctx.get("year"))
        if t[0] == "checklist":
            q = self.spec.question(str(t[1]))
            section = self.spec.section_of(str(t[1]))
            ctx.update(id=q.id, label=q.label, hint=q.hint, section=section.title if section else "")
        return ctx

    def _fmt(self, template: str, step: Step) -> str:
        ctx = self.context(step)
        if "{kpi_examples}" in template:
            ctx["kpi_examples"] = self._kpi_examples()
        return template.format(**ctx)

    def _keys(self, step: Step) -> tuple[str, str]:
        """Which question and hint wording fits the step as the draft stands."""
        key, hint_key = "question", "hint"
        if step.repeat and step.id != "kpis":
            key = "question_first" if not paths.get(self.report, step.id) else "question"
            if self._planned_item(step) is not None:
                key, hint_key = "question_planned", "hint_planned"
        row = self.ed.definition.row(step.id) if step.kind == "narrative" else None
        if row is not None and row.relevant == "final_box_unachieved":
            kpi = self.report.kpis[int(paths.parse(step.id)[1])]
            if kpi.status(self.ed.final_year) == rules.UNMEASURED:
                key = "question_unmeasured"
        if step.kind == "narrative" and moved_mark(step.id) in self.state.draft.session.closed:
            key = "question_moved"
        if step.pattern == "kpis[*].narrative_move" and step.choices[0] != "移す":
            key = "question_both"
        if step.pattern == "kpis[*].measure_time" and self.context(step)["room"] < excel_len(f"（計測時期：{self.context(step)['measure_example']}）"):
            key = "question_full"  # no room to append: say so before the person types
        if step.id.startswith("budget.actual.") and hint_key == "hint" and "hint_actual" in self.wording(step):
            hint_key = "hint_actual"  # the 実際 side is what was spent and received, not the plan's wording
        if step.pattern.startswith("checklist."):
            q = self.spec.question(str(paths.parse(step.id)[1]))
            key, hint_key = f"question_{q.type}", ("hint" if q.hint or q.type == "text" else f"hint_{q.type}")
        return key, hint_key

    def wording(self, step: Step) -> dict[str, str]:
        """The row's own wording (question, hint, 記入例), under what questions.toml says for its path (overrides);
        a row with neither is asked in the generic words for its kind of input."""
        step_texts = self.text["step"]
        row = self.ed.definition.row(step.id)
        own = {k: getattr(row, k) for k in ("question", "hint", "example") if row is not None and getattr(row, k)}
        override = step_texts.get("checklist.*" if step.pattern.startswith("checklist.") else step.pattern, {})
        if not own and not override:
            return self.text["generic"][step.kind]
        return {**self.text["generic"][step.kind], **own, **override}

    def prompt(self) -> Prompt | None:
        step = self.steps.step()
        if step is None:
            return None
        data = self.wording(step)
        key, hint_key = self._keys(step)
        current = None if step.repeat or (step.id == EDITION and not self.steps.answered(step)) else self.steps.value(step)
        if step.blank is not None and current is None and self.steps.answered(step):
            current = step.blank
        text = self._fmt(data[key], step)
        if step.repeat and self.rows.full(step.id):  # asked once, so a pasted row beyond the form is refused, not stored next
            text = self.rows.limit_said(step.id) + self.text["list_full"]
        default = self.default(step, current)
        if default is not None and current is None:  # a choice shows it selected: (*)
            text += f"（{quote(default)}を選んであります。そのままなら Enter）" if step.kind == "choice" else f"（空のまま Enter で{quote(default)}）"
        opening = self._opening(step)
        return Prompt(
            step=step,
            text=f"{opening}\n{text}" if opening else text,
            hint=self._fmt(data.get(hint_key, data.get("hint", "")), step),
            example=self._fmt(data.get("example", ""), step).strip("\n"),
            current=self.shown(step.id, current) if current is not None else None,
            default=default,
            notice=self._notice(step),
        )

    def pick_first(self, step: Step) -> str:
        """Enter on a choice with nothing selected: what to press (nothing is chosen for the officer)."""
        options = ((step.blank,) if step.blank else ()) + step.choices
        listing = "、".join(f"{i} {c}" for i, c in enumerate(options, 1))
        return f"まだ選んでいません。番号で選んでから Enter を押してください（{listing}）。"

    def _opening(self, step: Step) -> str | None:
        """The first question of a checklist section says the questions are dejiden's own (item 5)."""
        if not step.pattern.startswith("checklist."):
            return None
        section = self.spec.section_of(str(paths.parse(step.id)[1]))
        if section is None or section.questions[0].id != str(paths.parse(step.id)[1]) or not self.spec.note:
            return None
        return self.text["sections"]["checklist"].format(title=section.title) + self.spec.note

    def default(self, step: Step, current: Any) -> str | None:
        """What Enter on an empty answer records, only where it changes no judgement: the row's named default
        (today) or suggestion (a 単位 from the KPI's name), the 予定 item on the 実際 side, keeping text that
        would be moved. (The edition decides the KPI years, so which 達成状況 picks the narrative box: it is
        chosen, never defaulted.)"""
        if step.blank is not None:
            return None  # 備考 decides 達成状況 and the narrative box: suggested with its reason, never pre-selected
        row = self.ed.definition.row(step.id)
        if row is not None and current is None and (row.default or row.suggest):
            at = At(self.report, step.id, self.state.today())
            if row.default:
                value = run("default", row.default, at)
                return show(value) if value is not None else None
            return run("suggest", row.suggest, at)
        if step.repeat:
            return self._planned_item(step)
        if step.pattern == "kpis[*].narrative_move":
            return KEEP if KEEP in step.choices else MOVE  # Enter never loses text
        if step.kind == "narrative" and moved_mark(step.id) in self.state.draft.session.closed:
            return show(self.steps.value(step))  # Enter confirms the moved text as it stands
        return None

    def _planned_item(self, step: Step) -> str | None:
        """On the 実際 side, the 予定 item at the same row: what the next actual row most likely is."""
        t = paths.parse(step.id)
        if not step.repeat or t[0] != "budget" or t[1] == "planned":
            return None
        planned = paths.get(self.report, f"budget.planned.{t[2]}") or []
        have = len(paths.get(self.report, step.id) or [])
        return planned[have].item if have < len(planned) and planned[have].item else None

    def _notice(self, step: Step) -> str | None:
        if step.blank is None or not step.pattern.startswith("kpis"):
            return None
        data = self.wording(step)
        index = int(paths.parse(step.id)[1])
        kpi = self.report.kpis[index] if index < len(self.report.kpis) else None
        note = suggested_note(kpi, self.ed.kpi_years)
        if note is None and kpi is not None and rules.negative_target([kpi.year(y).target for y in self.ed.kpi_years]):
            reason = data["suggest_minus"]
        elif note == "減少KPI" and not rules.suggests_decrease(kpi.name):
            reason = data["suggest_falling"]
        else:
            reason = {"0目標KPI": data["suggest_zero"], "減少KPI": data["suggest_decrease"]}.get(note or "", data["suggest_none"])
        return reason if self.steps.answered(step) else reason + data["pick"]  # nothing is pre-selected: the officer picks

    def greeting(self) -> list[Message]:
        answered, total = self.steps.counts()
        if answered:
            text = self.text["resume"].format(answered=answered, total=total)
        else:
            text = self.text["greeting"]
        out = [Message("bot", text)]
        if answered and not self.steps.pending():
            out.append(Message("bot", self.text["done"], "result"))
        if self.report.carried_from and self.state.draft.session.current is None:
            todo = self.steps.pending()
            out.append(Message("bot", self.text["carried"].format(source=self.report.carried_from, edition=self.ed.label,
                                                                   count=len(todo), first=todo[0].label if todo else ""), "note"))
        return out
