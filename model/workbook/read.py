"""Reading a workbook made by export (and edited in Excel or LibreOffice) back into a draft.

Nothing the officer typed is lost or changed without a word: text that breaks a limit is kept in
the draft (``[session] kept``, the first one also restored as the text being typed) and reported;
every value read differently from the cell (▲ → −, full-width → half-width, a choice by number) is
listed in ``ImportResult.changes``; a choice typed only in part (「一部」) is not guessed but
reported, since a wrong guess would be submitted; formulas without a cached value, error values
(#NAME?), missing or renamed sheets and out-of-range list lengths are named problems.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import normalize, paths
from ..labels import kpi_prefix
from ..checklist import ChecklistSpec
from ..draft import Draft, Session, translate
from ..edition import DEFAULT_EDITION, installed_editions, load_edition, not_installed
from ..fields import TEXT_MAX
from ..normalize import Invalid, excel_len
from ..report import LISTS, SIDES, Report
from ..safe_text import shown
from .cells import parser, read_text
from .guard import BookRefused, is_error_value, named_cell, open_book
from .layout import MAIN_SHEET, META_SHEET, CellSpec, label_at, layout

_COUNTER = "字"
KEPT_NOTE = "文章は下書きに残してあります（開くとこの欄に戻ります）。"  # ends the message of text kept in the session


@dataclass(frozen=True)
class CellProblem:
    label: str
    where: str
    message: str


@dataclass
class ImportResult:
    draft: Draft | None
    problems: list[CellProblem] = field(default_factory=list)
    changes: list[CellProblem] = field(default_factory=list)  # read differently from the cell, said once


def _meta(wb) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames:
        return {}
    ws = wb[META_SHEET]
    return {str(r[0]): r[1] for r in ws.iter_rows(min_col=1, max_col=2, max_row=200, values_only=True)
            if r and r[0] is not None}


def _stated(value: Any, cap: int, key: str, problems: list[CellProblem]) -> int | None:
    """A list length from the meta sheet, within the form's limit (a crafted 1e8 is refused, not allocated)."""
    if value == "未回答":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return 0
    if value > cap:
        problems.append(CellProblem(f"{META_SHEET}シート {key}", META_SHEET,
                                    f"一覧の長さ {value:,.0f} は様式の上限 {cap} を超えています。{cap} までを読みました。"))
        return cap
    return int(value)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "").casefold()


def _limit(spec_cell: CellSpec, ed) -> int:
    """A narrative box's limit is its row's (checklist boxes) or the edition's; other text gets TEXT_MAX."""
    if spec_cell.kind == "narrative":
        return (spec_cell.row.limit if spec_cell.row else None) or ed.narrative_max
    return TEXT_MAX


def _differs(raw: Any, typed: str, value: Any) -> bool:
    """Whether the stored value is not simply what the cell holds (▲3 → -3, ６ → 6, 7447 → 07447, 1 → 単独)."""
    if isinstance(value, list):
        return typed.strip() != "、".join(value)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and isinstance(value, (int, float)):
        return raw != value
    if isinstance(raw, (dt.date, dt.datetime)):
        return False
    return typed.strip() != str(value)


def _shown_value(value: Any) -> str:
    return _shown_raw("、".join(value) if isinstance(value, list) else value)


def _shown_raw(raw: Any) -> str:
    text = read_text(raw) or ""
    return shown(text if len(text) <= 40 else text[:39] + "…", newlines=False)


