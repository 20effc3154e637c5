"""The walker's steps: the questions, built from the edition's form definition rows, and which are answered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dejiden.model import edition as editions
from dejiden.model import normalize, paths, rules
from dejiden.model.behaviour import At, boxes, run
from dejiden.model.fields import field_type
from dejiden.model.draft import MOVED
from dejiden.model.form import FieldDef, pattern
from dejiden.model.labels import kpi_prefix
from dejiden.model.report import LISTS, SIDES

from .state import Part, State
from .view import REVIEW, Kind, Step

if TYPE_CHECKING:  # the parts this one is given (prompts/walker.py builds them)
    from .places import Places

# A list asks for its next row's name; an empty Enter ends it. Where it offers a name (the 実際 side offers
# the 予定 items), Enter takes that and one of these words ends the list instead.
END_WORDS = ("なし", "無し", "ない", "終わり", "おわり", "終了", "-")
MOVE, CLEAR, KEEP = "移す", "消す", "残す"
EDITION = "edition"
# Questions of the conversation that are not fields of the form (wording keys in questions.toml).
CONVERSATION_STEPS = (EDITION, "budget.*.*", "kpis", "kpis[*].narrative_move", "kpis[*].measure_time",
                      "header.municipality.pick")


def moved_mark(path: str) -> str:
    """The session's note that a narrative box holds text moved from the other box, not yet confirmed."""
    return MOVED + path


