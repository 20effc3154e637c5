"""Stable paths to every answer (``kpis[0].fy2023.actual``): read, write, clear, label."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from . import labels
from .checklist import ChecklistSpec
from .edition import Edition
from .report import LISTS, YEAR_KEY, KpiBase, KpiYearBase, Report

_TOKEN = re.compile(r"([A-Za-z0-9_\-]+)|\[(\d+)\]")


def parse(path: str) -> list[str | int]:
    out: list[str | int] = []
    for name, index in _TOKEN.findall(path):
        out.append(int(index) if index else name)
    return out


def join(tokens: list[str | int]) -> str:
    out = ""
    for t in tokens:
        out += f"[{t}]" if isinstance(t, int) else (f".{t}" if out else t)
    return out


def _step(obj: Any, token: str | int, create: bool) -> Any:
    if isinstance(token, int):
        return obj[token] if obj is not None and token < len(obj) else None
    if isinstance(obj, KpiBase) and YEAR_KEY.match(token):
        year = int(token[2:])
        if year not in obj.years and create:
            obj.years[year] = obj.YearModel()
        return obj.years.get(year)
    if isinstance(obj, dict):
        return obj.get(token)
    if obj is None:
        return None
    value = getattr(obj, token)
    return value


def get(report: Report, path: str) -> Any:
    obj: Any = report
    for token in parse(path):
        obj = _step(obj, token, create=False)
        if obj is None:
            return None
    return obj


def _parent(report: Report, tokens: list[str | int]) -> Any:
    obj: Any = report
    for i, token in enumerate(tokens[:-1]):
        nxt = _step(obj, token, create=True)
        if nxt is None and isinstance(obj, BaseModel) and isinstance(token, str):
            # an unanswered list (e.g. expenses) becomes an empty one when a row is written
            nxt = [] if token in (*LISTS, "kpis") else None
            setattr(obj, token, nxt)
        if nxt is None:
            raise KeyError(join(tokens[: i + 1]))
        obj = nxt
    return obj


def set_value(report: Report, path: str, value: Any) -> None:
    tokens = parse(path)
    parent = _parent(report, tokens)
    last = tokens[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(last, int):
        parent[last] = value
    else:
        setattr(parent, last, value)


def clear(report: Report, path: str) -> None:
    """Make an answer absent again (the field becomes unanswered)."""
    tokens = parse(path)
    try:
        parent = _parent(report, tokens)
    except KeyError:
        return
    last = tokens[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list):
        if isinstance(last, int) and last < len(parent):
            del parent[last]
    else:
        setattr(parent, last, None)
        if isinstance(parent, KpiYearBase):
            _parent(report, tokens[:-1]).prune_years()


def append_row(report: Report, list_path: str) -> str:
    """Add an empty row (budget) or KPI; returns the new item's path."""
    current = get(report, list_path)
    if current is None:
        set_value(report, list_path, [])
        current = get(report, list_path)
    models = report.ed.models
    current.append(models.kpi() if list_path == "kpis" else models.budget_row())
    return f"{list_path}[{len(current) - 1}]"


def section_of(path: str, ed: Edition, spec: ChecklistSpec | None = None) -> str:
    """The section title a path belongs to, in the edition's own words."""
    head = parse(path)[0]
    spec = spec or ed.definition.checklist
    if head == "checklist":
        section = spec.section_of(str(parse(path)[1]))
        return section.title if section else "チェックリスト"
    section = ed.definition.section(str(head))  # the definition's section titles
    return section.title if section else str(head)


def label(path: str, ed: Edition, spec: ChecklistSpec | None = None) -> str:
    """The form's label for a path in the edition's own words, e.g. 「KPI① 2023年度末　実績値」."""
    t = parse(path)
    words = ed.labels
    spec = spec or ed.definition.checklist
    if t[0] == "header" and len(t) == 2:
        return words.header(str(t[1]))
    if t[0] == "budget":
        side = str(t[1])
        if len(t) == 2:
            return words.budget_side_short[side]
        kind = str(t[2])
        if len(t) == 3:
            return f"{words.budget_side_short[side]} {words.budget_lists[kind]}"
        first = ed.definition.rows("budget")[0].name
        return words.budget_row(side, kind, int(t[3]), str(t[4]) if len(t) > 4 else first)
    if t[0] == "kpis":
        if len(t) == 1:
            return words.section_kpis
        index = int(t[1])
        if len(t) == 2:
            return labels.kpi_prefix(index)
        field = str(t[2])
        if YEAR_KEY.match(field):
            return words.kpi(index, str(t[3]) if len(t) > 3 else "status", int(field[2:]))
        return words.kpi(index, field) if field in words.kpi_fields else path
    if t[0] == "checklist" and len(t) == 2:
        q = spec.question(str(t[1])) if spec else None
        return f"{t[1]} {q.label}" if q else str(t[1])
    return path
