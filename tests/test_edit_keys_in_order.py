"""Editing keys in a burst apply in the order typed: Backspace, Delete or an arrow typed fast (over SSH, in
a paste) acts where it was typed, not after the characters and the Enter behind it.

Textual runs a widget's key bindings (Backspace, the arrows…) only once the key has bubbled up to the
app, while characters are inserted (and our Enter sent) by the widget at once: a burst 「abc⌫d」 became
「abc」, and 「⌫」 Enter on a 301-character narrative sent the 301 characters (refused again).
"""

from __future__ import annotations

import pytest
from textual import events

from dejiden.model import draft

from .test_fast_keys import key_event
from .tui_helpers import app_for, seed_draft, type_text

pytestmark = pytest.mark.writes_files

BS, LEFT, DOWN, ENTER = "backspace", "left", "down", "enter"  # key names (an event is new each time it is sent)


def burst(app, *keys) -> None:
    """Queue every key before the first is handled, as one read from the terminal."""
    for k in keys:
        for e in ([events.Key(k, "\r" if k == ENTER else None)] if k in (BS, LEFT, DOWN, ENTER)
                  else [key_event(c) for c in k]):
            app.post_message(e)


async def test_backspace_in_a_burst_edits_the_narrative_where_it_was_typed(tmp_path):
    seed_draft(tmp_path, current="kpis[0].narrative_unachieved", clear=("kpis[0].narrative_unachieved",))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "abc", BS, "d", LEFT, "X")
        await pilot.pause(0.5)
        assert app.screen.query_one("#narrative").text == "abXd"


async def test_backspace_then_enter_sends_the_shortened_narrative(tmp_path):
    path, report = seed_draft(tmp_path, current="kpis[0].narrative_unachieved")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "あ" * 12)  # 301 characters
        await pilot.press("enter")  # refused
        await pilot.pause(0.3)
        burst(app, BS, ENTER)
        await pilot.pause(0.5)
        assert app.screen.walker.current != "kpis[0].narrative_unachieved"
    assert draft.load(path).report.kpis[0].narrative_unachieved == report.kpis[0].narrative_unachieved + "あ" * 11


async def test_backspace_in_a_burst_edits_a_line_answer(tmp_path):
    path, _ = seed_draft(tmp_path, current="header.department", clear=("header.department",))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "政策x", BS, "課\r")
        await pilot.pause(0.5)
    assert draft.load(path).report.header.department == "政策課"


async def test_arrow_keys_then_enter_in_a_burst_send_the_choice_they_reached(tmp_path):
    path, _ = seed_draft(tmp_path, current="header.collaboration", clear=("header.collaboration",))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, DOWN, DOWN, ENTER)
        await pilot.pause(0.5)
    assert draft.load(path).report.header.collaboration == "広域連携"
