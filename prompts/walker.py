"""The walker: which question comes next, and what the bot says to an answer.

It holds a draft, turns typed text into model values through the model's parsers, stores them,
and answers with what was recorded, what was computed, or a Japanese error and the same question.
No Textual here: tests drive the whole conversation with ``Walker.handle(text)``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Callable

from dejiden.model import completeness, labels, municipalities, normalize, paths, rules
from dejiden.model.checklist import ChecklistSpec
from dejiden.model.draft import Draft
from dejiden.model.fields import COLLABORATION, KPI_KINDS, KPI_NOTES
from dejiden.model.normalize import Invalid, Parsed, Result, excel_len

from .data import checklist_spec, questions
from .view import REVIEW, Kind, Message, Prompt, Reply, ReviewRow, SectionProgress, Step

ADD_YES, ADD_NO = "はい", "いいえ"
ADD_CHOICES = (ADD_YES, ADD_NO)

SECTION_KEYS = ("header", "budget", "kpis")
HEADER_ORDER = (
    "entry_date", "municipality", "prefecture", "lg_code", "department", "manager_name",
    "manager_title", "contact_name", "phone", "email", "collaboration", "project_name",
)


def show(value: Any) -> str:
    """A stored value as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return normalize.format_date(value)
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def _pattern(path: str) -> str:
    if path.startswith("checklist."):
        return "checklist.*"
    out = re.sub(r"\[\d+\]", "[*]", path)
    out = re.sub(r"fy\d{4}", "fy*", out)
    if out.startswith("budget."):
        out = re.sub(r"^budget\.\w+\.\w+", "budget.*.*", out)
    return out


