"""Drafts as TOML: human-readable, atomic to save, never overwritten when broken or changed elsewhere."""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import paths
from .oserrors import os_error_ja
from .report import YEAR_KEY, Report

BACKUP_SUFFIX = ".bak"


class Session(BaseModel):
    """Where the conversation stood: current question, text typed but not submitted, closed lists."""

    model_config = ConfigDict(extra="ignore")

    current: str | None = None
    pending: str | None = None
    pending_for: str | None = None
    closed: list[str] = Field(default_factory=list)
    saved_at: dt.datetime | None = None


@dataclass
class Draft:
    report: Report = field(default_factory=Report)
    session: Session = field(default_factory=Session)


@dataclass(frozen=True)
class Stamp:
    """What the file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return cls(st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass(frozen=True)
class LoadError:
    """A draft that cannot be read; ``problems`` are (path, message) pairs for invalid values."""

    path: str
    reason: str
    line: int | None = None
    column: int | None = None
    problems: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        where = f"（{self.line}行目 {self.column}列目）" if self.line else ""
        lines = [f"{self.path} を読めません{where}：{self.reason}"]
        lines += [f"  {p}: {m}" for p, m in self.problems]
        lines.append("ファイルはそのまま残してあります。直してからもう一度開いてください。")
        return "\n".join(lines)


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since we read it; nothing was written."""

    path: str

    def describe(self) -> str:
        return (
            f"{self.path} はこのアプリの外で変更されました。上書きせずに保存を止めました。"
            "開き直して変更を読み込んでください。"
        )


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


def _label_comment(path: str) -> str | None:
    try:
        text = paths.label(path)
    except (KeyError, IndexError, ValueError):
        return None
    last = path.rsplit(".", 1)[-1]
    return None if text in (path, last) or YEAR_KEY.match(last) else text


def dumps(draft: Draft) -> str:
    data = draft.report.to_data()
    session = draft.session.model_dump(exclude_none=True, exclude_defaults=False)
    if not session.get("closed"):
        session.pop("closed", None)
    out = [
        "# dejiden 事業実施報告書 下書き (draft). Hand edits are fine: every value is checked on load.",
        "# An absent key means 'not yet answered'. Amounts are in 千円; \"-\" means no amount.",
    ]
    # Top-level scalars first: in TOML anything after a [table] header belongs to that table.
    tables = {k: v for k, v in data.items() if isinstance(v, dict) or _is_table_list(v)}
    _emit(out, None, {k: v for k, v in data.items() if k not in tables and v != []}, [], lambda p: None)
    for key, value in tables.items():
        if value != {} or key == "header":
            _emit(out, None, {key: value}, [], _label_comment)
    if session:
        out.append("")
        out.append("# Where the conversation stood (resume point and text typed but not yet sent).")
        _emit(out, None, {"session": session}, [], lambda p: None)
    return "\n".join(out).lstrip("\n") + "\n"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(path: Path) -> None:
    """Remove temp files left by a process killed mid-save (its pid is no longer alive)."""
    for tmp in Path(path).parent.glob(f".{Path(path).name}*.tmp"):
        pid = tmp.name.rsplit(".", 2)[-2]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            try:
                tmp.unlink()
            except OSError:
                pass


