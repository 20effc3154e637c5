"""Safe file access for a shared server: the one atomic write, reads of regular files only, private modes.

Every file dejiden writes goes through ``atomic_write``: a temporary file created exclusively
(``mkstemp``: O_EXCL, O_NOFOLLOW, an unpredictable name) in the same folder, fsync, ``os.replace``
(which replaces a planted symlink itself, never what it points to), then an fsync of the folder.
Every file dejiden reads goes through ``read_regular``: opened without following symlinks and
without blocking, and refused unless it is a regular file no larger than the caller's limit.
No pydantic here (the app locks and reads a draft before the model loads).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from .folders import folder_problem, untrusted_link

BACKUP_SUFFIX = ".bak"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
MAX_DRAFT_BYTES = 1024 * 1024  # a complete report is about 30 KB


class FileRefused(OSError):
    """A path dejiden will not read or write (a symlink, a FIFO, too large); ``message`` is Japanese."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(errno.EPERM, message, str(path))
        self.message = message


def _refused_link(path: Path) -> FileRefused:
    return FileRefused(path, "シンボリックリンクです。安全のため、リンクをたどって読み書きしません")


def owned_by_me(st: os.stat_result) -> bool:
    return st.st_uid == os.geteuid()


def tighten_fd(fd: int, mode: int = FILE_MODE) -> None:
    """Remove group/other access from a file we opened, only when it is ours (root leaves others' alone)."""
    try:
        st = os.fstat(fd)
        if owned_by_me(st) and stat.S_IMODE(st.st_mode) & ~mode:
            os.fchmod(fd, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        pass


def writable_folder(folder: Path) -> None:
    """Raise ``FileRefused`` when this user must not write in ``folder`` (``folder_problem``)."""
    problem = folder_problem(folder, write=True)
    if problem:
        raise FileRefused(folder, problem)


def may_create_in(folder: Path) -> None:
    """Before creating a file: root only in its own folders, nobody through someone else's symlink
    (``FileRefused``). Others are kept out of foreign folders by the folders' own modes."""
    if os.geteuid() == 0 or untrusted_link(folder) is not None:
        writable_folder(folder)


def make_folders(folder: Path) -> None:
    """``mkdir -p`` (0700), creating nothing where ``may_create_in`` says no (root in an officer's home)."""
    folder = Path(folder)
    existing = folder
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if existing != folder:
        may_create_in(existing)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def private_folder(folder: Path) -> Path:
    """Create the data folder 0700 (whatever the umask), or tighten an existing one that is ours.

    Raises ``FileRefused`` for a folder of someone else's or reached through someone else's symlink."""
    folder = Path(folder)
    link = untrusted_link(folder)
    if link is not None:
        raise FileRefused(folder, folder_problem(folder, write=False) or "")
    make_folders(folder)
    writable_folder(folder)
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return folder  # a link an administrator made on purpose: its target keeps its own mode
    try:
        tighten_fd(fd, FOLDER_MODE)
    finally:
        os.close(fd)
    return folder


def tighten(path: Path, mode: int = FILE_MODE) -> None:
    """``tighten_fd`` by path, never following a symlink and never blocking on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError:
        return
    try:
        tighten_fd(fd, mode)
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """A regular file itself (not a symlink, FIFO, device or folder)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_regular(path: Path, limit: int = MAX_DRAFT_BYTES, *, tighten: bool = True) -> bytes:
    """The bytes of a regular file, refusing symlinks, FIFOs, devices and files over ``limit`` bytes.

    Never blocks (O_NONBLOCK: a FIFO opens at once and is then refused), and never reads more than
    ``limit`` + 1 bytes however the file grows meanwhile. Raises OSError (``FileRefused`` with a
    Japanese message for what we refuse).
    """
    path = Path(path)
    if untrusted_link(path.parent) is not None:
        raise FileRefused(path, folder_problem(path.parent, write=False) or "")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refused_link(path) from None
        raise
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "folder", str(path))
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(path, "通常のファイルではありません（名前付きパイプやデバイスは開きません）")
        if st.st_size > limit:
            raise FileRefused(path, too_large(st.st_size, limit))
        if tighten and folder_problem(path.parent, write=True) is None:
            tighten_fd(fd)  # our own file in our own folder only
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileRefused(path, too_large(total, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def too_large(size: int, limit: int) -> str:
    return f"ファイルが大きすぎます（{size:,}バイト。上限は{limit:,}バイト）"


def refuse_unsafe_target(path: Path) -> None:
    """An output path that is a symlink (or a FIFO, device, folder) is refused with a message."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise _refused_link(path)
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "folder", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(path, "通常のファイルではありません。別の名前を指定してください")


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
