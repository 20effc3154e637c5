"""A command that stays on the question (F1 / /help, F2 and back, an unknown command) keeps what was typed
or ticked and not sent: the narrative's text, the line's text, a multi-select's ticks."""

from __future__ import annotations

import pytest

from dejiden.tui.choices import MultiList
from dejiden.tui.widgets import AnswerArea

from .screen_text import screen_text
from .tui_helpers import app_for, seed_draft, type_text

pytestmark = pytest.mark.writes_files


@pytest.mark.parametrize("key", ["f1", "f2"])
async def test_help_keeps_the_narrative_being_written(tmp_path, key):
    seed_draft(tmp_path, clear=("checklist.2-5",), current="checklist.2-5")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "運営の課題を書きかけ")
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        if key == "f2":
            await pilot.press("escape")
            await pilot.pause()
        assert app.screen.query_one("#narrative").text == "運営の課題を書きかけ"


async def test_help_keeps_a_line_being_typed(tmp_path):
    seed_draft(tmp_path, clear=("header.department",), current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "政策")
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.query_one(AnswerArea).typed_text() == "政策"


async def test_help_keeps_unsent_ticks(tmp_path):
    seed_draft(tmp_path, clear=("checklist.3-1",), current="checklist.3-1")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1", "3")
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.query_one(MultiList).selected == ["広報誌", "SNS"]
        assert "[x] 1" in screen_text(app)
