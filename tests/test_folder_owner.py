"""Root, or anyone but the owner, never follows a symlinked data folder nor writes in another's folder (issue 22)."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from dejiden.model import draft, workbook
from dejiden.model.example import seed_report
from dejiden.tui.cli import main

from .test_remote import run
from .tui_helpers import app_for

pytestmark = [pytest.mark.writes_files,
              pytest.mark.skipif(os.geteuid() != 0, reason="needs root to own files as an officer")]
OFFICER = 65534  # nobody


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {p.name: (stat.S_IMODE(p.lstat().st_mode), p.lstat().st_uid, p.read_bytes()) for p in folder.iterdir()}


@pytest.fixture
def planted(tmp_path):
    """An officer's data folder replaced by their symlink to a folder of root's holding a loose draft."""
    victim = tmp_path / "victim"
    victim.mkdir(mode=0o755)
    (victim / "x.toml").write_text(draft.dumps(draft.Draft(seed_report())), encoding="utf-8")
    os.chmod(victim / "x.toml", 0o644)
    home = tmp_path / "home"
    home.mkdir()
    os.chown(home, OFFICER, OFFICER)
    link = home / "dejiden"
    link.symlink_to(victim)
    os.lchown(link, OFFICER, OFFICER)
    return link, victim


@pytest.fixture
def officers(tmp_path):
    """An officer's own folder (no link) with a loose draft of theirs."""
    folder = tmp_path / "officer"
    folder.mkdir(mode=0o755)
    (folder / "x.toml").write_text(draft.dumps(draft.Draft(seed_report())), encoding="utf-8")
    os.chmod(folder / "x.toml", 0o644)
    for p in (folder, folder / "x.toml"):
        os.chown(p, OFFICER, OFFICER)
    return folder


def test_the_rule_names_the_link_and_the_owner(planted, officers):
    from dejiden.model.folders import folder_problem

    link, _ = planted
    assert "シンボリックリンク" in folder_problem(link, write=False)
    assert folder_problem(officers, write=False) is None
    assert "nobody さんのフォルダ" in folder_problem(officers, write=True)


@pytest.mark.parametrize("command", ["list", "check x", "download x", "download x --toml", "upload x"])
def test_ssh_verbs_refuse_the_folder(planted, officers, command):
    for folder, target in ((planted[0], planted[1]), (officers, officers)):
        before = snapshot(target)
        data = workbook.to_bytes(seed_report()) if command.startswith("upload") else b""
        code, out, err = run(command, folder, data)
        assert code == 2 and out == b"" and "Traceback" not in err, (folder, err)
        assert snapshot(target) == before


@pytest.mark.parametrize("argv", [["check", "{f}/x.toml"], ["export", "{f}/x.toml"],
                                  ["import", "{book}", "-o", "{f}/new.toml"], ["example", "{f}/e.toml"]])
def test_cli_commands_do_not_follow_or_write(planted, tmp_path, argv, capsys):
    link, victim = planted
    book = tmp_path / "b.xlsx"
    book.write_bytes(workbook.to_bytes(seed_report()))
    before = snapshot(victim)
    assert main([a.format(f=link, book=book) for a in argv]) == 2
    assert snapshot(victim) == before
    assert "シンボリックリンク" in capsys.readouterr().err


def test_check_as_root_in_an_officers_folder_changes_no_mode(officers):
    before = snapshot(officers)
    assert main(["check", str(officers / "x.toml")]) == 0
    assert snapshot(officers) == before


def test_the_app_lists_nothing_through_the_link_and_creates_nothing(planted, officers):
    from textual.widgets import OptionList, Static

    async def one(folder: Path, target: Path) -> None:
        before = snapshot(target)
        app = app_for(folder, None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            said = str(app.screen.query_one("#resume", Static).content)
            assert "シンボリックリンク" in said or "さんのフォルダ" in said
            if folder == target:  # an officer's own folder: listed and checked, never opened for editing
                assert app.screen.query_one(OptionList).option_count == 2
                await pilot.press("enter")  # the newest draft is highlighted
                await pilot.pause(0.3)
                assert any("さんのフォルダ" in n.message for n in app._notifications), (app.screen, [n.message for n in app._notifications])
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("1", "enter")  # the first answer: a new draft would get its file now
            await pilot.pause(0.3)
            log = " ".join(str(m.content) for m in app.screen.query(Static))
            assert "シンボリックリンク" in log or "さんのフォルダ" in log, log[-500:]
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app._exception is None
        assert snapshot(target) == before

    async def both() -> None:
        await one(*planted)
        await one(officers, officers)

    asyncio.run(both())


def test_a_new_draft_in_someone_elses_folder_says_whose_it_is(planted, officers):
    from dejiden.prompts.session import DraftSession

    for folder, target, words in ((planted[0], planted[1], "シンボリックリンク"), (officers, officers, "nobody さんのフォルダ")):
        before = snapshot(target)
        reply = DraftSession.new(folder).handle("1")  # the first answer: a new draft would get its file now
        assert reply.accepted and any(words in m.text for m in reply.messages), [m.text for m in reply.messages]
        assert snapshot(target) == before


def test_root_creates_no_folder_in_an_officers_home(officers):
    from dejiden.prompts.session import DraftSession

    missing = officers / "sub" / "dejiden"
    reply = DraftSession.new(missing).handle("1")
    assert any("nobody さんのフォルダ" in m.text for m in reply.messages)
    assert not (officers / "sub").exists()
    opened = DraftSession.open(missing / "x.toml")
    with pytest.raises(OSError):
        opened.take_lock()
    assert not (officers / "sub").exists()


def test_no_new_report_is_started_where_no_answer_could_be_saved(planted, officers):
    """Root (or anyone) in another's folder: ``n`` on the list started a report whose every answer failed
    to save with 「空き容量や保存場所を確かめてください。数秒ごとに自動でもう一度保存します」."""
    from textual.widgets import OptionList

    from dejiden.tui.start import StartScreen

    async def one(folder: Path, target: Path, words: str) -> None:
        before = snapshot(target)
        app = app_for(folder, None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause(0.3)
            assert isinstance(app.screen, StartScreen), app.screen
            assert any(words in n.message for n in app._notifications), [n.message for n in app._notifications]
            app.screen.query_one(OptionList).highlighted = 0
            await pilot.press("enter")  # ＋ 新しい報告書 chosen from the list: the same
            await pilot.pause(0.3)
            assert isinstance(app.screen, StartScreen), app.screen
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app._exception is None
        assert snapshot(target) == before

    async def both() -> None:
        await one(planted[0], planted[1], "シンボリックリンク")
        await one(officers, officers, "nobody さんのフォルダ")

    asyncio.run(both())


def test_the_plain_list_starts_no_report_in_another_folder(officers):
    import io

    from dejiden.tui.config import AppConfig
    from dejiden.tui.plain import run_plain

    out = io.StringIO()
    before = snapshot(officers)
    run_plain(None, AppConfig(data_dir=officers), io.StringIO("1\n"), out)
    text = out.getvalue()
    assert "新しい報告書を作れません" in text and "nobody さんのフォルダ" in text, text[-800:]
    assert "どの様式" not in text  # no question asked whose answer could not be kept
    assert snapshot(officers) == before
