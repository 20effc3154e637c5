"""Every edition through the app (Pilot) and the SSH verbs: the same tests for the seed's and the test edition."""

from __future__ import annotations

import pytest

from dejiden.model import draft
from dejiden.model.completeness import check
from dejiden.model.draft import Draft, Session
from dejiden.model.report import Report
from dejiden.prompts.view import REVIEW
from dejiden.prompts.walker import Walker
from dejiden.tui.chat import ChatScreen

from .test_editions import EDITIONS, TODAY, _answer
from .test_remote import edited, parts, run
from .tui_helpers import app_for, type_answer

pytestmark = pytest.mark.writes_files


def complete(edition_id: str) -> Report:
    """A complete report of the edition, answered through the conversation as test_editions does."""
    w = Walker(Draft(Report(edition=edition_id), Session(closed=["edition"])), today=lambda: TODAY)
    asked: set[str] = set()
    while w.current != REVIEW:
        assert w.handle(_answer(w, asked)).accepted
    return w.report


@pytest.mark.parametrize("edition_id", EDITIONS)
async def test_each_edition_is_answered_through_the_app(edition_id, tmp_path):
    draft.save(tmp_path / "r.toml", Draft(Report(edition=edition_id), Session(closed=["edition"])))
    app = app_for(tmp_path)
    asked: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        w = screen.walker
        for _ in range(400):
            if w.current == REVIEW:
                break
            before = w.current
            await type_answer(pilot, _answer(w, asked))
            assert w.current != before or w.step().repeat, before
        assert w.current == REVIEW
    saved = draft.load(tmp_path / "r.toml")
    assert isinstance(saved, Draft) and saved.report.edition == edition_id
    result = check(saved.report)
    assert result.complete, [(i.path, i.message) for i in result.items]
    assert {r.path for r in saved.report.ed.definition.rows()} - asked == {"header.prefecture", "header.lg_code"}


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_ssh_verbs_on_each_edition(edition_id, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    report = complete(edition_id)
    draft.save(folder / "r.toml", Draft(report))
    code, out, _ = run("check r --json", folder)
    assert code == 0 and b'"complete": true' in out
    code, book, err = run("download r.xlsx", folder)
    assert code == 0 and err == ""
    from dejiden.model import workbook

    local = workbook.export(report, None, tmp_path / "local.xlsx")
    assert parts(book) == parts(local.path.read_bytes())
    code, _, err = run("upload r", folder, edited(book, tmp_path, header_department="デジタル推進課"))
    assert code == 0, err
    after = draft.load(folder / "r.toml").report
    assert after.edition == edition_id and after.header.department == "デジタル推進課"
    report.header.department = "デジタル推進課"
    assert after.to_data() == report.to_data()
