"""Drafts as TOML: human-readable, atomic to save, never overwritten when broken or changed elsewhere."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import paths
from .files import MAX_DRAFT_BYTES, Conflict, FileRefused, LoadError, Stamp, atomic_write, digest, read_regular
from .loaderrors import MAX_STRING, check_limits, long_number, named, toml_problem, translate
from .oserrors import os_error_ja
from .report import YEAR_KEY, Report
from .safe_text import shown


class Session(BaseModel):
    """Where the conversation stood: current question, text typed but not submitted, closed lists."""

    model_config = ConfigDict(extra="ignore")

    current: str | None = Field(None, max_length=200)
    pending: str | None = Field(None, max_length=MAX_STRING)
    pending_for: str | None = Field(None, max_length=200)
    closed: list[str] = Field([], max_length=200)  # a plain default: see Report.kpis
    saved_at: dt.datetime | None = None
    # Text read from a workbook that breaks the form's limits (by model path): kept here, never dropped,
    # until the officer shortens it (the first one is also restored as ``pending`` for its question).
    kept: dict[str, str] = Field({}, max_length=200)

    @field_validator("pending", mode="after")
    @classmethod
    def _visible(cls, value: str | None) -> str | None:
        """Text typed but not sent comes back to the screen: control characters only as marks."""
        return None if value is None else shown(value)

    @field_validator("kept", mode="after")
    @classmethod
    def _visible_kept(cls, value: dict[str, str]) -> dict[str, str]:
        return {k: shown(v) for k, v in value.items()}


MOVED = "moved:"  # a session mark: the narrative box at this path holds text moved from the other box


@dataclass
class Draft:
    report: Report = field(default_factory=Report)
    session: Session = field(default_factory=Session)

    @property
    def unconfirmed(self) -> tuple[str, ...]:
        """Narrative boxes holding text moved from the other box, not yet confirmed by the officer: not
        complete for check, export or the app (the text argued the other result)."""
        return tuple(c.removeprefix(MOVED) for c in self.session.closed if c.startswith(MOVED))


# ---------------------------------------------------------------- writing

def _value(key: str, value: Any) -> str:
    return tomli_w.dumps({key: value}).rstrip("\n")


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _path_of(prefix: list[str | int], key: str) -> str:
    return paths.join([*prefix, key])


def _emit(out: list[str], header: str | None, table: dict[str, Any], prefix: list[str | int], comment) -> None:
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict) and not _is_table_list(v)}
    if header is not None and (scalars or not table):
        out.append("")
        out.append(header)
    for key, value in scalars.items():
        line = _value(key, value)
        note = comment(_path_of(prefix, key))
        if note and "\n" not in line:
            line += f"  # {note}"
        out.append(line)
    dotted = lambda k: ".".join(str(p) for p in prefix if not isinstance(p, int)) + ("." if prefix else "") + _quote(k)
    for key, value in table.items():
        if isinstance(value, dict):
            _emit(out, f"[{dotted(key)}]", value, [*prefix, key], comment)
    for key, value in table.items():
        if _is_table_list(value):
            for i, row in enumerate(value):
                out.append("")
                out.append(f"[[{dotted(key)}]]")
                _emit(out, None, row, [*prefix, key, i], comment)


def _quote(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_\-]+", key) else _value(key, 0).rsplit(" = ", 1)[0]


def _label_comment(path: str, ed) -> str | None:
    try:
        text = paths.label(path, ed)
    except (KeyError, IndexError, ValueError):
        return None
    last = path.rsplit(".", 1)[-1]
    return None if text in (path, last) or YEAR_KEY.match(last) else text


def dumps(draft: Draft) -> str:
    data = draft.report.to_data()
    session = draft.session.model_dump(exclude_none=True, exclude_defaults=False)
    for key in ("closed", "kept"):
        if not session.get(key):
            session.pop(key, None)
    out = [
        "# dejiden 事業実施報告書 下書き (draft). Hand edits are fine: every value is checked on load.",
        "# An absent key means 'not yet answered'. Amounts are in 千円; \"-\" means no amount.",
    ]
    # Top-level scalars first: in TOML anything after a [table] header belongs to that table.
    tables = {k: v for k, v in data.items() if isinstance(v, dict) or _is_table_list(v)}
    _emit(out, None, {k: v for k, v in data.items() if k not in tables and v != []}, [], lambda p: None)
    for key, value in tables.items():
        if value != {} or key == "header":
            _emit(out, None, {key: value}, [], lambda p: _label_comment(p, draft.report.ed))
    if session:
        out.append("")
        out.append("# Where the conversation stood (resume point and text typed but not yet sent).")
        _emit(out, None, {"session": session}, [], lambda p: None)
    return "\n".join(out).lstrip("\n") + "\n"


def save(path: Path, draft: Draft, *, expected: Stamp | None = None, check_conflict: bool = False) -> Stamp | Conflict:
    """Save atomically. With ``check_conflict``, refuse when the file is not as ``expected``."""
    written = _write(Path(path), draft, expected, check_conflict)
    return written if isinstance(written, Conflict) else written[0]


def _unanswered(report: Report, path: str) -> bool:
    try:
        return paths.get(report, path) is None
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return True


def settle_kept(draft: Draft) -> None:
    """Text kept from an import is dropped once its field is answered; the next one becomes the text
    restored when its question is asked (``pending``), so each comes back in turn and none is lost."""
    session = draft.session
    if not session.kept:
        return
    session.kept = {p: t for p, t in session.kept.items() if _unanswered(draft.report, p)}
    if session.pending is None and session.kept:
        session.pending_for, session.pending = next(iter(session.kept.items()))


def _write(path: Path, draft: Draft, expected: Stamp | None, check_conflict: bool) -> tuple[Stamp, bytes] | Conflict:
    if check_conflict and Stamp.of(path) != expected:
        return Conflict(str(path))
    settle_kept(draft)
    data = dumps(draft).encode("utf-8")
    if len(data) > MAX_DRAFT_BYTES:  # never write a draft that could not be read back
        raise FileRefused(path, f"下書きが大きすぎて保存できません（{len(data):,}バイト。上限は{MAX_DRAFT_BYTES:,}バイト）。"
                                "長い文章を短くしてください")
    atomic_write(path, data)
    stamp = Stamp.of(path)
    assert stamp is not None
    return stamp, data


# ---------------------------------------------------------------- reading

def loads(text: str, name: str = "<draft>") -> Draft | LoadError:
    text = text.removeprefix("\ufeff")  # a BOM (Windows Notepad) is not part of the draft
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return LoadError(name, *toml_problem(exc, text))
    except ValueError:  # an integer past Python's 4300-digit limit
        return LoadError(name, *long_number(text))
    except RecursionError:
        return LoadError(name, "TOMLとして読めません：一覧や表の入れ子が深すぎます。")
    limit = check_limits(data)
    if limit is not None:
        return LoadError(name, "正しくない値があります。", problems=named((limit,), data))
    session_data = data.pop("session", {})
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        return LoadError(name, "正しくない値があります。", problems=named(translate(exc), data))
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
        # a validator met a type it did not expect (e.g. a number where text belongs)
        return LoadError(name, "正しくない値があります（文字列を\"...\"で囲んでいない値など）。")
    try:
        session = Session.model_validate(session_data)
    except (ValidationError, ValueError, TypeError, AttributeError):
        session = Session()
    return Draft(report, session)


def read_bytes(path: Path) -> bytes | LoadError:
    """A draft's bytes: a regular file (no symlink, FIFO or device) of at most MAX_DRAFT_BYTES."""
    try:
        return read_regular(path, MAX_DRAFT_BYTES)
    except FileNotFoundError:
        return LoadError(str(path), "ファイルがありません。", missing=True)
    except FileRefused as exc:
        return LoadError(str(path), exc.message + "。")
    except OSError as exc:
        return LoadError(str(path), f"ファイルを開けません（{os_error_ja(exc)}）。")