class Steps(Part):
    """Which questions exist for the draft as it stands, in the definition's order, and which are answered."""

    def __init__(self, state: State, places: Places) -> None:
        self.state, self.places = state, places

    def _mk(self, path: str, kind: Kind, **kw: Any) -> Step:
        section = paths.section_of(path, self.ed, self.spec)
        label = kw.pop("label", None) or paths.label(path, self.ed, self.spec)
        return Step(path, pattern(path), kind, section, label, **kw)

    def field(self, row: FieldDef, path: str) -> Step:
        kind = field_type(row.type, row.group).widget
        extra: dict[str, Any] = {"choices": row.choices, "blank": row.blank, "optional": False}
        if kind == "narrative":
            extra["max_len"] = row.limit or self.ed.narrative_max
        return self._mk(path, kind, **extra)

    def editions(self) -> tuple:
        """The editions a new draft may choose (test editions are for tests; a draft names them by id)."""
        return tuple(e for e in editions.editions() if not e.test)

    def _build(self) -> list[Step]:
        form = self.ed.definition
        steps: list[Step] = []
        if len(self.editions()) > 1:
            choices = tuple(e.label for e in self.editions())
            steps.append(Step(EDITION, EDITION, "choice", self.ed.labels.section_header, "様式の版", choices=choices))
        for row in form.rows("header"):
            steps.append(self.field(row, row.path))
            if row.type == "municipality" and (pick := self.places.place_step()) is not None:
                steps.append(pick)  # 「高知」: which of the bodies it fits
        for side in SIDES:
            for kind in LISTS:
                base = f"budget.{side}.{kind}"
                for i, _ in enumerate(paths.get(self.report, base) or []):
                    steps += [self.field(row, f"{base}[{i}].{row.name}") for row in form.rows("budget")]
                steps.append(self._mk(base, "line", repeat=True))
        for i, kpi in enumerate(self.report.kpis or [None]):
            steps += self._kpi_steps(i, kpi)
        steps.append(self._mk("kpis", "line", repeat=True, label="次のKPI"))
        for row in form.rows("checklist"):
            step = self.field(row, row.path)
            steps.append(Step(step.id, step.pattern, step.kind, step.section, step.label, step.choices,
                              max_len=row.limit if row.type == "text" else None, optional=not row.required))
        return steps

    def _kpi_steps(self, i: int, kpi: Any) -> list[Step]:
        base, final = f"kpis[{i}]", self.ed.final_year
        out: list[Step] = []
        for row in self.ed.definition.rows("kpis"):
            if row.per_year:
                out += [self.field(row, f"{base}.{row.path.split('.', 1)[1].replace('fy*', f'fy{y}')}")
                        for y in self.ed.kpi_years]
            elif row.relevant:  # a box that applies as the final year's status stands (model/behaviour.py)
                if kpi is not None and run("relevant", row.relevant, At(self.report, f"{base}.{row.name}")):
                    out += self._narrative_steps(i, kpi, row)
            else:
                out.append(self.field(row, f"{base}.{row.name}"))
        return out

    def _narrative_steps(self, i: int, kpi: Any, row: FieldDef) -> list[Step]:
        """The box that applies; before it, moving or clearing text left in the other box."""
        base, final = f"kpis[{i}]", self.ed.final_year
        names = boxes(self.ed)
        other = next(name for name in names.values() if name != row.name)
        out: list[Step] = []
        if getattr(kpi, other) is not None:
            choices = (CLEAR, KEEP) if getattr(kpi, row.name) is not None else (MOVE, CLEAR)
            out.append(self._mk(f"{base}.narrative_move", "choice", choices=choices,
                                label=f"{kpi_prefix(i)} 記述欄の移動"))
        out.append(self.field(row, f"{base}.{row.name}"))
        text = getattr(kpi, row.name)
        if kpi.year(final).actual == normalize.NOT_MEASURED and text and not rules.mentions_time(text, final):
            out.append(self._mk(f"{base}.measure_time", "line", label=f"{kpi_prefix(i)} 計測時期"))
        return out

    def refresh(self) -> None:
        self.state.steps = self._build()

    def jump_targets(self) -> list[Step]:
        return list(self.state.steps)

    @property
    def steps(self) -> list[Step]:
        return self.state.steps

    def step(self, step_id: str | None = None) -> Step | None:
        return self.state.step(step_id)

    def value(self, step: Step) -> Any:
        if step.id == EDITION:
            return self.ed.label
        if step.pattern in CONVERSATION_STEPS:
            return None  # a question of the conversation, not a field of the form
        return paths.get(self.report, step.id)

    def answered(self, step: Step) -> bool:
        closed = self.state.draft.session.closed
        if step.repeat:
            rows = paths.get(self.report, step.id)
            # a full list is still asked, once: an empty Enter ends it, and anything typed is refused with the
            # limit (a pasted 11th row never lands in the next list)
            return step.id in closed if step.id == "kpis" else rows is not None and (rows == [] or step.id in closed)
        if step.pattern == EDITION:  # chosen here, or a draft already begun (made before editions were asked)
            return EDITION in closed or self._has_answers()
        if step.pattern == "kpis[*].narrative_move":
            return step.id in closed  # asked while the other box holds text, unless kept on purpose
        if step.pattern in ("kpis[*].measure_time", "header.municipality.pick"):
            return False  # asked only while the time is missing / while the name fits several bodies
        if moved_mark(step.id) in self.state.draft.session.closed:
            return False  # text moved here after a status flip: asked until the officer confirms it
        if step.blank is not None:  # 備考: "none" is an answer too, remembered in the session
            return self.value(step) is not None or step.id in closed
        return self.value(step) is not None or step.optional

    def _has_answers(self) -> bool:
        data = self.report.to_data()
        return bool(data.get("header") or data.get("kpis") or data.get("checklist") or any(
            v for v in (data.get("budget") or {}).values()))

    def pending(self) -> list[Step]:
        return [s for s in self.state.steps if not self.answered(s)]

    def first_pending(self) -> str:
        todo = self.pending()
        return todo[0].id if todo else REVIEW

    def counts(self) -> tuple[int, int]:
        """Questions answered and questions in all ("add another?" included; not the pick among the bodies a
        name fits, which is part of answering 市区町村等名)."""
        steps = [s for s in self.state.steps if s.pattern != "header.municipality.pick"]
        return sum(1 for s in steps if self.answered(s)), len(steps)

    def close_finished_lists(self) -> None:
        """Lists finished earlier, or made elsewhere (example, import, hand edit), need no "add another?".

        A list counts as finished when its rows are all filled in and its "add another?" is not the
        question the draft was left at; KPIs (and their 備考), when the draft was not left inside the KPI section.
        """
        session = self.state.draft.session
        current = session.current or ""
        for list_path in self._list_paths():
            rows = paths.get(self.report, list_path)
            if not rows or list_path in session.closed or current == list_path:
                continue
            if list_path == "kpis":
                finished = not current.startswith("kpis")
                if finished:
                    asked = [f"{list_path}[{i}].{r.name}" for i in range(len(rows)) for r in self.ed.definition.rows("kpis")
                             if r.blank is not None]  # a "none" choice: answered only once asked
                    session.closed += [p for p in asked if p not in session.closed]
            else:
                finished = all(r.item is not None and r.amount is not None for r in rows)
            if finished:
                session.closed.append(list_path)

    def _list_paths(self) -> list[str]:
        return [f"budget.{side}.{kind}" for side in SIDES for kind in LISTS] + ["kpis"]
