"""Revisiting an answered question: the recorded value is selected (typing replaces it), the person's
own unsent typing is not (typing continues it), and a choice shows its current answer."""

import pytest
from textual.widgets import OptionList
from textual.widgets.input import Selection

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.tui.widgets import LineInput

from .tui_helpers import app_for, chat_text, palette_jump, seed_draft, type_text

pytestmark = pytest.mark.writes_files


async def test_a_value_reached_by_jumping_is_replaced_by_typing(tmp_path):
    path, _ = seed_draft(tmp_path, current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette_jump(pilot, "KPI1 2023 目標")
        line = app.screen.query_one(LineInput)
        assert line.value == "7" and line.selection == Selection(0, 1)
        assert "いまの値：7。そのまま Enter で変えずに進みます。入力すると置き換わります" in chat_text(app)
        await type_text(pilot, "8")
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(path).report.kpis[0].years[2023].target == 8  # not 78


async def test_a_value_reached_with_f3_is_replaced_by_typing_and_enter_keeps_it(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.contact_name",), current="header.contact_name")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.walker.current == "header.manager_title"
        await pilot.press("enter")  # the recorded title, selected: Enter keeps it as it is
        await pilot.pause()
        await pilot.press("f3", "f3")
        await pilot.pause()
        assert app.screen.walker.current == "header.manager_name"
        await type_text(pilot, "塩尻 太郎")
        await pilot.press("enter")
        await pilot.pause()
    header = draft.load(path).report.header
    assert (header.manager_name, header.manager_title) == ("塩尻 太郎", seed_report().header.manager_title)


async def test_restored_unsent_typing_is_continued_not_replaced(tmp_path):
    report = seed_report()
    path = tmp_path / "r.toml"
    draft.save(path, draft.Draft(report, draft.Session(current="header.department", pending="企画",
                                                       pending_for="header.department")))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(LineInput)
        assert line.value == "企画" and line.selection == Selection.cursor(2)
        await type_text(pilot, "政策課")
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(path).report.header.department == "企画政策課"


async def test_a_rejected_answer_stays_unselected_to_be_corrected(tmp_path):
    path, _ = seed_draft(tmp_path, current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette_jump(pilot, "電話番号")
        await type_text(pilot, "0242-55")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.walker.current == "header.phone"  # refused, the typing kept
        await type_text(pilot, "-1234")
        await pilot.press("enter")
        await pilot.pause()
    assert draft.load(path).report.header.phone == "0242-55-1234"


async def test_a_choice_reached_by_jumping_shows_its_current_answer(tmp_path):
    seed_draft(tmp_path, current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette_jump(pilot, "連携")
        prompt = app.screen.walker.prompt()
        assert prompt.step.kind == "choice" and prompt.current == "単独"
        options = app.screen.query_one("#choice", OptionList)
        assert options.highlighted == prompt.options.index("単独")
        assert "いまの値：単独。そのまま Enter で変えずに進みます）" in chat_text(app)


async def test_a_narrative_revisited_is_not_repeated_in_the_log(tmp_path):
    seed_draft(tmp_path, current="header.department")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette_jump(pilot, "KPI1 未達成")
        current = app.screen.walker.prompt().current
        assert current and current.endswith("。")
        log = chat_text(app)
        assert "いまの文章は入力欄にあります。そのまま Enter で変えずに進みます）" in log
        assert current[:40] not in log  # the text itself is in the box only
        assert "。。" not in log
