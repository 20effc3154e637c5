"""Helpers for the plain line mode: answers as the lines a person types, and a run on text streams."""

from __future__ import annotations

import io
import re
from pathlib import Path

from dejiden.model.draft import Draft
from dejiden.prompts.walker import Walker
from dejiden.tui.plain import run_plain

from .tui_helpers import TODAY, test_config

BOX_DRAWING = re.compile("[\u2500-\u257f\u2580-\u259f]")  # box drawing and block elements


def as_keys(answers: list[str]) -> list[str]:
    """The same answers as ``tui_helpers.type_answer`` takes them: a choice's number as its digit key,
    a multi-select's numbers joined by ",", and an answer the walker refuses left out (the TUI keeps
    refused text in the box to be corrected; a refused answer stores nothing in either front end)."""
    import unicodedata

    walker = Walker(Draft(), today=lambda: TODAY)
    out = []
    for answer in answers:
        step = walker.step()
        folded = unicodedata.normalize("NFKC", answer).strip()
        if step is not None and step.kind == "multi":
            answer = ",".join(re.split(r"[\s,、]+", folded))
        elif step is not None and step.kind == "choice" and folded.isdigit():
            answer = folded
        reply = walker.handle(answer)
        refused = not reply.accepted and not reply.action and reply.messages and reply.messages[-1].tone == "error"
        if not refused:
            out.append(answer)
    return out


def as_lines(answers: list[str], draft: Draft | None = None) -> str:
    """``answers`` as typed in the plain mode: a narrative's text ends with a line holding only 「.」.

    A walker follows along only to know which answer is a narrative."""
    walker = Walker(draft or Draft(), today=lambda: TODAY)
    out = []
    for answer in answers:
        step = walker.step()
        narrative = step is not None and step.kind == "narrative" and not walker.command_name(answer)
        out.append(f"{answer}\n.\n" if narrative else f"{answer}\n")
        walker.handle(answer)
    return "".join(out)


def run(tmp_path: Path, typed: str, name: str | None = "r.toml", **kw) -> tuple[int, str]:
    """Run ``dejiden --plain [NAME]`` with ``typed`` as standard input; the exit code and the output."""
    out = io.StringIO()
    config = test_config(tmp_path, tmp_path / name if name else None, **kw)
    code = run_plain(config.path, config, io.StringIO(typed), out)
    return code, out.getvalue()


def numbered_everywhere(output: str) -> list[str]:
    """Problems with the choices in ``output``: each 「1〜N の番号」 line follows lines 1. … N."""
    lines = output.splitlines()
    problems = []
    for i, line in enumerate(lines):
        m = re.match(r"1〜(\d+) の番号を入力してください(。|（空のまま Enter で「.*」）。)$", line)
        if m:
            n = int(m.group(1))
            listed = lines[i - n:i]
            if [re.match(r"  (\d+)\. ", x) and int(re.match(r"  (\d+)\. ", x).group(1)) for x in listed] != list(range(1, n + 1)):
                problems.append("\n".join(lines[i - n - 1:i + 1]))
    return problems
