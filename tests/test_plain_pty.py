"""The plain line mode in a real terminal (tmux): the seed report typed line by line, raw bytes checked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report

from .plain_helpers import BOX_DRAWING, as_lines, run
from .seed_answers import seed_answers

pytestmark = [pytest.mark.e2e, pytest.mark.writes_files]
if shutil.which("tmux") is None:
    pytest.skip("tmux is not installed", allow_module_level=True)

ROOT = Path(__file__).parents[1]
SOCKET = f"dejiden-plain-{os.getpid()}"  # per run: two test runs never share a tmux server


class Pane:
    """A tmux pane running ``dejiden --plain``, its raw output logged byte for byte."""

    def __init__(self, tmp: Path, args: str, name: str = "plain", after: str = "true") -> None:
        self.name, self.raw = name, tmp / f"{name}.raw"
        conf = tmp / "tmux.conf"
        conf.write_text("set -g history-limit 50000\n")
        command = (f"cd {ROOT} && env DEJIDEN_DATA_DIR={tmp} LANG=C.UTF-8 TERM=xterm-256color "
                   f"{sys.executable} -m dejiden.tui.cli --plain {args}; echo \"[rc=$?]\"; {after}; sleep 30")
        self.tmux("-f", str(conf), "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command)
        self.tmux("pipe-pane", "-o", "-t", name, f"cat >> {self.raw}")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout

    def bytes(self) -> bytes:
        return self.raw.read_bytes() if self.raw.exists() else b""

    def history(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", self.name)

    def wait_quiet(self, before: int, quiet: float = 0.15, limit: float = 10) -> None:
        """Until the pane has written something after ``before`` bytes and then nothing for ``quiet`` s."""
        end, size, since = time.time() + limit, before, time.time()
        while time.time() < end:
            now = len(self.bytes())
            if now != size:
                size, since = now, time.time()
            elif size > before and time.time() - since >= quiet:
                return
            time.sleep(0.03)

    def wait_for(self, text: str, limit: float = 20) -> str:
        end = time.time() + limit
        while time.time() < end:
            shown = self.history()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear:\n{self.history()[-2000:]}")

    def type_line(self, line: str) -> None:
        before = len(self.bytes())
        if line:
            self.tmux("send-keys", "-t", self.name, "-l", line)
        self.tmux("send-keys", "-t", self.name, "Enter")
        self.wait_quiet(before)

    def cursor(self) -> tuple[int, str]:
        x, y = map(int, self.tmux("display", "-p", "-t", self.name, "#{cursor_x} #{cursor_y}").split())
        return x, self.tmux("capture-pane", "-p", "-t", self.name).splitlines()[y]

    def close(self) -> None:
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def pane_factory(tmp_path):
    panes: list[Pane] = []

    def make(args: str, name: str = "plain", after: str = "true") -> Pane:
        panes.append(Pane(tmp_path, args, name, after))
        return panes[-1]

    yield make
    for pane in panes:
        pane.close()
    subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)


def invented() -> list[str]:
    from .invented_answers import invented_answers

    return invented_answers()


@pytest.mark.parametrize("answers", [seed_answers, invented], ids=["seed", "invented"])
def test_a_report_typed_in_a_terminal(tmp_path, pane_factory, answers):
    pane = pane_factory(str(tmp_path / "r.toml"))
    pane.wait_for("どの様式（版）")
    for line in as_lines(answers()).splitlines():
        pane.type_line(line)
    pane.wait_for("すべての質問に答えました")
    x, row = pane.cursor()
    assert row.rstrip() == ">" and x == 2  # the terminal's own cursor sits after the cue (capture trims the space)
    pane.tmux("send-keys", "-t", pane.name, "C-d")  # end of input: saved, exit code 0 (complete)
    shown = pane.wait_for("[rc=")
    assert "[rc=0]" in shown and "下書きを保存しました" in shown
    piped = tmp_path / "piped"
    piped.mkdir()
    assert run(piped, as_lines(answers()))[0] == 0
    assert draft.load(tmp_path / "r.toml").report == draft.load(piped / "r.toml").report  # typed = piped
    if answers is seed_answers:
        assert draft.load(tmp_path / "r.toml").report == seed_report()
    raw = pane.bytes()
    assert b"\x1b" not in raw and not BOX_DRAWING.search(raw.decode("utf-8", "replace"))
    text = raw.decode("utf-8").replace("\r\n", "\n")
    assert text.count("単独の事業ですか、広域連携の事業ですか？") == 1  # each question once, never redrawn
    assert re.search(r"  1\. 単独\n  2\. 広域連携\n1〜2 の番号を入力してください。\n> [1２]\n", text)


def test_ctrl_c_mid_narrative_saves_the_lines_typed(tmp_path, pane_factory):
    from .tui_helpers import seed_draft

    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    pane = pane_factory(str(path), name="ctrlc")
    pane.wait_for("「.」だけの行")
    pane.type_line("委託先の経営悪化により")
    pane.type_line("新規申込を休止した。")
    pane.tmux("send-keys", "-t", pane.name, "C-c")
    shown = pane.wait_for("[rc=")
    assert "Traceback" not in shown and "下書きを保存しました" in shown
    assert draft.load(path).session.pending == "委託先の経営悪化により\n新規申込を休止した。\n"


def test_ctrl_c_keeps_the_line_being_typed_and_gives_the_terminal_back(tmp_path, pane_factory):
    """The kernel throws away a line not yet sent when ctrl+c is a signal: the plain mode makes it
    end the line instead, so the half-typed line is saved too; the terminal's ctrl+c is restored after."""
    from .tui_helpers import seed_draft

    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    pane = pane_factory(str(path), name="ctrlc-line", after="stty -a | tr ';' '\\n' | grep -w intr")
    pane.wait_for("「.」だけの行")
    pane.type_line("委託先の経営悪化により")
    pane.tmux("send-keys", "-t", pane.name, "-l", "新規申込を休")
    time.sleep(0.3)
    pane.tmux("send-keys", "-t", pane.name, "C-c")
    shown = pane.wait_for("intr =")
    assert draft.load(path).session.pending == "委託先の経営悪化により\n新規申込を休"
    assert "新規申込を休^C\n下書きを保存しました" in shown  # the farewell on a line of its own
    assert "[rc=1]" in shown and "intr = ^C" in shown and "Traceback" not in shown
    assert b"\x1b" not in pane.bytes()


