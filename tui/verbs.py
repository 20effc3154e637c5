"""The commands sent over SSH: list, check, download, upload (reading stdin; see ``upload``), publish, plain,
and summary for the administrators' group only (``serverconfig``).

``serve`` runs one command line with the words after the command's name, the officer's data folder and
the streams; each returns the exit code. Every NAME goes through ``remote.resolve``.
"""

from __future__ import annotations

import io
import os
import shlex
import zipfile
from pathlib import Path
from typing import Callable

from .remote import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    EXIT_REFUSED,
    HELP,
    MAX_UPLOAD,
    NEEDS_TERMINAL,
    UNCHANGED,
    Streams,
    own_drafts,
    plain_name,
    shown,
    the_draft,
)
from .reportverbs import do_publish, do_summary


def _flag(args: list[str], flag: str) -> bool:
    if flag in args:
        args.remove(flag)
        return True
    return False


def _load(path: Path, io_: Streams):
    """The draft (a ``Draft``) or None after saying why it cannot be read."""
    from dejiden.model import draft

    loaded = draft.load(path)
    if isinstance(loaded, draft.LoadError):
        io_.err(shown(loaded.describe()))
        return None
    return loaded


def _summary(path: Path, loaded) -> str:
    from dejiden.model import completeness
    from dejiden.prompts.walker import Walker

    h = loaded.report.header
    who = f"{h.prefecture or ''}{h.municipality or ''}" or "（団体名未入力）"
    answered, total = Walker(loaded).counts()
    result = completeness.check(loaded.report, unconfirmed=loaded.unconfirmed)
    state = "完成" if result.complete else "未完成（" + result.summary().split("：", 1)[-1] + "）"
    return f"{path.name}  {who}｜{h.project_name or '（事業名未入力）'}  {answered}/{total}問  {state}"


def do_list(args: list[str], folder: Path, io_: Streams) -> int:
    if args:
        io_.err(HELP)
        return EXIT_REFUSED
    drafts = own_drafts(folder)
    if not drafts:
        io_.out("下書きはまだありません（ssh ホスト で作ります）。")
    for path in drafts:
        if not plain_name(path.stem):
            io_.out(shown(f"{path.name}  （この名前はコマンドでは指定できません。ssh ホスト で開いてください）", newlines=False))
            continue
        loaded = _load(path, Streams(io_.stdin, io_.stdout, io.BytesIO()))
        line = _summary(path, loaded) if loaded else f"{path.name}  （読めません。ssh ホスト で開いて確かめてください）"
        io_.out(shown(line, newlines=False))  # one line per draft, whatever its name holds
    return EXIT_OK


def do_check(args: list[str], folder: Path, io_: Streams) -> int:
    from dejiden.model import completeness

    from .checktext import json_text, render_check
    as_json = _flag(args, "--json")
    path = the_draft(args, folder, io_)
    if path is None:
        return EXIT_REFUSED
    loaded = _load(path, io_)
    if loaded is None:
        return EXIT_REFUSED
    result = completeness.check(loaded.report, unconfirmed=loaded.unconfirmed)
    io_.out(json_text(result.to_json()) if as_json else shown(render_check(result)))
    return EXIT_OK if result.complete else EXIT_INCOMPLETE


def do_download(args: list[str], folder: Path, io_: Streams) -> int:
    """The workbook, or the draft itself (``--toml``): only after the draft has been read and checked,
    and never to a terminal (the draft's text could carry escape sequences, the workbook is binary)."""
    from dejiden.model import completeness, draft, workbook

    as_toml = _flag(args, "--toml")
    path = the_draft(args, folder, io_)
    if path is None:
        return EXIT_REFUSED
    if io_.stdout.isatty():
        suffix, flag = (".toml", " --toml") if as_toml else (".xlsx", "")
        io_.err(f"画面には書き出せません。ファイルに保存してください：ssh ホスト download {args[0]}{flag} > {path.stem}{suffix}"
                "（ssh -t は使いません）")
        return EXIT_REFUSED
    raw = draft.read_bytes(path)  # these very bytes are checked, then sent
    loaded = raw if isinstance(raw, draft.LoadError) else draft.DraftFile(path).parse(raw, None)
    if isinstance(loaded, draft.LoadError):
        io_.err(shown(loaded.describe()))
        return EXIT_REFUSED
    result = completeness.check(loaded.report, unconfirmed=loaded.unconfirmed)
    io_.stdout.write(raw if as_toml else workbook.to_bytes(loaded.report, unconfirmed=loaded.unconfirmed))
    io_.stdout.flush()
    if not result.complete:
        io_.err(shown(f"{path.stem}：{result.summary()}。"))
        for item in result.blocking:
            io_.err(shown(f"  [{completeness.PROBLEM_LABELS[item.problem]}] {item.label}：{item.message}"))
        return EXIT_INCOMPLETE
    return EXIT_OK


