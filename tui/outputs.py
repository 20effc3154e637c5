"""The summary workbook and the KPI results page on the command line (``dejiden summary``, ``dejiden publish``).

The model builds the files (model/summary, model/publish); this module only talks to the terminal:
progress on stderr when it is a terminal, one line per unreadable file, the result. The SSH verbs
(verbs.py) use the same ``read_page`` and ``summary_bytes``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import IO, Callable

from dejiden.model.oserrors import os_error_ja
from dejiden.model.safe_text import shown

EXIT_OK, EXIT_INCOMPLETE, EXIT_UNREADABLE = 0, 1, 2
INTERRUPTED = "中断しました。何も書き出していません。"


def add_arguments(summary, publish) -> None:
    """The two sub-commands' arguments (their parsers are made with the others in cli.py)."""
    summary.add_argument("paths", nargs="+", metavar="PATH", help="報告書のファイル（.toml・.xlsx）またはフォルダ")
    summary.add_argument("-o", "--output", metavar="OUT.xlsx", required=True, help="書き出す集計ファイル（.xlsx）")
    publish.add_argument("path", metavar="PATH", help="下書きファイル（.toml）または dejiden の Excel ファイル（.xlsx）")
    publish.add_argument("-o", "--output", metavar="OUT.html", help="書き出すファイル（省略時は下書きの隣に「名前.html」。- で標準出力）")


class Progress:
    """「読み込み中 120/1,741」 on one line of a terminal, redrawn at most ten times a second."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream, self.last, self.shown = stream, 0.0, False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= 0.1:
            self.last, self.shown = now, True
            self.stream.write(f"\r読み込み中 {done:,}/{total:,} ファイル")
            self.stream.flush()

    def end(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def first_line(text: str) -> str:
    """A reason on one line: its first line, and the first problem it lists (the workbook has them all)."""
    return shown("　".join(text.split("\n")[:2]), newlines=False)


def say_unreadable(result, err: Callable[[str], None]) -> None:
    for u in result.unreadable:
        err(f"読めません：{shown(str(u.path), newlines=False)}：{first_line(u.reason)}")


def cmd_summary(args) -> int:
    from dejiden.model import summary

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        _err("書き出すファイルの名前は .xlsx で終えてください（例：-o summary.xlsx）。")
        return EXIT_UNREADABLE
    problem = summary.output_problem([Path(p) for p in args.paths], out)
    if problem:
        _err(problem)
        return EXIT_UNREADABLE
    tty = sys.stderr.isatty()
    progress = Progress(sys.stderr) if tty else None
    try:
        result = summary.summarise([Path(p) for p in args.paths], exclude=out, progress=progress)
    except KeyboardInterrupt:
        _err(INTERRUPTED)
        return EXIT_UNREADABLE
    finally:
        if progress:
            progress.end()
    say_unreadable(result, _err)
    if not result.sources and not result.unreadable:
        _err("報告書（.toml の下書き、dejiden の .xlsx）が見つかりません。何も書き出していません。")
        return EXIT_UNREADABLE
    try:
        summary.write(result, out)
    except KeyboardInterrupt:  # while the workbook is built (seconds for every municipality): no file is left
        _err(INTERRUPTED)
        return EXIT_UNREADABLE
    except OSError as exc:
        _err(f"{shown(str(out), newlines=False)} に書き出せませんでした（{os_error_ja(exc)}）。書き込める場所を -o で指定してください。")
        return EXIT_UNREADABLE
    if tty:
        _err(f"{shown(str(out), newlines=False)} に書き出しました（報告書 {len(result.sources):,}件"
             f"、読めなかったファイル {len(result.unreadable):,}件）。")
    return EXIT_INCOMPLETE if result.unreadable else EXIT_OK


def read_page(path: Path) -> tuple[str | None, str | None, bool]:
    """(page, why not, complete) for a draft or a dejiden workbook; the file is read as the summary reads it."""
    from dejiden.model import publish
    from dejiden.model.summary.gather import Source, read

    got = read(path)
    if not isinstance(got, Source):
        return None, got.reason, False
    return publish.render(got.report), None, got.result.complete


def cmd_publish(args) -> int:
    from dejiden.model import files

    from .config import draft_path

    path = draft_path(args.path)
    out = args.output or str(path.with_suffix(".html"))
    if out != "-" and Path(out).suffix.lower() not in (".html", ".htm"):
        _err("書き出すファイルの名前は .html で終えてください（例：-o kekka.html。画面や | へは -o -）。")
        return EXIT_UNREADABLE
    page, why, complete = read_page(path)
    if page is None:
        _err(f"{shown(str(path), newlines=False)} を読めません：{shown(why or '')}")
        return EXIT_UNREADABLE
    if out == "-":
        sys.stdout.write(shown(page) if sys.stdout.isatty() else page)
        sys.stdout.flush()
    else:
        try:
            files.atomic_write(Path(out), page.encode("utf-8"), backup=False)
        except OSError as exc:
            _err(f"{shown(out, newlines=False)} に書き出せませんでした（{os_error_ja(exc)}）。書き込める場所を -o で指定してください。")
            return EXIT_UNREADABLE
        _err(f"{shown(out, newlines=False)} に書き出しました。")
    if not complete:
        _err("未入力またはエラーのある報告書です（ページには「未入力」と表示しています。dejiden check で確かめられます）。")
        return EXIT_INCOMPLETE
    return EXIT_OK


def _err(text: str) -> None:
    sys.stderr.write(shown(text) + "\n")
