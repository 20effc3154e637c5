"""ctrl+o: the narrative box written in the user's $EDITOR (never in restricted mode)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from dejiden.model.oserrors import os_error_ja
from dejiden.prompts.view import Message

from .chatlog import ChatLog
from .widgets import AnswerArea

if TYPE_CHECKING:
    from textual.screen import Screen


def edit_narrative(screen: Screen) -> None:
    """Hand the narrative box's text to $VISUAL/$EDITOR and take back what was written."""
    log = screen.query_one(ChatLog)
    area = screen.query_one(AnswerArea)
    if area.kind != "narrative":
        log.add(Message("bot", "エディタで書けるのは記述欄だけです。", "note"))
        return
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        log.add(Message("bot", "環境変数 EDITOR が設定されていません（例：export EDITOR=nano）。この画面で書くこともできます。", "error"))
        return
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(area.typed_text())
        name = fh.name
    try:
        with screen.app.suspend():
            subprocess.call([*shlex.split(editor), name])
        area.set_text(Path(name).read_text(encoding="utf-8").rstrip("\n"))
    except OSError as exc:
        log.add(Message("bot", f"エディタを起動できませんでした（{os_error_ja(exc)}）。", "error"))
    finally:
        Path(name).unlink(missing_ok=True)
