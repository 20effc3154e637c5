"""Commands over SSH without a terminal (list, download, upload, check) and the hint that names them.

In restricted mode the SSH ``ForceCommand`` runs ``dejiden --restricted`` whatever the client asked
for; what it asked for arrives in ``SSH_ORIGINAL_COMMAND``. That line is split with ``shlex``, never
handed to a shell, and a NAME only ever picks one of the officer's own drafts from the list of their
data folder: it is never used as a path. ``download`` writes the workbook's bytes and nothing else to
stdout; every message goes to stderr, in Japanese.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import stat
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

EXIT_OK, EXIT_INCOMPLETE, EXIT_REFUSED = 0, 1, 2
MAX_UPLOAD = 5 * 1024 * 1024  # an exported workbook is well under 100 KB
MAX_DRAFT = 5 * 1024 * 1024
HOST_ENV, PORT_ENV = "DEJIDEN_SSH_HOST", "DEJIDEN_SSH_PORT"
HELP = ("使い方: ssh ホスト list ｜ download 名前 [--toml] > 名前.xlsx ｜ upload 名前 < 名前.xlsx ｜ check 名前"
        "（入力の画面は ssh ホスト だけで開きます）")
# Never in a NAME: path separators, quotes, what any shell (sh, cmd.exe, PowerShell) treats specially.
_FORBIDDEN = set("/\\'\"`$&|;<>()*?[]{}!~#%^=,@+:")
_UNCHANGED = "下書きは変えていません。"
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
NEEDS_TERMINAL = ("dejiden の入力画面には端末が必要です。ssh -t ホスト で接続してください"
                  "（ファイルの出し入れは ssh ホスト list / download / upload / check）。")


def plain_name(name: str) -> bool:
    """A NAME that can be typed on any shell's command line as it is (and never means a path)."""
    return bool(name) and len(name) <= 200 and name[0] not in ".-" and ".." not in name and not any(
        c in _FORBIDDEN or c.isspace() or unicodedata.category(c)[0] in "CZ" for c in name)


def own_drafts(folder: Path) -> list[Path]:
    """The officer's drafts: plain files (not symlinks) directly in their data folder, newest first."""
    from dejiden.model.files import draft_paths

    found = []
    for path in draft_paths(folder):
        try:
            if stat.S_ISREG(path.lstat().st_mode):
                found.append(path)
        except OSError:
            continue
    return found


def resolve(name: str, folder: Path) -> Path | str:
    """The draft a NAME means (``塩尻市``, ``塩尻市.toml`` and ``塩尻市.xlsx`` are one), or why none."""
    if not plain_name(name):
        return "名前には下書きの名前だけを書きます（場所・記号・空白は使えません）。ssh ホスト list で名前を確かめてください。"
    stem = unicodedata.normalize("NFC", name)
    for suffix in (".toml", ".xlsx"):
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
    for path in own_drafts(folder):
        if unicodedata.normalize("NFC", path.stem) == stem:
            return path
    return f"「{name}」という下書きはありません。ssh ホスト list で名前を確かめてください。"


# ---------------------------------------------------------------- the hint shown after F5


def ssh_target(env: dict[str, str] | None = None, user: str | None = None) -> str | None:
    """``[-p PORT ]user@host`` as the officer types it on their PC, or None when not over SSH."""
    env = os.environ if env is None else env
    connection = (env.get("SSH_CONNECTION") or "").split()
    host = (env.get(HOST_ENV) or "").strip() or (connection[2] if len(connection) == 4 else "")
    if not host or not plain_name(host.replace(":", "")):
        return None
    port = (env.get(PORT_ENV) or "").strip() or (connection[3] if len(connection) == 4 else "22")
    if user is None:
        import getpass

        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            return None
    if ":" in host:  # an IPv6 address
        host = f"[{host}]" if not host.startswith("[") else host
    option = f"-p {port} " if port.isdigit() and port != "22" else ""
    return f"{option}{user}@{host}"


