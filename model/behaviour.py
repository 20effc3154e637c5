"""The one registry of behaviour a form's rows name: default, constraint, relevant, calculate, warn, suggest.

A row of the definition (model/editions/forms/*.toml) says *which* named rule applies to it, as
XLSForm's columns do; what the rule does lives here, once. A new rule is a function and one entry in
its table; the definition loader refuses a row that names a rule this registry does not have.
Rules see an ``At``: the report, the concrete path asked about, and today.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from . import municipalities, rules

if TYPE_CHECKING:
    from .edition import Edition
    from .form import FieldDef
    from .report import Report

_KPI = re.compile(r"^kpis\[(\d+)\]")


@dataclass(frozen=True)
class At:
    """What a rule sees: the report, the concrete path (kpis[2].unit), and today (for defaults)."""

    report: Report
    path: str
    today: dt.date | None = None
    source: Any = None  # for calculate: what the answer it follows from was read as (the body a name looked up)

    @property
    def row(self) -> FieldDef | None:
        return self.ed.definition.row(self.path)

    @property
    def ed(self) -> Edition:
        return self.report.ed

    @property
    def kpi(self) -> Any:
        """The KPI the path belongs to (None outside the KPIs, or for one not added yet)."""
        m = _KPI.match(self.path)
        kpis = self.report.kpis
        return kpis[int(m.group(1))] if m and int(m.group(1)) < len(kpis) else None


def _final_box(at: At) -> str | None:
    return rules.narrative_box(at.kpi.status(at.ed.final_year)) if at.kpi is not None else None


# The narrative box each final-year status asks for (rules.narrative_box), by the relevance rule naming it.
BOX_RULES = {"final_box_achieved": "achieved", "final_box_unachieved": "unachieved"}

# relevant: does the row apply (asked, required, written) as the report stands?
RELEVANT: dict[str, Callable[[At], bool]] = {rule: (lambda at, box=box: _final_box(at) == box) for rule, box in BOX_RULES.items()}


def boxes(ed: Edition) -> dict[str, str]:
    """Each narrative box (achieved / unachieved) and the name of the KPI row that is that box."""
    return ed.definition.boxes


def other_box(box: str) -> str:
    return "unachieved" if box == "achieved" else "achieved"

# default: what an empty Enter records while the field has no answer.
DEFAULT: dict[str, Callable[[At], Any]] = {
    "today": lambda at: at.today,
}


def _code_agrees(value: Any, at: At) -> str | None:
    h = at.report.header
    error = municipalities.agreement_error(h.prefecture, h.municipality, value)
    return error + "コードか団体名を確かめてください。" if error else None


def _prefecture_agrees(value: Any, at: At) -> str | None:
    name = at.report.header.municipality
    if not name or municipalities.find(value, name) is not None:
        return None
    found = municipalities.find(None, name)
    where = f"（{name}は{found.prefecture}の団体です）" if found else ""
    return f"{value}に「{name}」はありません{where}。都道府県名か市区町村等名を確かめてください。"


def _listed(value: Any, at: At) -> str | None:
    prefecture = at.report.header.prefecture
    if municipalities.find(prefecture, value) is not None:
        return None
    close = municipalities.suggestions(value, prefecture)
    hint = f"近い名前：{'、'.join(close)}。" if close else ""
    return f"「{value}」は{prefecture + 'の' if prefecture else ''}地方公共団体の一覧にありません。{hint}"


# constraint: a message when a value (typed, stored or imported) does not fit; None when it does.
CONSTRAINT: dict[str, Callable[[Any, At], str | None]] = {
    "municipality_listed": _listed,
    "code_of_municipality": _code_agrees,
    "prefecture_of_municipality": _prefecture_agrees,
}


def _body(at: At) -> municipalities.Municipality | None:
    if isinstance(at.source, municipalities.Municipality):
        return at.source
    h = at.report.header
    return municipalities.find(h.prefecture, h.municipality) if h.municipality else None


# calculate: a value computed from other answers (filled in when they are given).
CALCULATE: dict[str, Callable[[At], Any]] = {
    "prefecture_of_municipality": lambda at: (b := _body(at)) and b.prefecture,
    "code_of_municipality": lambda at: (b := _body(at)) and b.code,
}

# ※1: a 0目標KPI is achieved only at 0 or below, whatever its target; a target above 0 is usually a 減少KPI.
ZERO_TARGET_WARNING = ("0目標KPIは実績が0以下のときだけ達成です（目標値 {target} とは比べません）。"
                       "0でない目標値と比べて判定したいなら、備考を[減少KPI]にしてください。")
DECREASE_WITH_MINUS = ("※1：目標値にマイナスを使っているKPIの備考は（なし）です（[減少KPI]はマイナスを使わない場合）。"
                       "実施計画書を見て、備考を（なし）にするか、目標値をマイナスなしで書いてください。")


def _zero_target(value: Any, at: At) -> str | None:
    kpi = at.kpi
    return ZERO_TARGET_WARNING.format(target=value) if kpi is not None and kpi.note == rules.ZERO_NOTE and value != 0 else None


def _decrease_with_minus(value: Any, at: At) -> str | None:
    kpi = at.kpi
    if value != rules.DECREASE_NOTE or kpi is None:
        return None
    return DECREASE_WITH_MINUS if rules.negative_target([kpi.year(y).target for y in at.ed.kpi_years]) else None


# warn: a caution (never blocking) about a stored value.
WARN: dict[str, Callable[[Any, At], str | None]] = {
    "after_final_year": lambda value, at: rules.entry_date_warning(value, at.ed.final_year, at.row.label),
    "zero_target_compared": _zero_target,
    "decrease_with_minus": _decrease_with_minus,
}

def suggested_note(kpi: Any, years: tuple[int, ...]) -> str | None:
    """The 備考 the KPI's name or a 0 target suggests (※1), or None."""
    if kpi is None:
        return None
    if any(kpi.year(y).target == 0 for y in years):
        return rules.ZERO_NOTE
    if rules.negative_target([kpi.year(y).target for y in years]):
        return None  # a decrease written with a minus is not 減少KPI (※1)
    if rules.suggests_decrease(kpi.name) or falling_targets(kpi, years):
        return rules.DECREASE_NOTE
    return None


