"""The walker's commands typed into the input (/back, /skip, /jump, /review, /help, /export, /delete, /quit)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from .view import Message, Reply

if TYPE_CHECKING:  # the parts this one is given (prompts/walker.py builds them)
    from .effects import Effects
    from .navigation import Navigation
    from .rows import Rows
    from .wording import Wording

SLASHES = ("/", "／")  # a command starts with either: 「／ｈｅｌｐ」 is what the Japanese input method types

COMMANDS = {
    "/back": "ひとつ前の質問に戻る",
    "/skip": "この質問を後回しにする",
    "/jump": "質問に移動する（例：/jump KPI② 実績）",
    "/review": "内容の確認（未入力・エラーの一覧）",
    "/help": "この質問の説明と記入例",
    "/export": "提出用のExcelファイルを書き出す",
    "/delete": "いまの経費・収入の行、またはKPIを削除する（「/delete はい」で確定）",
    "/quit": "保存して終了する",
}


class Commands:
    """Anything typed into the input: a /command goes to the part that does it, anything else is an answer."""

    COMMANDS = COMMANDS

    def __init__(self, navigation: Navigation, rows: Rows, wording: Wording, effects: Effects) -> None:
        self.navigation, self.rows, self.wording, self.effects = navigation, rows, wording, effects

    def handle(self, text: str) -> Reply:
        """Anything typed into the input: a slash command or an answer."""
        stripped = text.strip()
        if stripped.startswith(SLASHES) and "\n" not in stripped:
            return self.command(stripped)
        return self.effects.answer(text)

    @staticmethod
    def command_name(text: str) -> str | None:
        """「/DELETE」, 「／ｄｅｌｅｔｅ」 → "/delete"; None for an answer."""
        stripped = text.strip()
        if not stripped.startswith(SLASHES) or "\n" in stripped:
            return None
        return unicodedata.normalize("NFKC", stripped.split()[0]).lower()

    def command(self, text: str) -> Reply:
        head, *rest = text.split(maxsplit=1)  # any space after the name, the full-width 「　」 too
        name = unicodedata.normalize("NFKC", head).lower()
        arg = rest[0] if rest else ""
        if name == "/back":
            return self.navigation.back()
        if name == "/skip":
            return self.navigation.skip()
        if name == "/jump":
            return self.navigation.jump(arg.strip()) if arg.strip() else Reply(action="jump")
        if name == "/review":
            return Reply(action="review")
        if name == "/help":
            return self.help()
        if name == "/delete":
            return self.rows.delete_row(arg)
        if name == "/export":
            return Reply(action="export")
        if name == "/quit":
            return Reply(action="quit")
        listing = "、".join(self.COMMANDS)
        return Reply([Message("bot", f"「{name}」というコマンドはありません。使えるのは {listing} です。", "error")])

    def help(self) -> Reply:
        p = self.wording.prompt()
        reply = Reply(action="help")
        commands = "コマンド：\n" + "\n".join(f"{k}　{v}" for k, v in self.COMMANDS.items())  # one a line: a screen reader reads each
        if p is None:
            reply.say("すべての質問が終わっています。/review で確認、/export で書き出し、直したい質問へは /jump です。")
            reply.say(commands)
            return reply
        reply.say(f"【{p.step.label}】{p.hint}")
        reply.say(commands)
        if p.example:  # last, so the whole example is what the log shows at 80x24 (the guide may cut it)
            reply.say(f"記入例：{p.example}")
        return reply
