"""Commands over SSH (list, download, upload, check, publish, summary, and plain, the line mode) and the hint that names them.

In restricted mode the SSH ``ForceCommand`` runs ``dejiden --restricted`` whatever the client asked
for; what it asked for arrives in ``SSH_ORIGINAL_COMMAND``. That line is split with ``shlex``, never
handed to a shell, and a NAME only ever picks one of the officer's own drafts from the list of their
data folder: it is never used as a path. ``download`` writes the workbook's bytes and nothing else to
stdout; every message goes to stderr, in Japanese.
"""

from __future__ import annotations

import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dejiden.model.safe_text import shown  # noqa: F401  (used here and by verbs/upload)

from .sshhint import plain_name

EXIT_OK, EXIT_INCOMPLETE, EXIT_REFUSED = 0, 1, 2
MAX_UPLOAD = 5 * 1024 * 1024  # an exported workbook is well under 100 KB
HELP = ("使い方: ssh ホスト list ｜ download 名前 [--toml] > 名前.xlsx ｜ upload 名前 < 名前.xlsx ｜ check 名前"
        " ｜ publish 名前 > 名前.html（入力の画面は ssh ホスト だけで、行モードは ssh -t ホスト plain [名前] で開きます）")
UNCHANGED = "下書きは変えていません。"  # said whenever a command is refused
NEEDS_TERMINAL = ("dejiden の入力画面には端末が必要です。ssh -t ホスト で接続してください"
                  "（ファイルの出し入れは ssh ホスト list / download / upload / check）。")


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
    """The one draft a NAME means, or why none: the draft of exactly that file name first; else the draft
    whose name is NAME with ``.toml`` added, or with a ``.toml``/``.xlsx`` taken off (``塩尻市``,
    ``塩尻市.toml`` and ``塩尻市.xlsx`` are one). A NAME that could mean two drafts is refused naming both."""
    if not plain_name(name):
        return "名前には下書きの名前だけを書きます（場所・記号・空白は使えません）。ssh ホスト list で名前を確かめてください。"
    wanted = unicodedata.normalize("NFC", name)
    drafts = {unicodedata.normalize("NFC", path.name): path for path in own_drafts(folder)}
    if wanted in drafts:
        return drafts[wanted]
    stems = {wanted} | {wanted[: -len(suffix)] for suffix in (".toml", ".xlsx")
                        if wanted.endswith(suffix) and len(wanted) > len(suffix)}
    found = [path for file_name, path in drafts.items() if file_name.removesuffix(".toml") in stems]
    if len(found) > 1:
        names = "、".join(sorted(shown(p.name, newlines=False) for p in found))
        return f"「{name}」に当たる下書きが複数あります（{names}）。ファイル名をそのまま指定してください。"
    if found:
        return found[0]
    return f"「{name}」という下書きはありません。ssh ホスト list で名前を確かめてください。"


# ---------------------------------------------------------------- running a command


@dataclass
class Streams:
    stdin: IO[bytes]
    stdout: IO[bytes]
    stderr: IO[bytes]

    def out(self, text: str) -> None:
        self.stdout.write((text + "\n").encode("utf-8"))

    def err(self, text: str) -> None:
        self.stderr.write((text + "\n").encode("utf-8"))


def the_draft(args: list[str], folder: Path, io_: Streams) -> Path | None:
    """The one draft a command names (among the officer's own), or None after saying why not."""
    if len(args) != 1:
        io_.err(HELP)
        return None
    path = resolve(args[0], folder)
    if isinstance(path, str):
        io_.err(path)
        return None
    return path