_UNITS = (  # (how a KPI's name reads, the unit it suggests): a pre-filled default, never stored unasked
    (re.compile(r"割合|比率|率$|率[（(]|パーセント|[％%]"), "パーセント"),
    (re.compile(r"(?:人数|(?<!事業)者数|人口)$"), "人"),  # 利用者数 are people; 事業者数 are not
    (re.compile(r"回数$"), "回"),
    (re.compile(r"日数$"), "日"),
    (re.compile(r"枚数$"), "枚"),
    (re.compile(r"台数$"), "台"),
    (re.compile(r"数$"), "件"),
)


_SUFFIX = re.compile(r"\s*[（(［\[【][^（）()［］\[\]【】]*[）)］\]】]\s*$")  # 「（第7指標）」 after the head noun


def suggested_unit(name: str | None) -> str | None:
    """The 単位 a KPI's name makes obvious (…の割合 → パーセント, …件数 → 件), read from its head noun
    (「…手続数（第7指標）」 is a count of procedures), or None."""
    text = (name or "").strip()
    while (bare := _SUFFIX.sub("", text)) != text and bare:
        text = bare
    return next((unit for pattern, unit in _UNITS if pattern.search(text)), None) if text else None


def falling_targets(kpi: Any, years: tuple[int, ...]) -> bool:
    """Positive targets that fall from year to year read like a reduction goal (※1)."""
    targets = [kpi.year(y).target for y in years]
    return None not in targets and all(t > 0 for t in targets) and all(a > b for a, b in zip(targets, targets[1:]))


# suggest: a likely answer offered as the default (never stored unasked); None when nothing is obvious.
SUGGEST: dict[str, Callable[[At], str | None]] = {
    "unit_from_name": lambda at: suggested_unit(at.kpi.name) if at.kpi is not None else None,
}

TABLES: dict[str, dict[str, Callable[..., Any]]] = {
    "relevant": RELEVANT, "default": DEFAULT, "constraint": CONSTRAINT, "calculate": CALCULATE, "warn": WARN,
    "suggest": SUGGEST,
}


def run(column: str, name: str, *args: Any) -> Any:
    """The named rule of a column applied (None when the row names none)."""
    return TABLES[column][name](*args) if name else None


def unknown(column: str, name: str) -> str | None:
    """For the definition loader: a message when a row names a rule the registry does not have."""
    if not name or name in TABLES[column]:
        return None
    return f"{column} = \"{name}\" は登録されていない規則です（使えるもの：{'、'.join(TABLES[column]) or 'なし'}）"