def test_ctrl_c_at_a_line_question_and_an_arrow_key(tmp_path, pane_factory):
    from dejiden.prompts import phrases

    from .tui_helpers import seed_draft

    path, _ = seed_draft(tmp_path, clear=("header.department", "header.manager_name"), current="header.department")
    pane = pane_factory(str(path), name="ctrlc-short")
    pane.wait_for("担当部局名を入力してください")
    pane.tmux("send-keys", "-t", pane.name, "-l", "総務課")
    pane.tmux("send-keys", "-t", pane.name, "Left", "Left")  # the habit of a full-screen editor
    pane.type_line("")
    pane.wait_for("責任者名を入力してください")
    pane.tmux("send-keys", "-t", pane.name, "-l", "美里 一")
    time.sleep(0.3)
    pane.tmux("send-keys", "-t", pane.name, "C-c")
    pane.wait_for("[rc=1]")
    saved = draft.load(path)
    assert saved.report.header.department == "総務課"  # no 「[D」 left where the arrows were
    assert (saved.session.pending, saved.session.pending_for) == ("美里 一", "header.manager_name")
    _, out = run(tmp_path, "美里 一郎\n")  # resumed: the half-typed answer is offered
    assert phrases.PLAIN_RESTORED_LINE.format(text="美里 一") in out


def test_ctrl_d_after_some_text_leaves_and_keeps_it_unsent(tmp_path, pane_factory):
    """ctrl+d twice after 「総務」 (no Enter) ends the input: the text is kept as typed, not stored as the answer."""
    from .tui_helpers import seed_draft

    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    pane = pane_factory(str(path), name="ctrld")
    pane.wait_for("担当部局名を入力してください")
    pane.tmux("send-keys", "-t", pane.name, "-l", "総務")
    time.sleep(0.2)
    pane.tmux("send-keys", "-t", pane.name, "C-d")
    time.sleep(0.2)
    pane.tmux("send-keys", "-t", pane.name, "C-d")
    shown = pane.wait_for("[rc=")
    saved = draft.load(path)
    assert saved.report.header.department is None and "「総務」を記録しました" not in shown
    assert (saved.session.pending, saved.session.pending_for) == ("総務", "header.department")
    assert "[rc=1]" in shown and "総務\n下書きを保存しました" in shown
