"""The definition's promises typed through the app: 備考 asked for every KPI, the narrative box follows it."""

from __future__ import annotations

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.tui.chat import ChatScreen

from .tui_helpers import app_for, chat_text, type_answer

pytestmark = pytest.mark.writes_files


def _without_kpis(tmp_path):
    report = seed_report()
    report.kpis = []
    draft.save(tmp_path / "r.toml", draft.Draft(report))


async def test_decrease_kpi_without_a_keyword_is_judged_by_actual_at_most_target(tmp_path):
    _without_kpis(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChatScreen) and screen.walker.current == "kpis[0].name"
        for answer in ("窓口での手続きに要する平均時間", "1", "分", "25", "20"):
            await type_answer(pilot, answer)
        assert screen.walker.current == "kpis[0].note"  # asked although the name has no keyword
        assert screen.walker.prompt().default is None  # the targets fall: suggested, with the reason, not chosen
        assert "目標値が年度ごとに下がっている" in chat_text(app)
        await type_answer(pilot, "")  # Enter with nothing chosen: refused, nothing stored
        assert screen.walker.current == "kpis[0].note" and screen.walker.report.kpis[0].note is None
        assert "まだ選んでいません" in chat_text(app)
        await type_answer(pilot, "減少KPI")  # the officer picks it (its number, then Enter)
        await type_answer(pilot, "23")
        await type_answer(pilot, "18")
        assert "減少KPI：目標以下で達成" in chat_text(app)
        assert screen.walker.current == "kpis[0].narrative_achieved"
    kpi = draft.load(tmp_path / "r.toml").report.kpis[0]
    assert kpi.note == "減少KPI" and kpi.status(2022) == "達成" and kpi.status(2023) == "達成"


async def test_a_kpi_with_nothing_suggesting_a_note_is_still_asked_and_can_be_marked(tmp_path):
    _without_kpis(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for answer in ("窓口での手続きに要する平均時間", "1", "分", "25", "25"):
            await type_answer(pilot, answer)
        walker = app.screen.walker
        assert walker.current == "kpis[0].note" and walker.prompt().default is None
        assert "（なし）に見えます" in chat_text(app)
        await type_answer(pilot, "減少KPI")
        for answer in ("23", "26"):
            await type_answer(pilot, answer)
        assert walker.current == "kpis[0].narrative_unachieved"  # 26 > 25: 未達成 by 実績 ≤ 目標
    kpi = draft.load(tmp_path / "r.toml").report.kpis[0]
    assert kpi.status(2022) == "達成" and kpi.status(2023) == "未達成"


async def test_zero_target_suggests_zero_kpi_and_enter_alone_is_refused(tmp_path):
    _without_kpis(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for answer in ("事故件数", "1", "件", "0", "0"):
            await type_answer(pilot, answer)
        assert app.screen.walker.prompt().default is None and "目標値が0です" in chat_text(app)
        await pilot.press("enter")  # nothing chosen: refused
        assert app.screen.walker.current == "kpis[0].note"
        await pilot.press("3", "enter")
    assert draft.load(tmp_path / "r.toml").report.kpis[0].note == "0目標KPI"


async def test_status_flip_offers_to_move_the_narrative(tmp_path):
    report = seed_report()
    draft.save(tmp_path / "r.toml", draft.Draft(report))  # KPI① 2023 未達成, text in the second box
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        walker = app.screen.walker
        walker.goto("kpis[0].note")
        app.screen.ask()
        await pilot.pause()
        await type_answer(pilot, "減少KPI")  # 6.8 ≤ 7: now 達成, the text sits in the other box
        assert walker.current == "kpis[0].narrative_move"
        assert "「KPI未達成又は未計測」の場合の欄に書いた文章" in chat_text(app)
        await type_answer(pilot, "移す")
    kpi = draft.load(tmp_path / "r.toml").report.kpis[0]
    assert kpi.narrative_unachieved is None and kpi.narrative_achieved == report.kpis[0].narrative_unachieved
