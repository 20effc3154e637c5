"""What the screens need from the app: its settings, and the few calls they make to it (no import of app.py)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

DATA_DIR_ENV = "DEJIDEN_DATA_DIR"


def default_data_dir() -> Path:
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    from platformdirs import user_data_dir

    return Path(user_data_dir("dejiden", appauthor=False))


def draft_path(arg: str, data_dir: Path | None = None) -> Path:
    """The draft ``arg`` names: a bare name (no folder part) that is not in the current folder is
    the draft of that name in the data folder, as the list of drafts shows it. A name without a
    suffix that does not exist means the ``.toml`` draft (「dejiden 塩尻市」 is 塩尻市.toml), so a new
    draft always gets the name the list of drafts shows."""
    path = Path(arg)
    if not path.suffix and path.name not in ("", ".", "..") and not (path.exists() or path.is_symlink()):
        path = path.with_name(path.name + ".toml")
        arg = str(path)
    bare = os.sep not in arg and not (os.altsep and os.altsep in arg) and arg not in (".", "..")
    if not bare or path.exists() or path.is_symlink():
        return path
    return (data_dir or default_data_dir()) / path


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


class Host(Protocol):
    """The app as the screens see it (implemented by ``DejidenApp``)."""

    config: AppConfig

    def is_allowed(self, path: Path) -> str | None: ...
    def open_draft(self, path: Path | None) -> None: ...
    def show_problem(self, title: str, message: str) -> None: ...
    def keys_settled(self) -> None: ...


def host(app: App) -> Host:
    return cast(Host, app)
