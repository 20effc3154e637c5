"""Text from files made safe for a terminal: control characters shown as visible marks, never sent.

Drafts, workbooks, lock files and file names are written by others; ESC, BEL, CSI or OSC sequences
in them must not reach the terminal (they can retitle the window, move the cursor, recolour the
screen). ``shown`` replaces C0 and C1 controls, DEL and the bidirectional overrides with visible
marks (ESC becomes ␛), and a lone surrogate (a file name byte that is not UTF-8) with �. Pure Python, no Textual, no pydantic: the CLI and the TUI both use it.
"""

from __future__ import annotations

import re

_C0 = {c: chr(0x2400 + c) for c in range(0x20)}  # ␀ … ␟ (Unicode control pictures)
_MARKS = {**_C0, 0x7F: "\u2421"}  # ␡
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_SURROGATES = "\\ud800-\\udfff"  # os.fsdecode's stand-ins for bytes that are not UTF-8: they cannot be encoded
_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}{_SURROGATES}]")
_UNSAFE_LINE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}{_SURROGATES}]")


def _mark(match: re.Match[str]) -> str:
    code = ord(match.group())
    return _MARKS.get(code, "\ufffd")


def shown(text: object, *, newlines: bool = True) -> str:
    """``text`` with every control character replaced by a visible mark.

    Newlines and tabs stay when ``newlines`` (multi-line messages); with ``newlines=False`` they
    are marked too (one table cell, a file name, a window title).
    """
    text = str(text)
    return (_UNSAFE if newlines else _UNSAFE_LINE).sub(_mark, text)


_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_overrides(text: str) -> str:
    """``text`` without the bidirectional embeddings, overrides and isolates, which would let a text
    reorder how it (and what follows it) is shown: for files others read (the summary, the page)."""
    return _OVERRIDES.sub("", text)


def is_safe(text: str, *, newlines: bool = True) -> bool:
    return (_UNSAFE if newlines else _UNSAFE_LINE).search(text) is None
