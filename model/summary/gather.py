"""Finding and reading the reports to summarise: drafts (.toml) and dejiden workbooks (.xlsx), each on its own.

Every file is read as ``check``/``import`` read one: a draft through ``draft``'s limits, a workbook
through the import reader (``workbook.import_workbook``: size, zip and list-length bounds, the
edition it names). Nothing is trusted and nothing stops the run: a file that cannot be read becomes
an ``Unreadable`` with the reason in Japanese, so none is dropped silently. Folders are walked
without following symlinks; a symlink, FIFO or device with a report's name is named as refused.
Files are only read: their modes are left as they are (the reader is often not their owner).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..completeness import CheckResult, check
from ..draft import LoadError, parse
from ..fsio import MAX_DRAFT_BYTES, FileRefused, read_regular
from ..oserrors import os_error_ja
from ..report import Report

SUFFIXES = (".toml", ".xlsx")
MAX_FILES = 20_000  # every municipality's reports for several years; more is not a folder of reports
MAX_DEPTH = 8  # folders inside the folders given
MAX_PROBLEMS = 10  # reasons listed per unreadable file


@dataclass(frozen=True)
class Source:
    """A report read from a file, checked against its own edition."""

    path: Path
    report: Report
    result: CheckResult
    cell_problems: int = 0  # cells of a workbook that could not be read (left blank)


@dataclass(frozen=True)
class Unreadable:
    path: Path
    reason: str


def _is_report_name(name: str) -> bool:
    """Report files in a folder: *.toml and *.xlsx, not hidden (locks, temporary files) nor Excel's ``~$`` owner files."""
    return name.lower().endswith(SUFFIXES) and not name.startswith((".", "~$"))


def _walk(folder: Path, depth: int, found: list[Path], refused: list[Unreadable]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        refused.append(Unreadable(folder, f"フォルダを開けません（{os_error_ja(exc)}）。"))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_link, is_dir = entry.is_symlink(), entry.is_dir(follow_symlinks=False)
        except OSError as exc:
            refused.append(Unreadable(path, f"開けません（{os_error_ja(exc)}）。"))
            continue
        if is_dir and not is_link and not entry.name.startswith("."):
            if depth >= MAX_DEPTH:
                refused.append(Unreadable(path, f"フォルダの入れ子が深すぎるため読んでいません（{MAX_DEPTH}段まで）。"))
            else:
                _walk(path, depth + 1, found, refused)
        elif is_link and entry.name.lower().endswith(SUFFIXES) or is_link and _is_dir_link(path):
            refused.append(Unreadable(path, "シンボリックリンクです。安全のため、リンクをたどって読みません。"))
        elif _is_report_name(entry.name):
            found.append(path)


def _is_dir_link(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def find(paths: Iterable[Path], exclude: Path | None = None) -> tuple[list[Path], list[Unreadable]]:
    """The report files named or found in folders (in order, each once), and what was refused on the way."""
    found: list[Path] = []
    refused: list[Unreadable] = []
    for given in paths:
        given = Path(given)
        try:
            st = os.lstat(given)
        except OSError as exc:
            refused.append(Unreadable(given, "ファイルがありません。" if isinstance(exc, FileNotFoundError)
                                      else f"開けません（{os_error_ja(exc)}）。"))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(given, 0, found, refused)
        elif not given.name.lower().endswith(SUFFIXES) and not stat.S_ISLNK(st.st_mode):
            refused.append(Unreadable(given, "下書き（.toml）か dejiden の Excel ファイル（.xlsx）を指定してください。"))
        else:
            found.append(given)  # a symlink or FIFO given by name is refused by the reader, with its reason
    seen: set[Path] = set()
    unique = []
    skip = exclude.resolve() if exclude is not None else None
    for path in found:
        key = path.absolute()
        if key not in seen and (skip is None or path.resolve() != skip):
            seen.add(key)
            unique.append(path)
    if len(unique) > MAX_FILES:
        refused.append(Unreadable(unique[MAX_FILES], f"ファイルが多すぎます。最初の{MAX_FILES:,}個だけを読み、"
                                                      f"残りの{len(unique) - MAX_FILES:,}個は読んでいません。"))
        unique = unique[:MAX_FILES]
    return unique, refused


def _load_error(error: LoadError) -> str:
    where = f"（{error.line}行目 {error.column}列目）" if error.line and error.column else f"（{error.line}行目）" if error.line else ""
    lines = [f"下書きとして読めません{where}：{error.reason}"]
    lines += [f"{p}：{m}" if p else m for p, m in error.problems[:MAX_PROBLEMS]]
    if len(error.problems) > MAX_PROBLEMS:
        lines.append(f"ほか{len(error.problems) - MAX_PROBLEMS}件")
    return "\n".join(lines)


def _read_draft(path: Path) -> Source | Unreadable:
    try:
        raw = read_regular(path, MAX_DRAFT_BYTES, tighten=False)
    except FileNotFoundError:
        return Unreadable(path, "ファイルがありません。")
    except FileRefused as exc:
        return Unreadable(path, exc.message + "。")
    except OSError as exc:
        return Unreadable(path, f"ファイルを開けません（{os_error_ja(exc)}）。")
    loaded = parse(raw, str(path))
    if isinstance(loaded, LoadError):
        return Unreadable(path, _load_error(loaded))
    return Source(path, loaded.report, check(loaded.report))


def _read_book(path: Path) -> Source | Unreadable:
    from ..workbook import import_workbook

    imported = import_workbook(path)
    if imported.draft is None:
        reasons = [p.message if p.label == "ファイル" else f"{p.label}（{p.where}）：{p.message}"
                   for p in imported.problems[:MAX_PROBLEMS]] or ["dejiden の Excel ファイルとして読めません。"]
        return Unreadable(path, "\n".join(reasons))
    report = imported.draft.report
    return Source(path, report, check(report), cell_problems=len(imported.problems))


def read(path: Path) -> Source | Unreadable:
    """One file, read and checked against its own edition; never raises for what the file holds."""
    try:
        return _read_book(path) if path.name.lower().endswith(".xlsx") else _read_draft(path)
    except Exception as exc:  # a file no rule foresaw must not stop a run over many  # noqa: BLE001
        return Unreadable(path, f"読み込み中に予期しない問題が起きました（{type(exc).__name__}）。")


def read_all(paths: list[Path], progress: Callable[[int, int], None] | None = None) -> Iterator[Source | Unreadable]:
    """Each file read in turn; ``progress(done, total)`` after each.

    One process: reading in worker processes (tried, on the 1,741-report bench) was slower on this
    shared two-core machine, the results' pickling costing more than the second core gave."""
    for i, path in enumerate(paths, 1):
        yield read(path)
        if progress is not None:
            progress(i, len(paths))