class _Reader:
    def __init__(self, ed) -> None:
        self.ed = ed
        self.problems: list[CellProblem] = []
        self.changes: list[CellProblem] = []
        self.kept: dict[str, str] = {}

    def problem(self, c: CellSpec, message: str) -> None:
        self.problems.append(CellProblem(c.label, c.where, message))

    def value(self, c: CellSpec, raw: Any, formula: Any, unit: str = "") -> tuple[bool, Any]:
        """(ok, value) for one non-empty cell; problems and changes are recorded on the way."""
        if c.kind in ("text", "narrative"):
            text = normalize.clean_text(read_text(raw) or "", multiline=c.kind == "narrative")
            limit = _limit(c, self.ed)
            if excel_len(text) > limit:
                assert c.path is not None
                self.kept[c.path] = text
                self.problem(c, f"{excel_len(text):,}字です。{limit}字以内にしてください。{KEPT_NOTE}")
                return False, None
        result = parser(c, unit)(raw)
        if isinstance(result, Invalid):
            self.problem(c, result.message)
            return False, None
        value = result.value
        typed = read_text(raw) or ""
        if c.kind in ("choice", "multi") and isinstance(raw, str) and not typed.strip().isdigit():
            chosen = value if isinstance(value, list) else [value] if value is not None else []
            if c.kind == "choice" and chosen and _key(typed) != _key(str(chosen[0])):
                self.problem(c, f"「{_shown_raw(raw)}」は選択肢と一致しません。「{chosen[0]}」のことなら、"
                                f"そのとおりに選んでください（選択肢：{'、'.join(c.choices)}）。")
                return False, None
        notes = [n for n in getattr(result, "notes", ()) if not n.endswith(_COUNTER)]
        if c.kind not in ("text", "narrative") and _differs(raw, typed, value):
            notes = notes or [f"「{_shown_raw(raw)}」を「{_shown_value(value)}」として読みました。"]
        elif c.kind not in ("text", "narrative"):
            notes = []  # e.g. 「-」 read as 金額なし: the value is what the cell says
        if isinstance(formula, str) and formula.startswith("="):
            notes.insert(0, "計算式の結果を値として読みました。")
        if notes:
            self.changes.append(CellProblem(c.label, c.where, " ".join(notes)))
        return True, value


def cell_at(wb, spec_cell: CellSpec) -> Any:
    """The cell by its defined name; by the layout's address when a reader dropped the name."""
    where = named_cell(wb, spec_cell.name) or ((spec_cell.sheet, spec_cell.ref) if spec_cell.sheet in wb.sheetnames else None)
    return wb[where[0]][where[1]] if where else None


_cell = cell_at  # the name the export tests use


def _refused(path: Path | bytes, message: str, cell: tuple[str, str] | None = None) -> ImportResult:
    """The workbook not read; a ``cell`` that is why is named with its label (when the editions agree on it)."""
    label = label_at(*cell) if cell else None
    return ImportResult(None, [CellProblem(label, f"{cell[0]}!{cell[1]}", message) if label and cell
                               else CellProblem("ファイル", _where(path), message)])


def _where(source: Path | bytes) -> str:
    return "送られたファイル" if isinstance(source, (bytes, bytearray)) else str(source)


