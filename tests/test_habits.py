"""A test of habits (issue 18 item 6): the seed report and an invented one, typed as one burst per section
with a number and Enter on every choice, PageUp before Enter on some, Enter on every suggestion shown;
every value stored is the one meant."""

from __future__ import annotations

import datetime as dt

import pytest
from textual import events

from dejiden.model import draft, paths
from dejiden.model.example import seed_report
from dejiden.prompts.walker import REVIEW
from dejiden.tui.app import AppConfig, make_app
from dejiden.tui.chat import ChatScreen

from .habits import INVENTED, INVENTED_STORED, PAGEUP, bursts, invented_targets
from .seed_answers import seed_answers
from .test_fast_keys import _until, key_event
from .tui_helpers import NOW, TODAY

pytestmark = pytest.mark.writes_files


async def _type_in_bursts(tmp_path, answers: list[str], today: dt.date):
    keys, ends, walker = bursts(answers, today)
    app = make_app(AppConfig(path=tmp_path / "r.toml", data_dir=tmp_path, today=lambda: today, now=lambda: NOW,
                             blink=False, autosave_seconds=60))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for burst, end in zip(keys, ends):
            for key in burst:  # no pause: the whole section is queued before its first answer is handled
                app.post_message(events.Key("pageup", None) if key == PAGEUP else key_event(key))
            await _until(pilot, lambda: isinstance(app.screen, ChatScreen) and app.screen.walker.current == end)
        await pilot.pause(0.2)
        assert app.screen.walker.current == REVIEW
        log = app.screen.query_one("ChatLog")
        assert log.scroll_y == log.max_scroll_y  # after PageUp, the answer brought the newest message back
    saved = draft.load(tmp_path / "r.toml")
    assert saved.session.pending is None
    return saved.report, walker.report


async def test_the_seed_report_typed_by_habit_is_stored_exactly(tmp_path):
    stored, walked = await _type_in_bursts(tmp_path, seed_answers(), seed_report().header.entry_date)
    assert stored == seed_report() == walked


async def test_an_invented_report_typed_by_habit_stores_every_value_meant(tmp_path):
    stored, walked = await _type_in_bursts(tmp_path, INVENTED, TODAY)
    assert stored == walked
    assert stored.header.entry_date == TODAY  # Enter on the date offered
    expected = {**INVENTED_STORED, **invented_targets(*stored.ed.kpi_years)}
    assert {p: paths.get(stored, p) for p in expected} == expected
    final = stored.ed.final_year
    assert [k.status(final) for k in stored.kpis] == ["達成", "達成", "未達成", "未計測", "達成"]
    assert [bool(k.narrative_achieved) for k in stored.kpis] == [True, True, False, False, True]
