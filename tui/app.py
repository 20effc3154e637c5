"""The dejiden app: one factory builds it for the command line and for the tests."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from platformdirs import user_data_dir
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.binding import Binding

from model.draft import DraftFile, LoadError

from .screens import ChatScreen, StartScreen

DATA_DIR_ENV = "DEJIDEN_DATA_DIR"


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or user_data_dir("dejiden", appauthor=False))


@dataclass
class AppConfig:
    """Everything that differs between a real run and a test run."""

    path: Path | None = None
    data_dir: Path = field(default_factory=default_data_dir)
    restricted: bool = False
    today: Callable[[], dt.date] = dt.date.today
    now: Callable[[], dt.datetime] = dt.datetime.now
    blink: bool = True
    autosave_seconds: float = 2.0


class DejidenApp(App):
    CSS_PATH = "dejiden.tcss"
    TITLE = "dejiden"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "終了", id="quit", priority=True),
        Binding("ctrl+p", "command_palette", "移動", id="jump", priority=True, show=False),
    ]
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config

    def on_mount(self) -> None:
        if self.config.path is not None:
            self.open_draft(self.config.path)
        else:
            self.push_screen(StartScreen())

    def new_draft_path(self) -> Path:
        folder = self.config.data_dir
        folder.mkdir(parents=True, exist_ok=True)
        stamp = self.config.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"report-{stamp}.toml"
        n = 2
        while path.exists():
            path = folder / f"report-{stamp}-{n}.toml"
            n += 1
        return path

    def open_draft(self, path: Path) -> None:
        store = DraftFile(path)
        loaded = store.open()
        if isinstance(loaded, LoadError):
            self.notify(loaded.describe(), title="下書きを開けません", severity="error", timeout=15)
            return
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            store.save(loaded)
        self.push_screen(ChatScreen(path, loaded, store, self.config.today))

    def get_system_commands(self, screen):
        """Only Japanese, harmless commands in the palette (no screenshots, no theme switching)."""
        yield SystemCommand("終了", "下書きを保存して終了します", self.exit_saving)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder="質問を検索（例：KPI② 実績）…"))

    def exit_saving(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                screen.flush_pending(ui=False)
        self.exit()

    async def action_quit(self) -> None:
        self.exit_saving()


def make_app(config: AppConfig | None = None) -> DejidenApp:
    return DejidenApp(config or AppConfig())


def run(path: Path | None = None, restricted: bool = False) -> int:
    if path is not None:
        loaded = DraftFile(path).open()
        if isinstance(loaded, LoadError):
            sys.stderr.write(loaded.describe() + "\n")
            return 2
    make_app(AppConfig(path=path, restricted=restricted)).run()
    return 0
