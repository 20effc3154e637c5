"""Opening a workbook someone else made, within limits: size, zip members, cells by name or address.

A workbook is a zip of XML: a 2 MB file can inflate to gigabytes. Before openpyxl sees it, the file
must be a regular file under ``MAX_BOOK_BYTES`` whose members declare at most
``MAX_UNPACKED_BYTES`` in all (zipfile never inflates a member past its declared size), and what its
sheets hold must be within ``bounds.WORKBOOK_BOUNDS`` (cells, rows, characters, time). ``open_book``
is the one way every reader opens a workbook.
"""

from __future__ import annotations

import io
import re
import signal
import threading
import time
import warnings
from contextlib import contextmanager
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from ..fsio import FileRefused, read_regular, too_large
from ..oserrors import os_error_ja
from .bounds import WORKBOOK_BOUNDS, BookRefused, WorkbookBounds, measure

MAX_BOOK_BYTES = 10 * 1024 * 1024  # an exported report is about 30 KB
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
MAX_MEMBERS = 200
_SINGLE_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


__all__ = ["BookRefused", "WORKBOOK_BOUNDS", "open_book", "named_cell", "is_error_value", "single_ref"]


def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BookRefused("Excelファイル（.xlsx）として読めません（zip形式ではありません）。") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise BookRefused(f"Excelファイルの中身の数が多すぎます（{len(members):,}個。上限は{MAX_MEMBERS}個）。")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise BookRefused(f"展開後の大きさが上限を超えます（{unpacked:,}バイト。上限は{MAX_UNPACKED_BYTES:,}バイト）。"
                          "dejiden export で作ったファイルを指定してください。")
    return archive


def _bytes_of(source: Path | bytes) -> bytes:
    """A workbook's bytes: read from a regular file, or as sent (an upload is never written to a temporary file)."""
    if isinstance(source, (bytes, bytearray)):
        if len(source) > MAX_BOOK_BYTES:
            raise FileRefused("", too_large(len(source), MAX_BOOK_BYTES))
        return bytes(source)
    return read_regular(Path(source), MAX_BOOK_BYTES, tighten=False)


class _OutOfTime(BaseException):
    """The time budget is spent (a BaseException: openpyxl's own ``except Exception`` must not swallow it)."""


@contextmanager
def _time_budget(deadline: float):
    """Stop openpyxl when the budget is spent (a timer signal; only the main thread can take one)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _OutOfTime
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expired)
    started = time.monotonic()
    delay, interval = signal.setitimer(signal.ITIMER_REAL, left)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if delay > 0:  # someone else's timer runs on, less the time spent here
            signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - started), 0.001), interval)


def open_book(path: Path | bytes, bounds: WorkbookBounds = WORKBOOK_BOUNDS) -> tuple[Any, dict[tuple[str, str], str]]:
    """The workbook with cached values (what a reader sees), and its formulas by (sheet, cell).

    The formulas come from the bounds' streaming pass: they only serve to name an input cell that
    holds a formula without a cached value. Raises ``BookRefused`` (Japanese).
    """
    deadline = time.monotonic() + bounds.seconds
    try:
        data = _bytes_of(path)
    except FileNotFoundError:
        raise BookRefused("ファイルがありません。") from None
    except FileRefused as exc:
        raise BookRefused(exc.message + "。") from None
    except OSError as exc:
        raise BookRefused(f"ファイルを開けません（{os_error_ja(exc)}）。") from None
    formulas = measure(_check_zip(data), bounds, deadline)
    try:
        with warnings.catch_warnings(), _time_budget(deadline):
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not know
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except _OutOfTime:
        raise BookRefused(f"読み込みに時間がかかりすぎます（{bounds.seconds:g}秒で打ち切りました）。"
                          "dejiden export で作ったファイルを指定してください。") from None
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook  # noqa: BLE001
        raise BookRefused(f"Excelファイル（.xlsx）として読めません（{type(exc).__name__}）。") from None
    return wb, formulas


def single_ref(ref: str) -> str | None:
    """``$F$20`` → ``F20``; None for a range (``$A$1:$B$2``) or anything else."""
    m = _SINGLE_CELL.match(ref.strip())
    return f"{m.group(1)}{m.group(2)}" if m else None


def named_cell(wb: Any, name: str) -> tuple[str, str] | None:
    """(sheet, cell) a defined name points at, when it is one cell on a sheet that exists."""
    try:
        defined = wb.defined_names.get(name)
        destinations = list(defined.destinations) if defined is not None else []
    except Exception:  # a defined name openpyxl cannot resolve (a formula, an external book)  # noqa: BLE001
        return None
    for sheet, ref in destinations:
        cell = single_ref(ref or "")
        if sheet in wb.sheetnames and cell:
            return sheet, cell
    return None


def is_error_value(cell: Any) -> bool:
    """An Excel error value (#NAME?, #REF!): stored with type "e"; text typed as 「#N/A」 stays text."""
    return getattr(cell, "data_type", None) == "e"