_read = read_bytes


def _parse(raw: bytes, name: str) -> Draft | LoadError:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[start: exc.start].decode("utf-8", "replace")) + 1
        return LoadError(name, "UTF-8で保存されていません。UTF-8で保存し直してください。", line, column)
    return loads(text, name)


parse = _parse  # bytes read elsewhere (the summary reads others' files without changing their modes)


def load(path: Path) -> Draft | LoadError:
    path = Path(path)
    raw = _read(path)
    return raw if isinstance(raw, LoadError) else _parse(raw, str(path))


class DraftFile:
    """One draft on disk: remembers what it last read or wrote, and refuses to overwrite other changes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.stamp: Stamp | None = None
        self.digest: str | None = None  # of the bytes last read or written

    def open(self) -> Draft | LoadError:
        """Load the draft, or start an empty one when the file does not exist yet."""
        if not self.path.exists() and not self.path.is_symlink():
            self.stamp = self.digest = None
            return Draft()
        raw = read_bytes(self.path)
        if isinstance(raw, LoadError):
            return raw
        return self.parse(raw, Stamp.of(self.path))

    def parse(self, raw: bytes, stamp: Stamp | None) -> Draft | LoadError:
        """Load from the bytes read when the file looked like ``stamp`` (the app reads them early)."""
        loaded = _parse(raw, str(self.path))
        if isinstance(loaded, Draft):
            self.stamp, self.digest = stamp, digest(raw)
        return loaded

    def save(self, draft: Draft) -> Stamp | Conflict:
        draft.session.saved_at = dt.datetime.now().replace(microsecond=0)
        written = _write(self.path, draft, self.stamp, check_conflict=True)
        if isinstance(written, Conflict):
            return written
        self.stamp, data = written
        self.digest = digest(data)
        return self.stamp