def atomic_write(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Temp file in the same folder, fsync, keep the old one as ``.bak``, os.replace, fsync the folder."""
    path = Path(path)
    remove_stale_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if backup and path.exists():
            bak = path.with_name(path.name + BACKUP_SUFFIX)
            bak_tmp = path.with_name(f".{bak.name}.{os.getpid()}.tmp")
            try:
                # Files here are only ever replaced, never rewritten: the old one itself becomes the backup.
                os.link(path, bak_tmp)
            except OSError:  # a file system without hard links
                with open(path, "rb") as src, open(bak_tmp, "wb") as dst:
                    dst.write(src.read())
                    dst.flush()
                    os.fsync(dst.fileno())
            os.replace(bak_tmp, bak)
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, path.with_name(f".{path.name}{BACKUP_SUFFIX}.{os.getpid()}.tmp")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
    _fsync_dir(path.parent)


def save(path: Path, draft: Draft, *, expected: Stamp | None = None, check_conflict: bool = False) -> Stamp | Conflict:
    """Save atomically. With ``check_conflict``, refuse when the file is not as ``expected``."""
    path = Path(path)
    if check_conflict and Stamp.of(path) != expected:
        return Conflict(str(path))
    atomic_write(path, dumps(draft).encode("utf-8"))
    stamp = Stamp.of(path)
    assert stamp is not None
    return stamp


# ---------------------------------------------------------------- reading

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_JA = (
    ("Unterminated string", "文字列の「\"」が閉じていません"),
    ("Expected '=' after a key", "項目名のあとに「=」が必要です"),
    ("Cannot overwrite a value", "同じ項目が2回書かれています"),
    ("Cannot declare", "同じ表が2回書かれています"),
    ("Invalid value", "値の書き方が正しくありません（文字列は\"...\"で囲みます）"),
    ("Invalid date or number", "数値や日付の書き方が正しくありません（電話番号など文字は\"...\"で囲みます）"),
    ("Invalid number", "数値の書き方が正しくありません（文字は\"...\"で囲みます）"),
    ("Expected newline or end of document", "値のあとに余計な文字があります（電話番号など文字は\"...\"で囲みます）"),
    ("Invalid statement", "読めない行があります"),
    ("Invalid initial character", "項目名に使えない文字があります"),
    ("Unclosed array", "一覧の「]」が閉じていません"),
    ("Illegal character", "使えない文字があります"),
)
_PYDANTIC_JA = {
    "extra_forbidden": "知らない項目です。項目名の綴りを確かめてください。",
    "missing": "必要な項目がありません。",
    "list_type": "一覧（[ ... ]）で書いてください。",
    "dict_type": "表（[...]）で書いてください。",
    "model_type": "表（[...]）で書いてください。",
    "int_type": "整数で書いてください。",
    "int_parsing": "整数で書いてください。",
    "string_type": "文字列（\"...\"）で書いてください。",
    "literal_error": "選択肢にない値です。",
}


def _loc_path(loc: tuple[Any, ...]) -> str:
    tokens: list[str | int] = []
    for i, part in enumerate(loc):
        if isinstance(part, int) and i > 0 and loc[i - 1] == "years":
            tokens[-1] = f"fy{part}"
        elif part == "years":
            tokens.append("years")
        elif isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue  # pydantic's union/validator tags
        else:
            tokens.append(part)
    return paths.join(tokens)


def translate(error: ValidationError) -> tuple[tuple[str, str], ...]:
    """Pydantic errors as (path, Japanese message); no English text reaches the user."""
    out = []
    for e in error.errors(include_url=False):
        message = e["msg"] if e["type"] == "dejiden" else _PYDANTIC_JA.get(e["type"], "値が正しくありません。")
        if e["type"] == "value_error":
            message = str(e.get("ctx", {}).get("error", message))
        out.append((_loc_path(tuple(e["loc"])), message))
    seen: dict[str, str] = {}
    for p, m in out:
        seen.setdefault(p, m)
    return tuple(seen.items())


def loads(text: str, name: str = "<draft>") -> Draft | LoadError:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _POSITION.search(str(exc))
        detail = next((ja for en, ja in _TOML_JA if str(exc).startswith(en)), "書式が正しくありません")
        reason = f"TOMLとして読めません：{detail}。"
        return LoadError(name, reason, int(m.group(1)) if m else None, int(m.group(2)) if m else None)
    session_data = data.pop("session", {})
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        return LoadError(name, "正しくない値があります。", problems=translate(exc))
    try:
        session = Session.model_validate(session_data)
    except ValidationError:
        session = Session()
    return Draft(report, session)


def load(path: Path) -> Draft | LoadError:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadError(str(path), "ファイルがありません。")
    except OSError as exc:
        return LoadError(str(path), f"ファイルを開けません（{os_error_ja(exc)}）。")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return LoadError(str(path), "UTF-8で保存されていません。UTF-8で保存し直してください。", line, None)
    return loads(text, str(path))


class DraftFile:
    """One draft on disk: remembers what it last read or wrote, and refuses to overwrite other changes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.stamp: Stamp | None = None

    def open(self) -> Draft | LoadError:
        """Load the draft, or start an empty one when the file does not exist yet."""
        if not self.path.exists():
            self.stamp = None
            return Draft()
        loaded = load(self.path)
        if isinstance(loaded, Draft):
            self.stamp = Stamp.of(self.path)
        return loaded

    def changed_on_disk(self) -> bool:
        return Stamp.of(self.path) != self.stamp

    def save(self, draft: Draft) -> Stamp | Conflict:
        draft.session.saved_at = dt.datetime.now().replace(microsecond=0)
        result = save(self.path, draft, expected=self.stamp, check_conflict=True)
        if isinstance(result, Stamp):
            self.stamp = result
        return result


def list_drafts(folder: Path) -> list[tuple[Path, Draft | LoadError]]:
    """Drafts in a folder, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.toml"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:  # removed meanwhile
            continue
    return [(p, load(p)) for _, p in sorted(found, reverse=True)]


@dataclass(frozen=True)
class LockHolder:
    """Who holds a draft: shown to the next person who tries to open it."""

    user: str
    pid: int
    since: str
    client: str = ""

    def describe(self) -> str:
        when = self.since.replace("T", " ")[:16]
        where = f"、接続元 {self.client}" if self.client else ""
        return f"この下書きは {self.user} さんが {when} から編集中です（プロセス {self.pid}{where}）。"


class DraftLock:
    """One editor per draft: an OS lock (flock) that dies with the process holding it.

    A dropped connection ends the process and so the lock: a dead holder never blocks the next login.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> LockHolder | None:
        """Take the lock; returns None when taken, or who holds it."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                data = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
                holder = LockHolder(str(data.get("user", "?")), int(data.get("pid", 0)), str(data.get("since", "")),
                                    str(data.get("client", "")))
            except (ValueError, UnicodeDecodeError):
                holder = LockHolder("?", 0, "")
            os.close(fd)
            return holder
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = str(os.getuid())
        info = {
            "user": user,
            "pid": os.getpid(),
            "since": dt.datetime.now().replace(microsecond=0).isoformat(),
            "client": (os.environ.get("SSH_CLIENT") or "").split(" ")[0],
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        self._fd = fd
        return None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
