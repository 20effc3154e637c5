"""The start screen: the newest draft selected, unreadable drafts as rows, new drafts named after
their municipality with their first answer, renaming from the list."""

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.tui.chat import ChatScreen
from dejiden.tui.start import StartScreen

from .tui_helpers import app_for, type_answer

pytestmark = pytest.mark.writes_files


async def test_start_screen_lists_drafts_newest_selected(tmp_path):
    import os

    draft.save(tmp_path / "aizu.toml", draft.Draft(seed_report()))
    draft.save(tmp_path / "old.toml", draft.Draft())
    os.utime(tmp_path / "old.toml", (1, 1))
    (tmp_path / "broken.toml").write_text("header = [", encoding="utf-8")
    os.utime(tmp_path / "broken.toml", (2, 2))
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        listing = app.screen.query_one("#drafts")
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert "福島県会津美里町" in rows[1] and "100%" in rows[1]
        assert "broken.toml（読めません" in rows[2]
        assert "0%  団体名未入力｜事業名未入力  old.toml" in rows[3]
        assert listing.highlighted == 1  # the most recent draft
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and app.screen.path == tmp_path / "aizu.toml"


async def test_resume_line_has_no_doubled_brackets(tmp_path):
    draft.save(tmp_path / "x.toml", draft.Draft(draft.Report(), draft.Session(current="header.municipality")))
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#resume").content)
        assert "前回は x.tomlの「市区町村等名」の途中でした" in text
        assert "（（" not in text and "（）" not in text


async def test_a_new_draft_becomes_a_file_with_its_first_answer_named_after_the_municipality(tmp_path):
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # ＋ 新しい報告書 (no draft yet)
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".toml") == []
        await type_answer(pilot, "1")  # the edition: the newest
        assert (tmp_path / "新しい報告書.toml").exists()
        await type_answer(pilot, "")  # 記入日: today
        await type_answer(pilot, "塩尻市")
        assert not (tmp_path / "新しい報告書.toml").exists()
        assert draft.load(tmp_path / "塩尻市.toml").report.header.municipality == "塩尻市"
        assert app.screen.path == tmp_path / "塩尻市.toml"
        assert "塩尻市.toml" in str(app.screen.query_one("#titlebar").render())
        await type_answer(pilot, "総務課")
        assert draft.load(tmp_path / "塩尻市.toml").report.header.department == "総務課"
        app.pop_screen()
        await pilot.pause()
        await pilot.press("up", "enter")  # another new one for the same town
        await pilot.pause()
        await type_answer(pilot, "1")
        await type_answer(pilot, "")
        await type_answer(pilot, "塩尻市")
        assert app.screen.path == tmp_path / "塩尻市-2.toml"


async def test_a_new_draft_left_unanswered_leaves_no_file(tmp_path):
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        await pilot.press("down")  # the edition question: moved over, never chosen
        await pilot.pause(0.5)
        await pilot.press("ctrl+q")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


async def test_renaming_a_draft_from_the_list(tmp_path):
    draft.save(tmp_path / "aizu.toml", draft.Draft(seed_report()))
    (tmp_path / "taken.toml").write_text("", encoding="utf-8")
    import os

    os.utime(tmp_path / "taken.toml", (1, 1))
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        field = app.screen.query_one("#rename-input")
        for bad, why in (("../x", "「/」や「..」"), ("a/b", "「/」や「..」"), ("taken", "もうあります")):
            field.value = bad
            await pilot.press("enter")
            await pilot.pause()
            assert why in str(app.screen.query_one("#rename-problem").render())
        field.value = "会津美里町2023"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        listing = app.screen.query_one("#drafts")
        assert "会津美里町2023.toml" in str(listing.get_option_at_index(listing.highlighted).prompt)
    assert (tmp_path / "会津美里町2023.toml").exists() and not (tmp_path / "aizu.toml").exists()
    assert draft.load(tmp_path / "会津美里町2023.toml").report == seed_report()


def test_a_prefecture_as_grantee_is_named_once_in_the_list(tmp_path):
    from dejiden.tui.start import summarize

    report = seed_report()
    report.header.prefecture = report.header.municipality = "北海道"
    report.header.lg_code = "01000"
    draft.save(tmp_path / "道.toml", draft.Draft(report))
    assert summarize(tmp_path / "道.toml").who == "北海道"
    draft.save(tmp_path / "町.toml", draft.Draft(seed_report()))
    assert summarize(tmp_path / "町.toml").who == "福島県会津美里町"


@pytest.mark.parametrize("error, words", [
    (ValueError("bad"), "壊れている"),
    (RecursionError(), "大きすぎる"),
    (MemoryError(), "大きすぎる"),
    (PermissionError(13, "Permission denied"), "権限がありません"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid"), "UTF-8"),
])
def test_a_draft_that_fails_unexpectedly_is_said_in_words_not_a_python_name(tmp_path, monkeypatch, error, words):
    """The list's last guard (anything the loader did not turn into a reason): what is wrong and what to do."""
    import re

    from dejiden.prompts import walker
    from dejiden.prompts.drafts import row_text, summarize

    draft.save(tmp_path / "町.toml", draft.Draft(seed_report()))

    def fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(walker.Walker, "__init__", fails)
    text = row_text(summarize(tmp_path / "町.toml"))
    assert words in text and "管理者" in text and "読めません" in text, text
    assert not re.search(r"[A-Za-z]{4,}Error|Exception", text), text  # no Python name
