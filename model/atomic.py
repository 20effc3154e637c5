"""The one atomic write: a temporary file, fsync, rename, the previous version kept as ``.bak``.

Every file dejiden writes goes through ``atomic_write``: a temporary file created exclusively
(``mkstemp``: O_EXCL, O_NOFOLLOW, an unpredictable name) in the same folder, fsync, ``os.replace``
(which replaces a planted symlink itself, never what it points to), then an fsync of the folder.
Temporary files left by a process killed mid-save are removed by the next save. What may be
created where, and how files are read, is ``fsio``'s. No pydantic here.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from .fsio import FILE_MODE, may_create_in, owned_by_me, read_regular, refuse_unsafe_target, tighten

BACKUP_SUFFIX = ".bak"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    """Whether a process of that id runs (one of another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _temp_name(name: str) -> str:
    return f".{name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"


def remove_stale_temps(path: Path) -> None:
    """Remove our own temp files left by a process killed mid-save (its pid is no longer alive).

    Only files owned by the current user are removed (unlinking a planted symlink removes the link).
    """
    path = Path(path)
    for tmp in path.parent.glob(f".{path.name}*.tmp"):
        parts = tmp.name[len(path.name) + 2:].split(".")
        pid = next((p for p in parts if p.isdigit()), None)
        if pid is None or int(pid) == os.getpid() or pid_alive(int(pid)):
            continue
        try:
            if owned_by_me(os.lstat(tmp)):
                tmp.unlink()
        except OSError:
            pass


def _same_owner(fd: int, like: os.stat_result | None) -> None:
    """Root saving an officer's file keeps it the officer's (else the officer could no longer read it)."""
    if like is not None and os.geteuid() == 0 and not owned_by_me(like):
        try:
            os.fchown(fd, like.st_uid, like.st_gid)
        except OSError:
            pass


def _backup(path: Path, existing: os.stat_result) -> None:
    """The current file becomes ``NAME.bak`` (a hard link: files here are only replaced, never rewritten).

    The link gets a fresh unpredictable name first and is then renamed over ``.bak``: a planted
    ``.bak`` symlink is replaced, never written through.
    """
    bak = path.with_name(path.name + BACKUP_SUFFIX)
    tmp = path.with_name(_temp_name(bak.name))
    try:
        try:
            os.link(path, tmp, follow_symlinks=False)
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            _copy_into(path, tmp, existing)
        os.replace(tmp, bak)
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def _copy_into(src: Path, dst: Path, existing: os.stat_result) -> None:
    """A file system without hard links: copy, creating the copy exclusively."""
    data = read_regular(src, max(existing.st_size, 1) * 2, tighten=False)
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        _same_owner(fh.fileno(), existing)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


Writer = Callable[[BinaryIO], object]


def atomic_write(path: Path, data: bytes | Writer, *, backup: bool = True) -> None:
    """THE way dejiden writes a file: ``data`` is bytes, or a function writing into a binary file object.

    The result is 0600 (whatever the umask); the previous version is kept as ``.bak`` when
    ``backup``. Raises OSError (``FileRefused`` for a symlink or special file at ``path``).
    """
    path = Path(path)
    may_create_in(path.parent)
    refuse_unsafe_target(path)
    try:
        existing: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        existing = None
    remove_stale_temps(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)
            _same_owner(fh.fileno(), existing)
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if backup and existing is not None and stat.S_ISREG(existing.st_mode):
            tighten(path)  # the .bak shares its mode
            _backup(path, existing)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(path.parent)