def import_workbook(path: Path | bytes, spec: ChecklistSpec | None = None) -> ImportResult:
    """Read a workbook made by ``export`` (also after edits in Excel/LibreOffice) back into a draft.

    ``path``: the workbook's file, or its bytes as sent (``upload``). ``spec`` None: the checklist of
    the edition the workbook names (its meta sheet)."""
    try:
        wb, formulas = open_book(path if isinstance(path, (bytes, bytearray)) else Path(path))
    except BookRefused as exc:
        return _refused(path, str(exc), exc.cell)
    meta = _meta(wb)
    edition = meta.get("edition") or DEFAULT_EDITION
    if not isinstance(edition, str) or edition not in installed_editions():
        return _refused(path, f"「{META_SHEET}」シートの{not_installed(edition)}")
    if MAIN_SHEET not in wb.sheetnames:
        return _refused(path, f"「{MAIN_SHEET}」シートがありません。dejiden export で作ったファイルを指定してください。")
    ed = load_edition(edition)
    spec = ed.definition.checklist if spec is None else spec
    report = Report(edition=edition)
    reader = _Reader(ed)
    cells = [c for c in layout(ed, spec) if c.kind != "computed"]
    lengths: dict[str, int | None] = {}
    for side in SIDES:
        for kind in LISTS:
            key = f"budget.{side}.{kind}"
            lengths[key] = _stated(meta.get(key), ed.max_budget_rows, key, reader.problems)
    lengths["kpis"] = _stated(meta.get("kpis"), ed.max_kpis, "kpis", reader.problems) or 0
    missing: set[str] = set()
    values: list[tuple[CellSpec, Any, Any]] = []
    for c in cells:
        where = named_cell(wb, c.name) or ((c.sheet, c.ref) if c.sheet in wb.sheetnames else None)
        if where is None:
            missing.add(c.sheet)
            continue
        cell = wb[where[0]][where[1]]
        raw, formula = cell.value, formulas.get(where)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if isinstance(formula, str) and formula.startswith("="):
                reader.problem(c, f"計算式（{_shown_raw(formula)}）の結果が保存されていません。"
                                  "Excel か LibreOffice で開いて保存し直すか、値を入力してください。")
            continue
        if is_error_value(cell):
            reader.problem(c, f"「{_shown_raw(raw)}」は Excel のエラー値です。正しい値を入力してください。")
            continue
        values.append((c, raw, formula))
        parts = paths.parse(c.path or "")
        if parts[0] == "budget":
            key = f"budget.{parts[1]}.{parts[2]}"
            lengths[key] = max(lengths.get(key) or 0, int(parts[3]) + 1)
        if parts[0] == "kpis":
            lengths["kpis"] = max(lengths["kpis"] or 0, int(parts[1]) + 1)
    for sheet in sorted(missing):
        reader.problems.insert(0, CellProblem(f"「{shown(sheet, newlines=False)}」シート", _where(path),
                                              "シートがありません（名前を変えた場合は元の名前に戻してください）。"
                                              "この部分は読み込んでいません。"))
    for key, n in lengths.items():
        if n is not None:
            paths.set_value(report, key, [])
            for _ in range(n):
                paths.append_row(report, key)
    for c, raw, formula in values:  # in the layout's order: a KPI's 単位 is read before its values
        unit = ""
        if c.row is not None and c.row.unit:  # the row naming its unit's row: read before it, in layout order
            unit = paths.get(report, f"{c.path.split('.', 1)[0]}.{c.row.unit}") or ""
        ok, value = reader.value(c, raw, formula, unit)
        if ok and value is not None:
            paths.set_value(report, c.path, value)
    _say_blank_rows(report, lengths, reader)
    validated = _validate(report, cells, reader)
    if validated is None:
        return ImportResult(None, reader.problems, reader.changes)
    session = Session()
    if reader.kept:
        first = next(iter(reader.kept))
        session = Session(kept=reader.kept, current=first, pending=reader.kept[first], pending_for=first)
    return ImportResult(Draft(validated, session), reader.problems, reader.changes)


def _blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return value is None


def _say_blank_rows(report: Report, lengths: dict[str, int | None], reader: _Reader) -> None:
    """A row or KPI whose every cell is empty stays (export and import are each other's inverse), but
    is named, with the way to remove it: cleared in the spreadsheet, it is most likely unwanted."""
    for key in lengths:
        for n, row in enumerate(paths.get(report, key) or [], start=1):
            if not _blank(row.model_dump()) or any(k.startswith(f"{key}[{n - 1}]") for k in reader.kept):
                continue
            if key == "kpis":
                what = kpi_prefix(n - 1)
            else:
                side, kind = key.split(".")[1:]
                words = report.ed.labels
                what = f"{words.budget_side_short[side]} {words.budget_lists[kind]}の{n}行目"
            reader.changes.append(CellProblem(what, MAIN_SHEET, f"{what}の欄がすべて空です。要らなければ、dejiden で"
                                                                 f"その質問に移って /delete と入力すると消せます。"))


def _validate(report: Report, cells: list[CellSpec], reader: _Reader) -> Report | None:
    """The report as the model checks it; a value the model refuses is reported and left out."""
    by_path = {c.path: c for c in cells}
    for _ in range(3):
        try:
            return Report.model_validate(report.model_dump(mode="python"))
        except ValidationError as exc:
            for p, message in translate(exc):
                c = by_path.get(p)
                reader.problems.append(CellProblem(c.label if c else p, c.where if c else "", message))
                try:
                    paths.set_value(report, p, None)
                except (KeyError, IndexError, ValueError, TypeError, AttributeError):
                    return None
    return None
