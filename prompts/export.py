"""Writing an open draft's workbook beside it, and what to say about it (the TUI's F5 and the plain /export)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from dejiden.model.oserrors import os_error_ja

from . import phrases
from .session import DraftSession
from .view import Message


def export(session: DraftSession, *, review: str, hint: Callable[[Path | None], str | None] = lambda p: None) -> list[Message]:
    """Write the workbook (the caller has saved what was typed); say where, how to fetch it (``hint``,
    over SSH) and what is still missing (``review`` names the way to the list: F2 or /review)."""
    from dejiden.model import workbook

    if session.read_only:
        return [Message("bot", phrases.READ_ONLY_EXPORT, "error")]
    report = session.walker.report
    out = (session.path.parent if session.path else session.folder) / workbook.default_name(report)
    try:
        done = workbook.export(report, session.walker.spec, out, session.walker.draft.unconfirmed)
    except OSError as exc:
        return [Message("bot", phrases.EXPORT_FAILED.format(reason=os_error_ja(exc)), "error")]
    said = [Message("bot", phrases.EXPORTED.format(path=done.path), "result")]
    fetch = hint(session.path)
    if fetch:
        said.append(Message("bot", fetch, "note"))
    if not done.result.complete:
        said.append(Message("bot", phrases.EXPORT_MISSING.format(summary=done.result.summary(), review=review), "info"))
    return said
