"""A command typed on a choice question (「/jump KPI3 KPI名」, 「/delete」) is a command, never an answer.

A choice list has no text box: the 「3」 of 「/jump KPI3 KPI名」 selected the third choice and the Enter
sent it, so a jump from 1-1 recorded 「部局横断チーム」. Now 「/」 opens a line for the command (Esc, or
erasing the 「/」, goes back to the list, with its selection or ticks as they were)."""

from __future__ import annotations

import pytest

from dejiden.model import draft

from .screen_text import screen_text
from .test_fast_keys import _send_all_at_once
from .tui_helpers import app_for, seed_draft

pytestmark = pytest.mark.writes_files


@pytest.mark.parametrize("slash", ["/", "／"])  # ／: typed with the Japanese input method on
async def test_a_jump_typed_on_a_choice_question_jumps_and_answers_nothing(tmp_path, slash):
    path, _ = seed_draft(tmp_path, clear=("checklist.1-1",), current="checklist.1-1")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _send_all_at_once(app, slash + "jump KPI3 KPI名\r")
        await pilot.pause(0.5)
        assert app.screen.walker.current == "kpis[2].name"
    assert draft.load(path).report.checklist.get("1-1") is None


async def test_a_command_on_a_multi_select_keeps_the_ticks(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("checklist.1-2",), current="checklist.1-2")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _send_all_at_once(app, "13/hel")
        await pilot.pause(0.3)
        assert "/hel" in screen_text(app) and "Esc" in screen_text(app)
        await pilot.press("escape")  # back to the list: the ticks as they were
        await pilot.pause()
        assert "[x] 1" in screen_text(app) and "[x] 3" in screen_text(app) and "[ ] 2" in screen_text(app)
        await _send_all_at_once(app, "/help\r")
        await pilot.pause(0.5)
        assert app.screen.walker.current == "checklist.1-2"
        assert draft.load(path).report.checklist.get("1-2") is None  # /help answered nothing


async def test_erasing_the_slash_goes_back_to_the_choices(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.collaboration",), current="header.collaboration")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _send_all_at_once(app, "2/")
        await pilot.pause(0.3)
        await pilot.press("backspace")
        await pilot.pause()
        assert "(*) 2  広域連携" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.3)
    assert draft.load(path).report.header.collaboration == "広域連携"


@pytest.mark.parametrize("typed", ["／ｈｅｌｐ", "／help", "/help"])
def test_a_full_width_slash_is_a_command_on_a_line_question(typed):
    from dejiden.prompts.walker import Walker

    w = Walker(draft.Draft())
    w.goto("header.department")
    reply = w.handle(typed)
    assert reply.action == "help" and w.report.header.department is None  # not stored as the department


def test_a_full_width_space_separates_a_command_from_its_words():
    from dejiden.prompts.walker import Walker

    w = Walker(draft.Draft())
    w.handle("／ｊｕｍｐ　担当部局名")
    assert w.current == "header.department"
