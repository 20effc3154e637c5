"""End to end over a real OpenSSH server: ``ssh -t HOST plain [NAME]`` and answers piped through ``plain NAME``."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.model.report import Report

from . import ssh_server
from .plain_helpers import BOX_DRAWING, as_lines
from .seed_answers import seed_answers
from .ssh_server import Terminal, put_draft
from .test_ssh_e2e import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.writes_files]

ssh_server.require()


def test_plain_verb_in_a_terminal_asks_in_lines_and_saves_on_end_of_input(server, drafts):
    start = seed_report()
    start.header.department = None
    path = put_draft(server, drafts, "aizu.toml", start, draft.Session(current="header.department"))
    term = Terminal("plain", server.ssh_command() + " plain aizu")
    try:
        term.wait_for("担当部局名を入力してください")
        wait_until(lambda: term.screen().rstrip().endswith(">"))  # the guide and the cue follow the question
        assert "（行モード）" in term.screen()
        term.type("政策財政課")
        term.press("Enter")
        term.wait_for("「政策財政課」を記録しました")
        term.press("C-d")  # end of input: saved, and the session ends
        term.wait_for("[session ended]")
    finally:
        term.close()
    assert draft.load(path).report == seed_report()


def test_plain_verb_without_a_name_lists_the_drafts_by_number(server, drafts):
    put_draft(server, drafts, "aizu.toml", seed_report(), draft.Session(current="header.department"))
    term = Terminal("plainlist", server.ssh_command() + " plain")
    try:
        screen = term.wait_for("開く下書きの番号を入力してください")
        assert "1. ＋ 新しい報告書" in screen and "2. " in screen and "aizu.toml" in screen
        term.type("2")
        term.press("Enter")
        term.wait_for("担当部局名")
        term.press("C-d")
        term.wait_for("[session ended]")
    finally:
        term.close()


def test_answers_piped_through_plain_fill_the_draft(server, drafts):
    """``ssh HOST plain NAME < answers.txt`` (no terminal): the seed report, exit code 0 when complete."""
    path = put_draft(server, drafts, "aizu.toml", Report())  # an empty draft
    done = server.run("plain", "aizu", data=as_lines(seed_answers()).encode("utf-8"))
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, (out[-2000:], done.stderr.decode())
    assert "\x1b" not in out and not BOX_DRAWING.search(out)
    assert draft.load(path).report == seed_report()


def test_a_path_or_an_unknown_name_is_refused(server, drafts):
    for name in ("../../etc/passwd", "nosuch"):
        done = server.run("plain", name)
        assert done.returncode == 2 and "ssh ホスト list" in done.stderr.decode("utf-8")


def test_dropped_line_mid_narrative_keeps_the_lines(server, drafts):
    report = seed_report()
    report.kpis[0].narrative_unachieved = None
    path = put_draft(server, drafts, "aizu.toml", report, draft.Session(current="kpis[0].narrative_unachieved"))
    term = Terminal("plaindrop", server.ssh_command() + " plain aizu")
    try:
        term.wait_for("「.」だけの行")
        term.type("委託先の経営悪化により新規申込を休止した。")
        term.press("Enter")
        term.type("再開は未定。")
        term.press("Enter")
        time.sleep(0.5)
        pid = subprocess.run(["pgrep", "-P", str(term.pane_pid()), "-x", "ssh"], capture_output=True, text=True).stdout
        os.kill(int(pid.split()[0]), signal.SIGKILL)  # the line drops: sshd hangs up, the app saves
        wait_until(lambda: draft.load(path).session.pending == "委託先の経営悪化により新規申込を休止した。\n再開は未定。\n")  # each line with its Enter
    finally:
        term.close()
