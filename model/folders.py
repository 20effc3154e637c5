"""Whose folder is it: symlinks on the way to a folder that someone else made, and folders of others.

Root (or a colleague) led by an officer's symlink into another folder could change modes or create
files there; ``folder_problem`` says, in Japanese, why a folder must not be used. The writing side
(``fsio.writable_folder``, ``fsio.may_create_in``, ``fsio.private_folder``) raises with its message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def _owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return str(uid)


def untrusted_link(folder: Path) -> Path | None:
    """The first symlink on the way to ``folder`` made by someone other than this user or root.

    Such a link is never followed: an officer who replaces their data folder with a link to another
    folder must not lead root (or a colleague) into writing or changing modes there."""
    path = Path(os.path.abspath(folder))
    for part in [*reversed(path.parents), path]:
        try:
            st = os.lstat(part)
        except OSError:
            return None  # not there yet: made by us, as a folder
        if stat.S_ISLNK(st.st_mode) and st.st_uid not in (0, os.geteuid()):
            return part
    return None


def folder_problem(folder: Path, *, write: bool) -> str | None:
    """Why this user must not use ``folder`` (Japanese), or None.

    Never through a symlink someone else made; and, to write, only a folder of one's own (root
    included: root never creates files or changes modes in an officer's folder)."""
    link = untrusted_link(folder)
    if link is not None:
        return f"{link} はほかの人が作ったシンボリックリンクです。安全のため、たどりません"
    if not write:
        return None
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        return None
    except OSError:
        return None  # the OS says why when it is used
    if st.st_uid != os.geteuid():
        owner = _owner_name(st.st_uid)
        return (f"{folder} は {owner} さんのフォルダです。dejiden はほかの人のフォルダには書き込みません"
                f"（{owner} さんとして実行してください：runuser -u {owner} -- dejiden …）")
    return None
