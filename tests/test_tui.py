import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts.walker import REVIEW
from dejiden.tui.chat import ChatScreen
from dejiden.tui.narrative import NarrativeArea
from dejiden.tui.review import ReviewScreen
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
        await type_answer(pilot, "1")  # 様式の版: the newest, picked
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
        await type_answer(pilot, "1")  # 様式の版: the newest, picked
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
        await type_answer(pilot, "1")  # 様式の版: the newest, picked
        from textual import events
        from textual.keys import _character_to_key

        burst = [events.Key("enter", "\r")] + [events.Key(_character_to_key(c), c) for c in "会津美里"]
        for event in burst:  # all at once, as from a paste or a fast typist
            app.post_message(event)
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


async def test_pending_text_is_autosaved_while_the_app_runs(tmp_path):
    """The periodic autosave: the half-typed text is on disk without quitting."""
    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    app = app_for(tmp_path, autosave_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "総務")
        await pilot.pause(0.6)
        saved = draft.load(path).session
        assert (saved.pending, saved.pending_for) == ("総務", "header.department")
        assert "保存済み" in str(app.screen.query_one("#titlebar").render())


def _full_disk(monkeypatch):
    import errno

    from dejiden.model import draft as drafts

    real = drafts.atomic_write

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(drafts, "atomic_write", full)
    return lambda: monkeypatch.setattr(drafts, "atomic_write", real)


async def test_a_full_disk_is_said_once_not_at_every_autosave(tmp_path, monkeypatch):
    seed_draft(tmp_path, clear=("header.department", "header.manager_name"), current="header.department")
    app = app_for(tmp_path, autosave_seconds=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        restore = _full_disk(monkeypatch)
        await type_answer(pilot, "総務課")
        for c in "佐藤 一":
            await type_text(pilot, c)
            await pilot.pause(0.3)  # several autosaves fail meanwhile
        assert chat_text(app).count("下書きを保存できませんでした") == 1
        restore()
        await pilot.pause(0.4)
        assert chat_text(app).count("下書きを保存できました") == 1


async def test_quitting_with_unsaved_answers_says_so_and_offers_retry_or_wait(tmp_path, monkeypatch):
    from dejiden.tui.quit import UnsavedScreen

    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        restore = _full_disk(monkeypatch)
        await type_answer(pilot, "総務課")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen) and app.is_running
        assert "保存できていない入力があります（保存できません）" in str(app.screen.query_one("#unsaved-text").render())
        await pilot.press("enter")  # retry: the disk is still full
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen) and app.is_running
        await pilot.press("escape")  # keep waiting
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and app.is_running
        restore()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert draft.load(path).report.header.department == "総務課"


