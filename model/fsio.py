"""Safe file access for a shared server: reads of regular files only, private modes, who may create where.

Every file dejiden writes goes through ``atomic.atomic_write``, which asks this module whether it may
create in the folder and refuses an unsafe target (``refuse_unsafe_target``). Every file dejiden
reads goes through ``read_regular``: opened without following symlinks and without blocking, and
refused unless it is a regular file no larger than the caller's limit.
No pydantic here (the app locks and reads a draft before the model loads).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .folders import folder_problem, untrusted_link

FOLDER_MODE = 0o700
FILE_MODE = 0o600
MAX_DRAFT_BYTES = 1024 * 1024  # a complete report is about 30 KB


class FileRefused(OSError):
    """A path dejiden will not read or write (a symlink, a FIFO, too large); ``message`` is Japanese,
    ``too_large`` says which (so a caller can say what to do without reading the message)."""

    def __init__(self, path: Path | str, message: str, *, too_large: bool = False) -> None:
        super().__init__(errno.EPERM, message, str(path))
        self.message = message
        self.too_large = too_large


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
            raise FileRefused(path, too_large(st.st_size, limit), too_large=True)
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
            raise FileRefused(path, too_large(total, limit), too_large=True)
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
