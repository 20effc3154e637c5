"""An administrator's edition checked before it is offered: each mistake said in Japanese by its file and row, with what to write."""

from __future__ import annotations

import re
import string
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .edition import Edition
    from .form import FieldDef

# What a row's label and wording (question, hint, example) may name in {…}, by its group: what the
# conversation gives it (prompts/wording.py context; tests/test_admin_mistakes.py keeps the two in step).
_EVERY = ("label", "max", "next_year", "max_kpis", "budget_year", "kpi_examples", "measure_example")
PLACEHOLDERS = {
    "header": _EVERY,
    "checklist": (*_EVERY, "id", "hint", "section"),
    "budget": (*_EVERY, "side", "side_long", "list", "count", "list_example", "row", "item"),
    "kpis": (*_EVERY, "kpi", "name", "next_kpi", "year", "status", "room", "form_example", "example_len"),
}
INSTRUCTIONS = ("first", "final", "years")  # what an edition's kpi_instructions may name
# Rows the program reads besides asking them: a form without one cannot be used (said with why).
NEEDED = {
    "header.municipality": "ファイル名・集計・都道府県名とコードの自動入力に使います",
    "header.prefecture": "集計と団体の確かめに使います",
    "header.project_name": "ファイル名と集計に使います",
    "budget.*.*[*].item": "事業の収支の項目名です",
    "budget.*.*[*].amount": "事業の収支の金額と合計です",
    "kpis[*].name": "KPIを名前で呼ぶのに使います",
    "kpis[*].fy*.target": "達成状況の判定に使います",
    "kpis[*].fy*.actual": "達成状況の判定に使います",
    "kpis[*].note": "減少KPI・0目標KPIの達成状況の判定に使います",
    "kpis[*].narrative_achieved": "達成したKPIの記述欄です",
    "kpis[*].narrative_unachieved": "未達成・未計測のKPIの記述欄です",
}
MAX_LIMIT = 32_767  # characters a spreadsheet cell holds: no row may ask for more
MAX_SHEET_ROW = 1_000  # a checklist answer's row on its sheet
MAX_YEARS = 10  # KPI years: each is two rows of every KPI's block
# An edition's numbers, within what a form can be (the shipped ones: 15 KPIs, 10 budget rows, 300 characters).
BOUNDS = {"max_kpis": (1, 50), "max_budget_rows": (1, 50), "narrative_max": (1, MAX_LIMIT),
          "budget_year": (2000, 2100), "next_year": (2000, 2100), "kpi_years": (2000, 2100)}
_CHECKLIST_ID = re.compile(r"[0-9A-Za-z]{1,10}(-[0-9A-Za-z]{1,10}){0,3}")
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,4})")


class FormProblem(ValueError):
    """A mistake in an edition's files, said as the administrator who wrote them should read it."""


