"""Why a draft cannot be read: TOML and pydantic errors in Japanese, and limits checked before pydantic.

The limits come from the edition (KPIs, budget rows) and from the shape of the form (nesting), so a
crafted draft is refused before anything large is allocated or validated.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from . import paths
from .edition import DEFAULT_EDITION, installed_editions, load_edition, not_installed
from .report import LISTS, SIDES
from .safe_text import shown

MAX_DEPTH = 6  # report > kpis > [i] > fy2023 > actual: nothing deeper is ever valid
MAX_CHECKLIST = 500
MAX_STRING = 100_000  # characters in any one value (a pasted text not yet sent included)

_YEAR = re.compile(r"^[1-9][0-9]{3}$")  # a KPI's year written as a table key (``years = {"2023" = ...}``)
_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_JA = (
    ("Illegal character '\\n'", "文字列の「\"」がその行の中で閉じていません"),
    ("Unterminated string", "文字列の「\"」が閉じていません"),
    ("Expected '=' after a key", "項目名のあとに「=」が必要です"),
    ("Cannot overwrite a value", "同じ項目が2回書かれています"),
    ("Cannot declare", "同じ表が2回書かれています"),
    ("Invalid value", "値の書き方が正しくありません（文字列は\"...\"で囲みます）"),
    ("Invalid date or number", "数値や日付の書き方が正しくありません（電話番号など文字は\"...\"で囲みます）"),
    ("Invalid number", "数値の書き方が正しくありません（文字は\"...\"で囲みます）"),
    ("Expected newline or end of document", "値のあとに余計な文字があります（電話番号など文字は\"...\"で囲みます）"),
    ("Invalid statement", "読めない行があります"),
    ("Invalid initial character", "項目名に使えない文字があります"),
    ("Unclosed array", "一覧の「]」が閉じていません"),
    ("Illegal character", "使えない文字があります"),
)
def toml_problem(exc: Exception, text: str) -> tuple[str, int | None, int | None]:
    """(reason, line, column) of a TOML syntax error; the end of the text when tomllib says 'end of document'."""
    m = _POSITION.search(str(exc))
    detail = next((ja for en, ja in _TOML_JA if str(exc).startswith(en)), "書式が正しくありません")
    reason = f"TOMLとして読めません：{detail}。"
    if m is None and "end of document" in str(exc):
        return reason, text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
    return reason, int(m.group(1)) if m else None, int(m.group(2)) if m else None


def long_number(text: str) -> tuple[str, int | None, int | None]:
    """(reason, line, column) of a number too long for Python to read (over 4300 digits)."""
    from .normalize import TOO_LARGE

    m = re.search(r"[0-9][0-9_]{4000,}", text)
    reason = f"TOMLとして読めません：桁数の多すぎる数値があります。{TOO_LARGE}"
    if m is None:
        return reason, None, None
    line = text.count("\n", 0, m.start()) + 1
    return reason, line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1


_PYDANTIC_JA = {
    "extra_forbidden": "知らない項目です。項目名の綴りを確かめてください。",
    "missing": "必要な項目がありません。",
    "list_type": "一覧（[ ... ]）で書いてください。",
    "dict_type": "表（[...]）で書いてください。",
    "model_type": "表（[...]）で書いてください。",
    "int_type": "整数で書いてください。",
    "int_parsing": "整数で書いてください。",
    "string_type": "文字列（\"...\"）で書いてください。",
    "literal_error": "選択肢にない値です。",
}


def _loc_path(loc: tuple[Any, ...]) -> str:
    tokens: list[str | int] = []
    for i, part in enumerate(loc):
        if isinstance(part, int) and i > 0 and loc[i - 1] == "years":
            tokens[-1] = f"fy{part}"
        elif part == "years":
            tokens.append("years")
        elif isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue  # pydantic's union/validator tags
        else:
            tokens.append(part)
    return paths.join(tokens)


def translate(error: ValidationError) -> tuple[tuple[str, str], ...]:
    """Pydantic errors as (path, Japanese message); no English text reaches the user."""
    out = []
    for e in error.errors(include_url=False):
        message = e["msg"] if e["type"] == "dejiden" else _PYDANTIC_JA.get(e["type"], "値が正しくありません。")
        if e["type"] == "value_error":
            message = str(e.get("ctx", {}).get("error", message))
        out.append((_loc_path(tuple(e["loc"])), message))
    seen: dict[str, str] = {}
    for p, m in out:
        seen.setdefault(p, m)
    return tuple(seen.items())


def named(problems: tuple[tuple[str, str], ...], data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Each problem's path as ``check`` names it, the form's label in the draft's own edition (``data``'s), with
    the path beside it for whoever edits the TOML: 「KPI① 単位（kpis[0].unit）」. A path that is no field of the
    form (a list, a table, a name mistyped) or of an edition not installed stays as it is."""
    edition = data.get("edition", DEFAULT_EDITION)
    if not isinstance(edition, str) or edition not in installed_editions():
        return problems
    ed = load_edition(edition)

    def name(path: str) -> str:
        try:
            return f"{paths.label(path, ed)}（{path}）" if path and ed.definition.row(path) else path
        except (KeyError, IndexError, ValueError):
            return path

    return tuple((name(p), m) for p, m in problems)


