"""The walker's rows: /delete removes the budget row or KPI of the current question; the form's limits said.

The form holds at most ``max_kpis`` KPIs and ``max_budget_rows`` rows per budget list (the edition's
numbers): when a list fills up, and when someone looks for a KPI or row beyond it (ctrl+p, /jump),
the conversation says so and how to make room, instead of moving on or finding nothing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from dejiden.model import paths, rules
from dejiden.model.labels import kpi_prefix

from .state import Part, State
from .view import Message, Reply
from .wording import quote

if TYPE_CHECKING:  # the parts this one is given (prompts/walker.py builds them)
    from .steps import Steps

_ROW = re.compile(r"^(budget\.\w+\.\w+|kpis)\[(\d+)\]")
_KPI_N = re.compile(r"kpi\s*(\d{1,3})(?!\d)")
CONFIRM = "はい"  # 「/delete はい」 removes the row or KPI


def renumber(key: str, list_path: str, index: int) -> str | None:
    """A session key naming a path (``moved:kpis[3]...``) after row ``index`` of ``list_path`` went:
    None for the removed row's own keys, later rows one up."""
    m = re.search(re.escape(list_path) + r"\[(\d+)\]", key)
    if m is None:
        return key
    n = int(m.group(1))
    if n == index:
        return None
    return key if n < index else key[: m.start(1)] + str(n - 1) + key[m.end(1):]


