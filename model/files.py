"""Drafts on disk: what cannot be read, the file's stamp and digest; re-exports the safe I/O and the lock.

No pydantic here: the app takes the lock and reads a draft before the model loads. The atomic
write lives in ``atomic``, the safe reads in ``fsio``, the lock in ``lock``, the terminal-safe text in ``safe_text``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .atomic import BACKUP_SUFFIX, atomic_write, remove_stale_temps
from .fsio import (
    MAX_DRAFT_BYTES,
    FileRefused,
    folder_problem,
    is_regular,
    private_folder,
    read_regular,
    tighten,
    untrusted_link,
)
from .lock import DraftLock, LockHolder, lock_is_live
from .safe_text import shown

__all__ = [
    "BACKUP_SUFFIX", "MAX_DRAFT_BYTES", "Conflict", "DraftLock", "FileRefused", "LoadError", "LockHolder",
    "Stamp", "atomic_write", "digest", "draft_paths", "folder_problem", "is_regular", "lock_is_live", "private_folder",
    "read_regular", "remove_stale_temps", "shown", "tighten",
]


@dataclass(frozen=True)
class LoadError:
    """A draft that cannot be read; ``problems`` are (path, message) pairs for invalid values."""

    path: str
    reason: str
    line: int | None = None
    column: int | None = None
    problems: tuple[tuple[str, str], ...] = ()
    missing: bool = False  # no file at all: nothing was kept, the name may be mistyped

    def describe(self) -> str:
        where = ""
        if self.line:
            where = f"（{self.line}行目 {self.column}列目）" if self.column else f"（{self.line}行目）"
        lines = [f"{shown(self.path, newlines=False)} を読めません{where}：{shown(self.reason)}"]
        lines += [f"  {shown(p, newlines=False)}: {shown(m)}" if p else f"  {shown(m)}" for p, m in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  ほか {len(self.problems) - 50} 件")
        if self.missing:
            lines.append("名前と場所を確かめてください（dejiden だけで起動すると下書きの一覧が出ます）。")
        else:
            lines.append("ファイルはそのまま残してあります。直してからもう一度開いてください。")
        return "\n".join(lines)


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since we read it; nothing was written."""

    path: str

    def describe(self) -> str:
        return (
            f"{self.path} はこのアプリの外で変更されました。上書きせずに保存を止めました。"
            "開き直して変更を読み込んでください。"
        )


def draft_paths(folder: Path) -> list[Path]:
    """The drafts (``*.toml``) in a folder, newest first: regular files only.

    A symlink, FIFO or device named ``x.toml`` is not a draft (opening a FIFO would hang the list).
    """
    folder = Path(folder)
    if untrusted_link(folder) is not None or not folder.is_dir():
        return []  # a folder reached through someone else's symlink is not listed (fsio.folder_problem says why)
    found = []
    for path in folder.glob("*.toml"):
        try:
            st = os.lstat(path)
        except OSError:  # removed meanwhile
            continue
        if stat.S_ISREG(st.st_mode):
            found.append((st.st_mtime, path))
    return [p for _, p in sorted(found, reverse=True)]


def digest(data: bytes) -> str:
    """What a draft's exact bytes are known by (the opening frame is kept under it)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What the file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        try:
            st = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        return cls(st.st_mtime_ns, st.st_size, st.st_ino)


