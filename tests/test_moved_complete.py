"""`check`, export and the app agree on what is complete (issue 18 item 5): a narrative moved to the other
box after a status flip is incomplete in all three until the officer confirms it (the mark is in the draft)."""

from __future__ import annotations

import pytest

from dejiden.model import completeness, draft
from dejiden.model.example import seed_report
from dejiden.model.workbook import export
from dejiden.prompts.walker import Walker
from dejiden.tui.cli import main

from .tui_helpers import TODAY, app_for, chat_text

pytestmark = pytest.mark.writes_files


def _moved(tmp_path):
    """The seed report with KPI① marked 減少KPI (now 達成) and its text moved, not yet confirmed."""
    w = Walker(draft.Draft(seed_report()), today=lambda: TODAY)
    w.goto("kpis[0].note")
    w.handle("2")  # 減少KPI: 6.8 ≤ 7 is 達成, the text sits in the 未達成 box
    assert w.current == "kpis[0].narrative_move"
    w.handle("1")  # 移す
    assert w.current == "kpis[0].narrative_achieved"
    path = tmp_path / "r.toml"
    draft.save(path, w.draft)
    return path


def test_check_export_and_the_walker_call_a_moved_narrative_incomplete(tmp_path, capsys):
    path = _moved(tmp_path)
    loaded = draft.load(path)
    assert loaded.unconfirmed == ("kpis[0].narrative_achieved",)
    assert completeness.check(loaded.report).complete  # the report alone looks complete …
    assert not completeness.check(loaded.report, unconfirmed=loaded.unconfirmed).complete  # … the draft is not
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "反対側の欄から移した文章です" in out and "KPI①" in out
    assert main(["export", "--strict", str(path)]) == 1
    assert "書き出しませんでした" in capsys.readouterr().err
    assert not export(loaded.report, None, tmp_path / "x.xlsx", loaded.unconfirmed).result.complete
    walker = Walker(loaded, today=lambda: TODAY)
    assert not walker.check().complete
    rows = [r for r in walker.review_rows() if r.step.id == "kpis[0].narrative_achieved"]
    assert [r.status for r in rows] == ["missing"]  # one row, not two


async def test_confirming_in_the_app_makes_all_three_agree_it_is_complete(tmp_path, capsys):
    path = _moved(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.walker.current == "kpis[0].narrative_achieved"
        assert not app.screen.walker.check().complete
        await pilot.press("enter")  # the moved text, reviewed, confirmed as it stands
        await pilot.pause()
        assert "記述欄を記録しました" in chat_text(app)
        assert app.screen.walker.check().complete
    assert draft.load(path).unconfirmed == ()
    assert main(["check", str(path)]) == 0
