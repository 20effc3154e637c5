"""Keys per data character: a report typed through the walker with the fewest keys a person would press.

It asks the walker (``prompt()``, ``Prompt.step.kind``, ``options``, ``default``, ``current``,
``handle()``) what comes next and answers from a finished report, so it measures whatever the
conversation is. A person's fewest keys: text as typed (a line break in a narrative is ctrl+j, one
key) and Enter; a choice by its number, then Enter (one gesture everywhere: a number only selects);
a multi-select by ticking each number, then Enter; an empty Enter where the offered value (a default
that changes no judgement, the value already there) is the one wanted, or where nothing is wanted (an
optional question, a list that ends). 備考 is never offered: （なし） is picked like any choice.

Data characters: what the person gave, counted as if written on the form with no conversation
around it: each answer they were asked, as stored (text, numbers, dates — an offered value they
kept counts too), a single choice as 1 and a multi-select as the number of ticks. Values the app
fills in or computes (都道府県名 and コード from 市区町村等名, totals, 達成状況) and "add another?"
answers count nothing. So one Enter per typed answer is overhead, and 1.00 is out of reach.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

ENTER = "enter"


@dataclass
class Typed:
    """One answer: the text the walker receives and the keys a person presses for it."""

    step: str
    text: str
    keys: list[str]


@dataclass
class Walk:
    answers: list[Typed] = field(default_factory=list)
    data: dict[str, int] = field(default_factory=dict)  # data characters by step id
    narratives: set[str] = field(default_factory=set)  # step ids of narrative boxes

    @property
    def keys(self) -> int:
        return sum(len(a.keys) for a in self.answers)

    @property
    def data_chars(self) -> int:
        return sum(self.data.values())

    @property
    def ratio(self) -> float:
        return self.keys / self.data_chars

    @property
    def ratio_without_narratives(self) -> float:
        """The same, leaving out the narrative boxes (long text, where keys ≈ characters)."""
        keys = sum(len(a.keys) for a in self.answers if a.step not in self.narratives)
        return keys / sum(n for sid, n in self.data.items() if sid not in self.narratives)

    @property
    def questions(self) -> int:
        return len(self.answers)


class Stuck(Exception):
    """The walker refused an answer the report holds, or went round in circles."""


def _text_keys(text: str) -> list[str]:
    return [("ctrl+j" if c == "\n" else c) for c in text] + [ENTER]


def _choice_keys(n: int) -> list[str]:
    return [*str(n), ENTER]


def answer_for(walker, target) -> Typed:
    """What a person types for the walker's current question, to end with ``target``."""
    from dejiden.model import paths
    from dejiden.model.edition import load_edition
    from dejiden.prompts.steps import EDITION
    from dejiden.prompts.walker import show

    prompt = walker.prompt()
    step = prompt.step
    if step.repeat and not step.choices:  # a list's next row: its first answer adds it, an empty Enter ends the list
        have = len(paths.get(walker.report, step.id) or [])
        rows = paths.get(target, step.id) or []
        if have < len(rows):
            first = rows[have].name if step.id == "kpis" else rows[have].item
            if first == prompt.default:
                return Typed(step.id, "", [ENTER])
            return Typed(step.id, first, _text_keys(first))
        if prompt.default is None:
            return Typed(step.id, "", [ENTER])
        return Typed(step.id, "なし", _text_keys("なし"))
    if step.repeat:  # "add another?" (while the conversation has one)
        have = len(paths.get(walker.report, step.id) or [])
        want = len(paths.get(target, step.id) or [])
        choice = step.choices[0] if want > have else step.choices[-1]
        if prompt.default == choice:
            return Typed(step.id, "", [ENTER])
        return Typed(step.id, choice, _choice_keys(prompt.options.index(choice) + 1))
    try:
        value = paths.get(target, step.id)
    except (IndexError, KeyError, AttributeError, ValueError):
        value = None
    wanted = show(value) if value is not None else None
    if step.id == EDITION and wanted is not None:  # the draft stores the edition's id, the question offers its label
        wanted = load_edition(wanted).label
    offered = prompt.default if prompt.default is not None else prompt.current
    if step.kind == "choice" and wanted is None and step.blank is not None:
        wanted = step.blank  # 備考 （なし） is picked: Enter alone on nothing selected is refused
    if step.kind == "choice" and wanted is not None:  # selected already: Enter; else its number, then Enter
        if wanted == offered:
            return Typed(step.id, "", [ENTER])
        return Typed(step.id, wanted, _choice_keys(prompt.options.index(wanted) + 1))
    if wanted is None or wanted == offered:
        # nothing wanted here (optional, a list that ends), or the offered value is the one wanted
        return Typed(step.id, "", [ENTER])
    if step.kind == "choice":
        return Typed(step.id, wanted, _choice_keys(prompt.options.index(wanted) + 1))
    if step.kind == "multi":
        numbers = [str(step.choices.index(c) + 1) for c in value]
        if len(step.choices) > 9:
            return Typed(step.id, wanted, _text_keys(",".join(numbers)))
        return Typed(step.id, ",".join(numbers), [*numbers, ENTER])
    return Typed(step.id, wanted, _text_keys(wanted))


