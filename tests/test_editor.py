"""ctrl+o with an editor that cannot start or writes what is not UTF-8: the app comes back to its
screen and says so in the log, the narrative box keeps its text (no traceback, no suspended terminal)."""

from __future__ import annotations

import contextlib

import pytest

from dejiden.tui.narrative import NarrativeArea

from .tui_helpers import app_for, chat_text, seed_draft, type_text


def fake_suspend(states: list[str]):
    """Textual's App.suspend in shape: resumes only when the block ends without an exception."""

    @contextlib.contextmanager
    def suspend():
        states.append("suspended")
        yield
        states.append("resumed")

    return suspend


@pytest.mark.parametrize("editor, said", [
    ("{tmp}/no-such-editor", "エディタを起動できませんでした"),
    ('nano "', "エディタを起動できませんでした"),  # an unbalanced quote in $EDITOR
    ("{tmp}/sjis-editor", "UTF-8"),  # saved in Shift_JIS
])
async def test_an_editor_that_fails_leaves_the_app_running_and_the_text_kept(tmp_path, monkeypatch, editor, said):
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",))
    sjis = tmp_path / "sjis-editor"
    sjis.write_bytes(b"#!/bin/sh\nprintf '\\203\\145\\203\\130\\203\\147' > \"$1\"\n")  # テスト in Shift_JIS
    sjis.chmod(0o755)
    monkeypatch.setenv("EDITOR", editor.format(tmp=tmp_path))
    monkeypatch.delenv("VISUAL", raising=False)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        states: list[str] = []
        app.suspend = fake_suspend(states)  # the headless driver cannot hand over a terminal
        await type_text(pilot, "先に書いた。")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert states in ([], ["suspended", "resumed"])  # never left suspended
        assert said in chat_text(app).splitlines()[-1]
        assert app.screen.query_one(NarrativeArea).text == "先に書いた。"
