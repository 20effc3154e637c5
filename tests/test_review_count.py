"""The F2 review lists as 未入力 exactly what its heading counts (and `check` reports).

Before any KPI, the first KPI's questions stood in the list as seven 「[未入力] KPI① …」 rows the
heading's 「未入力 16件」 did not count, next to the one row that did (「KPIを1つ以上入力してください」)."""

from __future__ import annotations

import pytest

from dejiden.model import draft
from dejiden.prompts.walker import Walker

from .tui_helpers import TODAY, seed_draft

pytestmark = pytest.mark.writes_files


@pytest.mark.parametrize("clear", [("kpis",), ("kpis", "checklist.1-1"), ("header.phone", "kpis[1].unit")])
def test_review_rows_missing_match_the_heading(tmp_path, clear):
    path, _ = seed_draft(tmp_path, clear=clear, current="review")
    walker = Walker(draft.load(path), today=lambda: TODAY)
    result = walker.check()
    missing = [r for r in walker.review_rows() if r.status == "missing"]
    assert len(missing) == result.count("missing"), [(r.step.id, r.message) for r in missing]