def _too_deep_or_long(data: Any) -> tuple[bool, bool]:
    """One walk over every value, no paths built: nested deeper than MAX_DEPTH, a string over MAX_STRING."""
    stack = [(data, 0)]
    long = False
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            long = long or len(value) > MAX_STRING
        elif isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                return True, long
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return False, long


def _long_string(value: Any, where: str, depth: int = MAX_DEPTH + 1) -> str | None:
    if isinstance(value, str):
        return where if len(value) > MAX_STRING else None
    if depth <= 0 or not isinstance(value, (dict, list)):
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, v in items:
        found = _long_string(v, f"{where}.{key}" if where else str(key), depth - 1)
        if found is not None:
            return found
    return None


def _count(data: dict[str, Any], *keys: str) -> int:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None  # type: ignore[assignment]
    return len(data) if isinstance(data, (list, dict)) else 0


def check_limits(data: dict[str, Any]) -> tuple[str, str] | None:
    """Before pydantic sees the data: a known edition id and list lengths within the form's limits."""
    edition = data.get("edition", DEFAULT_EDITION)
    if not isinstance(edition, str) or edition not in installed_editions():
        return "edition", not_installed(edition)
    ed = load_edition(edition)
    if _count(data, "kpis") > ed.max_kpis:
        return "kpis", f"KPIが{_count(data, 'kpis'):,}個あります。様式の上限は{ed.max_kpis}個です。"
    for side in SIDES:
        for kind in LISTS:
            n = _count(data, "budget", side, kind)
            if n > ed.max_budget_rows:
                return f"budget.{side}.{kind}", f"{n:,}行あります。様式の上限は{ed.max_budget_rows}行です。"
    for i, kpi in enumerate(data.get("kpis") or []) if isinstance(data.get("kpis"), list) else ():
        years = kpi.get("years") if isinstance(kpi, dict) else None
        if isinstance(years, dict) and not all(isinstance(k, str) and _YEAR.match(k) for k in years):
            return f"kpis[{i}].years", "年度は fy2023 = { target = ... } のように西暦4桁で書いてください。"
    for key, value in (data.get("checklist") or {}).items() if isinstance(data.get("checklist"), dict) else ():
        if not isinstance(value, str) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return f"checklist.{key}", "文字列（\"...\"）か文字列の一覧（[\"...\", ...]）で書いてください。"
    if _count(data, "checklist") > MAX_CHECKLIST:
        return "checklist", f"{_count(data, 'checklist'):,}項目あります。上限は{MAX_CHECKLIST}項目です。"
    deep, long = _too_deep_or_long(data)
    if deep:
        return "", "表や一覧の入れ子が深すぎます。"
    if long:  # walk again to name where (only for a draft that is refused anyway)
        where = _long_string(data, "") or ""
        return shown(where[:80], newlines=False), f"文字が多すぎます（上限は{MAX_STRING:,}字）。"
    return None
