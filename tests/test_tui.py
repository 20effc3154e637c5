import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts.walker import REVIEW
from dejiden.tui.chat import ChatScreen
from dejiden.tui.narrative import NarrativeArea
from dejiden.tui.review import ReviewScreen
from dejiden.tui.start import StartScreen
from dejiden.tui.widgets import AnswerArea

from .seed_answers import seed_answers
from .tui_helpers import (
    TODAY,
    app_for,
    chat_text,
    palette_jump,
    seed_draft,
    type_answer,
    type_text,
)

pytestmark = pytest.mark.writes_files


async def test_full_seed_report_typed_at_80x24_equals_the_example(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for answer in seed_answers():
            await type_answer(pilot, answer)
        screen = app.screen
        assert isinstance(screen, ChatScreen) and screen.walker.current == REVIEW
    saved = draft.load(tmp_path / "r.toml")
    assert saved.report == seed_report()


async def test_wrong_answer_gets_the_error_and_the_same_question(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_answer(pilot, "")  # 様式の版: Enter accepts the newest
        await type_answer(pilot, "2024年2月30日")
        assert "存在しない日付" in chat_text(app)
        assert app.screen.walker.current == "header.entry_date"
        # what was typed stays in the input to be corrected
        assert app.screen.query_one(AnswerArea).typed_text() == "2024年2月30日"
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "19日")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.walker.current == "header.municipality"
    assert draft.load(tmp_path / "r.toml").report.header.entry_date.day == 19


async def test_back_skip_and_jump_keys(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_answer(pilot, "")  # 様式の版: Enter accepts the newest
        await type_answer(pilot, "")  # 記入日: today
        assert app.screen.walker.current == "header.municipality"
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.walker.current == "header.entry_date"
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen.walker.current == "header.municipality"
        await palette_jump(pilot, "電話番号")
        assert app.screen.walker.current == "header.phone"
        await type_answer(pilot, "/jump KPI① 単位")
        assert app.screen.walker.current == "kpis[0].unit"


async def test_quit_mid_narrative_and_reopen_restores_everything(tmp_path):
    path, report = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.walker.current == "kpis[0].narrative_unachieved"
        assert isinstance(app.screen.focused, NarrativeArea)
        await type_text(pilot, "町内全域WiFiの構築を進めた。\n2行目")
        await pilot.pause(0.5)  # the pending-text autosave runs
        await pilot.press("ctrl+q")
    saved = draft.load(path)
    assert saved.session.pending == "町内全域WiFiの構築を進めた。\n2行目"
    assert saved.report.kpis[1] == seed_report().kpis[1]
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.walker.current == "kpis[0].narrative_unachieved"
        assert app.screen.query_one(NarrativeArea).text == "町内全域WiFiの構築を進めた。\n2行目"
        assert "入力途中の文章" in chat_text(app)


async def test_narrative_counter_turns_to_error_past_300(tmp_path):
    path, report = seed_draft(tmp_path, current="kpis[0].narrative_unachieved")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        counter = app.screen.query_one("#counter")
        assert str(counter.render()).startswith("289/300字")
        await type_text(pilot, "あ" * 12)
        await pilot.pause()
        assert str(counter.render()).startswith("301/300字") and counter.has_class("over")
        await pilot.press("enter")
        await pilot.pause()
        assert "301/300字です" in chat_text(app)
    assert draft.load(path).report.kpis[0].narrative_unachieved == report.kpis[0].narrative_unachieved


async def test_review_lists_missing_first_and_jumps(tmp_path):
    path, report = seed_draft(tmp_path, clear=("header.phone",), current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        first = app.screen.query_one("#review-list").get_option_at_index(0)
        assert "[未入力] 電話番号" in str(first.prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and app.screen.walker.current == "header.phone"


async def test_start_screen_lists_drafts_and_creates_a_new_one(tmp_path):
    draft.save(tmp_path / "aizu.toml", draft.Draft(seed_report()))
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        listing = app.screen.query_one("#drafts")
        assert "福島県会津美里町" in str(listing.get_option_at_index(1).prompt)
        assert "100%" in str(listing.get_option_at_index(1).prompt)
        await pilot.press("enter")  # ＋ 新しい報告書
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.screen.path.name == "report-20261128-090000.toml"
        assert app.screen.path.exists()


async def test_draft_changed_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "r.toml"
    draft.save(path, draft.Draft(seed_report(), draft.Session(current="header.department")))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        other = seed_report()
        other.header.department = "企画課"
        path.write_text(draft.dumps(draft.Draft(other)), encoding="utf-8")
        await type_answer(pilot, "総務課")
        assert "外で変更されました" in chat_text(app)
    assert draft.load(path).report.header.department == "企画課"


async def test_typing_ahead_of_the_next_question_loses_nothing(tmp_path):
    """Keys that arrive after Enter but before the answer is handled go to the next question."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_answer(pilot, "")  # 様式の版: Enter accepts the newest
        from textual import events
        from textual.keys import _character_to_key

        burst = [events.Key("enter", "\r")] + [events.Key(_character_to_key(c), c) for c in "会津美里"]
        for event in burst:  # all at once, as from a paste or a fast typist
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.walker.report.header.municipality == "会津美里町"


async def test_editor_key_hands_the_narrative_to_editor_and_back(tmp_path, monkeypatch):
    import contextlib

    path, report = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",))
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "エディタで書いた文章。\\n2行目" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.suspend = contextlib.nullcontext  # the headless driver cannot hand over a terminal
        await type_text(pilot, "先に書いた。")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.query_one(NarrativeArea).text == "先に書いた。エディタで書いた文章。\n2行目"
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(path).report.kpis[0].narrative_unachieved == "先に書いた。エディタで書いた文章。\n2行目"


async def test_export_key_writes_the_workbook_and_says_where(tmp_path):
    from dejiden.model import workbook

    path, report = seed_draft(tmp_path, clear=("header.phone",), current="header.phone")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        out = tmp_path / workbook.default_name(report)
        assert out.exists()
        text = chat_text(app)
        assert f"Excelファイルを書き出しました：{out}" in text
        assert "まだ提出できません：未入力 1件" in text


async def test_export_from_the_review_screen(tmp_path):
    from dejiden.model import workbook

    path = tmp_path / "r.toml"
    draft.save(path, draft.Draft(seed_report()))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert (tmp_path / workbook.default_name(seed_report())).exists()
        assert "Excelファイルを書き出しました" in chat_text(app)


async def test_palette_lists_sections_and_questions(tmp_path):
    from dejiden.tui.palette import JumpCommands

    path = tmp_path / "r.toml"
    report = seed_report()
    report.checklist.pop("2-3")
    draft.save(path, draft.Draft(report))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = JumpCommands(app.screen)
        targets = dict(provider._targets())
        assert targets["【2.サービス運営】"] == "checklist.2-3"  # the section's first unanswered question
        assert targets["【基本情報】"] == "edition"  # the first question of the section (the edition)
        assert targets["２.　事業のKPI｜KPI② 2023年度末　実績値"] == "kpis[1].fy2023.actual"
        await palette_jump(pilot, "サービス運営")
        assert app.screen.walker.current == "checklist.2-3"


async def test_a_failing_disk_is_a_message_not_a_crash(tmp_path, monkeypatch):
    import errno

    from dejiden.model import draft as drafts

    path, _ = seed_draft(tmp_path, clear=("header.department", "header.manager_name"), current="header.department")
    real = drafts.atomic_write

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(drafts, "atomic_write", full_disk)
        await type_answer(pilot, "総務課")
        assert "下書きを保存できませんでした" in chat_text(app)
        assert app.screen.walker.report.header.department == "総務課"  # kept in memory
        monkeypatch.setattr(drafts, "atomic_write", real)
        await type_answer(pilot, "佐藤 一郎")  # the next answer saves both
    saved = draft.load(path).report.header
    assert (saved.department, saved.manager_name) == ("総務課", "佐藤 一郎")


def _wrap_loader(monkeypatch, during_load):
    """Call ``during_load()`` when the chat screen loads the model (after its first frame)."""
    from dejiden.prompts import frame as frames

    real = frames.opening

    def opening(path, today):
        opened = real(path, today)
        if isinstance(opened, tuple):
            frame, load = opened

            def load_and_note():
                during_load()
                return load()

            return frame, load_and_note
        return opened

    monkeypatch.setattr("dejiden.tui.app.frames.opening", opening)


async def test_reopening_draws_the_saved_frame_before_loading_the_model(tmp_path, monkeypatch):
    seed_draft(tmp_path, clear=("header.phone",), current="header.phone")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:  # first open: loads, then keeps the frame
        await pilot.pause()
        first_time = chat_text(app)
    assert (tmp_path / ".r.toml.frame").exists()

    app = app_for(tmp_path)
    seen: list[tuple[bool, str]] = []
    _wrap_loader(monkeypatch, lambda: seen.append((app.screen.ready, chat_text(app))))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.ready
        assert chat_text(app) == first_time
    assert len(seen) == 1 and seen[0] == (False, first_time)  # the question was on screen before the model


async def test_keys_typed_while_the_model_loads_are_kept(tmp_path, monkeypatch):
    from textual import events

    seed_draft(tmp_path, clear=("header.phone",), current="header.phone")
    draft_path = tmp_path / "r.toml"
    from dejiden.prompts import frame as frames

    frames.opening(draft_path, lambda: TODAY)
    app = app_for(tmp_path)

    def type_during_load():
        for c in "0242":
            event = events.Key(c, c)
            event.set_sender(app)
            app._driver.send_message(event)

    _wrap_loader(monkeypatch, type_during_load)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "-55-1111")
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(draft_path).report.header.phone == "0242-55-1111"


async def test_a_stale_frame_is_redrawn_from_the_draft(tmp_path):
    import json

    from dejiden.prompts import frame as frames

    path, _ = seed_draft(tmp_path, clear=("header.phone",), current="header.phone")
    frames.opening(path, lambda: TODAY)
    saved = json.loads(frames.path_for(path).read_text("utf-8"))
    saved["prompt"]["text"] = "古い版の質問です。"
    saved["prompt"]["step"]["kind"] = "narrative"
    saved["pending"] = "古い書きかけ"
    frames.path_for(path).write_text(json.dumps(saved, ensure_ascii=False), "utf-8")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = chat_text(app)
        assert "古い版の質問です。" not in text
        assert "電話番号" in text and text.count("前回の続きから") == 1
        assert app.screen.query_one(AnswerArea).kind == "line"
        assert app.screen.query_one(AnswerArea).typed_text() == ""  # not the stale frame's text
        assert "古い書きかけ" not in chat_text(app)


async def test_a_draft_that_no_longer_loads_behind_its_frame_is_a_message(tmp_path, monkeypatch):
    from dejiden.model.files import LoadError
    from dejiden.prompts import frame as frames

    path, _ = seed_draft(tmp_path, clear=("header.phone",), current="header.phone")
    frames.opening(path, lambda: TODAY)
    before = path.read_bytes()
    monkeypatch.setattr(draft, "_parse", lambda raw, name: LoadError(name, "正しくない値があります。"))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, ChatScreen)
        assert any("正しくない値があります" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before  # nothing was written
