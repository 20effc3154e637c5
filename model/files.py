"""Drafts on disk: atomic writes, the file's stamp and digest, and the one-editor lock.

No pydantic here: the app takes the lock and checks a draft's opening frame before the model loads,
and a draft that cannot be read is described here too.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True)
class LoadError:
    """A draft that cannot be read; ``problems`` are (path, message) pairs for invalid values."""

    path: str
    reason: str
    line: int | None = None
    column: int | None = None
    problems: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        where = f"（{self.line}行目 {self.column}列目）" if self.line else ""
        lines = [f"{self.path} を読めません{where}：{self.reason}"]
        lines += [f"  {p}: {m}" for p, m in self.problems]
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
    """The drafts (``*.toml``) in a folder, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.toml"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:  # removed meanwhile
            continue
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
            st = path.stat()
        except FileNotFoundError:
            return None
        return cls(st.st_mtime_ns, st.st_size, st.st_ino)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(path: Path) -> None:
    """Remove temp files left by a process killed mid-save (its pid is no longer alive)."""
    for tmp in Path(path).parent.glob(f".{Path(path).name}*.tmp"):
        pid = tmp.name.rsplit(".", 2)[-2]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            try:
                tmp.unlink()
            except OSError:
                pass


def atomic_write(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Temp file in the same folder, fsync, keep the old one as ``.bak``, os.replace, fsync the folder."""
    path = Path(path)
    remove_stale_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if backup and path.exists():
            bak = path.with_name(path.name + BACKUP_SUFFIX)
            bak_tmp = path.with_name(f".{bak.name}.{os.getpid()}.tmp")
            try:
                # Files here are only ever replaced, never rewritten: the old one itself becomes the backup.
                os.link(path, bak_tmp)
            except OSError:  # a file system without hard links
                with open(path, "rb") as src, open(bak_tmp, "wb") as dst:
                    dst.write(src.read())
                    dst.flush()
                    os.fsync(dst.fileno())
            os.replace(bak_tmp, bak)
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, path.with_name(f".{path.name}{BACKUP_SUFFIX}.{os.getpid()}.tmp")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
    _fsync_dir(path.parent)


@dataclass(frozen=True)
class LockHolder:
    """Who holds a draft: shown to the next person who tries to open it."""

    user: str
    pid: int
    since: str
    client: str = ""

    def describe(self) -> str:
        when = self.since.replace("T", " ")[:16]
        where = f"、接続元 {self.client}" if self.client else ""
        return f"この下書きは {self.user} さんが {when} から編集中です（プロセス {self.pid}{where}）。"


class DraftLock:
    """One editor per draft: an OS lock (flock) that dies with the process holding it.

    A dropped connection ends the process and so the lock: a dead holder never blocks the next login.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockHolder | None:
        """Take the lock; returns None when taken, or who holds it."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                data = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
                holder = LockHolder(str(data.get("user", "?")), int(data.get("pid", 0)), str(data.get("since", "")),
                                    str(data.get("client", "")))
            except (ValueError, UnicodeDecodeError):
                holder = LockHolder("?", 0, "")
            os.close(fd)
            return holder
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = str(os.getuid())
        info = {
            "user": user,
            "pid": os.getpid(),
            "since": dt.datetime.now().replace(microsecond=0).isoformat(),
            "client": (os.environ.get("SSH_CLIENT") or "").split(" ")[0],
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        self._fd = fd
        return None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