def do_upload(args: list[str], folder: Path, io_: Streams) -> int:
    from .upload import upload

    path = the_draft(args, folder, io_)
    if path is None:
        return EXIT_REFUSED
    if io_.stdin.isatty():
        io_.err(f"ファイルを < で渡してください：ssh ホスト upload {args[0]} < {path.stem}.xlsx（ssh -t は使いません）。{UNCHANGED}")
        return EXIT_REFUSED
    data = io_.stdin.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        io_.err(f"ファイルが大きすぎます（{MAX_UPLOAD // (1024 * 1024)}MBまで）。{UNCHANGED}")
        return EXIT_REFUSED
    if not data:
        io_.err(f"ファイルが届いていません。ssh ホスト upload {args[0]} < {path.stem}.xlsx のように < で渡します。{UNCHANGED}")
        return EXIT_REFUSED
    if not _looks_like_xlsx(data):
        io_.err(f"Excelファイル（.xlsx）ではありません。dejiden から取り出して編集したファイルを送ってください。{UNCHANGED}")
        return EXIT_REFUSED
    return upload(path, data, io_.err)


def _looks_like_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False




def do_plain(args: list[str], folder: Path, io_: Streams) -> int:
    """``ssh -t HOST plain [NAME]``: the plain line mode on one of the officer's drafts, or the list of
    them (no environment variable reaches a ForceCommand, so this verb is the way to ask for it).
    Without ``-t`` the answers come from standard input, as ``dejiden --plain`` reads a file."""
    from .config import AppConfig
    from .plain import run_plain

    if len(args) > 1:
        io_.err(HELP)
        return EXIT_REFUSED
    path = the_draft(args, folder, io_) if args else None
    if args and path is None:
        return EXIT_REFUSED
    stdin = io.TextIOWrapper(io_.stdin, encoding="utf-8", errors="replace")
    stdout = io.TextIOWrapper(io_.stdout, encoding="utf-8", errors="replace", write_through=True)
    try:
        return run_plain(path, AppConfig(data_dir=folder, restricted=True), stdin, stdout)
    finally:
        for stream in (stdin, stdout):
            try:
                stream.detach()  # the streams stay open for serve's last flush
            except (OSError, ValueError):
                pass


VERBS = {"list": do_list, "download": do_download, "upload": do_upload, "check": do_check, "plain": do_plain,
         "publish": do_publish}


def _end_cleanly_on_hangup() -> None:
    """The ssh client killed or the connection gone (SIGHUP, SIGTERM): leave through the ``finally``
    blocks, so a lock is let go and its file removed and a half-written temporary file is deleted."""
    import signal

    def leave(signum, frame):
        raise SystemExit(EXIT_REFUSED)

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, leave)


def restricted_entry(data_dir: Callable[[], Path], server_config: Path | None = None) -> int | None:
    """What restricted mode does first: run a command sent over SSH, or refuse without a terminal.

    Returns the exit code, or None when the interactive app should start. ``data_dir`` gives the
    officer's data folder (asked only when a command came); ``server_config``: the server's settings
    file named on the ForceCommand line (``serverconfig``).
    """
    import sys

    command = os.environ.get("SSH_ORIGINAL_COMMAND", "")
    if command.strip():
        _end_cleanly_on_hangup()
        return serve(command, data_dir(), server_config=server_config)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        sys.stderr.buffer.write((NEEDS_TERMINAL + "\n").encode("utf-8"))
        return 1
    return None


def _in_own_folder(argv: list[str], folder: Path, io_: Streams) -> int:
    """Run a verb in the officer's own folder, tightened as the app does; never through another's link."""
    from dejiden.model.files import folder_problem, private_folder

    problem = folder_problem(folder, write=True)
    if problem:
        io_.err(shown(f"{problem}。{UNCHANGED}", newlines=False))
        return EXIT_REFUSED
    if folder.is_dir():
        private_folder(folder)  # 0700, as the app leaves it
    return VERBS[argv[0]](argv[1:], folder, io_)


def serve(command: str, folder: Path, streams: Streams | None = None, *, server_config: Path | None = None) -> int:
    """Run one command line sent over SSH (``SSH_ORIGINAL_COMMAND``) for the drafts in ``folder``."""
    import sys

    io_ = streams or Streams(sys.stdin.buffer, sys.stdout.buffer, sys.stderr.buffer)
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    if not argv or argv[0] not in (*VERBS, "summary"):
        io_.err(HELP)
        return EXIT_REFUSED
    try:
        if argv[0] == "summary":
            return do_summary(argv[1:], Path(folder), io_, server_config)
        return _in_own_folder(argv, Path(folder), io_)
    except OSError:
        io_.err(f"保存場所を読み書きできませんでした。管理者に連絡してください。{UNCHANGED}")
        return EXIT_REFUSED
    except Exception as exc:  # noqa: BLE001 - the last word on the file channel is a message, never a traceback
        io_.err(f"予期しない問題で止まりました（{type(exc).__name__}）。管理者に連絡してください。{UNCHANGED}")
        return EXIT_REFUSED
    finally:
        try:
            io_.stdout.flush()
            io_.stderr.flush()
        except (OSError, ValueError):
            pass
