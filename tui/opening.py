"""Opening a draft for a front end (the TUI or the plain line mode), and what the terminal says after.

One rule for both: in restricted mode only a plain file in the officer's own data folder; the
folder made private; the draft's lock taken (someone else's lock: read-only). No Textual here.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from dejiden.model.files import LoadError, folder_problem, private_folder
from dejiden.model.oserrors import os_error_ja
from dejiden.prompts import phrases
from dejiden.prompts.session import CANNOT_LOAD, DraftSession

from .config import AppConfig, draft_path


def is_allowed(config: AppConfig, path: Path) -> str | None:
    """In restricted mode a draft must be a plain file inside the user's own data folder."""
    if not config.restricted:
        return None
    folder = config.data_dir.resolve()
    if path.is_symlink() or path.resolve().parent != folder or ".." in path.parts:
        return "制限モードでは、自分の保存場所にある下書きだけを開けます。"
    return None


def new_session(config: AppConfig) -> DraftSession | tuple[str, str]:
    """A new report, or why none can be started here (title, message): in a folder that is not the
    user's own (root, or a link of someone else's) no answer could ever be saved, so none is asked."""
    problem = folder_problem(config.data_dir, write=True)
    if problem:
        return "新しい報告書を作れません", f"{problem}。"
    return DraftSession.new(config.data_dir, config.today)


def open_session(config: AppConfig, path: Path, opened: DraftSession | LoadError | None = None) -> DraftSession | tuple[str, str]:
    """The session for a draft with its lock taken, or why it cannot be opened (title, message)."""
    refusal = is_allowed(config, path)
    if refusal:
        return "開けません", refusal
    opened = opened or DraftSession.open(path, config.today)
    if isinstance(opened, LoadError):
        return CANNOT_LOAD, opened.describe()
    try:
        if path.parent == config.data_dir:
            private_folder(path.parent)  # 0700 whatever the umask (an existing one is tightened)
        opened.take_lock()
    except OSError as exc:
        return "開けません", f"{path} を開けません（{os_error_ja(exc)}）。保存場所と権限を確かめてください。"
    return opened


def farewell(config: AppConfig, session: DraftSession | None, command: str = "dejiden") -> str | None:
    """What the terminal shows after dejiden: where the draft is and how to go on with it (``command``)."""
    if session is None or config.restricted:  # restricted: the list comes back at the next login
        return None
    if session.read_only:
        return phrases.READ_ONLY_LEFT.format(path=session.path)
    if session.path is None or not session.path.exists():
        return phrases.NOTHING_WRITTEN
    # The short name only where `dejiden NAME` finds this very file (not one of that name here).
    short = draft_path(session.path.stem, config.data_dir).absolute() == session.path.absolute()
    name = session.path.stem if short else str(session.path)
    if any(c in name for c in " \t'\"$`\\;&|<>()*?[]#~!{}"):
        name = shlex.quote(name)
    return phrases.SAVED_LEFT.format(path=session.path, name=name, command=command)


def utf8_terminal() -> None:
    """Japanese must display and be typed even with LANG/LC_ALL unset or C (common over SSH)."""
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
