"""The list of drafts says unsent ticks of a multi-select as ticks (「選んで送っていない項目 2つ」), not as
「書きかけ 10字」 (the characters of 「民間事業者、地域団体」)."""

from __future__ import annotations

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts.drafts import resume_text, summarize

pytestmark = pytest.mark.writes_files


def _saved(tmp_path, current: str, pending: str):
    report = seed_report()
    report.checklist.pop("1-2", None)
    report.kpis[0].narrative_unachieved = None
    path = tmp_path / "r.toml"
    draft.save(path, draft.Draft(report, draft.Session(current=current, pending=pending, pending_for=current)))
    return resume_text(summarize(path))


def test_unsent_ticks_are_said_as_ticks(tmp_path):
    said = _saved(tmp_path, "checklist.1-2", "民間事業者、地域団体")
    assert "選んで送っていない項目 2つ" in said and "字" not in said.split("途中でした")[1]


def test_unsent_text_is_still_said_in_characters(tmp_path):
    assert "書きかけ 4字" in _saved(tmp_path, "kpis[0].narrative_unachieved", "書きかけ")
