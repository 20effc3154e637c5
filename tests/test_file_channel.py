"""The file channel over SSH, round two (issue 22): one draft per name, nothing raw to a terminal, names shown safely."""

from __future__ import annotations

import os
import stat

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.model.safe_text import is_safe
from dejiden.tui import remote

from .test_remote import folder, put, run  # noqa: F401  (folder: the fixture)

pytestmark = pytest.mark.writes_files


def _other(report):
    report.header.municipality = "別の町"
    return report


# ---------------------------------------------------------------- one draft per name


def test_an_exact_file_name_wins(folder):
    a, axt = put(folder, "a.toml"), put(folder, "a.xlsx.toml", _other(seed_report()))
    assert remote.resolve("a.xlsx.toml", folder) == axt
    assert remote.resolve("a.toml", folder) == a
    assert remote.resolve("a", folder) == a


def test_an_ambiguous_name_is_refused_naming_the_candidates(folder):
    put(folder, "a.toml"), put(folder, "a.xlsx.toml", _other(seed_report()))
    said = remote.resolve("a.xlsx", folder)
    assert isinstance(said, str) and "a.toml" in said and "a.xlsx.toml" in said


def test_upload_and_download_reach_the_draft_named(folder):
    a, axt = put(folder, "a.toml"), put(folder, "a.xlsx.toml", _other(seed_report()))
    code, out, _ = run("download a.xlsx.toml --toml", folder)
    assert code in (0, 1) and out == axt.read_bytes()
    before = a.read_bytes()
    code, book, _ = run("download a.xlsx.toml", folder)
    from .test_remote import edited

    changed = edited(book, folder.parent, header_department="デジタル推進課")
    code, _, err = run("upload a.xlsx.toml", folder, changed)
    assert code in (0, 1), err
    assert a.read_bytes() == before
    assert draft.load(axt).report.header.department == "デジタル推進課"
    code, _, err = run("upload a.xlsx", folder, changed)
    assert code == 2 and "a.xlsx.toml" in err


# ---------------------------------------------------------------- nothing raw to a terminal

ESCAPES = '# \x1b]0;pwned\x07\x1b[2J\nx = ['


def test_download_toml_to_a_terminal_is_refused_before_any_byte(folder):
    put(folder, "a.toml")
    code, out, err = run("download a --toml", folder, tty=True)
    assert code == 2 and out == b"" and "画面には書き出せません" in err and "--toml > a.toml" in err


def test_a_draft_is_checked_before_any_byte_is_sent(folder):
    (folder / "a.toml").write_text(ESCAPES, encoding="utf-8")
    code, out, err = run("download a --toml", folder)
    assert code == 2 and out == b"" and "\x1b" not in err and is_safe(err)


# ---------------------------------------------------------------- names with control characters


def test_a_name_with_a_newline_is_listed_on_one_line_with_marks(folder):
    put(folder, "a\nb.toml")
    code, out, _ = run("list", folder)
    lines = out.decode().splitlines()
    assert code == 0 and len(lines) == 1 and "a␊b.toml" in lines[0]


def test_the_start_screen_shows_a_newline_in_a_name_as_a_mark(folder):
    from dejiden.prompts.drafts import row_text, summarize

    put(folder, "a\nb.toml")
    (path,) = folder.glob("*.toml")
    text = row_text(summarize(path))
    assert "\n" not in text and "a␊b.toml" in text
    bad = folder / "c\x1b[2J.toml"
    bad.write_text("x = [", encoding="utf-8")
    assert is_safe(row_text(summarize(bad)), newlines=False)


# ---------------------------------------------------------------- every verb tightens the folder as the app does


@pytest.mark.parametrize("command", ["list", "check a", "download a", "upload a"])
def test_every_verb_tightens_the_folder(folder, command):
    put(folder, "a.toml")
    os.chmod(folder, 0o777)
    run(command, folder, b"")
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


# ---------------------------------------------------------------- a multi-line paste into a one-line field


def test_a_multi_line_paste_into_a_one_line_field_says_what_was_dropped(tmp_path):
    from textual import events

    from dejiden.tui.widgets import LineInput

    from .tui_helpers import app_for

    put(tmp_path, "r.toml", seed_report())

    async def go() -> None:
        app = app_for(tmp_path, "r.toml")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            line = app.screen.query(LineInput).first()
            line.focus()
            line.value = ""
            line.post_message(events.Paste("12\n34\n"))
            await pilot.pause()
            assert line.value == "12"
            said = [n.message for n in app._notifications]
            assert any("34" in m and "1行" in m for m in said), said
            await pilot.press("ctrl+q")

    import asyncio

    asyncio.run(go())


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_a_killed_upload_leaves_through_its_cleanup(folder, tmp_path, sig):
    """The ssh client killed mid-upload: the command ends at once with code 2, no traceback, nothing left."""
    import signal
    import subprocess
    import sys
    import time

    put(folder, "a.toml")
    env = {**os.environ, "SSH_ORIGINAL_COMMAND": "upload a", "DEJIDEN_DATA_DIR": str(folder), "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "dejiden.tui.cli", "--restricted"], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(b"PK\x03\x04" + b"x" * 1000)
    proc.stdin.flush()
    time.sleep(1.5)
    proc.send_signal(getattr(signal, sig))
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 2 and b"Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == ["a.toml"]
