"""The walker's answering: parse by the field's type (the type table), store, and each type's effects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dejiden.model import choosing, normalize, paths, rules
from dejiden.model.behaviour import ZERO_TARGET_WARNING, At, boxes, other_box, run
from dejiden.model.fields import Ctx, field_type
from dejiden.model.labels import kpi_prefix
from dejiden.model.normalize import Invalid, Parsed, Result, excel_len

from .places import PLACE
from .state import Part, State
from .steps import CLEAR, EDITION, END_WORDS, KEEP, MOVE, moved_mark
from .view import REVIEW, Reply, Step
from .wording import quote, show, status_line

if TYPE_CHECKING:  # the parts this one is given (prompts/walker.py builds them)
    from .navigation import Navigation
    from .overview import Overview
    from .places import Places
    from .rows import Rows
    from .steps import Steps
    from .wording import Wording


class Effects(Part):
    """Answering: parse by the row's type, store, and say what the answer did; then move to the next question."""

    def __init__(self, state: State, steps: Steps, wording: Wording, navigation: Navigation, rows: Rows,
                 overview: Overview, places: Places) -> None:
        self.state, self.steps, self.wording, self.navigation = state, steps, wording, navigation
        self.rows, self.overview, self.places = rows, overview, places

    def answer(self, text: str) -> Reply:
        step = self.steps.step()
        reply = Reply()
        if step is None:
            reply.say("すべての質問が終わっています。直したい項目は /jump か /review から選んでください。")
            return reply
        if not text.strip() and not step.repeat and step.kind != "multi":  # a multi-select sends its ticks
            if self.steps.answered(step) and (step.blank is not None or step.id == EDITION or self.steps.value(step) is not None or step.optional):
                old = self.state.ids()
                kept = self.steps.value(step)
                shown = quote(show(kept) if kept is not None else (step.blank or "")) if step.id != EDITION else quote(self.ed.label)
                reply.say(f"{shown}のままにしました。", "note")
                self.state.goto(self.navigation.next_after(old, step.id))
                return reply
            default = self.wording.default(step, None)
            if default is not None:
                text = default
            elif step.kind == "choice":
                reply.say(self.wording.pick_first(step), "error")
                return reply
        result, goto = self._store(step, text, reply)
        if isinstance(result, Invalid):
            reply.say(result.message, "error")
            return reply
        reply.accepted = True
        old = self.state.ids()
        self.steps.refresh()
        self.state.goto(goto or self.navigation.next_after(old, step.id))
        self.rows.say_full_lists_passed(step.id, reply)
        if self.state.current == REVIEW:
            reply.say(self.state.text["done"], "result")
        return reply

    def _store(self, step: Step, text: str, reply: Reply) -> tuple[Result, str | None]:
        if step.repeat:
            return self._store_repeat(step, text, reply)
        if step.id == EDITION:
            return self._store_edition(text, reply), None
        if step.pattern == "kpis[*].measure_time":
            return self._store_measure_time(step, text, reply), None
        if step.pattern == "kpis[*].narrative_move":
            return self._store_move(step, text, reply)
        if step.id == PLACE:
            return self.places.store_place(step, text, reply), None
        row = self.ed.definition.row(step.id)
        if row is self.ed.definition.rows(row.group)[0] and "[*]" in row.path and normalize.clean_text(text) in END_WORDS:
            kpi = row.group == "kpis"  # a list's first field names its row: 「なし」 there would end the list
            return Invalid(f"{quote(normalize.clean_text(text))}は{row.label if kpi else row.label + '名'}にできません。"
                           f"この{'KPI' if kpi else '行'}を削除するには /delete と入力してください。"), None
        if row.type == "municipality":
            return self.places.store_municipality(text, reply)
        result = self._parse(step, text)
        at = At(self.report, step.id, self.state.today())
        if isinstance(result, Parsed) and result.value is not None and (error := run("constraint", row.constraint, result.value, at)):
            result = Invalid(row.constraint_message or error)
        stored = self._put(step, result, reply)
        if isinstance(stored, Parsed) and row.type in ("number", "actual", "kpi_note"):
            self._kpi_result(step, row.type, reply)
        if isinstance(stored, Parsed) and (warning := run("warn", row.warn, stored.value, at)):
            reply.say(warning, "info")
        return stored, None

    def _parse(self, step: Step, text: str) -> Result:
        row = self.ed.definition.row(step.id)
        unit = paths.get(self.report, f"{step.id.split('.', 1)[0]}.{row.unit}") or "" if row.unit else ""
        ctx = Ctx(choices=row.choices, blank=row.blank, exclusive=row.exclusive,
                  max_len=step.max_len or row.limit or self.ed.narrative_max, today=self.state.today(),
                  example=self.wording.wording(step).get("example", ""), unit=unit)
        return field_type(row.type, row.group).parse(text, ctx)

    def _put(self, step: Step, result: Result, reply: Reply) -> Result:
        if isinstance(result, Invalid):
            return result
        if result.value is None:
            paths.clear(self.report, step.id)
        else:
            self._ensure_kpi(step.id)
            paths.set_value(self.report, step.id, result.value)
        if moved_mark(step.id) in self.state.draft.session.closed:
            self.state.draft.session.closed.remove(moved_mark(step.id))  # moved text, now confirmed
        if step.blank is not None and step.id not in self.state.draft.session.closed:
            self.state.draft.session.closed.append(step.id)  # "none" is an answer: do not ask again
        if step.kind == "narrative":
            notes = "".join(n for n in result.notes if n.endswith("。"))
            reply.say(f"記述欄を記録しました（{excel_len(result.value)}/{step.max_len or self.ed.narrative_max}字）。{notes}", "note")
        else:
            reply.say(self._recorded(result.value, step.id, result.notes, blank=step.blank), "note")
        return result

    def _recorded(self, value, path: str, notes: tuple[str, ...] = (), *, blank: str | None = None) -> str:
        """The one confirmation: the value as stored (as the form prints it), then what was changed and why."""
        row = self.ed.definition.row(path)
        kind = field_type(row.type, row.group) if row is not None else None
        if value is None:
            shown = quote(blank or "")
        elif kind is not None and kind.show is not None:  # as the form prints it (3,500) with its unit (千円)
            shown = quote(kind.show(value)) + (kind.unit if isinstance(value, (int, float)) else kind.none)
        else:
            shown = quote(show(value))
        return f"{shown}を記録しました。" + "".join(n for n in notes if n)

    def _ensure_kpi(self, path: str) -> None:
        t = paths.parse(path)
        if t[0] == "kpis" and len(t) > 1 and int(t[1]) == len(self.report.kpis):
            paths.append_row(self.report, "kpis")

    def _store_edition(self, text: str, reply: Reply) -> Result:
        known = self.steps.editions()
        result = choosing.parse_choice(text, tuple(e.label for e in known))
        if isinstance(result, Invalid):
            return result
        chosen = next(e for e in known if e.label == result.value)
        if chosen.id != self.report.edition:  # a draft of that edition: its own rows and models
            self.state.draft.report = self.report.in_edition(chosen.id)
        if EDITION not in self.state.draft.session.closed:
            self.state.draft.session.closed.append(EDITION)
        years = "・".join(map(str, chosen.kpi_years))
        reply.say(f"{quote(chosen.label)}を記録しました。この様式で作ります（KPIは{years}年度末、記述欄は{chosen.narrative_max}字以内）。", "note")
        return result

    def _store_repeat(self, step: Step, text: str, reply: Reply) -> tuple[Result, str | None]:
        """The next row of a list: its first answer (an item's or a KPI's name) adds the row; an empty Enter ends it.

        Where the list offers a default (the 実際 side offers the 予定 items by position), Enter takes it; a
        word such as 「なし」 ends the list wherever it is typed.
        """
        default = self.wording.default(step, None)
        typed = normalize.clean_text(text)
        if not typed and default is not None:
            typed = default
        if not typed or typed in END_WORDS:  # 「なし」 is never an item's or a KPI's name: it ends the list
            return self._close_list(step, reply), None
        if self.rows.full(step.id):
            return Invalid(self.rows.limit_said(step.id) + self.state.text["end_list"]), None
        count = len(paths.get(self.report, step.id) or [])
        opening = self.ed.definition.rows("kpis" if step.id == "kpis" else "budget")[0]  # a new row starts with its first field
        first = f"{step.id}[{count}].{opening.name}"
        parsed = self._parse(self.steps.field(self.ed.definition.row(first), first), typed)
        if isinstance(parsed, Invalid):
            return parsed, None
        closed = self.state.draft.session.closed
        if step.id in closed:
            closed.remove(step.id)
        new = paths.append_row(self.report, step.id)
        paths.set_value(self.report, first, parsed.value)
        self.steps.refresh()
        if step.id == "kpis":
            where = kpi_prefix(len(self.report.kpis) - 1)
        else:
            t = paths.parse(step.id)
            where = f"【{self.ed.labels.budget_side_short[str(t[1])]}】{self.ed.labels.budget_lists[str(t[2])]}の{count + 1}行目"
        reply.say(self._recorded(parsed.value, first, parsed.notes) + f"{where}として追加しました。{self.rows.last_said(step.id)}", "note")
        self.state.current = first  # /back comes here (the new row's name), not to 「次の行の名前」
        goto = next((s.id for s in self.state.steps if s.id.startswith(new + ".") and not self.steps.answered(s)), None)
        return Parsed(parsed.value), goto

    def _close_list(self, step: Step, reply: Reply) -> Result:
        if paths.get(self.report, step.id) is None:
            paths.set_value(self.report, step.id, [])
        if step.id not in self.state.draft.session.closed:
            self.state.draft.session.closed.append(step.id)
        if step.id.startswith("budget."):
            side = str(paths.parse(step.id)[1])
            reply.say(f"【{self.ed.labels.budget_side_short[side]}】{self.overview.budget_totals(side)}", "result")
        else:
            reply.say(f"KPIは{len(self.report.kpis)}個です。", "note")
        return Parsed(None)

    def _store_measure_time(self, step: Step, text: str, reply: Reply) -> Result:
        result = normalize.parse_text(text, example=self.wording.context(step)["measure_example"])
        if isinstance(result, Invalid):
            return result
        final = self.ed.final_year
        if not rules.mentions_time(result.value, final) and rules.mentions_time(result.value):
            return Invalid(f"{quote(result.value)}は報告する{final}年度（{final + 1}年3月まで）の中か前です。"
                           f"今後の計測時期を、{final + 1}年4月以降で答えてください（例：{self.ed.next_year}年9月、"
                           f"{self.ed.next_year}年度上半期）。")
        if not rules.mentions_time(result.value, final):
            return Invalid(f"{quote(result.value)}では計測の時期が決まりません（※3）。{self.ed.next_year}年9月、"
                           f"{self.ed.next_year + 1}年3月末、令和{self.ed.next_year - 2018}年度末、{self.ed.next_year}年度上半期のように、"
                           f"月か、年度末・上半期・四半期を答えてください。")
        kpi = self.report.kpis[int(paths.parse(step.id)[1])]
        time = rules.half_width_alnum(result.value)
        added = f"（計測時期：{time}）"
        combined = (kpi.narrative_unachieved or "") + added
        limit = self.ed.narrative_max
        if excel_len(combined) > limit:
            room = limit - excel_len(kpi.narrative_unachieved or "")
            return Invalid(f"記述欄に追記すると{excel_len(combined)}/{limit}字になります（残り{room}字）。短く書くか、/back で記述欄を直してください。")
        kpi.narrative_unachieved = combined
        width = rules.HALF_WIDTH_NOTE if time != result.value else ""
        reply.say(f"記述欄の末尾に「{added}」を追記しました（{excel_len(combined)}/{limit}字）。{width}", "note")
        return Parsed(time)

    def _store_move(self, step: Step, text: str, reply: Reply) -> tuple[Result, str | None]:
        """Text left in the box the final year's status no longer asks for: move it across, clear it, or keep it.

        Moved text argued the other result: its box is asked next, pre-filled, until the officer confirms it.
        """
        result = choosing.parse_choice(text, step.choices)
        if isinstance(result, Invalid):
            return result, None
        base = str(step.id).rsplit(".", 1)[0]
        kpi = self.report.kpis[int(paths.parse(step.id)[1])]
        box = rules.narrative_box(kpi.status(self.ed.final_year))
        names = boxes(self.ed)
        needed, other = names[box], names[other_box(box)]
        closed = self.state.draft.session.closed
        closed[:] = [c for c in closed if c not in (moved_mark(f"{base}.{n}") for n in names.values())]
        goto = None
        if result.value == MOVE:
            setattr(kpi, needed, getattr(kpi, other))
            setattr(kpi, other, None)
            closed.append(moved_mark(goto := f"{base}.{needed}"))
            reply.say(f"文章を{self.ed.labels.kpi_fields[needed]}の欄へ移しました。{self.ed.final_year}年度末の結果に合うよう見直してください。", "note")
        elif result.value == CLEAR:
            setattr(kpi, other, None)
            reply.say(f"{self.ed.labels.kpi_fields[other]}の欄を空にしました。", "note")
        elif result.value == KEEP and step.id not in closed:
            closed.append(step.id)
            reply.say(f"{self.ed.labels.kpi_fields[other]}の欄は残しました（このままでは提出できません。/review に表示されます）。", "note")
        if result.value != KEEP and step.id in closed:
            closed.remove(step.id)
        return result, goto

    def _kpi_result(self, step: Step, type_name: str, reply: Reply) -> None:
        """After a target, an actual or 備考: the computed 達成状況, and which box the final year asks for."""
        t = paths.parse(step.id)
        kpi = self.report.kpis[int(t[1])]
        year = int(str(t[2])[2:]) if type_name in ("number", "actual") else None
        if type_name == "number":
            note = next(r for r in self.ed.definition.rows("kpis") if r.blank is not None)  # 備考: "none" is a choice
            words = self.state.text["step"][note.path]
            note_asked = f"kpis[{t[1]}].{note.name}" in self.state.draft.session.closed  # before that, its question says it
            if kpi.year(year).target == 0 and kpi.note is None and note_asked:
                reply.say(words["suggest_zero"], "info")
            if kpi.note == "減少KPI" and (kpi.year(year).target or 0) < 0:
                reply.say(words["minus_with_decrease"], "info")
            return
        if type_name == "kpi_note":  # chosen after the targets (or changed later): the ※1 cautions now (the row's
            targets = [kpi.year(y).target for y in self.ed.kpi_years]  # own warning says 減少KPI with a minus)
            nonzero = [t for t in targets if t not in (None, 0)]
            if kpi.note == "0目標KPI" and nonzero:
                reply.say(ZERO_TARGET_WARNING.format(target=nonzero[0]), "info")
        for y in [year] if year else self.ed.kpi_years:
            line = status_line(kpi, y)
            if line:
                reply.say(line, "result")
        final = kpi.status(self.ed.final_year)
        box = rules.narrative_box(final)
        if box and (year == self.ed.final_year or year is None):
            names = boxes(self.ed)
            needed, other = names[box], names[other_box(box)]
            line = f"{self.ed.final_year}年度末が{final}なので、記述欄は{self.ed.labels.kpi_fields[needed]}の欄に書きます。"
            if getattr(kpi, other) is not None:
                line += f"{self.ed.labels.kpi_fields[other]}の欄に書いた文章は、この結果では使わない欄に入っています。"
            reply.say(line, "info")
