"""Snapshots of the screens at 80x24 and 120x40 (stable: fixed clock, no blink, fixed paths)."""

import shutil
from pathlib import Path

import pytest

from dejiden.model import draft, paths
from dejiden.model.example import seed_report

from .tui_helpers import app_for

pytestmark = pytest.mark.writes_files
FOLDER = Path("/tmp/dejiden-snapshots")  # shown on the start screen, so it must not vary


@pytest.fixture
def folder():
    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    yield FOLDER
    shutil.rmtree(FOLDER, ignore_errors=True)


def partial_seed(folder: Path, current: str) -> None:
    report = seed_report()
    for path in ("kpis[2].fy2023.actual", "kpis[2].narrative_unachieved", "kpis[3]", "kpis[4]", "header.phone"):
        paths.clear(report, path)
    report.checklist.clear()
    draft.save(folder / "r.toml", draft.Draft(report, draft.Session(current=current)))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_chat_screen(snap_compare, folder, size):
    partial_seed(folder, "kpis[2].fy2023.actual")
    assert snap_compare(app_for(folder), terminal_size=size)


def test_chat_narrative_at_80x24(snap_compare, folder):
    partial_seed(folder, "kpis[2].narrative_unachieved")
    report = draft.load(folder / "r.toml").report
    report.kpis[2].years[2023].actual = "未計測"
    draft.save(folder / "r.toml", draft.Draft(report, draft.Session(current="kpis[2].narrative_unachieved")))
    assert snap_compare(app_for(folder), terminal_size=(80, 24))


def test_chat_narrative_help_at_80x24(snap_compare, folder):
    """F1 on a narrative: the guide cuts the long 記入例 and says so; the log shows it whole."""
    partial_seed(folder, "kpis[1].narrative_unachieved")
    assert snap_compare(app_for(folder), press=["f1"], terminal_size=(80, 24))


def test_chat_choice_at_80x24(snap_compare, folder):
    partial_seed(folder, "checklist.1-1")
    assert snap_compare(app_for(folder), terminal_size=(80, 24))


def test_review_screen(snap_compare, folder):
    partial_seed(folder, "kpis[2].fy2023.actual")
    assert snap_compare(app_for(folder), press=["f2"], terminal_size=(80, 24))


def test_start_screen(snap_compare, folder):
    draft.save(folder / "aizu.toml", draft.Draft(seed_report()))
    assert snap_compare(app_for(folder, name=None), terminal_size=(80, 24))
