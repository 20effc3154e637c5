"""Restricted mode (what the SSH ForceCommand runs): the user's own folder only, no editor, no shell."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.tui.app import run
from dejiden.tui.chat import ChatScreen
from dejiden.tui.start import StartScreen

from .tui_helpers import app_for

pytestmark = pytest.mark.writes_files
ROOT = Path(__file__).parents[1]


def test_paths_from_the_user_are_refused(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert run(path=Path("../../etc/passwd.toml"), restricted=True) == 2
    assert "ファイルの場所を指定できません" in capsys.readouterr().err


def test_without_a_terminal_restricted_mode_says_what_to_do():
    proc = subprocess.run([sys.executable, "-m", "dejiden.tui.cli", "--restricted"], capture_output=True, text=True,
                          cwd=ROOT, stdin=subprocess.DEVNULL, env={**os.environ, "DEJIDEN_DATA_DIR": "/nonexistent"})
    assert proc.returncode == 1 and "ssh -t" in proc.stderr and "Traceback" not in proc.stderr


async def test_symlinks_and_escapes_are_neither_listed_nor_opened(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "mine"
    folder.mkdir()
    draft.save(outside / "secret.toml", draft.Draft(seed_report()))
    (folder / "link.toml").symlink_to(outside / "secret.toml")
    draft.save(folder / "own.toml", draft.Draft(seed_report()))
    app = app_for(folder, name=None, restricted=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert [p.name for p in app.screen.entries if p] == ["own.toml"]
        app.open_draft(folder / "link.toml")
        app.open_draft(folder / ".." / "outside" / "secret.toml")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)  # neither opened
        assert any("自分の保存場所にある下書きだけ" in n.message for n in app._notifications)


async def test_no_editor_and_no_system_commands_in_restricted_mode(tmp_path):
    draft.save(tmp_path / "r.toml", draft.Draft(seed_report(), draft.Session(current="kpis[0].narrative_unachieved")))
    app = app_for(tmp_path, restricted=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        keys = {b.binding.key for b in screen.active_bindings.values()}
        assert screen.check_action("editor", ()) is False
        called = []
        screen.app.suspend = lambda: called.append("suspend")  # would hand the terminal over
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert called == []
        assert [c.title for c in app.get_system_commands(screen)] == ["終了"]
        assert "ctrl+o" not in keys  # not offered (nor shown in the footer)


@pytest.mark.parametrize("via_review", [False, True])
async def test_export_over_ssh_says_the_commands_to_fetch_and_send_back(tmp_path, monkeypatch, via_review):
    from dejiden.tui.review import ReviewScreen

    from .tui_helpers import chat_text

    monkeypatch.setenv("SSH_CONNECTION", "192.0.2.7 50000 203.0.113.5 2222")
    monkeypatch.setenv("DEJIDEN_SSH_HOST", "report-server")
    monkeypatch.setenv("USER", "tanaka")
    monkeypatch.setenv("LOGNAME", "tanaka")
    draft.save(tmp_path / "塩尻市.toml", draft.Draft(seed_report()))
    app = app_for(tmp_path, name="塩尻市.toml", restricted=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if via_review:
            await pilot.press("f2")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f5")
        await pilot.pause()
        text = chat_text(app)
    assert "ssh -p 2222 tanaka@report-server download 塩尻市.xlsx > 塩尻市.xlsx" in text
    assert "ssh -p 2222 tanaka@report-server upload 塩尻市 < 塩尻市.xlsx" in text


async def test_no_fetch_hint_when_not_restricted(tmp_path, monkeypatch):
    from .tui_helpers import chat_text

    monkeypatch.setenv("SSH_CONNECTION", "192.0.2.7 50000 203.0.113.5 22")
    draft.save(tmp_path / "r.toml", draft.Draft(seed_report()))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        text = chat_text(app)
    assert "Excelファイルを書き出しました" in text and "download" not in text
