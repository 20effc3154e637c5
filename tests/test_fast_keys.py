"""Keys strictly in order: a whole report typed as one burst stores exactly what was typed before each Enter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from textual import events

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts.walker import REVIEW, Walker
from dejiden.tui.chat import ChatScreen

from .seed_answers import seed_answers
from .tui_helpers import TODAY, app_for

pytestmark = pytest.mark.writes_files


def key_event(c: str) -> events.Key:
    from textual.keys import _character_to_key

    names = {"\r": ("enter", "\r"), "\n": ("ctrl+j", "\n"), " ": ("space", " ")}
    name, char = names.get(c, (_character_to_key(c), c))
    return events.Key(name, char)


def typed_keys(answers: list[str]) -> str:
    """What a person types for ``answers``, as the terminal sends it (\\r is Enter, \\n is ctrl+j),
    following the conversation's question kinds (a choice is its digit, then Enter, like every answer)."""
    walker = Walker(draft.Draft(), today=lambda: TODAY)
    out = []
    for answer in answers:
        step = walker.step()
        assert step is not None
        if step.kind in ("choice", "multi") and answer == "":  # Enter: the offered default
            out.append("\r")
            sent = ""
        elif step.kind == "choice":
            options = ((step.blank,) if step.blank else ()) + step.choices
            digit = answer if answer.isdigit() else str(options.index(answer) + 1)
            out.append(digit + "\r")
            sent = digit
        elif step.kind == "multi":
            picked = [int(n) for n in answer.split(",")]
            out.append("".join(str(n) for n in picked) + "\r")
            sent = "、".join(step.choices[n - 1] for n in sorted(picked))
        else:
            out.append(answer + "\r")
            sent = answer
        reply = walker.handle(sent)
        assert reply.accepted or reply.action, (step.id, answer, reply.messages)
    assert walker.current == REVIEW
    return "".join(out)


async def _send_all_at_once(app, text: str) -> None:
    for c in text:  # no pause anywhere: every key is queued before the first answer is handled
        app.post_message(key_event(c))


async def _until(pilot, done, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline
        await pilot.pause(0.05)


async def test_a_whole_report_as_one_burst_is_stored_exactly(tmp_path):
    keys = typed_keys(seed_answers())
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _send_all_at_once(app, keys)
        await _until(pilot, lambda: isinstance(app.screen, ChatScreen) and app.screen.walker.current == REVIEW)
        await pilot.pause(0.2)
    saved = draft.load(tmp_path / "r.toml")
    assert saved.report == seed_report()
    assert saved.session.pending is None


async def test_an_unbracketed_multi_line_paste_answers_one_question_per_line(tmp_path):
    """A paste without bracketed paste arrives as keys; its line ends are Enter (CR) or ctrl+j (LF)."""
    h = seed_report().header
    path = tmp_path / "r.toml"
    report = seed_report()
    for name in ("department", "manager_name", "manager_title", "contact_name", "phone"):
        setattr(report.header, name, None)
    draft.save(path, draft.Draft(report, draft.Session(current="header.department")))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        paste = f"{h.department}\n{h.manager_name}\r\n{h.manager_title}\n{h.contact_name}\r{h.phone}\n"
        await _send_all_at_once(app, paste.replace("\r\n", "\r"))
        await _until(pilot, lambda: app.screen.walker.report.header.phone is not None)
        await pilot.pause(0.2)
    saved = draft.load(path).report.header
    assert (saved.department, saved.manager_name, saved.manager_title, saved.contact_name, saved.phone) == (
        h.department, h.manager_name, h.manager_title, h.contact_name, h.phone)


async def test_text_typed_right_after_a_choice_goes_to_the_next_question(tmp_path):
    path = tmp_path / "r.toml"
    report = seed_report()
    report.header.collaboration = report.header.project_name = None
    draft.save(path, draft.Draft(report, draft.Session(current="header.collaboration")))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _send_all_at_once(app, "1\r" + seed_report().header.project_name + "\r")
        await _until(pilot, lambda: app.screen.walker.report.header.project_name is not None)
    assert draft.load(path).report.header == seed_report().header


async def test_text_typed_after_an_answer_and_ctrl_q_in_one_burst_is_saved(tmp_path):
    """The keys after Enter wait for the next question; ctrl+q behind them must not overtake them."""
    path = tmp_path / "r.toml"
    report = seed_report()
    report.header.manager_name = report.header.manager_title = None
    draft.save(path, draft.Draft(report, draft.Session(current="header.manager_name")))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _send_all_at_once(app, "山田 太郎\rZZZ参")
        app.post_message(events.Key("ctrl+q", None))
        await _until(pilot, lambda: app.return_code is not None or not app.is_running)
    saved = draft.load(path)
    assert saved.report.header.manager_name == "山田 太郎"
    assert saved.session.pending == "ZZZ参" and saved.session.pending_for == "header.manager_title"


# ---------------------------------------------------------------- a real terminal

@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_whole_report_sent_by_tmux_in_one_write(tmp_path):
    socket = f"dejiden-keys-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    tmux = lambda *a: subprocess.run(["tmux", "-L", socket, *a], capture_output=True, text=True)
    env = f"PYTHONPATH={Path(__file__).parents[1]}"
    command = f"cd {tmp_path} && DEJIDEN_DATA_DIR={tmp_path} {sys.executable} -m dejiden.tui.cli r.toml"
    tmux("new-session", "-d", "-s", "k", "-x", "80", "-y", "24", "-e", env, command)
    try:
        deadline = time.time() + 30
        while "どの様式" not in tmux("capture-pane", "-p", "-t", "k").stdout:  # a new draft's first question
            assert time.time() < deadline, tmux("capture-pane", "-p", "-t", "k").stdout
            time.sleep(0.2)
        keys = typed_keys(seed_answers())
        # one write of the whole report: CR is Enter, LF is ctrl+j, as a terminal sends them
        tmux("send-keys", "-t", "k", "-l", keys)
        deadline = time.time() + 90
        while True:
            saved = draft.load(tmp_path / "r.toml") if (tmp_path / "r.toml").exists() else None
            if isinstance(saved, draft.Draft) and saved.session.current == REVIEW:
                break
            assert time.time() < deadline, tmux("capture-pane", "-p", "-t", "k").stdout
            time.sleep(0.3)
        assert saved.report == seed_report()
    finally:
        tmux("kill-server")
