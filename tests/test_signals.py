"""A real dejiden process in a real terminal (tmux): hang-up and kill -TERM lose nothing."""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report

pytestmark = [pytest.mark.e2e, pytest.mark.writes_files]
if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        pytest.fail("tmux is missing in CI (.ci/run installs it)", pytrace=False)
    pytest.skip("tmux is not installed", allow_module_level=True)

SOCKET = f"dejiden-signals-{os.getpid()}-{uuid.uuid4().hex[:6]}"  # per run
TEXT = "書きかけの文章。送信前に回線が切れた"


def tmux(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True)


def start(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "r.toml"
    report = seed_report()
    report.kpis[0].narrative_unachieved = None
    draft.save(path, draft.Draft(report))
    command = f"cd {tmp_path} && DEJIDEN_DATA_DIR={tmp_path} {sys.executable} -m dejiden.tui.cli r.toml"
    tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-e", f"PYTHONPATH={Path(__file__).parents[1]}", command)
    deadline = time.time() + 20
    while "0/300字" not in tmux("capture-pane", "-p", "-t", name).stdout:
        assert time.time() < deadline, tmux("capture-pane", "-p", "-t", name).stdout
        time.sleep(0.2)
    time.sleep(0.3)
    tmux("send-keys", "-t", name, "-l", TEXT)
    while TEXT not in tmux("capture-pane", "-p", "-t", name).stdout:
        assert time.time() < deadline
        time.sleep(0.1)
    return path


def app_pid(name: str) -> int:
    pane = int(tmux("display", "-p", "-t", name, "#{pane_pid}").stdout)
    out = subprocess.run(["pgrep", "-f", "-P", str(pane), "dejiden.tui.cli"], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else pane


def wait_saved(path: Path) -> None:
    deadline = time.time() + 10
    while draft.load(path).session.pending != TEXT:
        assert time.time() < deadline, draft.load(path).session
        time.sleep(0.1)


@pytest.mark.parametrize("how", ["hangup", "term"])
def test_signal_saves_the_half_typed_text_and_leaves_no_temp_files(tmp_path, how):
    name = f"sig-{how}"
    path = start(tmp_path, name)
    pid = app_pid(name)
    try:
        if how == "hangup":
            tmux("kill-session", "-t", name)  # the terminal goes away: SIGHUP
        else:
            os.kill(pid, signal.SIGTERM)
        wait_saved(path)
        deadline = time.time() + 10
        while subprocess.run(["kill", "-0", str(pid)], capture_output=True).returncode == 0:
            assert time.time() < deadline, "dejiden did not exit"
            time.sleep(0.1)
    finally:
        tmux("kill-session", "-t", name)
    saved = draft.load(path)
    expected = seed_report()
    expected.kpis[0].narrative_unachieved = None
    assert saved.report == expected
    assert saved.session.pending_for == "kpis[0].narrative_unachieved"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
