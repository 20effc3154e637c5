"""The list of drafts: one row per draft with how far it is, and where the newest one stopped.

The TUI's start screen and the plain line mode show the same rows (no Textual here).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dejiden.model.safe_text import shown

from . import phrases


@dataclass(frozen=True)
class Summary:
    """One row of the list: a draft and how far it is, or why it cannot be read."""

    path: Path
    who: str = ""
    project: str = ""
    answered: int = 0
    total: int = 1
    at: str | None = None  # the question it stopped at
    pending: int = 0  # characters typed there but not sent
    ticks: bool = False  # what waits there is a multi-select's ticks (``pending`` counts them, not characters)
    problem: str | None = None


def summarize(path: Path) -> Summary:
    """Load a draft and count its answers; an unreadable draft is a row with the reason, never a crash."""
    from dejiden.model.draft import DraftFile
    from dejiden.model.files import LoadError

    from .walker import Walker

    try:
        loaded = DraftFile(path).open()
        if isinstance(loaded, LoadError):
            return Summary(path, problem=loaded.reason)
        walker = Walker(loaded)
        answered, total = walker.counts()
        h = loaded.report.header
        step = walker.step()
        session = loaded.session
        pending = len(session.pending) if session.pending and session.pending_for == walker.current else 0
        ticks = bool(pending) and step is not None and step.kind == "multi"
        if ticks:
            pending = len(session.pending.split("、"))
        who = h.municipality if h.municipality and h.municipality == h.prefecture else f"{h.prefecture or ''}{h.municipality or ''}"
        return Summary(path, who, h.project_name or "", answered, total,  # a prefecture itself: 北海道, not 北海道北海道
                       step.label if step else None, pending, ticks)
    except Exception as exc:  # noqa: BLE001 - a damaged draft must never take the list down
        return Summary(path, problem=unexpected(exc))


def unexpected(exc: BaseException) -> str:
    """What is wrong with a draft the loader let through but that still failed, in words (never a Python name),
    and what to do: the file is left as it is, so whoever looks after the server can read it."""
    from dejiden.model.oserrors import os_error_ja

    if isinstance(exc, OSError):
        what = f"ファイルを開けません（{os_error_ja(exc)}）"
    elif isinstance(exc, UnicodeError):
        what = "UTF-8で保存されていない文字があります"
    elif isinstance(exc, (MemoryError, RecursionError)):
        what = "大きすぎるか、入れ子が深すぎます"
    else:
        what = "内容が壊れているか、このdejidenの知らない書き方です"
    return f"{what}。ファイルはそのまま残してあります。管理者に知らせてください"


def row_text(s: Summary) -> str:
    """One line of the list: a name with a newline or ESC in it shows them as marks (␊, ␛)."""
    name = shown(s.path.name, newlines=False)
    if s.problem:
        return f"  {name}（読めません：{shown(s.problem, newlines=False)}）"
    who = s.who or "団体名未入力"
    project = s.project or "事業名未入力"
    if len(project) > 20:
        project = project[:19] + "..."
    percent = s.answered * 100 // max(s.total, 1)
    return shown(f"{percent:>4}%  {who}｜{project}  {name}", newlines=False)


def resume_text(newest: Summary | None) -> str:
    """Where the newest draft stopped (empty when there is none, it is unreadable or finished)."""
    if newest is None or newest.problem is not None or newest.at is None:
        return ""
    who = f"（{newest.who}）" if newest.who else ""
    typed = f"、書きかけ {newest.pending}字" if newest.pending else ""
    if newest.ticks:
        typed = f"、選んで送っていない項目 {newest.pending}つ"
    return phrases.RESUME.format(name=shown(newest.path.name, newlines=False), who=who, at=newest.at, typed=typed)
