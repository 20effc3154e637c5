"""The chat log: lines of one view, not a widget per message (so an answer costs the same late in a report)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from dejiden.prompts.view import Message
from dejiden.tui.chatlog import ChatLog
from dejiden.tui.wrap import wrap

from .tui_helpers import app_for, palette_jump, seed_draft, type_text

LONG = "前回の続きから始めます。" + "長い説明の文です。" * 20


def shown_lines(log: ChatLog) -> list[str]:
    return [log.render_line(y).text for y in range(log.scrollable_content_region.height)]


async def test_answers_add_lines_not_widgets(tmp_path):
    seed_draft(tmp_path, current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        log = screen.query_one(ChatLog)
        widgets, entries = len(list(screen.walk_children())), len(log.entries)
        for i in range(12):
            screen.walker.goto("header.department")
            screen.ask()
            await type_text(pilot, f"政策財政課{i}")
            await pilot.press("enter")
            await pilot.pause()
        assert len(log.entries) >= entries + 24  # each answer and the question after it are in the log
        assert len(list(screen.walk_children())) == widgets  # and the screen has no more to lay out
        assert "政策財政課11" in log.text


async def test_a_short_log_sits_at_the_bottom_and_a_long_one_scrolls(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        lines = shown_lines(log)
        assert lines[0].strip() == ""  # the few opening lines are by the question's guide, not at the top
        assert lines[-1].strip() == wrap(log.entries[-1].text, 80 - 2)[-1]
        for _ in range(3):
            log.add(Message("bot", LONG, "note"))
        await pilot.pause()
        assert log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y  # anchored to the newest
        assert shown_lines(log)[-1].strip() == wrap(LONG, 78)[-1]


async def test_a_resized_terminal_breaks_every_message_again(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        log.add(Message("user", LONG))
        await pilot.pause()
        narrow = shown_lines(log)
        assert narrow[-1].startswith(" " * 7) and len(narrow[-1].rstrip()) < 80  # indented, padded answer
        await pilot.resize_terminal(100, 24)  # still narrower than the side panel's 120 columns
        await pilot.pause()
        wide = shown_lines(log)
        assert wide[-1].strip() == wrap(LONG, 100 - 6 - 2)[-1] != narrow[-1].strip()
        assert all(cell_len(line) == 100 for line in wide)  # every line fills the width, none is cut


async def test_each_kind_of_message_has_its_own_look(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        log.add(Message("user", "回答"))
        log.add(Message("bot", "エラーです", "error"))
        await pilot.pause()
        height = log.scrollable_content_region.height
        user, error = log.render_line(height - 2), log.render_line(height - 1)
        user_segments = list(user)
        assert user_segments[0].text == " " * 6 and user_segments[0].style != user_segments[1].style
        assert user_segments[1].style.bgcolor != log.rich_style.bgcolor  # the answer stands out
        assert any(s.style.bold for s in error if s.text.strip()) and error.text.startswith(" エラーです")


@pytest.mark.parametrize("keys", [("pageup", "pageup", "pagedown", "pagedown"), ("pageup",)])
async def test_an_answer_refused_after_paging_shows_its_error(tmp_path, keys):
    """PageUp (and PageDown back, or not), then an answer refused: the error is on screen by the question."""
    seed_draft(tmp_path, current="kpis[0].narrative_unachieved")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")  # a long help: the log scrolls
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await type_text(pilot, "あ" * 12)  # over the limit: refused
        await pilot.press("enter")
        await pilot.pause()
        assert "301/300字です" in log.entries[-1].text
        assert "301/300字です" in shown_lines(log)[-1]


@pytest.mark.parametrize("pages, how", [(("pageup",), "ctrl+p"), (("pageup",), "f2"), (("pageup",), "ctrl+o"),
                                         (("pageup", "pagedown"), "ctrl+o")])
async def test_a_jump_or_the_editor_after_paging_up_shows_the_newest(tmp_path, pages, how):
    """PageUp, then ctrl+p or the F2 review to another question (or ctrl+o on a one-line question): the
    question moved to, or what ctrl+o says, is on screen by the answer area, not the page read before.
    Paged back down to the bottom, the log follows the newest message again, as before the officer paged."""
    seed_draft(tmp_path, clear=("header.phone",), current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        for key in pages:
            await pilot.press(key)
            await pilot.pause()
        if how == "ctrl+p":
            await palette_jump(pilot, "電話")
        else:
            await pilot.press(how)
            await pilot.pause()
            if how == "f2":
                await pilot.press("enter")  # the first row: 電話番号, not yet answered
                await pilot.pause()
        newest = log.entries[-1].text
        assert newest == "エディタで書けるのは記述欄だけです。" if how == "ctrl+o" else "電話番号" in newest
        assert shown_lines(log)[-1].strip() == wrap(newest, 78)[-1]


async def test_a_tab_in_an_answer_is_spaces_on_screen(tmp_path):
    """A narrative pasted from a table (tabs between cells): the log shows spaces to the next stop of 4
    cells, as the narrative box does; a tab sent to the terminal would jump the cursor and leave the
    old screen's characters between the columns."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        log.add(Message("user", "改善点\t担当\t時期\n会議\t企画課\t2024年4月"))
        await pilot.pause()
        lines = shown_lines(log)
        assert not any("\t" in line for line in lines)
        assert [line.strip() for line in lines[-2:]] == ["改善点  担当    時期", "会議    企画課  2024年4月"]
        assert all(cell_len(line) == 80 for line in lines)


