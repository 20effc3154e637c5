"""One gesture for every question (issue 18 items 1 and 2): a number selects, Enter sends; the selection
is written as text; PageUp/PageDown scroll the log on a choice list; nothing judgement-changing is chosen
for the officer; unsent ticks are kept like typed text."""

from __future__ import annotations

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.tui.choices import ChoiceList

from .screen_text import screen_text
from .test_fast_keys import _send_all_at_once, _until
from .tui_helpers import app_for, chat_text, fill_log, seed_draft

pytestmark = pytest.mark.writes_files


async def test_a_number_only_selects_and_enter_sends(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.collaboration",), current="header.collaboration")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "( ) 1  単独" in shown and "( ) 2  広域連携" in shown  # nothing selected yet
        await pilot.press("2")
        await pilot.pause()
        assert "(*) 2  広域連携" in screen_text(app) and "( ) 1  単独" in screen_text(app)
        assert app.screen.walker.current == "header.collaboration"  # a number is not an answer
        assert app.screen.walker.report.header.collaboration is None
        await pilot.press("1")
        await pilot.pause()
        assert "(*) 1  単独" in screen_text(app) and "( ) 2  広域連携" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.walker.current != "header.collaboration"
    assert draft.load(path).report.header.collaboration == "単独"


async def test_enter_with_nothing_selected_stores_nothing_and_says_what_to_press(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.collaboration",), current="header.collaboration")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.walker.current == "header.collaboration"
        assert "まだ選んでいません。番号で選んでから Enter" in chat_text(app) and "1 単独、2 広域連携" in chat_text(app)
    assert draft.load(path).report.header.collaboration is None


async def test_pageup_on_a_choice_list_scrolls_the_log_and_keeps_the_selection(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("kpis[0].note",), current="kpis[0].note")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill_log(pilot)
        await pilot.press("2")  # 減少KPI selected
        log = app.screen.query_one("ChatLog")
        bottom = log.scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        assert log.scroll_y < bottom and choices.highlighted == 1
        assert "(*) 2  減少KPI" in screen_text(app)
        await pilot.press("pagedown", "enter")
        await pilot.pause()
    assert draft.load(path).report.kpis[0].note == "減少KPI"


async def test_digit_then_enter_on_the_edition_does_not_answer_the_next_question(tmp_path):
    """The burst of the first report (issue 18): 「2」 Enter on the edition, then the date, each where meant."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        walker = app.screen.walker
        assert walker.current == "edition"
        labels = walker.prompt().options
        await _send_all_at_once(app, "2\r2024年6月19日\r会津美里\r")
        await _until(pilot, lambda: walker.report.header.municipality is not None)
    saved = draft.load(tmp_path / "r.toml")
    assert saved.report.ed.label == labels[1]
    assert str(saved.report.header.entry_date) == "2024-06-19"
    assert saved.report.header.municipality == "会津美里町"


async def test_unsent_ticks_survive_ctrl_q_and_come_back(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("checklist.1-2",), current="checklist.1-2")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1", "3")
        await pilot.pause()
        await pilot.press("ctrl+q")
    saved = draft.load(path)
    assert saved.report.checklist.get("1-2") is None  # not sent: not an answer
    assert saved.session.pending == "民間事業者、地域団体" and saved.session.pending_for == "checklist.1-2"
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "[x] 1  民間事業者" in screen_text(app) and "[x] 3  地域団体" in screen_text(app)
        assert "送る前の選択（民間事業者、地域団体）を復元しました" in chat_text(app)
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(path).report.checklist["1-2"] == ["民間事業者", "地域団体"]


async def test_a_recorded_choice_is_selected_when_revisited_and_enter_keeps_it(tmp_path):
    path, report = seed_draft(tmp_path, current="kpis[0].kind")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert f"(*) {('アウトカム', 'アウトプット').index(report.kpis[0].kind) + 1}" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(path).report == seed_report()


async def test_pageup_in_a_multi_select_scrolls_the_log_and_keeps_the_ticks(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("checklist.1-2",), current="checklist.1-2")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill_log(pilot)
        await pilot.press("3")
        log = app.screen.query_one("ChatLog")
        multi = app.screen.query_one("MultiList")
        bottom, where = log.scroll_y, multi.highlighted
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < bottom and multi.highlighted == where and multi.selected == ["地域団体"]
        await pilot.press("enter")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y  # the answer brings the newest message back
    assert draft.load(path).report.checklist["1-2"] == ["地域団体"]


async def test_the_arrow_keys_select_from_nothing_and_enter_sends(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.collaboration",), current="header.collaboration")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        assert "(*) 1  単独" in screen_text(app)
        await pilot.press("down", "up", "down")
        await pilot.pause()
        assert "(*) 2  広域連携" in screen_text(app) and "( ) 1  単独" in screen_text(app)
        assert app.screen.walker.report.header.collaboration is None
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(path).report.header.collaboration == "広域連携"


def test_no_choice_takes_an_answer_from_an_empty_enter():
    """Every unanswered choice of the form (edition, 単独・広域連携, 種別, 備考, the checklist's singles):
    Enter alone stores nothing and names what to pick (only the move of a narrative offers a default,
    and it never loses text)."""
    from dejiden.prompts.walker import Walker

    from .tui_helpers import TODAY

    fresh = Walker(draft.Draft(), today=lambda: TODAY)
    refused = fresh.handle("")  # the edition, on a new draft
    assert not refused.accepted and fresh.current == "edition" and "edition" not in fresh.draft.session.closed
    w = Walker(draft.Draft(), today=lambda: TODAY)
    w.goto("kpis[0].name")
    w.handle("受講者数")  # a KPI, so its choices exist
    choices = [s for s in w.steps if s.kind == "choice" and not w.answered(s)]
    assert {"header.collaboration", "kpis[0].kind", "kpis[0].note"} <= {s.id for s in choices}
    assert any(s.id.startswith("checklist.") for s in choices)
    for step in choices:
        w.goto(step.id)
        before = w.report.to_data(), list(w.draft.session.closed)
        reply = w.handle("")
        assert not reply.accepted and w.current == step.id, step.id
        assert (w.report.to_data(), list(w.draft.session.closed)) == before, step.id
        assert "まだ選んでいません" in reply.messages[-1].text


async def test_a_number_meant_for_another_question_selects_nothing_on_a_choice_list(tmp_path):
    """A burst typed in another order than asked (targets 30, 28 then actuals 25, 27, but 備考 comes
    between): 「25」 + Enter on 備考 had selected 2 and stored 減少KPI. A character that is not one of the
    list's numbers clears the selection and says what to type, so the Enter behind it stores nothing."""
    path, _ = seed_draft(tmp_path, clear=("kpis[0].note",), current="kpis[0].note")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "5")
        await pilot.pause()
        assert "「5」は選択肢の番号ではありません。1〜3 の番号で選び" in screen_text(app) and "(*)" not in screen_text(app)
        await pilot.press("enter", "2", "7", "enter")
        await pilot.pause()
        assert app.screen.walker.current == "kpis[0].note" and "(*)" not in screen_text(app)
        assert "まだ選んでいません" in chat_text(app)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert app.screen.walker.current != "kpis[0].note"
    assert draft.load(path).report.kpis[0].note == "減少KPI"
    assert draft.load(tmp_path / "r.toml").report.kpis[0].note == "減少KPI"
