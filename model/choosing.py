"""Choice answers: one of a list, or several, picked by number or by name; a Japanese error otherwise.

Like every normaliser (``normalize``), these return ``Parsed`` or ``Invalid`` and never raise.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from .normalize import Invalid, Parsed, Result, clean_text


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").casefold()


def parse_choice(raw: str, choices: Sequence[str], *, blank: str | None = None) -> Result:
    """One of ``choices``, by its number (1, 2, …) or its text. ``blank`` is a choice meaning 'none'."""
    text = _key(clean_text(raw))
    options = ([blank] if blank else []) + list(choices)
    listing = "、".join(f"{i}：{c}" for i, c in enumerate(options, 1))
    if text.isdigit() and 1 <= int(text) <= len(options):
        picked = options[int(text) - 1]
    else:
        exact = [c for c in options if _key(c) == text]
        prefix = [c for c in options if text and _key(c).startswith(text)]
        picked = exact[0] if exact else (prefix[0] if len(prefix) == 1 else None)
    if picked is None:
        return Invalid(f"選択肢から番号または名前で選んでください（{listing}）。")
    return Parsed(None if blank is not None and picked == blank else picked)


_SPLIT_RE = re.compile(r"[,、，/／・\s]+")


def parse_multi(raw: str, choices: Sequence[str], *, exclusive: Sequence[str] = ()) -> Result:
    """Any of ``choices``: numbers or names separated by commas or spaces (e.g. 1,3)."""
    text = clean_text(raw)
    listing = "、".join(f"{i}：{c}" for i, c in enumerate(choices, 1))
    if not text:
        return Invalid(f"1つ以上選んでください。選択肢：{listing}")
    picked: list[str] = []
    # Whole choice names may contain separators (e.g. 説明会・体験会): match them first.
    remaining = text
    for choice in sorted(choices, key=len, reverse=True):
        if choice in remaining:
            picked.append(choice)
            remaining = remaining.replace(choice, " ")
    for token in _SPLIT_RE.split(unicodedata.normalize("NFKC", remaining)):
        if not token:
            continue
        result = parse_choice(token, choices)
        if isinstance(result, Invalid):
            return Invalid(f"「{token}」は選択肢にありません。番号をカンマ区切りで入力してください（例：1,3）。選択肢：{listing}")
        picked.append(result.value)
    ordered = [c for c in choices if c in picked]
    both = [c for c in ordered if c in exclusive]
    if both and len(ordered) > 1:
        return Invalid(f"「{both[0]}」はほかの選択肢と一緒には選べません。どちらかにしてください。")
    return Parsed(ordered)
