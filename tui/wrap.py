"""Line breaking for Japanese text: by character, but never inside a number, a word or a short bracket.

Textual wraps like English: it breaks at spaces and moves a whole "word" down, and a Japanese
sentence is one long word. So 「単位は千円です（2,000 なら 200万円）。…」 broke after 「なら」, far
from the edge, and 「。」 could start a line. Here each Japanese character may end a line, except
that (kinsoku) closing marks such as 。、）」 stay with what precedes them, opening ones such as
（「 with what follows; a run of Latin letters and digits (2,000 / Enter / ctrl+j) is never cut;
a number keeps the character after it (200万, 2023年); a bracketed phrase up to ``KEEP`` cells
moves down whole rather than being cut; and a quoted label 「KPI② 2023年度末　目標値」 is never cut
(its spaces are not places to break) unless it is wider than a whole line.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

KEEP = 24  # cells: 「（2,000 なら 200万円）」 moves down whole
TAIL = 8  # cells: a short word after a space moves down with the rest
TAB = 4  # cells between tab stops (Textual's TextArea, the narrative box, uses 4 too)
CLOSING = set("。、，．,.）」』】〕〉》］｝)]}!?！？：；:;ー～ゃゅょぁぃぅぇぉっャュョァィゥェォッヮゎ々・…")
OPENING = set("（「『【〔〈《［｛([{")
_ASCII = re.compile(r"[!-~]+")  # a run of printable ASCII (no spaces): one unit
_PAIRS = {"（": "）", "「": "」", "『": "』", "【": "】", "(": ")"}
QUOTES = set("「『")  # a quoted label stays whole up to a whole line


def _units(text: str, keep: bool = True, line: int = KEEP) -> list[str]:
    """Pieces that are never cut (spaces are pieces of their own); ``keep``: short brackets whole, and
    quotes up to ``line`` cells."""
    units: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if keep and c in _PAIRS:  # a short bracketed phrase (or a quote that fits a line) is one piece
            end = text.find(_PAIRS[c], i + 1)
            if end > 0 and cell_len(text[i:end + 1]) <= (max(line, KEEP) if c in QUOTES else KEEP):
                units.append(text[i:end + 1])
                i = end + 1
                continue
        m = _ASCII.match(text, i)
        if m:
            i = m.end()
            if (m.group()[-1].isdigit() and i < len(text) and not text[i].isspace() and not _ASCII.match(text, i)
                    and text[i] not in OPENING):  # 「1「KPI②…」」: the bracket opens a quote of its own
                i += 1  # a number keeps the character after it: 200万, 2023年, 300字
            units.append(text[m.start():i])
        else:
            units.append(c)
            i += 1
    merged: list[str] = []
    glue = False  # the previous piece was an opening mark: this one joins it
    for u in units:
        if merged and not u.isspace() and (glue or u[0] in CLOSING):
            merged[-1] += u
        else:
            merged.append(u)
        glue = len(u) == 1 and u in OPENING
    return merged


def _expand_tabs(paragraph: str) -> str:
    """Each tab as spaces to the next stop of ``TAB`` cells, as the narrative box shows it (a tab sent to
    a terminal moves its cursor and leaves what was on screen between the columns)."""
    if "\t" not in paragraph:
        return paragraph
    out = ""
    for i, part in enumerate(paragraph.split("\t")):
        if i:
            out += " " * (TAB - cell_len(out) % TAB)
        out += part
    return out


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells (a piece wider than that is cut by cell).

    Where a line would end less than ``TAIL`` cells after a space, it ends at the space instead:
    「場合は 未計測」 is not cut into 「未計」 and 「測」; and less than ``KEEP`` cells after a full-width
    space (which separates items), at that one."""
    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = _expand_tabs(paragraph)
        line = ""
        space = wide = -1  # where the last space (and the last full-width one) between pieces is in ``line``
        units = _units(paragraph, line=width)
        while units:
            unit = units.pop(0)
            if cell_len(line + unit) <= width:
                if unit.isspace():
                    space = len(line)
                    wide = len(line) if unit == "\u3000" else wide
                line += unit
                continue
            if unit.isspace():
                lines.append(line.rstrip())
                line, space, wide = "", -1, -1
                continue
            if cell_len(unit) > width and (parts := _quote_and_marks(unit, width)):
                units[:0] = parts  # 「…」、 where the quote fills a line: the mark goes on, the quote stays whole
                continue
            if cell_len(unit) > width and len(pieces := _units(unit, keep=False)) > 1:
                units[:0] = pieces  # a bracket wider than a line: break inside it after all
                continue
            carry = ""
            if wide > 0 and cell_len(line[wide + 1:]) <= KEEP:  # 「項目 回答済　項目 回答済」: at the wide space
                line, carry = line[:wide], line[wide + 1:]
            elif space > 0 and cell_len(line[space + 1:]) <= TAIL:
                line, carry = line[:space], line[space + 1:]
            if line.strip():
                lines.append(line.rstrip())
            line, space, wide = carry, -1, -1
            if cell_len(line + unit) > width:
                if line:
                    lines.append(line)
                line = ""
            while cell_len(unit) > width:  # longer than a line: cut it, by cell
                cut = _fit(unit, width)
                lines.append(unit[:cut])
                unit = unit[cut:]
            line += unit
        lines.append(line.rstrip())
    return lines


def _quote_and_marks(unit: str, width: int) -> list[str] | None:
    """A quote that fits a line with closing marks glued after it (「…」、): the two apart, else None."""
    if not unit or unit[0] not in _PAIRS:
        return None
    close, end = _PAIRS[unit[0]], len(unit)
    while end > 1 and unit[end - 1] in CLOSING and unit[end - 1] != close:
        end -= 1
    head, tail = unit[:end], unit[end:]
    return [head, tail] if tail and head.endswith(close) and cell_len(head) <= width else None


def _fit(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` cells (at least one)."""
    n = 0
    while n < len(text) and cell_len(text[: n + 1]) <= width:
        n += 1
    return max(n, 1)


class Wrapped:
    """A Rich renderable: ``text`` broken by ``wrap`` at whatever width the widget has."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __rich_console__(self, console, options):
        from rich.text import Text

        yield Text("\n".join(wrap(self.text, options.max_width)), no_wrap=True, overflow="crop")

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        longest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        return Measurement(min(longest, 2), min(longest, options.max_width))
