"""The test of habits in a real terminal (issue 18 item 6): an invented report sent through tmux at 80×24,
one write per section (a number and Enter on every choice, PageUp's escape sequence before some Enters,
Enter on every suggestion shown), then the draft on disk holds every value meant."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from dejiden.model import draft, paths
from dejiden.prompts.walker import REVIEW

from .habits import INVENTED, INVENTED_STORED, PAGEUP, bursts, invented_targets
from .ssh_server import Terminal

pytestmark = [pytest.mark.e2e, pytest.mark.writes_files]
if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        pytest.fail("tmux is missing in CI (.ci/run installs it)", pytrace=False)
    pytest.skip("tmux is not installed", allow_module_level=True)


def test_an_invented_report_typed_by_habit_in_tmux(tmp_path):
    today = dt.date.today()
    keys, ends, walker = bursts(INVENTED, today)
    root = Path(__file__).parents[1]
    command = f"cd {tmp_path} && PYTHONPATH={root} DEJIDEN_DATA_DIR={tmp_path} {sys.executable} -m dejiden.tui.cli r.toml"
    term = Terminal(f"habits-{os.getpid()}", command)
    path = tmp_path / "r.toml"
    try:
        term.wait_for("どの様式")
        for burst, end in zip(keys, ends):
            term.type("".join(burst))  # one write per section, as a paste arrives (\r is Enter)
            deadline = time.time() + 60
            while True:
                saved = draft.load(path) if path.exists() else None
                if isinstance(saved, draft.Draft) and saved.session.current == end:
                    break
                assert time.time() < deadline, (end, term.screen())
                time.sleep(0.3)
        assert end == REVIEW
        term.wait_for("すべての質問に答えました")
        term.press("C-q")
    finally:
        term.close()
    stored = draft.load(path)
    assert stored.session.pending is None
    report = stored.report
    assert report == walker.report and PAGEUP in "".join(k for burst in keys for k in burst)
    expected = {**INVENTED_STORED, **invented_targets(*report.ed.kpi_years)}
    assert {p: paths.get(report, p) for p in expected} == expected
    assert report.header.entry_date == today