@pytest.mark.parametrize("current", ["kpis[0].narrative_unachieved", "header.department", "header.collaboration"])
async def test_pageup_then_enter_in_one_burst_ends_on_the_newest(tmp_path, current):
    """PageUp and Enter arriving together (a fast hand, a slow line): the page scroll happens before the
    answer, never after it, in the narrative box as on a line or a choice list."""
    from textual import events

    seed_draft(tmp_path, current=current)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(2):
            await pilot.press("f1")
            await pilot.pause()
        log = app.screen.query_one(ChatLog)
        app.post_message(events.Key("pageup", None))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause(0.3)
        assert app.screen.walker.current != current  # the answer (the value as it stood) was sent
        assert log.scroll_y == log.max_scroll_y and log.max_scroll_y > 0


async def test_paging_a_log_too_short_to_scroll_leaves_it_following_the_newest(tmp_path):
    """PageUp on a log that fits (nothing moves) must not leave it behind when messages come later."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        assert log.max_scroll_y == 0
        await pilot.press("pageup")
        await pilot.pause()
        for _ in range(3):
            log.add(Message("bot", LONG, "note"))
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y > 0


@pytest.mark.parametrize("current, said", [("header.collaboration", "Enterで決定します。"),
                                           ("kpis[0].narrative_unachieved", "ctrl+oエディタ")])
async def test_at_40_columns_the_lines_under_the_log_are_whole(tmp_path, current, said):
    """A phone's SSH client in portrait: the hint under the answer and the key bar break onto a second
    line rather than losing their ends (「で決定します。」, ctrl+q and ctrl+p)."""
    from .screen_text import screen_lines

    seed_draft(tmp_path, current=current)
    app = app_for(tmp_path)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        shown = "".join("".join(line.split()) for line in screen_lines(app))
        assert said in shown and "^q終了^p移動" in shown


async def test_a_huge_paste_is_echoed_short_and_stays_in_the_box(tmp_path):
    from dejiden.tui.widgets import AnswerArea

    seed_draft(tmp_path, current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        paste = "あ" * 5000 + "末尾"
        area = app.screen.query_one(AnswerArea)
        area.set_text(paste)
        await pilot.press("enter")
        await pilot.pause()
        echo = [e.text for e in log.entries if e.kind == "user"][-1]
        assert len(echo) < 400 and "5,002字" in echo and echo.endswith("末尾")  # not 5,000 characters of log per Enter
        assert area.typed_text() == paste  # refused, and kept to be corrected
