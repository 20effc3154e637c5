"""A KPI or budget row within the form's limit but not added yet (「KPI7」 with six KPIs, 「収入 4」 with three
rows) is answered with what there is and the question that adds it, not 「当てはまる質問がありません」."""

from __future__ import annotations

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts.walker import Walker

from .screen_text import screen_text
from .tui_helpers import TODAY, app_for, palette_query


def texts(reply) -> list[str]:
    return [m.text for m in reply.messages]


@pytest.mark.parametrize("query, list_path", [("KPI7", "kpis"), ("ＫＰＩ⑨ 実績", "kpis"),
                                               ("予定 経費 3", "budget.planned.expenses")])
def test_jump_to_a_row_not_added_yet_goes_where_it_is_added(query, list_path):
    w = Walker(draft.Draft(seed_report()), today=lambda: TODAY)  # 5 KPIs, 1 planned expense
    said = " ".join(texts(w.jump(query)))
    assert "まだありません" in said and "見つかりません" not in said
    assert w.current == list_path


def test_rows_that_exist_or_exceed_the_form_are_not_not_yet():
    w = Walker(draft.Draft(seed_report()), today=lambda: TODAY)
    assert w.not_yet("KPI5 実績") is None and w.not_yet("KPI16") is None and w.not_yet("経費 1") is None


@pytest.mark.writes_files
async def test_the_palette_offers_the_question_that_adds_the_kpi(tmp_path):
    draft.save(tmp_path / "r.toml", draft.Draft(seed_report()))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette_query(pilot, "KPI7")
        shown = screen_text(app)
        assert "KPI⑦はまだありません" in shown and "当てはまる質問がありません" not in shown
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.screen.walker.current == "kpis"
