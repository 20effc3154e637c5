"""Multi-select rows keep their [x] mark (and their place) when ticked (issue 14 item 6)."""

import pytest

from dejiden.model import draft
from dejiden.tui.widgets import MultiList

from .screen_text import screen_text
from .tui_helpers import app_for, seed_draft

pytestmark = pytest.mark.writes_files


async def test_ticked_row_shows_its_mark_in_place(tmp_path):
    seed_draft(tmp_path, clear=("checklist.1-2",), current="checklist.1-2")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "[ ] 1  民間事業者" in screen_text(app)
        await pilot.press("1", "3")
        await pilot.pause()
        shown = screen_text(app)
        assert "[x] 1  民間事業者" in shown
        assert "[ ] 2  大学・研究機関" in shown
        assert "[x] 3  地域団体" in shown
        assert " 1  民間事業者" not in shown.replace("[x] 1  民間事業者", "")
        await pilot.press("1")  # untick
        await pilot.pause()
        assert "[ ] 1  民間事業者" in screen_text(app)
        assert app.screen.query_one(MultiList).selected == ["地域団体"]
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(tmp_path / "r.toml").report.checklist["1-2"] == ["地域団体"]


async def test_choice_text_with_brackets_is_shown_as_written(tmp_path):
    seed_draft(tmp_path, clear=("checklist.1-2",), current="checklist.1-2")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        multi = app.screen.query_one(MultiList)
        multi.set_choices(("[b]太字[/b]", "[x]"), {"[x]"})
        await pilot.pause()
        shown = screen_text(app)
        assert "[ ] 1  [b]太字[/b]" in shown
        assert "[x] 2  [x]" in shown


async def test_bracketed_values_are_text_in_the_guide_and_review(tmp_path):
    """A KPI name like 「[/b]」 is shown as typed: as markup it would stop the screen with an error."""
    from dejiden.model import paths

    path, report = seed_draft(tmp_path, clear=("kpis[0].unit",), current="kpis[0].unit")
    report = draft.load(path).report
    paths.set_value(report, "kpis[0].name", "[/b]利用者数[@click=app.quit]")
    draft.save(path, draft.Draft(report, draft.Session(current="kpis[0].unit")))
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "[/b]利用者数[@click=app.quit]" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "内容の確認" in screen_text(app)


async def test_a_choice_after_a_multi_select_shows_its_options(tmp_path):
    """A multi-select mounted before the first single choice (a draft resumed at 3-2) used to receive
    the choice's options: the next choice question showed none (its list is found by id now)."""
    seed_draft(tmp_path, clear=("checklist.3-2", "checklist.3-3", "checklist.4-1"), current="checklist.3-2")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1", "2", "enter")
        await pilot.pause()
        await pilot.press("あ", "enter")
        await pilot.pause()
        assert app.screen.walker.current == "checklist.4-1"
        shown = screen_text(app)
        assert "1  外部有識者を含めて実施" in shown, shown
        assert "[ ]" not in shown


async def test_ticks_refused_together_stay_ticked_to_be_corrected(tmp_path):
    seed_draft(tmp_path, clear=("checklist.1-2",), current="checklist.1-2")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1", "3", "5", "enter")  # 「なし」 with others: refused
        await pilot.pause()
        assert app.screen.walker.current == "checklist.1-2"
        assert app.screen.query_one(MultiList).selected == ["民間事業者", "地域団体", "なし"]
        await pilot.press("5", "enter")  # untick 「なし」 only
        await pilot.pause()
    assert draft.load(tmp_path / "r.toml").report.checklist["1-2"] == ["民間事業者", "地域団体"]
