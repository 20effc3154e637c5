"""Ambiguous places are a choice (issue 18 item 4): a name that fits several bodies is offered as a
numbered list, and no message repeats the prefecture (「高知県高知県」)."""

from __future__ import annotations

import pytest

from dejiden.model import draft, municipalities
from dejiden.prompts.places import PLACE
from dejiden.prompts.walker import Walker

from .screen_text import screen_text
from .tui_helpers import TODAY, app_for, chat_text, seed_draft, type_text


def _walker() -> Walker:
    w = Walker(draft.Draft(), today=lambda: TODAY)
    w.goto("header.municipality")
    return w


@pytest.mark.parametrize("typed, options", [
    ("高知", ("高知県", "高知県高知市")),
    ("福島", ("福島県", "北海道福島町", "福島県福島市")),
    ("府中", ("東京都府中市", "広島県府中市", "広島県府中町")),
    ("伊達", ("北海道伊達市", "福島県伊達市")),
])
def test_a_name_that_fits_several_bodies_is_a_numbered_choice(typed, options):
    w = _walker()
    reply = w.handle(typed)
    assert w.current == PLACE and w.prompt().options == options
    assert w.report.header.municipality is None  # nothing stored until the officer picks
    assert f"「{typed}」に当てはまる団体が{len(options)}つあります" in reply.messages[-1].text
    refused = w.handle("")
    assert w.current == PLACE and "まだ選んでいません" in refused.messages[-1].text
    w.handle(str(len(options)))
    last = municipalities.matches(typed)[len(options) - 1]
    h = w.report.header
    assert (h.municipality, h.prefecture, h.lg_code) == (last.name, last.prefecture, last.code)
    assert w.step(PLACE) is None and w.current == "header.department"


def test_the_prefecture_itself_can_be_picked():
    w = _walker()
    w.handle("高知")
    w.handle("1")
    h = w.report.header
    assert (h.municipality, h.prefecture, h.lg_code) == ("高知県", "高知県", "39000")


def test_back_from_the_choice_asks_for_the_name_again():
    w = _walker()
    w.handle("高知")
    w.back()
    assert w.current == "header.municipality"
    w.handle("高知市")
    assert w.report.header.municipality == "高知市" and w.step(PLACE) is None


def test_no_message_repeats_a_prefecture():
    for pref in municipalities.prefectures():
        for typed in (pref, pref[:-1]):
            found = municipalities.lookup(typed)
            text = found.message if hasattr(found, "message") else ""
            assert pref + pref not in text, text
    assert all(municipalities.shown_name(m).count(m.prefecture) == 1 or m.prefecture in m.name
               for m in municipalities.municipalities())


@pytest.mark.writes_files
async def test_the_choice_in_the_app_is_a_number_then_enter(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.municipality", "header.prefecture", "header.lg_code"),
                         current="header.municipality")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "高知")
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "( ) 1  高知県" in shown and "( ) 2  高知県高知市" in shown
        assert "高知県高知県" not in chat_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert "(*) 2  高知県高知市" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
    h = draft.load(path).report.header
    assert (h.municipality, h.prefecture, h.lg_code) == ("高知市", "高知県", "39201")
