"""The dejiden app: one factory builds it for the command line and for the tests."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from dejiden.model.files import LoadError, private_folder
from dejiden.model.safe_text import shown
from dejiden.prompts import phrases
from dejiden.prompts.session import STATE_TEXT, DraftSession

from .chat import ChatScreen
from .config import DATA_DIR_ENV, AppConfig, default_data_dir
from .keys import SETTLE_TIMEOUT, KeyGate
from .opening import farewell, is_allowed, new_session, open_session, utf8_terminal
from .quit import UnsavedScreen
from .start import StartScreen

__all__ = ["DATA_DIR_ENV", "AppConfig", "DejidenApp", "default_data_dir", "make_app", "run"]


class DejidenApp(App):
    CSS_PATH = "dejiden.tcss"
    TITLE = "dejiden"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "終了", id="quit", priority=True),
        Binding("ctrl+p", "command_palette", "移動", id="jump", priority=True, show=False),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, config: AppConfig, opened: DraftSession | LoadError | None = None) -> None:
        super().__init__()
        self.config = config
        self._opened = opened  # config.path already opened by the command line (see run())
        self._startup_problem: tuple[str, str] | None = None
        self._gate = KeyGate()
        self._gate_turn = 0

    def get_default_screen(self) -> Screen:
        """The first screen is the draft's chat (or the list of drafts): no blank screen painted first."""
        if self.config.path is None:
            return StartScreen()
        opened = self.chat_screen(self.config.path, self._opened)
        self._opened = None
        if isinstance(opened, ChatScreen):
            return opened
        self._startup_problem = opened
        return super().get_default_screen()

    def on_mount(self) -> None:
        self._install_signal_handlers()
        if self.config.data_dir.is_dir():
            try:
                private_folder(self.config.data_dir)  # a folder made 0755 by an older version is tightened
            except OSError:
                pass
        if self._startup_problem is not None:
            self.show_problem(*self._startup_problem)

    def show_problem(self, title: str, message: str) -> None:
        """Why a draft cannot be opened (or edited), as a notification that stays a while."""
        self.notify(shown(message), title=title, severity="error", timeout=15, markup=False)

    # ---------------------------------------------------------------- keys strictly in order

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and not self._admit(event):
            return  # waits until the screen has set up the next question
        await super().on_event(event)

    def _admit(self, event: events.Key) -> bool:
        screen = self.screen
        ends_turn = getattr(screen, "ends_turn", None)
        if isinstance(screen, CommandPalette):
            ends_turn = _palette_ends_turn  # keys after the choice wait for the question it jumps to
        ready = getattr(screen, "keys_ready", True)  # a chat screen still being set up takes keys once it is
        admitted = self._gate.admit(event, (lambda e: ends_turn(e, self.focused)) if ends_turn else None, ready)
        if admitted and self._gate.closed:
            self._gate_turn += 1
            turn = self._gate_turn
            self.set_timer(SETTLE_TIMEOUT, lambda: self._gate_turn == turn and self.keys_settled())
        return admitted

    def keys_settled(self) -> None:
        """The screen has handled the answer and set up the next question: hand on the keys that waited
        (after the focus change it asked for, which is queued before this)."""
        self.call_later(self._release_keys)

    async def _release_keys(self) -> None:
        held = self._gate.open()
        while held:
            event = held.pop(0)
            if self._gate.closed:  # a key that waited sent another answer: the rest wait again
                self._gate.waiting.extendleft(reversed([event, *held]))
                return
            if self._admit(event):
                await super().on_event(event)

    @on(CommandPalette.Closed)
    def _palette_closed(self) -> None:
        # Posted before the chosen command is queued: settling is queued after it (and after its focus change).
        self.call_later(self.keys_settled)

    # ---------------------------------------------------------------- a dropped line loses nothing

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self._on_signal, sig)
            except (NotImplementedError, RuntimeError):  # not the main thread (tests)
                pass

    def chats(self) -> list[ChatScreen]:
        return [s for s in self.screen_stack if isinstance(s, ChatScreen)]

    def save_everything(self) -> bool:
        """Save what was typed but not sent, in every open draft; True when everything is on disk."""
        for chat in self.chats():
            chat.save_now()
        return not any(chat.session.unsaved for chat in self.chats())

    def release_locks(self) -> None:
        for chat in self.chats():
            chat.session.release()

    def on_unmount(self) -> None:
        self.release_locks()  # however the app ends (the process may live on, as in tests)

    def _on_signal(self, sig: int) -> None:
        self.save_everything()
        self.release_locks()
        if sig == signal.SIGHUP:
            # The terminal is gone: restoring it would only fail. Leave now, nothing more can be saved.
            os._exit(0)
        self.exit()

    def action_help_quit(self) -> None:
        self.notify("終了するには ctrl+q を押します（答えは保存済みです）。", timeout=4)

    # ---------------------------------------------------------------- drafts

    def is_allowed(self, path: Path) -> str | None:
        return is_allowed(self.config, path)

    def open_draft(self, path: Path | None) -> None:
        """Open a draft from the list (``None``: a new one, which gets a file with its first answer)."""
        opened = self.chat_screen(path) if path is not None else new_session(self.config)
        opened = ChatScreen(opened) if isinstance(opened, DraftSession) else opened
        if isinstance(opened, ChatScreen):
            self.push_screen(opened)
        else:
            self.show_problem(*opened)
            self.keys_settled()  # the list stays: the keys typed after Enter go to it

    def chat_screen(self, path: Path, opened: DraftSession | LoadError | None = None) -> ChatScreen | tuple[str, str]:
        """The chat for a draft (taking its lock), or why it cannot be opened (title, message)."""
        session = open_session(self.config, path, opened)
        return ChatScreen(session) if isinstance(session, DraftSession) else session

    def get_system_commands(self, screen):
        """Only Japanese, harmless commands in the palette (no screenshots, no theme switching)."""
        yield SystemCommand("終了", "下書きを保存して終了します", self.action_quit)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder="質問を検索（例：KPI② 実績）"))

    async def action_quit(self) -> None:
        """Save and leave, after the keys already handed to the focused input (a burst that ends in
        ctrl+q: the text typed before it is saved too)."""
        focused = self.focused
        if focused is not None and focused.is_attached:
            focused.call_later(self._quit)
        else:
            await self._quit()

    async def _quit(self) -> None:
        """When something cannot be saved, say so and let the user retry or wait."""
        if self.save_everything():
            self.release_locks()
            farewell = self.farewell()  # plain text on the terminal after the app (never Rich markup)
            self.exit(message=Text(shown(farewell)) if farewell else None)
        elif not isinstance(self.screen, UnsavedScreen):
            states = [STATE_TEXT[chat.session.state] for chat in self.chats() if chat.session.unsaved]
            self.push_screen(UnsavedScreen("、".join(dict.fromkeys(states))), self._after_unsaved)

    def farewell(self) -> str | None:
        """What the terminal shows after the app: where the draft is and how to go on with it."""
        chats = self.chats()
        return farewell(self.config, chats[-1].session if chats else None)

    def _after_unsaved(self, choice: str | None) -> None:
        if choice == UnsavedScreen.RETRY:
            self.call_later(self.action_quit)
        elif choice == UnsavedScreen.DISCARD:
            self.release_locks()
            self.exit(return_code=1, message=phrases.UNSAVED_LEFT)