def fetch_hint(draft_path: Path, *, restricted: bool, env: dict[str, str] | None = None, user: str | None = None) -> str | None:
    """After writing the workbook: the commands that fetch it to the officer's PC and send it back."""
    target = ssh_target(env, user) if restricted else None
    if target is None:
        return None
    stem = Path(draft_path).stem
    if not plain_name(stem):
        return f"手元のパソコンに取り出す方法は管理者の案内をご覧ください（名前の確認：ssh {target} list）。"
    return (
        "手元のパソコンに取り出すには（コマンドプロンプト・Mac・Linux。PowerShell では cmd /c \"…\" で囲みます）：\n"
        f"  ssh {target} download {stem}.xlsx > {stem}.xlsx\n"
        "Excelで直したファイルを戻すには：\n"
        f"  ssh {target} upload {stem} < {stem}.xlsx"
    )


# ---------------------------------------------------------------- the verbs


@dataclass
class Streams:
    stdin: IO[bytes]
    stdout: IO[bytes]
    stderr: IO[bytes]

    def out(self, text: str) -> None:
        self.stdout.write((text + "\n").encode("utf-8"))

    def err(self, text: str) -> None:
        self.stderr.write((text + "\n").encode("utf-8"))


def _flag(args: list[str], flag: str) -> bool:
    if flag in args:
        args.remove(flag)
        return True
    return False


