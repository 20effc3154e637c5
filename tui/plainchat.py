"""The plain line mode's conversation: the walker's questions printed once, each answer read as a line.

The same ``DraftSession`` and walker as the chat screen, and the same wording (prompts.phrases and
the walker's replies); only the gestures differ: choices are typed as numbers, a narrative ends
with a line holding only 「.」, and F2/ctrl+p are /review and /jump followed by a number. Every
line goes through ``shown`` (no control character, so no ESC, ever reaches the terminal).
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

from dejiden.model.safe_text import shown
from dejiden.prompts import phrases
from dejiden.prompts.search import rank, targets
from dejiden.prompts.session import DraftSession
from dejiden.prompts.view import REVIEW, Message, Prompt

from .sshhint import fetch_hint

END_MARKS = (".", "．")  # a narrative ends with a line holding only 「.」 (full width too)
MAX_LISTED = 20  # /jump with many matches lists the best ones
MAX_LINE = 16384  # characters in one line: far above any answer (a narrative is 300); more is refused, not cut


class EndOfInput(Exception):
    """Standard input ended, or the person asked to leave (a signal, ctrl+c): save and go."""


class Lines:
    """The terminal as lines: text out (never a control character), one line in."""

    def __init__(self, stdin: TextIO, stdout: TextIO, *, echo: bool = False) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.echo = echo  # input from a file or pipe: the answers are written after their cue, as typed
        self.reading = False  # waiting for a line: a signal may end the wait at once
        self.stopping = False  # a signal came while an answer was being handled (and saved)

    def write(self, text: str) -> None:
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except (OSError, ValueError):  # the terminal is gone (SIGHUP): saving matters, not saying
            pass

    def say(self, *texts: str) -> None:
        for text in texts:
            self.write(shown(text) + "\n")

    def read(self, cue: str = phrases.PLAIN_CUE) -> str:
        """One line without its line break; ``EndOfInput`` at the end of input. A line longer than
        MAX_LINE is refused whole (never cut into a shorter answer) and the line asked again."""
        while True:
            self.write(cue)
            line = self._readline()
            if len(line) <= MAX_LINE or line.endswith("\n"):
                break
            while line and not line.endswith("\n"):  # the rest of the line goes unread, not into the next answer
                line = self._readline()
            self.say(phrases.PLAIN_TOO_LONG.format(n=MAX_LINE))
        line = line.removesuffix("\n").removesuffix("\r").lstrip("\ufeff")  # CRLF files, a BOM from Notepad
        if self.echo:
            self.write(shown(line) + "\n")
        return line

    def _readline(self) -> str:
        if self.stopping:
            raise EndOfInput
        self.reading = True
        try:
            line = self.stdin.readline(MAX_LINE + 1)
        except (OSError, ValueError):
            line = ""
        finally:
            self.reading = False
        if not line:
            self.write("\n")  # the shell's prompt starts on a line of its own
            raise EndOfInput
        return line

    def stop(self, signum=None, frame=None) -> None:
        """A signal handler (ctrl+c, SIGHUP, SIGTERM): leave while waiting for a line, else once the
        answer being handled is saved (a save is never cut in half)."""
        if self.reading:
            raise EndOfInput
        self.stopping = True

    def pick(self, count: int, instruction: str) -> int | None:
        """A number 1..count (returned 0-based), or None for an empty line; asked again until valid."""
        while True:
            self.say(instruction)
            text = unicodedata.normalize("NFKC", self.read()).strip()
            if not text:
                return None
            if text.isdigit() and 1 <= int(text) <= count:
                return int(text) - 1
            self.say(phrases.PLAIN_WRONG_NUMBER.format(n=count, text=text))


class PlainChat:
    """One open draft, asked line by line until the input ends or the person leaves."""

    def __init__(self, session: DraftSession, lines: Lines, *, restricted: bool = False) -> None:
        self.session = session
        self.lines = lines
        self.restricted = restricted
        self.asked: str | None = None
        # Text typed but not sent last time, at this question: shown, and a narrative continues it.
        self.restore_for = session.walker.current if session.pending else None

    @property
    def walker(self):
        return self.session.walker

    def run(self) -> None:
        """Ask until the input ends (``EndOfInput``) or /quit."""
        self.tell(phrases.opening(self.session))
        while True:
            prompt = self.walker.prompt()
            if self.asked != (prompt.step.id if prompt else REVIEW):
                self.ask(prompt)
            if not self.submit(self.answer(prompt)):
                return

    def tell(self, messages: list[Message]) -> None:
        self.lines.say(*(m.text for m in messages))

    # ---------------------------------------------------------------- asking

    def ask(self, prompt: Prompt | None) -> None:
        """The question once: its text (with the recorded value on a revisit), notice, guide, choices."""
        self.asked = prompt.step.id if prompt else REVIEW
        if prompt is None:
            self.lines.say(phrases.AT_END + "。")  # the walker has said whether everything is answered
            return
        self.lines.say("", phrases.asked(prompt, lines=True))
        if prompt.notice:
            self.lines.say(prompt.notice)
        self.lines.say(*phrases.guide(prompt, self.walker.counts()))

    @staticmethod
    def _options(prompt: Prompt) -> tuple[str, ...]:
        kind = prompt.step.kind
        return prompt.options if kind == "choice" else prompt.step.choices if kind == "multi" else ()

    def answer(self, prompt: Prompt | None) -> str:
        """What the person sends for ``prompt``: a line, numbers (the choices listed before each try), or a narrative's lines."""
        kind = prompt.step.kind if prompt else "line"
        for i, option in enumerate(self._options(prompt) if prompt else (), 1):  # again after a wrong entry
            self.lines.say(f"  {i}. {option}")
        if kind == "choice":
            self.lines.say(phrases.PLAIN_CHOOSE.format(n=len(prompt.options)))
        elif kind == "multi":
            self.lines.say(phrases.PLAIN_MULTI)
        elif kind == "narrative":
            return self._narrative()
        restored = self._restored()
        if restored:
            self.lines.say(phrases.PLAIN_RESTORED_LINE.format(text=restored))
        text = self.lines.read()
        if kind == "multi" and not text.strip() and prompt.current:
            return prompt.current  # Enter keeps the ticks, as the TUI's list ticked with the recorded ones
        return text

    def _restored(self) -> str | None:
        """The restored text, once, when this is the question it was typed for."""
        restored = self.session.pending if self.restore_for == self.walker.current else None
        self.restore_for = None
        return restored

    def _narrative(self) -> str:
        """Lines up to one holding only 「.」 (the line breaks kept); a first line that is a command is one."""
        base = self._restored() or ""
        if base:
            self.lines.say(phrases.PLAIN_NARRATIVE_CONTINUE, base)
        else:
            self.lines.say(phrases.PLAIN_NARRATIVE)
        first = self.lines.read()
        if first.strip() in END_MARKS:
            return base
        if self.walker.command_name(first):
            return first  # (restored text stays as it is, kept for this question)
        typed = [first]
        while True:
            self._keep(base + "\n".join(typed))
            line = self.lines.read("")
            if line.strip() in END_MARKS:
                return base + "\n".join(typed)
            typed.append(line)

    def _keep(self, text: str) -> None:
        """A narrative's lines so far, on disk at once (the TUI saves them every few seconds); a save
        problem is said once, as the session says it."""
        self.session.typed(text)
        said = self.session.autosave()
        if said is not None:
            self.lines.say(said.text)

    # ---------------------------------------------------------------- answering

    def submit(self, text: str) -> bool:
        """Hand ``text`` to the session, say its reply, follow its action; False to leave."""
        if self.session.read_only and self.walker.command_name(text) is None:
            self.lines.say(phrases.READ_ONLY_ANSWER)
            return True
        step = self.walker.step()
        reply = self.session.handle(text)
        self.tell(reply.messages)
        if reply.accepted and step is not None and self.walker.current == step.id:
            self.asked = None  # the same question stands for something else now (/delete): asked again
        if reply.action == "review":
            self.review()
        elif reply.action == "jump":
            self.jump()
        elif reply.action == "export":
            self.export()
        elif reply.action == "quit":
            return False
        return True

    def review(self) -> None:
        """Every question with its value and status, problems first; a number goes there."""
        self.session.autosave()
        rows = self.walker.review_rows()
        self.lines.say("", *phrases.review_heading(self.walker.check()), phrases.review_totals(self.walker))
        for i, row in enumerate(rows, 1):
            self.lines.say(f"  {i}. {phrases.review_row(row)}")
        picked = self.lines.pick(len(rows), phrases.PLAIN_REVIEW_PICK)
        if picked is not None:
            self.walker.goto(rows[picked].step.id)
        self.asked = None  # the question is asked again after the list

    def jump(self) -> None:
        """/jump without words: ask for them, then the matching questions by number (as ctrl+p)."""
        self.lines.say(phrases.PLAIN_JUMP_ASK)
        query = self.lines.read().strip()
        if not query:
            self.asked = None
            return
        found = rank(query, [(text, (text, sid)) for text, sid in targets(self.walker)])[:MAX_LISTED]
        if not found:
            self.lines.say(phrases.PLAIN_JUMP_NONE.format(query=query))
            self.asked = None
            return
        picked = 0
        if len(found) > 1:
            for i, (text, _) in enumerate(found, 1):
                self.lines.say(f"  {i}. {text}")
            picked = self.lines.pick(len(found), phrases.PLAIN_JUMP_PICK.format(n=len(found)))
        if picked is not None:
            self.walker.goto(found[picked][1])
        self.asked = None

    def export(self) -> None:
        from dejiden.prompts.export import export

        if not self.session.read_only:
            self.session.autosave()
        self.tell(export(self.session, review="/review",
                         hint=lambda path: fetch_hint(path, restricted=self.restricted)))