def walk(target, today: dt.date | None = None) -> Walk:
    """Type ``target`` into a new draft through the walker; the keys and the data characters."""
    from dejiden.model import paths
    from dejiden.model.draft import Draft
    from dejiden.prompts.walker import Walker, show

    day = today or target.header.entry_date or dt.date.today()
    walker = Walker(Draft(), today=lambda: day)
    out = Walk()
    filled: set[str] = set()  # rows' first answers, given where the list asks for its next row
    seen: dict[str, int] = {}
    while (prompt := walker.prompt()) is not None:
        typed = answer_for(walker, target)
        seen[walker.current] = seen.get(walker.current, 0) + 1
        if seen[walker.current] > 20:
            raise Stuck(f"{walker.current}: asked again and again")
        rows = len(paths.get(walker.report, prompt.step.id) or []) if prompt.step.repeat else 0
        reply = walker.handle(typed.text)
        if prompt.step.repeat and not prompt.step.choices and len(paths.get(walker.report, prompt.step.id)) > rows:
            filled.add(f"{prompt.step.id}[{rows}].{'name' if prompt.step.id == 'kpis' else 'item'}")
        errors = [m.text for m in reply.messages if m.tone == "error"]
        if errors:
            raise Stuck(f"{prompt.step.id} refused {typed.text!r}: {errors}")
        out.answers.append(typed)
    asked = {a.step for a in out.answers} | filled
    for step in walker.steps:
        value = walker.value(step) if step.id in asked and not step.repeat else None
        if value is None:
            continue
        out.data[step.id] = 1 if step.kind == "choice" else len(value) if step.kind == "multi" else len(show(value))
        if step.kind == "narrative":
            out.narratives.add(step.id)
    out.report = walker.report  # type: ignore[attr-defined]
    return out


def report_with_kpis(n: int = 15):
    """The seed report with ``n`` KPIs (the seed's, repeated with numbered names)."""
    from dejiden.model.example import seed_report

    report = seed_report()
    base = report.kpis
    kpis = []
    for i in range(n):
        kpi = copy.deepcopy(base[i % len(base)])
        if i >= len(base):
            kpi.name = f"{kpi.name}（{i + 1}）"
        kpis.append(kpi)
    report.kpis = kpis
    return report


def figures() -> list[tuple[str, Walk]]:
    from dejiden.model.example import seed_report

    return [("seed report", walk(seed_report())), ("generated report, 15 KPIs", walk(report_with_kpis(15)))]


if __name__ == "__main__":
    for name, w in figures():
        print(f"{name}: {w.questions} answers, {w.keys} keys / {w.data_chars} data characters = {w.ratio:.3f} "
              f"(without narrative boxes {w.ratio_without_narratives:.3f})")
