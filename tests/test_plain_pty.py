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

    def __init__(self, tmp: Path, args: str, name: str = "plain") -> None:
        self.name, self.raw = name, tmp / f"{name}.raw"
        conf = tmp / "tmux.conf"
        conf.write_text("set -g history-limit 50000\n")
        command = (f"cd {ROOT} && env DEJIDEN_DATA_DIR={tmp} LANG=C.UTF-8 TERM=xterm-256color "
                   f"{sys.executable} -m dejiden.tui.cli --plain {args}; echo \"[rc=$?]\"; sleep 30")
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

    def make(args: str, name: str = "plain") -> Pane:
        panes.append(Pane(tmp_path, args, name))
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
    assert draft.load(path).session.pending == "委託先の経営悪化により\n新規申込を休止した。"
