"""Keys typed right after choosing a question in ctrl+p or F2 wait for that question (no crash, no leak)."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from dejiden.model import draft
from dejiden.tui.chat import ChatScreen
from dejiden.tui.review import ReviewScreen

from .test_fast_keys import key_event
from .tui_helpers import app_for, seed_draft, type_text

pytestmark = pytest.mark.writes_files


def burst(app, keys: str) -> None:
    from textual import events

    for c in keys:  # as the terminal driver does: all queued at once
        app.post_message(events.Key("escape", c) if c == "\x1b" else key_event(c))


async def settle(pilot) -> None:
    for _ in range(10):
        await pilot.pause(0.05)


async def test_typing_on_after_enter_in_the_palette_answers_the_chosen_question(tmp_path):
    path, _ = seed_draft(tmp_path, current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "KPI1 2023 目標")
        await pilot.pause(0.5)  # the palette has found it
        assert isinstance(app.screen, CommandPalette)
        burst(app, "\r90\r")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
    assert draft.load(path).report.kpis[0].years[2023].target == 90


async def test_typing_on_after_enter_in_the_review_answers_the_chosen_question(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.phone",), current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # the missing phone number is listed first
        burst(app, "\r0263-52-0000\r")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
    assert draft.load(path).report.header.phone == "0263-52-0000"


async def test_typing_on_after_escape_in_the_palette_goes_back_to_the_question(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        burst(app, "\x1b企画政策課\r")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
    assert draft.load(path).report.header.department == "企画政策課"


async def test_typing_on_after_opening_a_draft_from_the_list_answers_its_question(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    app = app_for(tmp_path, name=None)  # the list of drafts; the newest is highlighted
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "\r企画政策課\r")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
    assert draft.load(path).report.header.department == "企画政策課"


async def test_typing_on_after_n_in_the_list_answers_the_new_drafts_questions(tmp_path):
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "n\r1\r\r塩尻市\r")  # new; edition: the newest (picked); entry date: today; municipality
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
    assert draft.load(tmp_path / "塩尻市.toml").report.header.municipality == "塩尻市"