class Walker:
    def __init__(
        self,
        draft: Draft,
        spec: ChecklistSpec | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.draft = draft
        self.spec = spec or checklist_spec()
        self.text = questions()
        self.today = today
        session = draft.session
        self._close_finished_lists()
        self._steps: list[Step] = self._build()
        ids = {s.id for s in self._steps}
        self.current: str = session.current if session.current in ids or session.current == REVIEW else self.first_pending()

    # ------------------------------------------------------------ state

    @property
    def report(self):
        return self.draft.report

    @property
    def ed(self):
        return self.report.ed

    @property
    def steps(self) -> list[Step]:
        return self._steps

    def step(self, step_id: str | None = None) -> Step | None:
        sid = step_id or self.current
        return next((s for s in self._steps if s.id == sid), None)

    def value(self, step: Step) -> Any:
        return paths.get(self.report, step.id)

    def answered(self, step: Step) -> bool:
        if step.repeat:
            rows = paths.get(self.report, step.id)
            if step.id == "kpis":
                return step.id in self.draft.session.closed or len(rows or []) >= self.ed.max_kpis
            full = len(rows or []) >= self.ed.max_budget_rows
            return rows is not None and (rows == [] or full or step.id in self.draft.session.closed)
        if step.pattern == "kpis[*].measure_time":
            return False  # relevant only while the time is missing
        return self.value(step) is not None or step.optional

    def pending(self) -> list[Step]:
        return [s for s in self._steps if not self.answered(s)]

    def first_pending(self) -> str:
        todo = self.pending()
        return todo[0].id if todo else REVIEW

    def counts(self) -> tuple[int, int]:
        """Questions answered and questions in all ("add another?" included)."""
        return sum(1 for s in self._steps if self.answered(s)), len(self._steps)

    def _close_finished_lists(self) -> None:
        """Lists finished earlier, or made elsewhere (example, import, hand edit), need no "add another?".

        A list counts as finished when its rows are all filled in and its "add another?" is not the
        question the draft was left at; KPIs, when the draft was not left inside the KPI section.
        """
        session = self.draft.session
        current = session.current or ""
        for list_path in self._list_paths():
            rows = paths.get(self.report, list_path)
            if not rows or list_path in session.closed or current == list_path:
                continue
            if list_path == "kpis":
                finished = not current.startswith("kpis")
            else:
                finished = all(r.item is not None and r.amount is not None for r in rows)
            if finished:
                session.closed.append(list_path)

    def _list_paths(self) -> list[str]:
        return [f"budget.{side}.{kind}" for side in labels.BUDGET_SIDES for kind in labels.BUDGET_LISTS] + ["kpis"]

    # ------------------------------------------------------------ the steps

    def _mk(self, path: str, kind: Kind, **kw: Any) -> Step:
        section = paths.section_of(path, self.spec)
        label = kw.pop("label", None) or paths.label(path, self.spec)
        return Step(path, _pattern(path), kind, section, label, **kw)

    def _build(self) -> list[Step]:
        steps: list[Step] = []
        kinds: dict[str, Kind] = {"entry_date": "date", "collaboration": "choice"}
        for name in HEADER_ORDER:
            extra = {"choices": COLLABORATION} if name == "collaboration" else {}
            steps.append(self._mk(f"header.{name}", kinds.get(name, "line"), **extra))
        for side in labels.BUDGET_SIDES:
            for kind in labels.BUDGET_LISTS:
                base = f"budget.{side}.{kind}"
                for i, _ in enumerate(paths.get(self.report, base) or []):
                    steps.append(self._mk(f"{base}[{i}].item", "line"))
                    steps.append(self._mk(f"{base}[{i}].amount", "line"))
                steps.append(self._mk(base, "choice", choices=ADD_CHOICES, repeat=True))
        kpis = self.report.kpis or [None]
        for i, kpi in enumerate(kpis):
            steps += self._kpi_steps(i, kpi)
        steps.append(self._mk("kpis", "choice", choices=ADD_CHOICES, repeat=True, label="KPIの追加"))
        for section in self.spec.sections:
            for q in section.questions:
                kind: Kind = {"single": "choice", "multi": "multi", "text": "narrative"}[q.type]
                steps.append(
                    self._mk(f"checklist.{q.id}", kind, choices=q.choices, max_len=q.max_len if q.type == "text" else None,
                             optional=not q.required)
                )
        return steps

    def _kpi_steps(self, i: int, kpi) -> list[Step]:
        base = f"kpis[{i}]"
        final = self.ed.final_year
        out = [
            self._mk(f"{base}.name", "line"),
            self._mk(f"{base}.kind", "choice", choices=KPI_KINDS),
            self._mk(f"{base}.unit", "line"),
        ]
        out += [self._mk(f"{base}.fy{y}.target", "line") for y in self.ed.kpi_years]
        if kpi is not None and (
            kpi.note is not None
            or rules.suggests_decrease(kpi.name)
            or any(kpi.year(y).target == 0 for y in self.ed.kpi_years)
        ):
            out.append(self._mk(f"{base}.note", "choice", choices=KPI_NOTES, blank=labels.KPI_NOTE_BLANK, optional=True))
        out += [self._mk(f"{base}.fy{y}.actual", "line") for y in self.ed.kpi_years]
        box = rules.narrative_box(kpi.status(final)) if kpi is not None else None
        if box is not None:
            name = completeness.NARRATIVE_FIELDS[box]
            out.append(self._mk(f"{base}.{name}", "narrative", max_len=self.ed.narrative_max))
            text = getattr(kpi, name)
            if kpi.year(final).actual == normalize.NOT_MEASURED and text and not rules.mentions_time(text):
                out.append(self._mk(f"{base}.measure_time", "line", label=f"{labels.kpi_prefix(i)} 計測時期"))
        return out

    def refresh(self) -> None:
        self._steps = self._build()

    # ------------------------------------------------------------ wording

    def _kpi_examples(self) -> str:
        """The form's 記入例 KPI rows (edition data), one line each."""
        ed = self.ed
        lines = [ed.kpi_example_title + "（2通りの書き方）："]
        for ex in ed.kpi_examples:
            note = f"｜備考 {ex.note}" if ex.note else ""
            lines.append(f"  ・{ex.name}{note}｜{ex.kind}｜{ex.unit}｜目標値 {show(ex.target)}｜実績値 {show(ex.actual)}")
        return "\n".join(lines)

    def _fmt(self, template: str, step: Step) -> str:
        t = paths.parse(step.id)
        ctx: dict[str, Any] = {
            "max": step.max_len or self.ed.narrative_max,
            "next_year": self.ed.next_year,
            "max_kpis": self.ed.max_kpis,
            "budget_year": self.ed.budget_year,
        }
        if "{kpi_examples}" in template:
            ctx["kpi_examples"] = self._kpi_examples()
        field = str(t[-1])
        if field in self.ed.narrative_examples:
            ctx["form_example"] = self.ed.narrative_examples[field]
            ctx["example_len"] = excel_len(self.ed.narrative_examples[field])
        if t[0] == "budget":
            side, kind = str(t[1]), str(t[2])
            rows = paths.get(self.report, f"budget.{side}.{kind}") or []
            ctx.update(side=labels.BUDGET_SIDE_SHORT[side], side_long=labels.budget_side(side, self.ed),
                       list=labels.BUDGET_LISTS[kind], count=len(rows))
            if len(t) > 3:
                row = rows[int(t[3])] if int(t[3]) < len(rows) else None
                ctx.update(row=int(t[3]) + 1, item=(row.item if row and row.item else f"{int(t[3]) + 1}行目"))
        if t[0] == "kpis":
            index = int(t[1]) if len(t) > 1 else max(len(self.report.kpis) - 1, 0)
            kpi = self.report.kpis[index] if index < len(self.report.kpis) else None
            ctx.update(kpi=labels.kpi_prefix(index), name=(kpi.name if kpi and kpi.name else "（名前未入力）"))
            year = next((int(str(x)[2:]) for x in t if isinstance(x, str) and re.fullmatch(r"fy\d{4}", x)), self.ed.final_year)
            ctx.update(year=year, status=(kpi.status(self.ed.final_year) if kpi else "") or "")
        if t[0] == "checklist":
            q = self.spec.question(str(t[1]))
            section = self.spec.section_of(str(t[1]))
            ctx.update(id=q.id, label=q.label, hint=q.hint, section=section.title if section else "")
        return template.format(**ctx)

    def prompt(self) -> Prompt | None:
        step = self.step()
        if step is None:
            return None
        data = self.text["step"][step.pattern]
        key = "question"
        if step.repeat and step.id != "kpis" and not paths.get(self.report, step.id):
            key = "question_first"
        if step.pattern == "kpis[*].narrative_unachieved":
            kpi = self.report.kpis[int(paths.parse(step.id)[1])]
            if kpi.status(self.ed.final_year) == rules.UNMEASURED:
                key = "question_unmeasured"
        hint_key = "hint"
        if step.pattern == "checklist.*":
            q = self.spec.question(str(paths.parse(step.id)[1]))
            key, hint_key = f"question_{q.type}", ("hint" if q.hint else f"hint_{q.type}")
            if q.type == "text":
                hint_key = "hint"
        current = None if step.repeat else self.value(step)
        default = None
        if step.kind == "date" and current is None:
            default = normalize.format_date(self.today())
        return Prompt(
            step=step,
            text=self._fmt(data[key], step),
            hint=self._fmt(data.get(hint_key, data.get("hint", "")), step),
            example=self._fmt(data.get("example", ""), step).strip("\n"),
            current=show(current) if current is not None else None,
            default=default,
            notice=self._notice(step),
        )

    def _notice(self, step: Step) -> str | None:
        if step.pattern != "kpis[*].note":
            return None
        data = self.text["step"][step.pattern]
        kpi = self.report.kpis[int(paths.parse(step.id)[1])]
        if any(kpi.year(y).target == 0 for y in self.ed.kpi_years):
            return data["suggest_zero"]
        if rules.suggests_decrease(kpi.name):
            return data["suggest_decrease"]
        return None

    def greeting(self) -> list[Message]:
        answered, total = self.counts()
        if answered:
            text = self.text["resume"].format(answered=answered, total=total)
        else:
            text = self.text["greeting"]
        return [Message("bot", text)]

    # ------------------------------------------------------------ moving

    def _ids(self) -> list[str]:
        return [s.id for s in self._steps]

    def goto(self, step_id: str) -> None:
        self.current = step_id
        self.draft.session.current = step_id

    def _next_after(self, old_ids: list[str], position_id: str) -> str:
        new_ids = self._ids()
        anchor = position_id
        if anchor not in new_ids and anchor in old_ids:
            earlier = [i for i in old_ids[: old_ids.index(anchor)] if i in new_ids]
            anchor = earlier[-1] if earlier else None  # type: ignore[assignment]
        start = new_ids.index(anchor) + 1 if anchor in new_ids else 0
        for step in self._steps[start:]:
            if not self.answered(step):
                return step.id
        return self.first_pending()

    def back(self) -> Reply:
        ids = self._ids()
        if self.current == REVIEW:
            self.goto(ids[-1])
        elif self.current in ids and ids.index(self.current) > 0:
            self.goto(ids[ids.index(self.current) - 1])
        else:
            return Reply([Message("bot", "これが最初の質問です。", "note")])
        return Reply([Message("bot", "ひとつ前の質問に戻ります。", "note")])

    def skip(self) -> Reply:
        ids = self._ids()
        if self.current in ids and ids.index(self.current) + 1 < len(ids):
            self.goto(ids[ids.index(self.current) + 1])
            return Reply([Message("bot", "この質問は後回しにします（未入力のまま残ります）。", "note")])
        self.goto(REVIEW)
        return Reply([Message("bot", "最後の質問です。内容の確認に進みます。", "note")], action="review")

    def jump_targets(self) -> list[Step]:
        return list(self._steps)

    def find(self, query: str) -> list[Step]:
        if not query.strip():
            return []
        exact = [s for s in self._steps if s.id == query]
        if exact:
            return exact
        tokens = [t for t in re.split(r"\s+", unicodedata.normalize("NFKC", query).casefold()) if t]

        def key(s: Step) -> str:
            extra = "記述欄" if s.kind == "narrative" else ""
            return unicodedata.normalize("NFKC", f"{s.section}{s.label}{extra}").replace(" ", "").casefold()

        return [s for s in self._steps if all(t in key(s) for t in tokens)]

    def jump(self, target: str) -> Reply:
        found = self.find(target)
        if not found:
            return Reply([Message("bot", f"「{target}」に当てはまる質問が見つかりません。項目名の一部を入力してください（例：/jump KPI② 実績）。", "error")])
        self.goto(found[0].id)
        return Reply([Message("bot", f"「{found[0].label}」に移動します。", "note")])

    # ------------------------------------------------------------ answering

    def handle(self, text: str) -> Reply:
        """Anything typed into the input: a slash command or an answer."""
        stripped = text.strip()
        if stripped.startswith("/") and "\n" not in stripped:
            return self.command(stripped)
        return self.answer(text)

    COMMANDS = {
        "/back": "ひとつ前の質問に戻る",
        "/skip": "この質問を後回しにする",
        "/jump": "質問に移動する（例：/jump KPI② 実績）",
        "/review": "内容の確認（未入力・エラーの一覧）",
        "/help": "この質問の説明と記入例",
        "/export": "提出用のExcelファイルを書き出す",
    }

    def command(self, text: str) -> Reply:
        name, _, arg = text.partition(" ")
        name = unicodedata.normalize("NFKC", name).lower()
        if name == "/back":
            return self.back()
        if name == "/skip":
            return self.skip()
        if name == "/jump":
            return self.jump(arg.strip()) if arg.strip() else Reply(action="jump")
        if name == "/review":
            return Reply(action="review")
        if name == "/help":
            return self.help()
        if name == "/export":
            return Reply(action="export")
        listing = "、".join(self.COMMANDS)
        return Reply([Message("bot", f"「{name}」というコマンドはありません。使えるのは {listing} です。", "error")])

    def help(self) -> Reply:
        p = self.prompt()
        reply = Reply(action="help")
        if p is None:
            reply.say("すべての質問が終わっています。/review で確認できます。")
            return reply
        reply.say(f"【{p.step.label}】{p.hint}")
        if p.example:
            reply.say(f"記入例：{p.example}")
        reply.say("コマンド：" + "　".join(f"{k} {v}" for k, v in self.COMMANDS.items()))
        return reply

    def answer(self, text: str) -> Reply:
        step = self.step()
        reply = Reply()
        if step is None:
            reply.say("すべての質問が終わっています。直したい項目は /jump か /review から選んでください。")
            return reply
        if not text.strip() and not step.repeat and step.kind != "date":
            current = self.value(step)
            if current is not None or step.optional:
                old = self._ids()
                reply.say("そのままにしました。", "note")
                self.goto(self._next_after(old, step.id))
                return reply
        result, goto = self._store(step, text, reply)
        if isinstance(result, Invalid):
            reply.say(result.message, "error")
            return reply
        reply.accepted = True
        old = self._ids()
        self.refresh()
        self.goto(goto or self._next_after(old, step.id))
        if self.current == REVIEW:
            reply.say(self.text["done"], "result")
        return reply

    # the parsers and what each answer does to the report
    def _store(self, step: Step, text: str, reply: Reply) -> tuple[Result, str | None]:
        p = step.pattern
        if step.repeat:
            return self._store_repeat(step, text, reply)
        if p == "header.municipality":
            return self._store_municipality(text, reply), None
        if p.startswith("checklist."):
            q = self.spec.question(step.id.split(".", 1)[1])
            return self._put(step, q.parse(text), reply), None
        if p == "kpis[*].measure_time":
            return self._store_measure_time(step, text, reply), None
        result = self._parse(step, text)
        if isinstance(result, Parsed):
            result = self._agrees_with_name(p, result)
        stored = self._put(step, result, reply)
        if isinstance(stored, Parsed) and p.startswith("kpis[*]."):
            self._kpi_result(step, reply)
        return stored, None

    def _agrees_with_name(self, pattern: str, result: Parsed) -> Result:
        """A typed code or prefecture must describe the body already named in 市区町村等名."""
        h = self.report.header
        if pattern == "header.lg_code":
            error = municipalities.agreement_error(h.prefecture, h.municipality, result.value)
            if error:
                return Invalid(error + "コードか団体名を確かめてください。")
        if pattern == "header.prefecture" and h.municipality and municipalities.find(result.value, h.municipality) is None:
            found = municipalities.find(None, h.municipality)
            where = f"（{h.municipality}は{found.prefecture}の団体です）" if found else ""
            return Invalid(f"{result.value}に「{h.municipality}」はありません{where}。都道府県名か市区町村等名を確かめてください。")
        return result

    def _parse(self, step: Step, text: str) -> Result:
        p = step.pattern
        parsers: dict[str, Callable[[str], Result]] = {
            "header.entry_date": lambda s: normalize.parse_date(s, today=self.today()),
            "header.prefecture": municipalities.parse_prefecture,
            "header.lg_code": municipalities.parse_code,
            "header.phone": normalize.parse_phone,
            "header.email": normalize.parse_email,
            "budget.*.*[*].amount": normalize.parse_amount,
            "kpis[*].fy*.target": normalize.parse_number,
            "kpis[*].fy*.actual": normalize.parse_actual,
        }
        if p in parsers:
            return parsers[p](text)
        if step.kind == "choice":
            return normalize.parse_choice(text, step.choices, blank=step.blank)
        if step.kind == "narrative":
            return normalize.parse_narrative(text, max_len=step.max_len or self.ed.narrative_max)
        return normalize.parse_text(text, example=self.text["step"][p].get("example", ""))

    def _put(self, step: Step, result: Result, reply: Reply) -> Result:
        if isinstance(result, Invalid):
            return result
        if result.value is None:
            paths.clear(self.report, step.id)
        else:
            self._ensure_kpi(step.id)
            paths.set_value(self.report, step.id, result.value)
        notes = [n for n in result.notes if n]
        shown = show(result.value) if result.value is not None else (step.blank or "")
        if step.kind == "narrative":
            reply.say(f"記述欄を記録しました（{excel_len(result.value)}/{step.max_len or self.ed.narrative_max}字）。", "note")
        elif notes and any("記録しました" in n for n in notes):
            reply.say("".join(notes), "note")
        else:
            reply.say(f"「{shown}」を記録しました。" + "".join(notes), "note")
        return result

    def _ensure_kpi(self, path: str) -> None:
        t = paths.parse(path)
        if t[0] == "kpis" and len(t) > 1 and int(t[1]) == len(self.report.kpis):
            paths.append_row(self.report, "kpis")

    def _store_municipality(self, text: str, reply: Reply) -> Result:
        found = municipalities.lookup(text)
        if isinstance(found, Invalid):
            return found
        h = self.report.header
        h.municipality, h.prefecture, h.lg_code = found.name, found.prefecture, found.code
        reply.say(
            f"{found.prefecture}{'' if found.is_prefecture else found.name}（地方公共団体コード {found.code}、"
            f"検査数字つき {found.full_code}）として記録しました。都道府県名とコードも入力しました。",
            "note",
        )
        return Parsed(found.name)

    def _store_repeat(self, step: Step, text: str, reply: Reply) -> tuple[Result, str | None]:
        result = normalize.parse_choice(text, ADD_CHOICES)
        if isinstance(result, Invalid):
            return result, None
        closed = self.draft.session.closed
        if result.value == ADD_NO:
            if paths.get(self.report, step.id) is None:
                paths.set_value(self.report, step.id, [])
            if step.id not in closed:
                closed.append(step.id)
            if step.id.startswith("budget."):
                side = getattr(self.report.budget, str(paths.parse(step.id)[1]))
                reply.say(
                    f"{labels.BUDGET_TOTALS['expenses']} {rules.show_amount(side.expense_total)}・"
                    f"{labels.BUDGET_TOTALS['incomes']} {rules.show_amount(side.income_total)}・"
                    f"{labels.BUDGET_TOTALS['balance']} {rules.show_amount(side.balance)}（千円）",
                    "result",
                )
            else:
                reply.say(f"KPIは{len(self.report.kpis)}個です。", "note")
            return Parsed(ADD_NO), None
        if step.id == "kpis" and len(self.report.kpis) >= self.ed.max_kpis:
            return Invalid(f"KPIは{self.ed.max_kpis}個までです。「いいえ」を選んでください。"), None
        if step.id != "kpis" and len(paths.get(self.report, step.id) or []) >= self.ed.max_budget_rows:
            return Invalid(f"様式の行は{self.ed.max_budget_rows}行までです。まとめて書くか「いいえ」を選んでください。"), None
        if step.id in closed:
            closed.remove(step.id)
        new = paths.append_row(self.report, step.id)
        self.refresh()
        first = next(s.id for s in self._steps if s.id.startswith(new + "."))
        added = labels.kpi_prefix(len(self.report.kpis) - 1) if step.id == "kpis" else paths.label(new + ".item")
        reply.say(f"{added}を追加しました。", "note")
        return Parsed(ADD_YES), first

    def _store_measure_time(self, step: Step, text: str, reply: Reply) -> Result:
        result = normalize.parse_text(text, example="2025年3月末")
        if isinstance(result, Invalid):
            return result
        i = int(paths.parse(step.id)[1])
        kpi = self.report.kpis[i]
        added = f"（計測時期：{result.value}）"
        combined = (kpi.narrative_unachieved or "") + added
        limit = self.ed.narrative_max
        if excel_len(combined) > limit:
            room = limit - excel_len(kpi.narrative_unachieved or "")
            return Invalid(f"記述欄に追記すると{excel_len(combined)}/{limit}字になります（残り{room}字）。短く書くか、/back で記述欄を直してください。")
        kpi.narrative_unachieved = combined
        reply.say(f"記述欄の末尾に「{added}」を追記しました（{excel_len(combined)}/{limit}字）。", "note")
        return Parsed(result.value)

    def _kpi_result(self, step: Step, reply: Reply) -> None:
        """After a target, an actual or 備考: the computed 達成状況, and which box the final year asks for."""
        t = paths.parse(step.id)
        kpi = self.report.kpis[int(t[1])]
        year = int(str(t[2])[2:]) if step.pattern.startswith("kpis[*].fy*") else None
        if step.pattern == "kpis[*].fy*.target":
            if kpi.year(year).target == 0 and kpi.note is None:
                reply.say(self.text["step"]["kpis[*].note"]["suggest_zero"], "info")
            return
        if step.pattern not in ("kpis[*].fy*.actual", "kpis[*].note"):
            return
        for y in [year] if year else self.ed.kpi_years:
            line = self._status_line(kpi, y)
            if line:
                reply.say(line, "result")
        final = kpi.status(self.ed.final_year)
        if year == self.ed.final_year and rules.narrative_box(final):
            name = completeness.NARRATIVE_FIELDS[rules.narrative_box(final)]
            reply.say(f"{year}年度末が{final}なので、記述欄は{labels.KPI_FIELDS[name]}の欄に書きます。", "info")

    @staticmethod
    def _status_line(kpi, year: int) -> str | None:
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

    # ------------------------------------------------------------ overview

    def check(self) -> completeness.CheckResult:
        return completeness.check(self.report, self.spec)

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
        return labels.SECTION_SHORT.get(title, title)

    def review_rows(self) -> list[ReviewRow]:
        """Every question with its value and status; missing and invalid first."""
        result = self.check()
        rows: list[ReviewRow] = []
        for s in self._steps:
            if s.repeat or s.pattern == "kpis[*].measure_time":
                continue
            problems = result.problems_at(s.id)
            value = self.value(s)
            if problems:
                worst = min(problems, key=lambda i: ("invalid", "missing", "warning").index(i.problem))
                status = worst.problem
                message = worst.message
            else:
                status, message = ("ok", "") if value is not None or s.optional else ("missing", "未入力です。")
            rows.append(ReviewRow(s, show(value), status, message))
        known = {r.step.id for r in rows}
        for item in result.items:  # problems with no question of their own (lists, the narrative box)
            if item.path not in known:
                target = self.step(item.path) or next((s for s in self._steps if s.id.startswith(item.path)), None)
                if target is not None:
                    rows.append(ReviewRow(Step(target.id, target.pattern, target.kind, item.section, item.label),
                                          "", item.problem, item.message))
        order = {"invalid": 0, "missing": 1, "warning": 2, "ok": 3}
        return sorted(rows, key=lambda r: order[r.status])
