"""The plain line mode (``dejiden --plain``, ``ssh -t HOST plain``): dejiden for screen readers, slow links and scripts.

No Textual: lines of text out, one line in, the terminal's own cursor after the cue. The list of
drafts is numbered like the start screen; a draft is opened as the TUI opens it (``opening``) and
asked by ``plainchat``. The end of input, /quit, ctrl+c, SIGHUP and SIGTERM all save and leave;
the exit code says whether the draft is complete (0) or not (1), 2 when it cannot be opened
(or only read-only, someone else editing it).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TextIO

from dejiden.model.files import LoadError, draft_paths
from dejiden.prompts import phrases
from dejiden.prompts.drafts import resume_text, row_text, summarize
from dejiden.prompts.session import STATE_TEXT, DraftSession
from dejiden.prompts.wording import quote

from .config import AppConfig
from .opening import farewell, is_allowed, new_session, open_session
from .plainchat import PlainChat
from .plaintty import EndOfInput, Lines, TtyLines


PLAIN_ENV = "DEJIDEN_PLAIN"
EXIT_COMPLETE, EXIT_INCOMPLETE, EXIT_UNOPENED = 0, 1, 2


def wanted(flag: bool, *, headless: bool = False, environ: dict[str, str] | None = None) -> bool:
    """``--plain``, ``DEJIDEN_PLAIN=1``, or standard input that is not a terminal (a file, a pipe);
    never by itself for a TUI run headless (the tests and the benchmark have no terminal on purpose)."""
    environ = os.environ if environ is None else environ
    if flag or environ.get(PLAIN_ENV) == "1":
        return True
    if headless:
        return False
    try:
        return not sys.stdin.isatty()
    except (AttributeError, ValueError):  # no standard input at all
        return True


def run_plain(path: Path | None, config: AppConfig, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Open ``path`` (or offer the list of drafts) and hold the conversation in lines."""
    if stdin is None:
        _utf8_lines(sys.stdin)  # a pasted or piped byte that is not UTF-8 is a mark, never a crash
    if stdout is None:
        _utf8_lines(sys.stdout)
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    interactive = _isatty(stdin)
    with contextlib.ExitStack() as stack:
        tty = stack.enter_context(TtyLines(stdin.fileno(), restricted=config.restricted)) if interactive else None  # ctrl+c keeps the line typed
        return _run(path, config, Lines(stdin, stdout, echo=not interactive, tty=tty))


def _run(path: Path | None, config: AppConfig, lines: Lines) -> int:
    previous = _install_signals(lines.stop, config.restricted)
    try:
        lines.say(phrases.PLAIN_START)
        if path is not None:
            opened = DraftSession.open(path, config.today)
            if isinstance(opened, LoadError):
                lines.say(opened.describe())
                return EXIT_UNOPENED
            session = open_session(config, path, opened)
            if isinstance(session, tuple):
                lines.say("：".join(session))
                return EXIT_UNOPENED
        else:
            try:
                session = choose(lines, config)
            except (EndOfInput, KeyboardInterrupt):
                return EXIT_COMPLETE  # nothing opened, nothing to save
        return converse(session, lines, config)
    finally:
        _restore_signals(previous)


def converse(session: DraftSession, lines: Lines, config: AppConfig) -> int:
    """Ask until the input ends or the person leaves; save, let go of the lock, say where the draft is."""
    chat = PlainChat(session, lines, restricted=config.restricted)
    try:
        chat.run()
        while stays(session, lines):  # /quit with something not saved, and the person goes back
            chat.run(greet=False)
    except (EndOfInput, KeyboardInterrupt):
        pass
    finally:
        session.close()  # what was typed is saved whatever ended the conversation
    if session.unsaved:
        lines.say(phrases.UNSAVED_LEFT)
        return EXIT_INCOMPLETE
    said = farewell(config, session, "dejiden --plain")
    if said:
        lines.say(said)
    if session.read_only:
        return EXIT_UNOPENED  # not opened for answering: a script's answers were not stored
    return EXIT_COMPLETE if session.walker.check().complete else EXIT_INCOMPLETE


def stays(session: DraftSession, lines: Lines) -> bool:
    """/quit while an answer could not be saved (as ctrl+q in the TUI): save again and leave, go
    back to the questions (True), or leave without saving."""
    while True:
        session.autosave()
        if not session.unsaved:
            return False
        lines.say(phrases.UNSAVED_QUIT.format(reason=STATE_TEXT[session.state]),
                  *(f"  {i}. {choice}" for i, choice in enumerate(phrases.PLAIN_UNSAVED_CHOICES, 1)))
        picked = lines.pick(len(phrases.PLAIN_UNSAVED_CHOICES), phrases.PLAIN_UNSAVED_PICK)
        if picked == 2:
            return False
        if picked != 0:
            return True


def choose(lines: Lines, config: AppConfig) -> DraftSession:
    """The numbered list of drafts (as the start screen: a new report first, the newest draft the default)."""
    while True:
        summaries = [summarize(p) for p in draft_paths(config.data_dir) if not is_allowed(config, p)]
        entries: list[Path | None] = [None, *(s.path for s in summaries)]
        lines.say(phrases.FOLDER.format(folder=config.data_dir))
        resume = resume_text(summaries[0] if summaries else None)
        if resume:
            lines.say(resume)
        lines.say(f"  1. {phrases.NEW_REPORT}", *(f"  {i}. {row_text(s).strip()}" for i, s in enumerate(summaries, 2)))
        default = 1 if summaries else 0
        label = summaries[0].path.name if summaries else phrases.NEW_REPORT.removeprefix("＋ ")
        picked = lines.pick(len(entries), phrases.PLAIN_LIST.format(n=len(entries), default=quote(label)))
        path = entries[default if picked is None else picked]
        session = new_session(config) if path is None else open_session(config, path)
        if isinstance(session, DraftSession):
            return session
        lines.say("：".join(session))  # why it cannot be opened; the list again


def _utf8_lines(stream: TextIO) -> None:
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8", errors="replace")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _install_signals(stop, restricted: bool) -> dict[int, object]:
    """ctrl+c, SIGHUP and SIGTERM save and leave (``Lines.stop``); in restricted mode ctrl+z and ctrl+\\
    do nothing (there is no shell to return to)."""
    wanted_handlers: dict[int, object] = {signal.SIGINT: stop, signal.SIGHUP: stop, signal.SIGTERM: stop}
    if restricted:
        wanted_handlers.update({signal.SIGTSTP: signal.SIG_IGN, signal.SIGQUIT: signal.SIG_IGN})
    previous = {}
    for sig, handler in wanted_handlers.items():
        try:
            previous[sig] = signal.signal(sig, handler)
        except ValueError:  # not the main thread (tests): the caller's handlers stay
            pass
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)
