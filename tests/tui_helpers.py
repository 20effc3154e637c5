"""Helpers to drive the app with Pilot, as a person types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dejiden.tui.app import AppConfig, DejidenApp, make_app
from dejiden.tui.chat import ChatScreen

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 9, 0, 0)


def test_config(tmp_path: Path, path: Path | None = None, **kw) -> AppConfig:
    """Stable settings: fixed clock, no cursor blink, files under tmp_path."""
    return AppConfig(path=path, data_dir=tmp_path, today=lambda: TODAY, now=lambda: NOW, blink=False,
                     autosave_seconds=kw.pop("autosave_seconds", 0.2), **kw)


def app_for(tmp_path: Path, name: str | None = "r.toml", **kw) -> DejidenApp:
    return make_app(test_config(tmp_path, tmp_path / name if name else None, **kw))


def keys_for(text: str) -> list[str]:
    """Key names for typing ``text`` (Pilot takes one character as a key)."""
    names = {" ": "space", "\n": "ctrl+j"}
    return [names.get(c, c) for c in text]


async def type_text(pilot, text: str) -> None:
    """Type ``text`` key by key, as a terminal sends it.

    Pilot.press cannot type Japanese punctuation (it turns 。 into a key name it cannot map back),
    so the key events are sent with their character, the way the terminal driver does.
    """
    from textual import events
    from textual.keys import _character_to_key

    for c in text:
        if c == "\n":
            event = events.Key("ctrl+j", "\n")
        else:
            event = events.Key("space" if c == " " else _character_to_key(c), c)
        pilot.app.post_message(event)  # what the terminal driver does with each key
    await pilot.pause()


async def type_answer(pilot, text: str) -> None:
    """Answer the current question the way its input expects."""
    screen = pilot.app.screen
    assert isinstance(screen, ChatScreen)
    step = screen.walker.step()
    if step is not None and step.kind == "choice":
        options = ((step.blank,) if step.blank else ()) + step.choices
        # a number selects, Enter sends (empty: Enter on what is selected, the recorded value or a default)
        if text:
            await pilot.press(text if text.isdigit() else str(options.index(text) + 1))
        await pilot.press("enter")
    elif step is not None and step.kind == "multi":
        for n in text.split(","):
            await pilot.press(n)
        await pilot.press("enter")
    else:
        await type_text(pilot, text)
        await pilot.press("enter")
    await pilot.pause()


def chat_text(app) -> str:
    from dejiden.tui.chatlog import ChatLog

    return app.screen.query_one(ChatLog).text


def seed_draft(folder: Path, *, clear: tuple[str, ...] = (), current: str | None = None, name: str = "r.toml"):
    """Save the seed report with the answers at ``clear`` removed, left at question ``current``."""
    from dejiden.model import draft, paths
    from dejiden.model.example import seed_report

    report = seed_report()
    for p in clear:
        paths.clear(report, p)
    path = folder / name
    draft.save(path, draft.Draft(report, draft.Session(current=current)))
    return path, report


async def palette_query(pilot, query: str) -> None:
    """Open ctrl+p and type ``query``; wait past Textual's 0.5 s "no matches" countdown."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, query)
    await pilot.pause(1.2)


async def fill_log(pilot, times: int = 3) -> None:
    """Put enough in the chat log to scroll (F1's help, ``times`` over)."""
    for _ in range(times):
        await pilot.press("f1")
        await pilot.pause()


async def palette_jump(pilot, query: str) -> None:
    """Open ctrl+p, type ``query`` and take the first match, as a person would."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, query)
    await pilot.pause(0.3)  # the palette searches asynchronously
    await pilot.press("enter")
    await pilot.pause()
