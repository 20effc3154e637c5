"""A summary workbook of many reports (drafts and dejiden workbooks): lists, counts, rates and charts.

``summarise(paths)`` finds and reads every report (``gather``), each by its own edition and within the
import's bounds, and ``to_bytes`` writes the workbook (``book``): what could not be read is listed in
it, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .. import files
from .book import KPIS, REPORTS, TOTALS, UNREADABLE, to_bytes
from .gather import Source, Unreadable, find, read, read_all


@dataclass
class Summary:
    sources: list[Source] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        return to_bytes(self.sources, self.unreadable)


def summarise(paths: Iterable[Path], *, exclude: Path | None = None,
              progress: Callable[[int, int], None] | None = None) -> Summary:
    """Read every report in ``paths`` (files and folders); ``exclude``: the output file, never read as input."""
    found, refused = find(paths, exclude)
    summary = Summary(unreadable=refused)
    for got in read_all(found, progress):
        (summary.sources if isinstance(got, Source) else summary.unreadable).append(got)
    return summary


def output_problem(paths: Iterable[Path], out: Path) -> str | None:
    """Why ``out`` must not be written (checked before anything is read), or None.

    A summary never takes the place of a report: not of a file named as an input, nor of a dejiden
    workbook (a received report) wherever it is; a summary written before is replaced, as asked."""
    out = Path(out)
    again = "上書きしないよう、別の名前を -o で指定してください（例：-o summary.xlsx）。"
    if out.is_symlink():
        return f"{out} はシンボリックリンクです。安全のため、リンクの先には書き出しません。{again}"
    if out.is_dir():
        return f"{out} はフォルダです。書き出すファイルの名前を -o で指定してください（例：-o summary.xlsx）。"
    if not out.exists():
        return None
    if not out.is_file():
        return f"{out} は通常のファイルではありません（名前付きパイプなど）。{again}"
    if any(Path(p).exists() and Path(p).resolve() == out.resolve() for p in paths):
        return f"{out} は読み込むファイルとして指定されています。{again}"
    if isinstance(read(out), Source):
        return f"{out} は報告書（dejiden の Excel ファイル）です。{again}"
    return None


def write(summary: Summary, out: Path) -> None:
    """The workbook, written atomically (temporary file, fsync, rename)."""
    files.atomic_write(Path(out), summary.to_bytes(), backup=False)


__all__ = ["KPIS", "REPORTS", "TOTALS", "UNREADABLE", "Source", "Summary", "Unreadable", "output_problem", "summarise", "write"]
