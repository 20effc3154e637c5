"""The text a person sees on the app's screen right now, line by line (read from Textual's SVG export)."""

from __future__ import annotations

import html
import re

_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" clip-path="url\(#[^"]*-line-(\d+)\)">(.*?)</text>')


def screen_lines(app) -> list[str]:
    """Every line of the current screen (with the screens below a modal), as plain text."""
    lines: dict[int, list[tuple[float, str]]] = {}
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        lines.setdefault(int(line), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    height = app.size.height
    return ["".join(t for _, t in sorted(lines.get(i, []))).rstrip() for i in range(height)]


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))
