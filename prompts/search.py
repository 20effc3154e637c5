"""Finding a question by what a person types: across spaces, full/half width, ①/1 and 年度.

「KPI1 2023 目標」 finds 「KPI① 2023年度末　目標値」: both sides are folded the same way (NFKC, so
① is 1 and Ｋ is k; case; spaces, brackets and separators become breaks between words; in the
query 令和5 is 2023), then every word of the query must appear in the text, in any order, a number
as a whole number if it can (「KPI1」 prefers KPI① to KPI⑫). A word that does not appear as written
may still match as its runs of letters, digits and the rest, in order (「KPI1目標」), ranked lower. No Textual and no model here: the palette and
``/jump`` can share it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Dropped from both sides: spaces, the form's brackets and separators, punctuation people skip.
_SKIP = set(" \t\n\u3000｜|【】「」『』（）()[]［］・、。,.:：/／-―〜~")
_REIWA = re.compile(r"令和(\d{1,2})")
_CIRCLED = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")  # ①..㊿: a number of its own (「KPI①2023」 is KPI1 and 2023)


_NUMBERED = re.compile(r"[0-9０-９][-－‐][0-9０-９]")
BREAK = "\x00"  # where skipped characters were: a word of the query never matches across it


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and for each folded character the index it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if _NUMBERED.match(text, max(i - 1, 0)) and 0 < i and c in "-－‐":
            piece = "-"  # 「3-3」, a checklist question's number, is one word (not 3 and 3)
        else:
            piece = "" if c in _SKIP else "".join(ch for ch in unicodedata.normalize("NFKC", c).casefold() if ch not in _SKIP)
        if not piece and out and out[-1] != BREAK:
            piece = BREAK
        out.append(piece)
        where += [i] * len(piece)
    return "".join(out), where


def words(query: str) -> list[str]:
    """The query's words, folded (split at spaces and at whatever ``fold`` drops; 令和5 read as 2023)."""
    query = _CIRCLED.sub(lambda m: unicodedata.normalize("NFKC", m.group()) + " ", query)
    query = _REIWA.sub(lambda m: f"{2018 + int(m.group(1))}", unicodedata.normalize("NFKC", query))
    return [w for w in fold(query)[0].split(BREAK) if w]


@dataclass(frozen=True)
class Match:
    score: float  # higher is better, in (0, 1]
    spans: tuple[tuple[int, int], ...]  # (start, end) in the original text, to highlight


def _whole_number(key: str, at: int, n: int) -> bool:
    """The digits at key[at:at+n] are not part of a longer number (「1」 in 「12」, 「202」 in 「2023」)."""
    return not ((at > 0 and key[at - 1].isdigit() and key[at].isdigit()) or
                (at + n < len(key) and key[at + n].isdigit() and key[at + n - 1].isdigit()))


def _find(part: str, key: str, start: int = 0) -> tuple[int, bool]:
    """Where ``part`` is in ``key`` from ``start``: a place where its numbers are whole if there is one
    (and True), else the first place (and False); -1 if nowhere."""
    first = at = key.find(part, start)
    while at >= 0:
        if _whole_number(key, at, len(part)):
            return at, True
        at = key.find(part, at + 1)
    return first, False


_RUNS = re.compile(r"\d+|[a-z]+|[^\da-z]+")


def _in_order(word: str, key: str) -> list[int] | None:
    """「kpi1目標」: its runs (letters, numbers, the rest) found in order, numbers whole."""
    found: list[int] = []
    at = 0
    for run in _RUNS.findall(word):
        at, whole = _find(run, key, at)
        if at < 0 or (run[0].isdigit() and not whole):
            return None
        found += range(at, at + len(run))
        at += len(run)
    return found


def match(query: str, text: str) -> Match | None:
    """Whether ``text`` answers ``query`` (every word found), how well, and where."""
    ws = words(query)
    if not ws:
        return None
    key, where = fold(text)
    hits: list[int] = []
    score = 1.0
    for w in ws:
        at, whole = _find(w, key)
        if at >= 0:
            positions = list(range(at, at + len(w)))
            if not whole:
                score *= 0.6  # a number cut short (typing 「202」 on the way to 「2023」) is a weaker match
        else:
            found = _in_order(w, key)
            if found is None:
                return None
            positions = found
            score *= 0.4
        hits += positions
    score *= 0.5 + 0.5 * len(set(hits)) / max(len(key.replace(BREAK, "")), 1)  # more of the text matched: better
    return Match(score, _spans(sorted({where[p] for p in hits})))


def _spans(indices: list[int]) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for i in indices:
        if spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return tuple(spans)


def rank(query: str, items: list[tuple[str, object]]) -> list[object]:
    """The values of ``items`` (text, value) whose text answers ``query``, best first (ties: in order).

    For ``/jump``: ``rank(query, [(f"{s.section}｜{s.label}", s) for s in steps])``."""
    scored = [(m.score, -i, value) for i, (text, value) in enumerate(items) if (m := match(query, text)) is not None]
    return [value for _, _, value in sorted(scored, key=lambda t: (t[0], t[1]), reverse=True)]


def targets(walker) -> list[tuple[str, str]]:
    """(text shown, step id) for ctrl+p and the plain /jump: each section (to its first unanswered
    question, else its first), then every question; narrative boxes say so, so that 「記述欄」 finds them."""
    steps = [s for s in walker.jump_targets() if not s.repeat]
    first: dict[str, str] = {}
    unanswered: dict[str, str] = {}
    for s in steps:
        first.setdefault(s.section, s.id)
        if not walker.answered(s):
            unanswered.setdefault(s.section, s.id)
    out = [(f"【{title}】", unanswered.get(title, sid)) for title, sid in first.items()]
    for s in steps:
        box = "（記述欄）" if s.kind == "narrative" else ""
        out.append((f"{s.section}｜{s.label}{box}", s.id))
    return out
