"""The one-editor lock of a draft: ``.NAME.toml.lock`` held with flock, removed on a clean exit.

The lock is the flock, not the file: a crash may leave the file behind and it never blocks anyone
(nobody holds its flock). The file is opened without following symlinks, must be a regular file
with one link, and is removed while its flock is still held; whoever locks checks afterwards that
the file they locked is still the one at the path (else it was removed meanwhile: try again).
No pydantic here.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import getpass
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .fsio import FileRefused, may_create_in, tighten_fd
from .safe_text import shown

_ATTEMPTS = 20


@dataclass(frozen=True)
class LockHolder:
    """Who holds a draft: shown to the next person who tries to open it."""

    user: str
    pid: int
    since: str
    client: str = ""

    def describe(self) -> str:
        """Who and since when, saying only what the lock file told (a holder that is just taking the
        lock, or one whose note could not be written, is described without blanks or question marks)."""
        when = shown(self.since.replace("T", " ")[:16], newlines=False)
        user = shown(self.user[:64], newlines=False)
        details = [f"プロセス {self.pid}"] if self.pid > 0 else []
        if self.client:
            details.append(f"接続元 {shown(self.client[:64], newlines=False)}")
        who = f"{user} さんが" if user else "ほかの画面で"
        since = f" {when} から" if when else ""
        said = f"（{'、'.join(details)}）" if details else "（だれが開いているかは記録されていません）"
        return f"この下書きは{' ' if user else ''}{who}{since}編集中です{said}。"


def _holder(fd: int) -> LockHolder:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
        pid = data.get("pid", 0)
        return LockHolder(str(data.get("user", "")), pid if isinstance(pid, int) and pid > 0 else 0,
                          str(data.get("since", "")), str(data.get("client", "")))
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError, OSError):
        return LockHolder("", 0, "")


def _me() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


class DraftLock:
    """One editor per draft: an OS lock (flock) that dies with the process holding it.

    A dropped connection ends the process and so the lock: a dead holder never blocks the next login.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self._fd: int | None = None
        self._ident: tuple[int, int] | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _open(self) -> int:
        may_create_in(self.lock_path.parent)
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
        try:
            fd = os.open(self.lock_path, flags, 0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a symlink was planted
                raise FileRefused(self.lock_path, "ロックファイルがシンボリックリンクです。安全のため使いません") from None
            raise
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            os.close(fd)
            raise FileRefused(self.lock_path, "ロックファイルが通常のファイルではありません。安全のため使いません")
        return fd

    def acquire(self) -> LockHolder | None:
        """Take the lock; returns None when taken, or who holds it. Raises OSError (Japanese via oserrors)."""
        for _ in range(_ATTEMPTS):
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                os.close(fd)
                return holder
            st = os.fstat(fd)
            try:
                now = os.lstat(self.lock_path)
                still = (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino)
            except FileNotFoundError:
                still = False
            if not still:  # removed (and maybe re-created) by its last holder meanwhile
                os.close(fd)
                continue
            tighten_fd(fd)
            info = {
                "user": _me(),
                "pid": os.getpid(),
                "since": dt.datetime.now().replace(microsecond=0).isoformat(),
                "client": (os.environ.get("SSH_CLIENT") or "").split(" ")[0],
            }
            self._fd, self._ident = fd, (st.st_dev, st.st_ino)
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
            except BaseException:  # disk full: let go at once, or this process would lock itself out
                self.release()
                raise
            return None
        raise FileRefused(self.lock_path, "ロックを取れませんでした。もう一度開いてください")

    def release(self) -> None:
        """Remove the lock file (while still holding it), then let go."""
        if self._fd is None:
            return
        try:
            now = os.lstat(self.lock_path)
            if (now.st_dev, now.st_ino) == self._ident:
                os.unlink(self.lock_path)
        except OSError:
            pass
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = self._ident = None


def lock_is_live(path: Path) -> LockHolder | None:
    """Who holds the draft's lock right now, or None (a leftover lock file from a crash is not live)."""
    lock = DraftLock(path)
    try:
        fd = os.open(lock.lock_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(fd)
        return None
    finally:
        os.close(fd)
