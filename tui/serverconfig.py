"""The shared server's own settings for restricted mode: which group may run ``summary`` over SSH, and on what.

The file is the administrator's (default ``/etc/dejiden/server.toml``; the path can be given with
``--server-config`` on the ``ForceCommand`` line, which an officer cannot change). It is trusted only
when it and its folder belong to root and nobody else can write them, so an officer can neither edit
it nor put another in its place; the group is a Unix group, which only root can join anyone to. So an
officer cannot grant ``summary`` to themselves. Anything wrong with the file means: nobody may.

    [summary]
    group = "dejiden-admin"                # members may run: ssh HOST summary > summary.xlsx
    folders = ["/srv/dejiden/reports"]     # what it reads (default: the member's own drafts)
"""

from __future__ import annotations

import grp
import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATH = Path("/etc/dejiden/server.toml")
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class SummaryAccess:
    group: str | None = None
    folders: tuple[Path, ...] = ()
    problem: str | None = None  # why the settings were not used (for the administrator; never shown to officers)


def _owned_by_root(st: os.stat_result) -> bool:
    """Root's, and nobody else may change it (a sticky folder such as /tmp: others cannot move root's entries)."""
    sticky = stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX
    return st.st_uid == 0 and (not stat.S_IMODE(st.st_mode) & 0o022 or bool(sticky))


def _trusted_folders(path: Path) -> bool:
    """Every folder above the file is root's: no one else can put another file in its place. A folder
    reached through a symlink counts with the folders above its target, which could replace it."""
    try:
        real = path.absolute().parent.resolve(strict=True)
        folders = {*path.absolute().parents, real, *real.parents}
        return all(_owned_by_root(os.stat(folder)) for folder in folders)
    except OSError:
        return False


def load(path: Path | None = None) -> SummaryAccess:
    """The summary settings, or none (with the reason) when the file is absent, not root's, or not valid."""
    from dejiden.model.fsio import read_regular

    path = Path(path or DEFAULT_PATH)
    try:
        file = os.lstat(path)
    except OSError:
        return SummaryAccess(problem=f"{path} がありません")
    if not stat.S_ISREG(file.st_mode) or not _owned_by_root(file) or not _trusted_folders(path):
        return SummaryAccess(problem=f"{path} とそのフォルダは root のもので、root だけが書き込めるようにしてください")
    try:
        data = tomllib.loads(read_regular(path, MAX_BYTES, tighten=False).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return SummaryAccess(problem=f"{path} を読めません（TOML、UTF-8、{MAX_BYTES // 1024}KBまで）")
    section = data.get("summary")
    if not isinstance(section, dict):
        return SummaryAccess(problem=f"{path} に [summary] がありません")
    group, folders = section.get("group"), section.get("folders", [])
    if not isinstance(group, str) or not group or not isinstance(folders, list) or not all(
            isinstance(f, str) and f.startswith("/") for f in folders):
        return SummaryAccess(problem=f"{path} の [summary] には group（グループ名）と folders（絶対パスの一覧）を書きます")
    return SummaryAccess(group, tuple(Path(f) for f in folders))


def is_member(group: str | None) -> bool:
    """Whether this process runs with ``group`` among its groups (set by sshd from /etc/group at login)."""
    if not group:
        return False
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        return False
    return gid == os.getegid() or gid in os.getgroups()