class Rows(Part):
    """The lists' rows: the form's limits, said when a list fills up or a row beyond it is looked for; /delete."""

    def __init__(self, state: State, steps: Steps) -> None:
        self.state, self.steps = state, steps

    def limit(self, list_path: str) -> int:
        return self.ed.max_kpis if list_path == "kpis" else self.ed.max_budget_rows

    def full(self, list_path: str) -> bool:
        return len(paths.get(self.report, list_path) or []) >= self.limit(list_path)

    def last_said(self, list_path: str) -> str:
        """Said as the row just added fills the list (the limit itself is said once, at its 「次の行」 question)."""
        if not self.full(list_path):
            return ""
        return "これが様式の最後のKPIです。" if list_path == "kpis" else "これが様式の最後の行です。"

    def limit_said(self, list_path: str) -> str:
        """What the form allows; when the list is full, that nothing more fits and how to make room."""
        n = self.limit(list_path)
        if list_path == "kpis":
            said = f"様式のKPIの枠は{n}個（{kpi_prefix(0)}〜{kpi_prefix(n - 1)}）までです。"
            room = ("今は{n}個すべて使っていて、これ以上KPIは入りません。別のKPIを入れるには、要らないKPIの質問に"
                    "移って（/jump）/delete と入力し、枠を空けてください。")
        else:
            side, kind = list_path.split(".")[1:]
            said = f"様式の【{self.ed.labels.budget_side_short[side]}】{self.ed.labels.budget_lists[kind]}は{n}行までです。"
            room = ("今は{n}行すべて使っていて、これ以上の行は入りません。行を足すには、要らない行の質問に移って（/jump）"
                    "/delete と入力するか、いくつかの項目をまとめて1行に書いてください。")
        return said + (room.format(n=n) if self.full(list_path) else "")

    def say_full_lists_passed(self, from_id: str, reply) -> None:
        """A full list's "next row?" is not asked: leaving its last row says the form holds no more (never silent)."""
        ids = self.state.ids()
        if from_id not in ids:
            return
        start = ids.index(from_id) + 1
        end = ids.index(self.state.current) if self.state.current in ids and ids.index(self.state.current) >= start else len(ids)
        for s in self.state.steps[start:end]:
            if s.repeat and from_id.startswith(s.id + "[") and self.full(s.id) and s.id not in self.state.draft.session.closed:
                reply.say(self.limit_said(s.id), "info")

    def _asked_row(self, query: str) -> tuple[str, int] | None:
        """The list and number a query names: 「KPI⑦」 → ("kpis", 7), 「実際 収入 4」 → ("budget.actual.incomes", 4)."""
        text = unicodedata.normalize("NFKC", query).casefold()
        m = _KPI_N.search(text)
        if m:
            return "kpis", int(m.group(1))
        for kind, name in self.ed.labels.budget_lists.items():
            stem = name.removesuffix("項目")  # 経費項目 → 経費
            found = re.search(re.escape(stem) + r"(?:項目)?\D*?(\d{1,3})(?!\d)", text)
            if found:
                side = "actual" if self.ed.labels.budget_side_short["actual"] in text else "planned"
                return f"budget.{side}.{kind}", int(found.group(1))
        return None

    def _row_named(self, list_path: str, n: int) -> str:
        return kpi_prefix(n - 1) if list_path == "kpis" else f"{self.ed.labels.budget_lists[list_path.split('.')[2]]}の{n}行目"

    def beyond_limit(self, query: str) -> str | None:
        """「KPI⑯」「KPI16」「経費 11」: a KPI or row the form has no room for (for ctrl+p and /jump)."""
        asked = self._asked_row(query)
        if asked is None or asked[1] <= self.limit(asked[0]):
            return None
        return f"{self._row_named(*asked)}はありません。" + self.limit_said(asked[0])

    def not_yet(self, query: str) -> tuple[str, str] | None:
        """「KPI7」 with six KPIs: within the form but not added yet. What to say, and the question that adds it."""
        asked = self._asked_row(query)
        if asked is None:
            return None
        list_path, n = asked
        have = len(paths.get(self.report, list_path) or [])
        adds = self.steps.step(list_path)
        if n <= have or n > self.limit(list_path) or adds is None or any(s.id.startswith(f"{list_path}[{n - 1}]") for s in self.state.steps):
            return None
        count = f"{have}個" if list_path == "kpis" else f"{have}行"
        return f"{self._row_named(list_path, n)}はまだありません（今は{count}）。「{adds.label}」で足せます。", list_path

    def row_of_current(self) -> tuple[str, int] | None:
        """The list and index of the row or KPI the current question belongs to, if that row exists
        (a report with no KPI yet shows the first KPI's questions before there is one)."""
        m = _ROW.match(self.state.current or "")
        if m is None or int(m.group(2)) >= len(paths.get(self.report, m.group(1)) or []):
            return None
        return m.group(1), int(m.group(2))

    def delete_row(self, confirm: str = "") -> Reply:
        """/delete names what would go and asks for 「/delete はい」; only that removes it (nothing is undone later)."""
        found = self.row_of_current()
        if found is None:
            step = self.steps.step()
            if _ROW.match(self.state.current or "") or (step is not None and step.repeat):  # 「5行目の名前」: not added yet
                return Reply([Message("bot", "この行はまだありません。消したい行やKPIの質問に移ってから /delete と入力します"
                                             "（もう追加しないなら「なし」と入力します）。", "error")])
            return Reply([Message("bot", "/delete は経費・収入の行とKPIの質問で使えます（その行やKPIの質問に移ってから入力します）。", "error")])
        list_path, index = found
        rows = paths.get(self.report, list_path)
        what = self._row_said(list_path, index, rows[index])
        if unicodedata.normalize("NFKC", confirm).strip() != CONFIRM:
            return Reply([Message("bot", f"{what}を削除します（答えはすべて消え、元に戻せません）。よろしければ「/delete {CONFIRM}」"
                                         "と入力してください。消さないなら、そのまま今の質問に答えます。", "note")])
        rows.pop(index)
        session = self.state.draft.session
        session.closed[:] = [k for k in (renumber(c, list_path, index) for c in session.closed) if k is not None]
        session.kept = {k2: v for k, v in session.kept.items() if (k2 := renumber(k, list_path, index)) is not None}
        self.state.trail = [k for k in (renumber(t, list_path, index) for t in self.state.trail) if k is not None]
        if index >= len(rows):
            after = ""
        else:
            after = "後ろのKPIは番号が一つずつ繰り上がりました。" if list_path == "kpis" else "後ろの行は一つずつ繰り上がりました。"
        self.steps.refresh()
        first = next((s.id for s in self.state.steps if s.id.startswith(f"{list_path}[{index}].")), list_path)
        self.state.goto(first, remember=False)
        return Reply([Message("bot", f"{what}を削除しました。{after}", "note")], accepted=True)  # saved at once

    def _row_said(self, list_path: str, index: int, row) -> str:
        """「KPI②「住民の満足度」」 or 「予定 経費項目の2行目（委託料 300千円）」."""
        if list_path == "kpis":
            return f"{kpi_prefix(index)}{quote(row.name or '（名前なし）')}"
        side, kind = list_path.split(".")[1:]
        amount = f" {rules.show_amount(row.amount)}千円" if isinstance(row.amount, int) else ""
        return f"{self.ed.labels.budget_side_short[side]} {self.ed.labels.budget_lists[kind]}の{index + 1}行目（{row.item or '項目なし'}{amount}）"
