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
    try:
        command = shlex.split(editor)
    except ValueError:  # an unbalanced quote
        log.add(Message("bot", f"エディタを起動できませんでした（環境変数 EDITOR「{editor}」の引用符が閉じていません）。", "error"))
        return
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(area.typed_text())
        name = fh.name
    failed: OSError | None = None
    text: str | None = None
    try:
        with screen.app.suspend():
            try:
                subprocess.call([*command, name])
            except OSError as exc:  # caught in here: Textual resumes only when this block ends without one
                failed = exc
        if failed is None:
            text = Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        failed = exc
    except UnicodeDecodeError:
        log.add(Message("bot", "エディタで保存した文章が UTF-8 ではないため読み込めませんでした（入力欄は元のままです）。"
                               "エディタの文字コードを UTF-8 にしてください。", "error"))
    finally:
        Path(name).unlink(missing_ok=True)
    if failed is not None:
        log.add(Message("bot", f"エディタを起動できませんでした（{os_error_ja(failed)}）。", "error"))
    elif text is not None:
        area.set_text(text.rstrip("\n"))