async def test_leaving_without_saving_is_explicit_and_not_exit_code_zero(tmp_path, monkeypatch):
    seed_draft(tmp_path, clear=("header.department",), current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        _full_disk(monkeypatch)
        await type_answer(pilot, "総務課")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert app.return_code == 1


async def test_the_read_only_view_cannot_export(tmp_path):
    from dejiden.model import workbook
    from dejiden.model.files import DraftLock

    path, report = seed_draft(tmp_path)
    other = DraftLock(path)
    assert other.acquire() is None  # someone else is editing it
    try:
        app = app_for(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.screen.read_only
            await type_text(pilot, "/export")
            await pilot.press("enter")
            await pilot.pause()
            assert "書き出せません" in chat_text(app)
            await pilot.press("f2")
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            await pilot.pause()
        assert not (tmp_path / workbook.default_name(report)).exists()
    finally:
        other.release()


async def test_enter_in_the_narrative_box_sends_and_ctrl_j_breaks_the_line(tmp_path):
    """Guards the one key-handling rule NarrativeArea relies on (a subclass's on_key runs first and
    prevent_default keeps TextArea's own handler from inserting a line break): fails if an upgrade
    of Textual changes it."""
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "一行目\n二行目")
        assert app.screen.query_one(NarrativeArea).text == "一行目\n二行目"
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(path).report.kpis[0].narrative_unachieved == "一行目\n二行目"


async def test_a_full_width_space_typed_is_kept(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.manager_name", "kpis[0].narrative_unachieved"),
                         current="header.manager_name")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_answer(pilot, "塩尻　太郎")  # the 「　」 a Japanese input method types
        await palette_jump(pilot, "KPI1 記述欄")
        await type_text(pilot, "字下げした文章。")
        await pilot.press("left", "left", "shift+left")
        await type_text(pilot, "\u3000")  # replaces the selected character
        await pilot.press("enter")
        await pilot.pause()
    saved = draft.load(path)
    assert saved.report.header.manager_name == "塩尻　太郎"
    assert saved.report.kpis[0].narrative_unachieved == "字下げした　章。"


async def test_leaving_says_where_the_draft_is_and_how_to_go_on(tmp_path):
    seed_draft(tmp_path, current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = app.farewell()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert said == f"下書きを保存しました（{tmp_path / 'r.toml'}）。続きは dejiden r で開けます。"
    assert app.return_code in (0, None)


async def test_leaving_a_new_draft_before_any_answer_says_nothing_was_made(tmp_path):
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # 「＋ 新しい報告書」
        await pilot.pause()
        assert app.farewell() == "何も答えていないので、下書きは作っていません。"


async def test_pageup_in_a_narrative_scrolls_the_log_not_the_text(tmp_path):
    seed_draft(tmp_path, current="kpis[0].narrative_unachieved")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("f1")  # enough in the log to scroll
            await pilot.pause()
        log = app.screen.query_one("ChatLog")
        area = app.screen.query_one(NarrativeArea)
        bottom, cursor = log.scroll_y, area.cursor_location
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < bottom and area.cursor_location == cursor
        await pilot.press("pagedown")
        await pilot.pause()
        assert log.scroll_y > bottom - 1 or log.scroll_y == log.max_scroll_y


async def test_leaving_a_read_only_view_does_not_claim_to_have_saved(tmp_path):
    from dejiden.prompts.session import DraftSession

    seed_draft(tmp_path, current="header.department")
    holder = DraftSession.open(tmp_path / "r.toml", lambda: TODAY)
    assert holder.take_lock() is None
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = app.farewell()
    holder.release()
    assert "変えていません" in said and "保存しました" not in said


async def test_the_reopen_hint_names_the_full_path_when_a_file_here_has_the_short_name(tmp_path, monkeypatch):
    seed_draft(tmp_path, current="header.department")
    here = tmp_path / "here"
    here.mkdir()
    (here / "r.toml").write_text("")
    monkeypatch.chdir(here)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = app.farewell()
    assert f"dejiden {tmp_path / 'r.toml'} で開けます" in said  # `dejiden r` here would open ./r.toml


async def test_after_a_delete_the_question_for_the_kpi_that_moved_up_is_asked_in_the_log(tmp_path):
    seed_draft(tmp_path, current="kpis[1].name")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        third = app.screen.walker.report.kpis[2].name
        await type_answer(pilot, "/delete")
        await pilot.pause()
        assert app.screen.walker.report.kpis[1].name != third  # only named, not removed
        await type_answer(pilot, "/delete はい")
        await pilot.pause()
        log = chat_text(app)
        assert "削除しました" in log
        assert log.rindex("KPI②のKPI名を入力してください") > log.index("削除しました")
        assert app.screen.walker.prompt().current == third


async def test_the_reopen_hint_is_short_when_run_from_the_data_folder_itself(tmp_path, monkeypatch):
    seed_draft(tmp_path, current="header.department")
    monkeypatch.chdir(tmp_path)  # `dejiden r` here opens ./r.toml: the same file
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = app.farewell()
    assert said.endswith("続きは dejiden r で開けます。")
