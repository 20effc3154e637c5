"""The text a person sees on the app's screen right now, line by line (read from Textual's SVG export)."""

from __future__ import annotations

import html
import re

CELL = 12.2  # the width of one cell in Rich's SVG export (0.61 × 20 px)
_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" clip-path="url\(#[^"]*-line-(\d+)\)">(.*?)</text>')


def screen_lines(app) -> list[str]:
    """Every line of the current screen (with the screens below a modal), as plain text.

    Each run of text is put at its column (Rich draws a run of bare spaces as nothing)."""
    from rich.cells import cell_len

    lines: dict[int, list[tuple[int, str]]] = {}
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        lines.setdefault(int(line), []).append((round(float(x) / CELL), html.unescape(text).replace("\xa0", " ")))
    out = []
    for i in range(app.size.height):
        row = ""
        for column, text in sorted(lines.get(i, [])):
            row += " " * max(column - cell_len(row), 0) + text
        out.append(row.rstrip())
    return out


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))