def _palette_ends_turn(event: events.Key, focused: object) -> bool:
    """Enter (choose) and Escape (close) in ctrl+p end the turn; the palette's Closed message settles it."""
    return event.key in ("enter", "escape")


def make_app(config: AppConfig | None = None, opened: DraftSession | LoadError | None = None) -> DejidenApp:
    return DejidenApp(config or AppConfig(), opened)


def run(path: Path | None = None, restricted: bool = False, **options: Any) -> int:
    """The ``dejiden`` command (``options`` go to ``App.run``; the benchmark runs it headless)."""
    utf8_terminal()
    if restricted:
        os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)  # ctrl+z / ctrl+c never reach a shell
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            sys.stderr.write("dejiden には端末が必要です。ssh -t で接続してください（コマンドやファイル転送は使えません）。\n")
            return 1
        if path is not None or os.environ.get("SSH_ORIGINAL_COMMAND"):
            sys.stderr.write("制限モードではファイルの場所を指定できません。dejiden の一覧から選んでください。\n")
            if path is not None:
                return 2
    config = AppConfig(path=path, restricted=restricted)
    opened = None
    if path is not None:
        opened = DraftSession.open(path, config.today)
        if isinstance(opened, LoadError):
            sys.stderr.write(opened.describe() + "\n")
            return 2
    app = make_app(config, opened)
    app.run(**options)
    return app.return_code or 0
