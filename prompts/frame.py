"""A draft's opening frame, kept beside it so the app can show the question before the model loads.

Loading the model (pydantic and the report's validators) takes about as long as Textual's own
start-up. The question a draft opens at, though, only changes when the draft does. So every time
the app saves a draft it also writes what the chat screen opens with (greeting, question, progress)
to ``.NAME.toml.frame``, keyed by the draft's exact bytes and the conversation's code and data
(and the day, when the question shows today's date as its default). The next start reads that key back without pydantic; on a match the screen draws the frame
at once and loads the model right after. The walker then recomputes the frame and the screen
redraws if anything differs, so a stale frame can only show for that moment, and nothing is
answered or saved until the model has checked the draft.

This module imports nothing heavy: no pydantic (only ``model.files``), no Textual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from types import UnionType
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

from dejiden.model.files import MAX_DRAFT_BYTES, LoadError, Stamp, atomic_write, digest, read_regular

from .view import Message, Prompt, SectionProgress

if TYPE_CHECKING:
    from dejiden.model.draft import DraftFile

    from .walker import Walker

Loader = Callable[[], Union["tuple[Walker, DraftFile]", LoadError]]
Opened = tuple["Frame", Loader]  # what opening() returns for a draft that can be opened

FORMAT = 1
SUFFIX = ".frame"


@dataclass(frozen=True)
class Frame:
    """What the chat screen shows when a draft is opened, and what the start screen lists."""

    current: str  # the step id asked (or REVIEW)
    greeting: tuple[Message, ...]
    prompt: Prompt | None
    pending: str | None  # text typed for ``current`` but not sent
    outline: tuple[SectionProgress, ...]
    answered: int
    total: int
    summary: str  # the completeness line (e.g. 「未入力 12件」)
    who: str = ""  # 都道府県名+市区町村等名, for the start screen
    project: str = ""
    day: str | None = None  # the date the prompt's default was taken from, if it has one
    key: str = field(default="", compare=False)  # set by save(): which draft bytes and code it is for

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Frame | None:
        """The frame, or None for anything that is not a frame this version wrote (checked field by
        field against the dataclasses' types, so a damaged file cannot reach the screen)."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.pop("format", None) != FORMAT:
                return None
            return _decode(cls, data)
        except (ValueError, TypeError, KeyError):
            return None


def _decode(hint: Any, value: Any) -> Any:
    """``value`` (from JSON) as ``hint``; ValueError when it does not fit."""
    origin, args = get_origin(hint), get_args(hint)
    if is_dataclass(hint):
        names = {f.name for f in fields(hint)}
        if not isinstance(value, dict) or not set(value) <= names:
            raise ValueError(hint)
        hints = _hints(hint)
        return hint(**{k: _decode(hints[k], v) for k, v in value.items()})
    if origin in (Union, UnionType):
        for arg in args:
            try:
                return _decode(arg, value)
            except ValueError:
                continue
        raise ValueError(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if not isinstance(value, list):
            raise ValueError(hint)
        return tuple(_decode(args[0], v) for v in value)
    if origin is Literal:
        if value not in args:
            raise ValueError(hint)
        return value
    if hint is type(None):
        if value is not None:
            raise ValueError(hint)
        return None
    if hint in (str, int, bool) and type(value) is hint:
        return value
    raise ValueError(hint)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def path_for(draft: Path) -> Path:
    return draft.with_name(f".{draft.name}{SUFFIX}")


@cache
def fingerprint() -> str:
    """The conversation's code and data as installed: a change to any of them makes old frames stale."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for package in ("model", "prompts"):
        folder = root / package
        for dirpath, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                if name.endswith((".py", ".toml")):
                    st = os.stat(os.path.join(dirpath, name))
                    h.update(f"{dirpath}/{name}:{st.st_mtime_ns}:{st.st_size};".encode())
    return h.hexdigest()[:16]


def key(draft_digest: str) -> str:
    """The frame holds for these draft bytes, as long as the conversation's code and data are the same."""
    return f"{FORMAT}:{fingerprint()}:{draft_digest}"


def lookup(draft: Path, data: bytes, today: dt.date) -> Frame | None:
    """The frame saved for the draft whose bytes on disk are ``data``, or None."""
    try:
        text = read_regular(path_for(draft), 1 << 20).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    frame = Frame.from_json(text)
    if frame is None or frame.key != key(digest(data)):
        return None
    if frame.day is not None and frame.day != today.isoformat():
        return None
    return frame


def save(draft: Path, frame: Frame, draft_digest: str) -> Frame:
    """Write the frame beside the draft whose bytes have ``draft_digest``, and return it with its key.
    A frame is only a shortcut: failing to write one is not an error."""
    frame = replace(frame, key=key(draft_digest))
    target = path_for(draft)
    try:
        atomic_write(target, frame.to_json().encode("utf-8"), backup=False)  # never through a planted link
    except OSError:
        pass
    return frame


def opening(path: Path, today: Callable[[], dt.date]) -> Opened | LoadError:
    """A draft's opening frame, and how to get its walker.

    The draft is read once. With a saved frame that matches those bytes, nothing heavy is loaded
    here: the loader parses the very bytes the frame was matched against (so it loads what was
    checked, even if the file changes meanwhile; saving then reports the conflict). Without one,
    the draft is loaded now and its frame saved.
    """
    stamp = Stamp.of(path)
    data: bytes | None = None
    if stamp is not None:
        try:
            data = read_regular(path, MAX_DRAFT_BYTES)  # a FIFO or symlink is refused, never waited on
        except OSError:
            pass  # DraftFile.open below says what is wrong

    def load() -> tuple[Walker, DraftFile] | LoadError:
        from dejiden.model.draft import DraftFile

        from .walker import Walker

        store = DraftFile(path)
        loaded = store.open() if data is None else store.parse(data, stamp)
        return loaded if isinstance(loaded, LoadError) else (Walker(loaded, today=today), store)

    if data is not None:
        frame = lookup(path, data, today())
        if frame is not None:
            return frame, load
    loaded = load()
    if isinstance(loaded, LoadError):
        return loaded
    walker, store = loaded
    frame = walker.frame()
    if store.digest:
        frame = save(path, frame, store.digest)  # so the next start (and the start screen) need not load it
    return frame, lambda: loaded


def discard(draft: Path) -> None:
    try:
        path_for(draft).unlink()
    except OSError:
        pass


__all__ = ["Frame", "Loader", "Opened", "discard", "key", "lookup", "opening", "path_for", "save"]

