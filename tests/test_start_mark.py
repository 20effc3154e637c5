"""The list of drafts marks the highlighted row with 「>」 as text: which draft Enter opens shows in any
terminal and in a capture of it, not only as colour."""

from __future__ import annotations

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report

from .screen_text import screen_text
from .tui_helpers import app_for

pytestmark = pytest.mark.writes_files


async def test_the_highlighted_draft_is_marked_as_text(tmp_path):
    draft.save(tmp_path / "a.toml", draft.Draft(seed_report()))
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        new = next(line for line in lines if "新しい報告書" in line and "＋" in line)
        row = next(line for line in lines if "a.toml" in line)
        assert row.lstrip().startswith(">") and not new.lstrip().startswith(">")  # the newest draft is selected
        await pilot.press("up")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        new = next(line for line in lines if "新しい報告書" in line and "＋" in line)
        row = next(line for line in lines if "a.toml" in line)
        assert new.lstrip().startswith(">") and not row.lstrip().startswith(">")
