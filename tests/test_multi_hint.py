"""A multi-select's hint names no keys: each front end says its own (the screen 「番号キーかスペース」, the
line mode 「番号を空白か「,」で区切って」), so the line mode no longer reads 「番号キー（またはスペース）」
and the screen no longer says its key line twice."""

from __future__ import annotations

from dejiden.model import draft
from dejiden.prompts.walker import Walker

from .tui_helpers import TODAY


def test_the_multi_select_hint_names_no_keys():
    w = Walker(draft.Draft(), today=lambda: TODAY)
    w.goto("checklist.1-2")
    prompt = w.prompt()
    assert prompt.step.kind == "multi"
    assert "キー" not in prompt.hint and "スペース" not in prompt.hint and "いくつでも" in prompt.hint
