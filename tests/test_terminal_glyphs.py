"""In a real terminal, no ambiguous-width glyphs in the layout.

Many Japanese terminals draw East-Asian-ambiguous characters (box drawing, block elements, ■, ›)
two cells wide, which would break borders and columns. The only ones allowed on screen are the
form's own marks in flowing text: ※ and the circled KPI numbers ①–⑮.
"""

import os
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from dejiden.model import draft, paths
from dejiden.model.example import seed_report

from .ssh_server import Terminal

pytestmark = [pytest.mark.e2e, pytest.mark.writes_files]
if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        pytest.fail("tmux is missing in CI (.ci/run installs it)", pytrace=False)
    pytest.skip("tmux is not installed", allow_module_level=True)

ALLOWED = {"※"} | {chr(0x2460 + i) for i in range(15)}


def ambiguous(screen: str) -> set[str]:
    return {c for c in screen if unicodedata.east_asian_width(c) == "A"} - ALLOWED


def test_every_screen_is_free_of_ambiguous_glyphs(tmp_path):
    report = seed_report()
    for p in ("kpis[0].narrative_unachieved", "checklist.1-2", "checklist.1-1"):
        paths.clear(report, p)
    draft.save(tmp_path / "r.toml", draft.Draft(report, draft.Session(current="header.department")))
    root = Path(__file__).parents[1]
    command = f"cd {tmp_path} && PYTHONPATH={root} DEJIDEN_DATA_DIR={tmp_path} {sys.executable} -m dejiden.tui.cli"
    term = Terminal("glyphs", command)
    seen: dict[str, set[str]] = {}
    try:
        seen["start"] = ambiguous(term.wait_for("新しい報告書"))
        term.press("Enter")
        seen["line"] = ambiguous(term.wait_for("担当部局名"))
        term.press("F2")
        seen["review"] = ambiguous(term.wait_for("内容の確認"))
        term.press("Escape")
        term.wait_gone("内容の確認")
        term.press("C-p")
        seen["palette"] = ambiguous(term.wait_for("質問を検索"))
        term.press("Escape")
        term.wait_gone("質問を検索")
        term.type("/jump KPI① 記述")
        term.press("Enter")
        seen["narrative"] = ambiguous(term.wait_for("0/300字"))
        term.type("/jump 1-1")
        term.press("Enter")
        seen["choice"] = ambiguous(term.wait_for("番号キー（上下キー）で選び"))
        term.press("2")
        seen["selected"] = ambiguous(term.wait_for("(*) 2"))
        term.press("Enter")
        seen["multi"] = ambiguous(term.wait_for("[ ] 1"))
        term.press("1", "Enter")
        seen["after"] = ambiguous(term.wait_for("「民間事業者」を記録しました"))
        term.press("C-q")
    finally:
        term.close()
    assert seen == {name: set() for name in seen}