def _read_draft_bytes(path: Path) -> bytes:
    """The draft's bytes, not following a symlink planted meanwhile, and at most MAX_DRAFT of them."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError("not a regular file")
        data = fh.read(MAX_DRAFT + 1)
    if len(data) > MAX_DRAFT:
        raise OSError("draft too large")
    return data


def _load(path: Path, io_: Streams):
    """The draft (a ``Draft``) or None after saying why it cannot be read."""
    from dejiden.model import draft

    loaded = draft.load(path)
    if isinstance(loaded, draft.LoadError):
        io_.err(shown(loaded.describe()))
        return None
    return loaded


def shown(text: str) -> str:
    """Text from files made safe for the officer's terminal: no control characters but newlines.

    (The ``sec`` branch brings ``model.safe_text.shown`` for the same job; use that one once merged.)
    """
    return "".join("\ufffd" if (unicodedata.category(c) == "Cc" and c not in "\n\t") or c in _BIDI else c for c in text)


def _summary(path: Path, loaded) -> str:
    from dejiden.model import completeness
    from dejiden.prompts.data import checklist_spec
    from dejiden.prompts.walker import Walker

    h = loaded.report.header
    who = f"{h.prefecture or ''}{h.municipality or ''}" or "（団体名未入力）"
    answered, total = Walker(loaded).counts()
    result = completeness.check(loaded.report, checklist_spec())
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
            continue  # cannot be named on a command line: not offered
        loaded = _load(path, Streams(io_.stdin, io_.stdout, io.BytesIO()))
        io_.out(shown(_summary(path, loaded) if loaded else f"{path.name}  （読めません。ssh ホスト で開いて確かめてください）"))
    return EXIT_OK


def do_check(args: list[str], folder: Path, io_: Streams) -> int:
    from dejiden.model import completeness
    from dejiden.prompts.data import checklist_spec

    from .cli import render_check
    as_json = _flag(args, "--json")
    if len(args) != 1:
        io_.err(HELP)
        return EXIT_REFUSED
    path = resolve(args[0], folder)
    if isinstance(path, str):
        io_.err(path)
        return EXIT_REFUSED
    loaded = _load(path, io_)
    if loaded is None:
        return EXIT_REFUSED
    result = completeness.check(loaded.report, checklist_spec())
    io_.out(json.dumps(result.to_json(), ensure_ascii=False, indent=2, default=str) if as_json else shown(render_check(result)))
    return EXIT_OK if result.complete else EXIT_INCOMPLETE


def do_download(args: list[str], folder: Path, io_: Streams) -> int:
    from dejiden.model import completeness, workbook
    from dejiden.prompts.data import checklist_spec

    as_toml = _flag(args, "--toml")
    if len(args) != 1:
        io_.err(HELP)
        return EXIT_REFUSED
    path = resolve(args[0], folder)
    if isinstance(path, str):
        io_.err(path)
        return EXIT_REFUSED
    if not as_toml and io_.stdout.isatty():
        io_.err(f"画面には書き出せません。ファイルに保存してください：ssh ホスト download {args[0]} > {path.stem}.xlsx"
                "（ssh -t は使いません）")
        return EXIT_REFUSED
    if as_toml:
        try:
            io_.stdout.write(_read_draft_bytes(path))
        except OSError:
            io_.err(f"{path.name} を読めません。")
            return EXIT_REFUSED
        io_.stdout.flush()
    loaded = _load(path, io_)
    if loaded is None:
        return EXIT_REFUSED
    result = completeness.check(loaded.report, checklist_spec())
    if not as_toml:
        with tempfile.TemporaryDirectory(prefix="dejiden-") as tmp:
            out = Path(tmp) / "book.xlsx"
            try:
                workbook.export(loaded.report, checklist_spec(), out)
                data = out.read_bytes()
            except OSError:
                io_.err("Excelファイルを作れませんでした（サーバの一時フォルダに書けません）。管理者に連絡してください。")
                return EXIT_REFUSED
        io_.stdout.write(data)
        io_.stdout.flush()
    if not result.complete:
        io_.err(shown(f"{path.stem}：{result.summary()}。"))
        for item in result.blocking:
            io_.err(shown(f"  [{completeness.PROBLEM_LABELS[item.problem]}] {item.label}：{item.message}"))
        return EXIT_INCOMPLETE
    return EXIT_OK


def do_upload(args: list[str], folder: Path, io_: Streams) -> int:
    from .upload import upload

    if len(args) != 1:
        io_.err(HELP)
        return EXIT_REFUSED
    path = resolve(args[0], folder)
    if isinstance(path, str):
        io_.err(path)
        return EXIT_REFUSED
    if io_.stdin.isatty():
        io_.err(f"ファイルを < で渡してください：ssh ホスト upload {args[0]} < {path.stem}.xlsx（ssh -t は使いません）。{_UNCHANGED}")
        return EXIT_REFUSED
    data = io_.stdin.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        io_.err(f"ファイルが大きすぎます（{MAX_UPLOAD // (1024 * 1024)}MBまで）。{_UNCHANGED}")
        return EXIT_REFUSED
    if not data:
        io_.err(f"ファイルが届いていません。ssh ホスト upload {args[0]} < {path.stem}.xlsx のように < で渡します。{_UNCHANGED}")
        return EXIT_REFUSED
    if not _looks_like_xlsx(data):
        io_.err(f"Excelファイル（.xlsx）ではありません。dejiden から取り出して編集したファイルを送ってください。{_UNCHANGED}")
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


VERBS = {"list": do_list, "download": do_download, "upload": do_upload, "check": do_check}


def restricted_entry(data_dir: Path | None = None) -> int | None:
    """What restricted mode does first: run a command sent over SSH, or refuse without a terminal.

    Returns the exit code, or None when the interactive app should start.
    """
    import sys

    command = os.environ.get("SSH_ORIGINAL_COMMAND", "")
    if command.strip():
        if data_dir is None:
            from .app import default_data_dir

            data_dir = default_data_dir()
        return serve(command, data_dir)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        sys.stderr.buffer.write((NEEDS_TERMINAL + "\n").encode("utf-8"))
        return 1
    return None


def serve(command: str, folder: Path, streams: Streams | None = None) -> int:
    """Run one command line sent over SSH (``SSH_ORIGINAL_COMMAND``) for the drafts in ``folder``."""
    import sys

    io_ = streams or Streams(sys.stdin.buffer, sys.stdout.buffer, sys.stderr.buffer)
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    if not argv or argv[0] not in VERBS:
        io_.err(HELP)
        return EXIT_REFUSED
    try:
        return VERBS[argv[0]](argv[1:], Path(folder), io_)
    except OSError:
        io_.err(f"保存場所を読み書きできませんでした。管理者に連絡してください。{_UNCHANGED}")
        return EXIT_REFUSED
    finally:
        try:
            io_.stdout.flush()
            io_.stderr.flush()
        except (OSError, ValueError):
            pass
