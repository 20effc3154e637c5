"""Draft file names: a new draft's name (after its municipality), free names, and renaming a draft."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from .files import BACKUP_SUFFIX, DraftLock
from .fsio import may_create_in
from .oserrors import os_error_ja

SUFFIX = ".toml"
PROVISIONAL = "新しい報告書"  # a new draft's name until its municipality is known
MAX_NAME = 80  # characters before ".toml"


def name_problem(name: str) -> str | None:
    """Why ``name`` (without ``.toml`` or with it) cannot be a draft's name, in Japanese; None if it can."""
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    if not stem.strip():
        return "名前が空です。"
    if "/" in stem or "\\" in stem or ".." in stem:
        return "「/」や「..」は名前に使えません。"
    if stem.startswith("."):
        return "「.」で始まる名前は使えません（隠しファイルになります）。"
    if any(unicodedata.category(c).startswith("C") for c in stem):
        return "制御文字は名前に使えません。"
    if len(stem) > MAX_NAME:
        return f"名前は{MAX_NAME}字以内にしてください。"
    return None


def file_name(name: str) -> str:
    """``name`` as a draft's file name (``.toml`` added when missing)."""
    name = name.strip()
    return name if name.endswith(SUFFIX) else name + SUFFIX


def free_path(folder: Path, stem: str) -> Path:
    """``folder/stem.toml``, or ``stem-2.toml``, ``stem-3.toml``… when that is taken."""
    stem = "".join(c for c in stem if c not in "/\\" and not unicodedata.category(c).startswith("C")).strip(". ")
    stem = stem[:MAX_NAME] or PROVISIONAL
    path, n = folder / f"{stem}{SUFFIX}", 2
    while os.path.lexists(path):
        path, n = folder / f"{stem}-{n}{SUFFIX}", n + 1
    return path


def move(old: Path, new: Path) -> None:
    """Give a draft (and its ``.bak``) a new name; never replaces a file already there (OSError)."""
    may_create_in(new.parent)
    os.link(old, new)  # fails with FileExistsError instead of overwriting
    os.unlink(old)
    bak_old, bak_new = old.with_name(old.name + BACKUP_SUFFIX), new.with_name(new.name + BACKUP_SUFFIX)
    if os.path.lexists(bak_old) and not os.path.lexists(bak_new):
        try:
            os.link(bak_old, bak_new)
            os.unlink(bak_old)
        except OSError:
            pass  # the backup is a convenience; the draft itself has moved


def rename_draft(old: Path, name: str) -> Path | str:
    """Rename a draft that nobody is editing: the new path, or why not (Japanese)."""
    problem = name_problem(name)
    if problem:
        return problem
    new = old.with_name(file_name(name))
    if new == old:
        return new
    if os.path.lexists(new):
        return f"「{new.name}」はもうあります。別の名前にしてください。"
    lock = DraftLock(old)
    try:
        holder = lock.acquire()
    except OSError as exc:
        return f"名前を変えられません（{os_error_ja(exc)}）。"
    if holder is not None:
        return holder.describe() + "編集中の下書きの名前は変えられません。"
    try:
        move(old, new)
    except OSError as exc:
        return f"名前を変えられません（{os_error_ja(exc)}）。"
    finally:
        lock.release()
    return new
