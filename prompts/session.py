"""One open draft (no Textual): loading, the lock, saving after each answer, pending text, autosave, conflicts.

The chat screen and the app call a ``DraftSession``; everything about files and saving lives here,
so it can be tested without a terminal. A new draft becomes a file only with its first answer, and
is named after its municipality once that is known.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from dejiden.model import naming
from dejiden.model.draft import Conflict, Draft, DraftFile
from dejiden.model.files import DraftLock, LoadError, LockHolder, private_folder
from dejiden.model.fsio import make_folders
from dejiden.model.oserrors import os_error_ja

from .phrases import RETRY_TUI, SAVE_FAILED
from .view import Message, Reply
from .walker import Walker

SAVED, NEW, TYPING, FAILED, CONFLICT, READ_ONLY = "saved", "new", "typing", "failed", "conflict", "read-only"
STATE_TEXT = {
    SAVED: "保存済み",
    NEW: "新しい下書き（最初の回答で保存します）",
    TYPING: "入力中（数秒ごとに自動保存）",
    FAILED: "保存できません",
    CONFLICT: "保存できません（ファイルが外で変更されました）",
    READ_ONLY: "読み取り専用",
}


CANNOT_LOAD = "下書きを開けません"


class DraftSession:
    """One open draft: its walker, its file, its lock, and whether everything is on disk."""

    def __init__(self, walker: Walker, store: DraftFile | None, *, folder: Path, provisional: bool = False) -> None:
        self.walker = walker
        self.store = store  # None: a new draft that has no file yet (it gets one with its first answer)
        self.folder = folder
        self.provisional = provisional  # named by dejiden, renamed after the municipality once known
        self.lock: DraftLock | None = None
        self.holder: LockHolder | None = None  # someone else edits it: read-only
        self.dirty = False  # something (an answer or pending text) is not on disk yet
        self.state = NEW if store is None or not store.path.exists() else SAVED
        self._failure: str | None = None  # the last save error shown (said once per change)
        self.retry = RETRY_TUI  # when a failed save is tried again, as the front end does it (phrases)

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path, today: Callable[[], dt.date] = dt.date.today) -> DraftSession | LoadError:
        """Load the draft at ``path`` (a missing file is a new, empty draft that is not written yet)."""
        store = DraftFile(path)
        loaded = store.open()
        if isinstance(loaded, LoadError):
            return loaded
        return cls(Walker(loaded, today=today), store, folder=path.parent)

    @classmethod
    def new(cls, folder: Path, today: Callable[[], dt.date] = dt.date.today) -> DraftSession:
        """A new draft in ``folder``: no file until the first answer."""
        return cls(Walker(Draft(), today=today), None, folder=folder, provisional=True)

    @property
    def path(self) -> Path | None:
        return self.store.path if self.store is not None else None

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else naming.PROVISIONAL

    @property
    def read_only(self) -> bool:
        return self.holder is not None

    def take_lock(self) -> LockHolder | None:
        """Take the draft's lock (OSError when the folder cannot be used); who holds it when taken."""
        if self.store is None:
            return None  # nothing to lock until the file exists
        make_folders(self.store.path.parent)  # root creates no folder in an officer's home
        lock = DraftLock(self.store.path)
        self.holder = lock.acquire()
        if self.holder is None:
            self.lock = lock
        else:
            self.state = READ_ONLY
        return self.holder

    def close(self) -> None:
        """Save what is pending and let go of the lock (the app ends or the draft is closed)."""
        self.autosave()
        self.release()

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # ---------------------------------------------------------------- answering

    def handle(self, text: str) -> Reply:
        """The walker's reply to ``text``; an accepted answer is saved at once (a save problem is
        added to the reply, once per change of state)."""
        if self.read_only and self.walker.command_name(text) == "/delete":
            return Reply([Message("bot", "読み取り専用です（ほかの人が編集中）。削除はできません。", "error")])
        before = self.walker.report.header.municipality
        reply = self.walker.handle(text)
        if reply.accepted and not self.read_only:
            session = self.walker.draft.session
            session.pending = session.pending_for = None
            self.dirty = True
            renamed = self.provisional
            said = self.save()
            if said is not None:
                reply.messages.append(said)
            after = self.walker.report.header.municipality
            if not renamed and before and after != before and self.path is not None and self.path.stem.startswith(before):
                reply.messages.append(Message("bot", f"下書きのファイル名は「{self.path.name}」のままです"
                                              "（下書きの一覧で r を押すと名前を変えられます）。", "note"))
        return reply

    def typed(self, text: str) -> None:
        """Text typed for the current question but not sent (saved by the next autosave)."""
        if self.read_only:
            return
        session = self.walker.draft.session
        if (text or None) == session.pending and (not text or session.pending_for == self.walker.current):
            return
        session.pending = text or None
        session.pending_for = self.walker.current if text else None
        self.dirty = True
        if self.state == SAVED:
            self.state = TYPING

    @property
    def pending(self) -> str | None:
        session = self.walker.draft.session
        return session.pending if session.pending and session.pending_for == self.walker.current else None

    @property
    def unsaved(self) -> bool:
        """Something would be lost if the app ended now (a failed save, or text not yet autosaved)."""
        return self.dirty and not self.read_only

    def autosave(self) -> Message | None:
        """Save if anything changed (every few seconds, before review/export, on exit, on a signal)."""
        if not self.dirty or self.read_only:
            return None
        if (self.store is None or self.store.stamp is None) and not self.walker.counts()[0]:
            self.dirty = False  # only pending text in a draft with no answer: no file for that
            return None
        return self.save()

    # ---------------------------------------------------------------- saving

    def save(self) -> Message | None:
        """Write the draft; a message only when the outcome differs from the last one said."""
        if self.read_only:
            return None
        self.walker.draft.session.current = self.walker.current
        try:
            self._ensure_file()
            result = self.store.save(self.walker.draft)  # type: ignore[union-attr]
        except OSError as exc:
            return self._failed(FAILED, os_error_ja(exc))
        if isinstance(result, Conflict):
            return self._failed(CONFLICT, "conflict", result.describe())
        self.dirty = False
        self.state = SAVED
        said = None
        if self._failure is not None:
            said = Message("bot", "下書きを保存できました。保存できていなかった入力もすべて保存しました。", "result")
        self._failure = None
        self._rename_after_municipality()
        return said

    def _failed(self, state: str, reason: str, text: str | None = None) -> Message | None:
        self.dirty = True  # tried again with the next answer or autosave
        self.state = state
        if self._failure == reason:
            return None  # said already: the same problem is not repeated every few seconds
        self._failure = reason
        return Message("bot", text or SAVE_FAILED.format(reason=reason, retry=self.retry), "error")

    def _ensure_file(self) -> None:
        """A new draft's first save: pick a free name, take its lock, then write."""
        if self.store is not None:
            return
        private_folder(self.folder)  # the data folder: 0700 whatever the umask
        municipality = self.walker.report.header.municipality
        path = naming.free_path(self.folder, municipality or naming.PROVISIONAL)
        store = DraftFile(path)
        lock = DraftLock(path)
        if lock.acquire() is not None:  # someone took that very name meanwhile
            raise FileExistsError(17, "File exists", str(path))
        self.store, self.lock = store, lock
        self.provisional = not municipality

    def _rename_after_municipality(self) -> None:
        """A draft dejiden named 「新しい報告書」 takes its municipality's name once it is answered."""
        municipality = self.walker.report.header.municipality
        if not self.provisional or not municipality or self.store is None:
            return
        self.provisional = False
        old = self.store.path
        new = naming.free_path(self.folder, municipality)
        lock = DraftLock(new)
        try:
            if lock.acquire() is not None:
                return
            naming.move(old, new)
        except OSError:
            lock.release()
            return  # keeps its first name; nothing is lost
        self.release()
        self.store.path, self.lock = new, lock
