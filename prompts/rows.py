"""The walker's /delete: remove the budget row or the KPI the current question belongs to."""

from __future__ import annotations

import re

from dejiden.model import paths, rules
from dejiden.model.labels import kpi_prefix

from .view import Message, Reply
from .wording import quote

_ROW = re.compile(r"^(budget\.\w+\.\w+|kpis)\[(\d+)\]")


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


class RowsMixin:
    def row_of_current(self) -> tuple[str, int] | None:
        """The list and index of the row or KPI the current question belongs to, if that row exists
        (a report with no KPI yet shows the first KPI's questions before there is one)."""
        m = _ROW.match(self.current or "")
        if m is None or int(m.group(2)) >= len(paths.get(self.report, m.group(1)) or []):
            return None
        return m.group(1), int(m.group(2))

    def delete_row(self) -> Reply:
        found = self.row_of_current()
        if found is None:
            step = self.step()
            if _ROW.match(self.current or "") or (step is not None and step.repeat):  # 「5行目の名前」: not added yet
                return Reply([Message("bot", "この行はまだありません。消したい行やKPIの質問に移ってから /delete と入力します"
                                             "（もう追加しないなら、空のまま Enter）。", "error")])
            return Reply([Message("bot", "/delete は経費・収入の行とKPIの質問で使えます（その行やKPIの質問に移ってから入力します）。", "error")])
        list_path, index = found
        rows = paths.get(self.report, list_path)
        removed = rows.pop(index)
        session = self.draft.session
        session.closed[:] = [k for k in (renumber(c, list_path, index) for c in session.closed) if k is not None]
        session.kept = {k2: v for k, v in session.kept.items() if (k2 := renumber(k, list_path, index)) is not None}
        self._trail = [k for k in (renumber(t, list_path, index) for t in self._trail) if k is not None]
        if list_path == "kpis":
            what = f"{kpi_prefix(index)}{quote(removed.name or '（名前なし）')}"
            after = "後ろのKPIは番号が一つずつ繰り上がりました。" if index < len(rows) else ""
        else:
            side, kind = list_path.split(".")[1:]
            amount = f" {rules.show_amount(removed.amount)}千円" if isinstance(removed.amount, int) else ""
            what = f"{self.ed.labels.budget_side_short[side]} {self.ed.labels.budget_lists[kind]}の{index + 1}行目（{removed.item or '項目なし'}{amount}）"
            after = "後ろの行は一つずつ繰り上がりました。" if index < len(rows) else ""
        self.refresh()
        first = next((s.id for s in self._steps if s.id.startswith(f"{list_path}[{index}].")), list_path)
        self.goto(first, remember=False)
        return Reply([Message("bot", f"{what}を削除しました。{after}", "note")], accepted=True)  # saved at once
