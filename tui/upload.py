"""``upload NAME`` over SSH: read an edited workbook into one of the officer's drafts, safely.

Same checks as ``dejiden import``; the draft is not touched while an interactive session holds its
lock; a cell that cannot be read keeps the draft's previous answer (import never loses text); the
previous version stays as ``NAME.toml.bak``; what changed is reported by label and cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .remote import EXIT_INCOMPLETE, EXIT_OK, EXIT_REFUSED, UNCHANGED, shown

SHOWN_CHARS = 30  # of a long answer in the list of changes


def show_value(value: Any) -> str:
    """An answer as one short line: lists joined, long text cut, empty said."""
    if value is None or value == [] or value == "":
        return "（空）"
    if isinstance(value, list):
        value = "、".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _cells(report, spec):
    from dejiden.model import workbook

    return [c for c in workbook.layout(report.ed, spec) if c.kind != "computed" and c.path]


def _get(report, path: str) -> Any:
    from dejiden.model import paths

    try:
        return paths.get(report, path)
    except (IndexError, KeyError, AttributeError, ValueError):
        return None


def keep_previous(new_report, old_report, problems, spec, kept_text: dict[str, str]) -> tuple[Any, list[str]]:
    """Put the previous answer back in each cell that could not be read; lines saying so.

    Over-long text (``kept_text``, by path) stays in the draft only for a box without a previous answer
    (the conversation offers it back there); a box that keeps its previous answer does not take it,
    and the line says so (the text is still in the officer's file)."""
    from pydantic import ValidationError

    from dejiden.model import paths
    from dejiden.model.report import Report
    from dejiden.model.workbook.read import KEPT_NOTE

    by_where = {c.where: c for c in _cells(new_report, spec)}
    lines = []
    for problem in problems:
        cell = by_where.get(problem.where)
        old = _get(old_report, cell.path) if cell else None
        kept, message = "", problem.message
        if cell is not None and old is not None:
            candidate = new_report.model_copy(deep=True)
            try:
                paths.set_value(candidate, cell.path, old)
                new_report = Report.model_validate(candidate.model_dump(mode="python"))
                kept = f"前の答え（{show_value(old)}）のままにしました。"
                if kept_text.pop(cell.path, None) is not None:
                    message = message.removesuffix(KEPT_NOTE)
                    kept += "ファイルの文章は下書きに入れていません（短くして送り直すか、dejiden でこの欄を直してください）。"
            except (ValidationError, IndexError, KeyError, AttributeError, TypeError, ValueError):
                kept = ""
        lines.append(f"読めないセル：{problem.label}（{problem.where}）：{message}{kept or '空のままです。'}")
    return new_report, lines


def changes(old_report, new_report, spec) -> list[str]:
    """Each input cell whose answer differs, by label and cell: ``label（sheet!A1）：old → new``."""
    out = []
    for cell in _cells(new_report, spec):
        old, new = _get(old_report, cell.path), _get(new_report, cell.path)
        if old != new and not (old in (None, [], "") and new in (None, [], "")):
            out.append(f"変更：{cell.label}（{cell.where}）：{show_value(old)} → {show_value(new)}")
    return out


def _shape(report) -> tuple[int, ...]:
    """How many rows each list has (budget lists, KPIs): the numbering the session's notes rely on."""
    from dejiden.model.report import LISTS, SIDES

    lists = [getattr(getattr(report.budget, side), kind) for side in SIDES for kind in LISTS]
    return (*(len(rows or []) for rows in lists), len(report.kpis or []))


def upload(path: Path, data: bytes, err: Callable[[str], None]) -> int:
    """Import ``data`` (an xlsx's bytes, already size- and type-checked) into the draft at ``path``."""
    return import_into(path, data, err, again="もう一度送ってください。")  # read as sent: no temporary file to leave


def import_into(path: Path, book: Path | bytes, err: Callable[[str], None], *, again: str = "もう一度読み込んでください。") -> int:
    """Read the workbook ``book`` (a file, or the bytes sent) into the existing draft at ``path``
    (``upload`` and ``dejiden import``)."""
    from dejiden.model import completeness, draft, workbook
    from dejiden.model.files import DraftLock

    spec = None  # each report's (and the workbook's) own edition's checklist
    result = workbook.import_workbook(book, spec)  # read (within its bounds) before the draft is locked
    if result.draft is None:
        for p in result.problems:
            where = "" if p.label == "ファイル" else f"{p.label}（{p.where}）："
            err(shown(f"読み込めません：{where}{p.message}"))
        err(UNCHANGED)
        return EXIT_REFUSED
    lock = DraftLock(path)
    holder = lock.acquire()
    if holder is not None:
        err(shown(holder.describe()) + f"画面での編集を終えて（ctrl+q）から、{again}{UNCHANGED}")
        return EXIT_REFUSED
    try:
        store = draft.DraftFile(path)
        current = store.open()
        if isinstance(current, draft.LoadError):
            err(shown(current.describe()))
            err(f"今の下書きが読めないため、読み込みませんでした。{UNCHANGED}")
            return EXIT_REFUSED
        new_report = result.draft.report
        if new_report.edition != current.report.edition:
            err(f"様式の版が下書きと違います（下書き {current.report.edition}、ファイル {new_report.edition}）。"
                f"この下書きから取り出したファイルを使ってください。{UNCHANGED}")
            return EXIT_REFUSED
        kept_text = dict(result.draft.session.kept)
        new_report, unreadable = keep_previous(new_report, current.report, result.problems, spec, kept_text)
        changed = changes(current.report, new_report, spec)
        read_as = [f"読み替え：{c.label}（{c.where}）：{c.message}" for c in result.changes]
        for line in changed + read_as + unreadable:
            err(shown(line))
        if not changed and all(current.session.kept.get(p) == t for p, t in kept_text.items()):
            err(f"変更はありませんでした。{UNCHANGED}")
            return EXIT_INCOMPLETE if unreadable else EXIT_OK
        session = current.session
        if _shape(new_report) != _shape(current.report):
            # Rows or KPIs were added or removed: the session's notes (text typed but not sent, which
            # questions were passed) name rows by number and would point at the wrong ones.
            session = draft.Session()
            if current.session.pending:
                err(f"行やKPIの数が変わったため、送信前の書きかけの文章（{len(current.session.pending)}字）は"
                    f"前の版 {path.name}.bak にだけ残っています。")
        session.kept = {**session.kept, **kept_text}  # offered back, in turn, by the conversation (draft.settle_kept)
        try:
            saved = store.save(draft.Draft(new_report, session))
        except OSError as exc:
            from dejiden.model.oserrors import os_error_ja

            err(f"{path.name} に保存できませんでした（{os_error_ja(exc)}）。{UNCHANGED}")
            return EXIT_REFUSED
        if isinstance(saved, draft.Conflict):
            err(f"読み込む間に {path.name} が変更されました。{UNCHANGED}{again}")
            return EXIT_REFUSED
    finally:
        lock.release()
    err(f"{path.name} に読み込みました（{len(changed)}か所）。前の版は {path.name}.bak に残してあります。")
    err(completeness.check(new_report, spec).summary())
    return EXIT_INCOMPLETE if unreadable else EXIT_OK
