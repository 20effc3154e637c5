"""What `check` prints, as text or JSON, for the command line and the SSH commands alike."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dejiden.model import completeness

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def json_text(data: Any) -> str:
    """JSON as text that is safe on a terminal (json escapes C0 itself; C1 and bidi marks too here)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_check(result: completeness.CheckResult) -> str:
    from dejiden.model import completeness

    lines: list[str] = []
    section = None
    for item in result.items:
        if item.section != section:
            section = item.section
            lines.append(f"【{section}】")
        tag = completeness.PROBLEM_LABELS[item.problem]
        lines.append(f"  [{tag}] {item.label}：{item.message}")
    lines.append("回答漏れチェック：" + "　".join(f"{k} {v}" for k, v in result.omission.items()))
    lines.append(result.summary())
    return "\n".join(lines)