def row_name(data: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """(which row, which key) of a pydantic error's location in a form or checklist file."""
    keys = [p for p in loc if isinstance(p, str)]
    key = keys[-1] if keys else ""
    try:
        if loc[0] == "fields" and isinstance(loc[1], int):
            row = data["fields"][loc[1]]
            name = f"path = \"{row['path']}\" の行" if "path" in row else f"{loc[1] + 1}番目の [[fields]]"
            return name, key if len(loc) > 2 else ""
        if loc[0] == "sections" and loc[2] == "questions" and isinstance(loc[3], int):
            q = data["sections"][loc[1]]["questions"][loc[3]]
            name = f"id = \"{q['path'].removeprefix('checklist.')}\" の設問" if "path" in q else f"{loc[3] + 1}番目の設問"
            return name, key if len(loc) > 4 else ""
    except (KeyError, IndexError, TypeError, AttributeError):
        pass
    return "", ".".join(map(str, loc))


def invalid(exc: "ValidationError", data: Any, name: str) -> FormProblem:
    """A pydantic error in a form, checklist or edition file, named by its row and key, in Japanese."""
    from .loaderrors import _PYDANTIC_JA

    e = exc.errors(include_url=False)[0]
    row, key = row_name(data, tuple(e["loc"]))
    where = f"{name} の {row}" if row else name
    if e["type"] == "missing":
        said = f"{key} がありません。{key} = … を書いてください"
    elif e["type"] == "extra_forbidden":
        said = f"{key} という項目はありません。綴りを確かめてください（docs/editions.md の項目名）"
    elif e["type"] == "value_error":  # a rule the registry does not have (FieldDef says which row itself)
        said = str(e.get("ctx", {}).get("error", "")).split("：", 1)[-1]
    elif e["type"].startswith("date"):
        said = f"{key} の値が正しくありません（日付は 2025-06-01 のように書きます）"
    else:
        said = f"{key} の値が正しくありません（{_PYDANTIC_JA.get(e['type'], '値の書き方を確かめてください。').rstrip('。')}）"
    return FormProblem(f"{where}：{said}。".replace("。。", "。"))


def _cells(first: str, last: str | None) -> set[str]:
    """Every cell of a box from ``first`` to ``last`` (one cell when there is no ``last``)."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    a, b = _REF.fullmatch(first), _REF.fullmatch(last or first)
    if a is None or b is None:
        return set()
    c0, c1 = sorted((column_index_from_string(a[1]), column_index_from_string(b[1])))
    r0, r1 = sorted((int(a[2]), int(b[2])))
    return {f"{get_column_letter(c)}{r}" for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)}


def _fixed(ed: "Edition") -> dict[str, str]:
    """The main sheet's cells the form itself fills around the header (title, 事業年度, 回答漏れチェック)."""
    from .workbook.layout import BUDGET_TITLE_ROW, COLS, FISCAL_YEAR_CELLS, FISCAL_YEAR_TO, OMISSION_FIRST_ROW, OMISSION_TITLE

    out = {ref: "様式の表題" for ref in _cells("A1", f"{COLS[-1]}2")}
    out |= {ref: ed.definition.text("fiscal_year") for ref in _cells(FISCAL_YEAR_CELLS[0], FISCAL_YEAR_TO)}
    n = len(ed.definition.checklist.sections)
    last = f"{COLS[-1]}{OMISSION_FIRST_ROW + n - 1}"
    out |= {ref: ed.definition.text("omission_check") for ref in _cells(OMISSION_TITLE, last)}
    budget = ed.definition.section("budget")
    out |= {ref: budget.title if budget else "" for ref in _cells(f"A{BUDGET_TITLE_ROW}", f"{COLS[-1]}{BUDGET_TITLE_ROW}")}
    return out


def _header_cells(ed: "Edition", name: str, row: "FieldDef") -> dict[str, set[str]]:
    from .workbook.layout import BUDGET_TITLE_ROW, COLS

    out: dict[str, set[str]] = {}
    for key in ("cell", "label_cell", "to"):
        ref = getattr(row, key)
        if key != "to" and not isinstance(ref, str):
            raise FormProblem(f"{name} の path = \"{row.path}\" の行：{key} がありません。{key} = \"B10\" のようにセルを書いてください。")
        m = _REF.fullmatch(ref) if isinstance(ref, str) else None
        if ref is not None and (m is None or m[1] not in COLS or not 3 <= int(m[2]) < BUDGET_TITLE_ROW):
            raise FormProblem(f"{name} の path = \"{row.path}\" の行：{key} = \"{ref}\" は使えないセルです。"
                              f"基本情報のセルは {COLS[0]}3〜{COLS[-1]}{BUDGET_TITLE_ROW - 1} の「B10」のような形で書いてください。")
    out[f"{row.label}（{row.path}）の値"] = _cells(row.cell, row.to)  # type: ignore[arg-type]
    out[f"{row.label}（{row.path}）の見出し"] = _cells(row.label_cell, None)  # type: ignore[arg-type]
    return out


def _named(text: str, allowed: tuple[str, ...], where: str) -> None:
    """FormProblem when a text names in {…} what it will not be given, or has a brace alone."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise FormProblem(f"{where}の「{{」「}}」が対になっていません。文字の {{ は {{{{、}} は }}}} と2つ重ねて書いてください。") from None
    for name in names:
        if name not in allowed:
            shown = "、".join(f"{{{a}}}" for a in allowed)
            raise FormProblem(f"{where}の {{{name}}} は使えません（使えるもの：{shown}）。")


def _texts(ed: "Edition") -> None:
    """The form's fixed texts ([texts]): every key the shipped form has (the workbook and the conversation print them)."""
    from .form import load_form

    shipped = load_form("forms/type1.toml", "forms/type1_checklist.toml").texts
    for key, value in shipped.items():
        have = ed.definition.texts.get(key)
        missing = [key] if have is None else [f"{key}.{k}" for k in value if k not in have] if isinstance(value, dict) else []
        if missing:
            raise FormProblem(f"{ed.form} の [texts] に {missing[0]} がありません。コピー元の様式の {missing[0]} を戻してください。")


def _row(ed: "Edition", r: "FieldDef") -> str:
    """A row as its administrator finds it: the file it is in and its path (a checklist question by its id)."""
    if r.group == "checklist":
        return f"{ed.checklist} の id = \"{r.id}\" の設問"
    return f"{ed.form} の path = \"{r.path}\" の行"


def _on_sheet(cell: Any) -> bool:
    m = _REF.fullmatch(cell) if isinstance(cell, str) else None
    return m is not None and len(m[1]) == 1 and int(m[2]) <= MAX_SHEET_ROW


def check(ed: "Edition", name: str) -> None:
    """Everything an administrator's form must satisfy before drafts may use it; FormProblem for the first mistake."""
    from .fields import TYPES

    rows, seen = ed.definition.all_rows, {}
    _named(ed.kpi_instructions, INSTRUCTIONS, "kpi_instructions ")
    for table, allowed in (("budget_sides", ("budget_year",)), ("narrative_subtitles", ("next_year",))):
        for key, text in (ed.definition.texts.get(table) or {}).items():
            _named(str(text), allowed, f"{ed.form} の [texts.{table}] {key} ")
    if not ed.kpi_years or list(ed.kpi_years) != sorted(set(ed.kpi_years)) or len(ed.kpi_years) > MAX_YEARS:
        raise FormProblem(f"kpi_years は [2025, 2026, 2027] のように1〜{MAX_YEARS}個の年度を古い順に書いてください。")
    for key, (low, high) in BOUNDS.items():  # the workbook and every draft are laid out by these
        values = getattr(ed, key) if key == "kpi_years" else (getattr(ed, key),)
        if not all(low <= v <= high for v in values):
            raise FormProblem(f"{key} は {low}〜{high} で書いてください。")
    for r in rows:
        what = _row(ed, r)
        if r.path in seen:
            raise FormProblem(f"{what}が2つあります。どちらかを変えるか、片方を消してください。")
        seen[r.path] = r
        if r.group == "checklist" and not _CHECKLIST_ID.fullmatch(r.id):  # drafts keep answers by it (1-1 = …)
            raise FormProblem(f"{what}：id は「4-1」のように英数字と「-」で書いてください。")
        for key in ("label", "question", "hint", "example"):
            _named(getattr(r, key), ("year",) if key == "label" else PLACEHOLDERS[r.group], f"{what}：{key} ")
        if r.limit is not None and not 0 < r.limit <= MAX_LIMIT:
            raise FormProblem(f"{what}：字数の上限 {r.limit:,} は使えません。1〜{MAX_LIMIT:,}字にしてください（text_max も）。")
        if r.group == "checklist" and not _on_sheet(r.cell):
            raise FormProblem(f"{what}：答えのセル {str(r.cell)[:20]} は使えません。A〜Z列・{MAX_SHEET_ROW:,}行目までにしてください"
                              "（answer_col・first_row も）。")
        if r.type not in TYPES:
            raise FormProblem(f"{what}：type = \"{r.type}\" はありません（使えるもの：{'、'.join(TYPES)}）。")
        if TYPES[r.type].widget in ("choice", "multi") and not r.choices:
            raise FormProblem(f"{what}：選ぶ項目なのに選択肢がありません。choices = [\"…\", \"…\"] を書いてください。")
        options = ([r.blank] if r.blank else []) + list(r.choices)  # as they are numbered when asked
        for i, choice in enumerate(options, 1):
            number = unicodedata.normalize("NFKC", choice).strip()
            if number.isdecimal() and number != str(i):  # typed, it would pick the choice numbered so
                raise FormProblem(f"{what}：選択肢「{choice}」は{number[:10]}番目ではないので番号と紛れます"
                                  "（番号で選ぶと別の選択肢になります）。「類型2」のように文字を添えてください。")
    from .loaderrors import MAX_CHECKLIST

    if len(ed.definition.rows("checklist")) > MAX_CHECKLIST:  # a draft holding every answer must still load
        raise FormProblem(f"{ed.checklist}：設問が{len(ed.definition.rows('checklist')):,}個あります。上限は{MAX_CHECKLIST}個です。")
    _texts(ed)
    for path, why in NEEDED.items():
        if path not in seen:
            raise FormProblem(f"{ed.form} の path = \"{path}\" の行がありません。この行は消せません（{why}）。"
                              f"コピー元の {path} の行を戻してください。")
    for r in rows:
        sibling = f"{r.path.rsplit('.', 1)[0]}.{r.unit}".replace(".fy*", "")
        if r.unit and sibling not in seen:
            raise FormProblem(f"{_row(ed, r)}：unit = \"{r.unit}\" の行（{sibling}）がありません。その行を戻すか、unit を消してください。")
    for r in ed.definition.rows("budget") + ed.definition.rows("kpis"):
        _columns(ed, r)
    used = {ref: f"様式の「{label}」" for ref, label in _fixed(ed).items()}
    for r in ed.definition.rows("header"):
        for what, refs in _header_cells(ed, name, r).items():
            for ref in sorted(refs):
                if ref in used:
                    raise FormProblem(f"{name}：{what}のセル {ref} は{used[ref]}と同じセルです。ほかの項目が使っていないセルにしてください。")
                used[ref] = what
    _no_shared_cell(ed, name)


def _columns(ed: "Edition", r: "FieldDef") -> None:
    """A budget row's column per side, a KPI row's column: letters of the printed page (A〜H)."""
    from .report import SIDES
    from .workbook.layout import COLS

    if r.group == "budget":
        cols = r.cell if isinstance(r.cell, dict) else {}
        if set(cols) != set(SIDES):
            raise FormProblem(f"{_row(ed, r)}：cell は {{ planned = \"A\", actual = \"E\" }} のように予定と実際の列を書いてください。")
    else:
        cols = {"col": r.col}
        if r.row not in (0, 1):  # a KPI's block: a label row and a value row per year (and for its narratives)
            raise FormProblem(f"{_row(ed, r)}：row = {r.row} は使えません。KPIの枠の中の行は 0（見出しの行）か 1（値の行）で書いてください。")
    for col in cols.values():
        if col not in tuple(COLS):
            raise FormProblem(f"{_row(ed, r)}：列「{col}」は印刷される {COLS[0]}〜{COLS[-1]} の列ではありません。{COLS[0]}〜{COLS[-1]} の1文字で書いてください。")


def _no_shared_cell(ed: "Edition", name: str) -> None:
    from .workbook.layout import layout

    seen: dict[tuple[str, str], str] = {}
    for c in layout(ed):
        if (c.sheet, c.ref) in seen:
            raise FormProblem(f"{name}：「{c.label}」と「{seen[c.sheet, c.ref]}」が同じセル {c.sheet}!{c.ref} です。"
                              "col・row・cell を変えて、ほかの項目が使っていないセルにしてください。")
        seen[c.sheet, c.ref] = c.label
