"""The dejiden app: one factory builds it for the command line and for the tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from dejiden.model.files import DraftLock, LoadError, private_folder
from dejiden.model.oserrors import os_error_ja
from dejiden.model.safe_text import shown
from dejiden.prompts import frame as frames

from .chat import CANNOT_LOAD, ChatScreen
from .start import StartScreen

DATA_DIR_ENV = "DEJIDEN_DATA_DIR"


def default_data_dir() -> Path:
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    from platformdirs import user_data_dir

    return Path(user_data_dir("dejiden", appauthor=False))


@dataclass
class AppConfig:
    """Everything that differs between a real run and a test run."""

    path: Path | None = None
    data_dir: Path = field(default_factory=default_data_dir)
    restricted: bool = False
    today: Callable[[], dt.date] = dt.date.today
    now: Callable[[], dt.datetime] = dt.datetime.now
    blink: bool = field(default_factory=lambda: os.environ.get("DEJIDEN_BLINK") == "1")  # idle sends nothing unless asked
    autosave_seconds: float = 2.0


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

    def __init__(self, config: AppConfig, opened: frames.Opened | LoadError | None = None) -> None:
        super().__init__()
        self.config = config
        self._opened = opened  # config.path already opened by the command line (see run())
        self.locks: list[DraftLock] = []
        self._startup_problem: tuple[str, str] | None = None

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

    # ---------------------------------------------------------------- a dropped line loses nothing

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self._on_signal, sig)
            except (NotImplementedError, RuntimeError):  # not the main thread (tests)
                pass

    def save_everything(self) -> None:
        """Save what was typed but not sent, in every open draft (answers are saved as they come)."""
        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                screen.flush_pending(ui=False, force=True)

    def on_unmount(self) -> None:
        self.release_locks()  # however the app ends (the process may live on, as in tests)

    def release_locks(self) -> None:
        for lock in self.locks:
            lock.release()
        self.locks.clear()

    def _on_signal(self, sig: int) -> None:
        self.save_everything()
        self.release_locks()
        if sig == signal.SIGHUP:
            # The terminal is gone: restoring it would only fail. Leave now, nothing is unsaved.
            os._exit(0)
        self.exit()

    def action_help_quit(self) -> None:
        self.notify("終了するには ctrl+q を押します（答えは保存済みです）。", timeout=4)

    # ---------------------------------------------------------------- drafts

    def is_allowed(self, path: Path) -> str | None:
        """In restricted mode a draft must be a plain file inside the user's own data folder."""
        if not self.config.restricted:
            return None
        folder = self.config.data_dir.resolve()
        if path.is_symlink() or path.resolve().parent != folder or ".." in path.parts:
            return "制限モードでは、自分の保存場所にある下書きだけを開けます。"
        return None

    def new_draft_path(self) -> Path:
        folder = self.config.data_dir
        stamp = self.config.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"report-{stamp}.toml"
        n = 2
        while path.exists():
            path = folder / f"report-{stamp}-{n}.toml"
            n += 1
        return path

    def open_draft(self, path: Path) -> None:
        opened = self.chat_screen(path)
        if isinstance(opened, ChatScreen):
            self.push_screen(opened)
        else:
            self.show_problem(*opened)

    def chat_screen(self, path: Path, opened: frames.Opened | LoadError | None = None) -> ChatScreen | tuple[str, str]:
        """The chat for a draft (taking its lock), or why it cannot be opened (title, message)."""
        refusal = self.is_allowed(path)
        if refusal:
            return "開けません", refusal
        opened = opened or frames.opening(path, self.config.today)
        if isinstance(opened, LoadError):
            return CANNOT_LOAD, opened.describe()
        frame, load = opened
        try:
            if path.parent == self.config.data_dir:
                private_folder(path.parent)  # 0700 whatever the umask (an existing one is tightened)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
            lock = DraftLock(path)
            holder = lock.acquire()
            if holder is None:
                self.locks.append(lock)
                if not path.exists():
                    loaded = load()  # a new draft: already loaded, nothing heavy here
                    if isinstance(loaded, LoadError):
                        return CANNOT_LOAD, loaded.describe()
                    walker, store = loaded
                    store.save(walker.draft)
        except OSError as exc:
            return "開けません", f"{path} を開けません（{os_error_ja(exc)}）。保存場所と権限を確かめてください。"
        return ChatScreen(path, frame, load, read_only=holder)

    def get_system_commands(self, screen):
        """Only Japanese, harmless commands in the palette (no screenshots, no theme switching)."""
        yield SystemCommand("終了", "下書きを保存して終了します", self.exit_saving)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder="質問を検索（例：KPI② 実績）"))

    def exit_saving(self) -> None:
        self.save_everything()
        self.release_locks()
        self.exit()

    async def action_quit(self) -> None:
        self.exit_saving()


def make_app(config: AppConfig | None = None, opened: frames.Opened | LoadError | None = None) -> DejidenApp:
    return DejidenApp(config or AppConfig(), opened)


def _utf8_terminal() -> None:
    """Japanese must display and be typed even with LANG/LC_ALL unset or C (common over SSH)."""
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def run(path: Path | None = None, restricted: bool = False, **options: Any) -> int:
    """The ``dejiden`` command (``options`` go to ``App.run``; the benchmark runs it headless)."""
    _utf8_terminal()
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
        opened = frames.opening(path, config.today)  # cheap when the draft's frame is saved beside it
        if isinstance(opened, LoadError):
            sys.stderr.write(opened.describe() + "\n")
            return 2
    make_app(config, opened).run(**options)
    return 0
