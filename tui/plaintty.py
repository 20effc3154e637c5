"""The plain mode's terminal as lines: text out without a control character, one line in; ctrl+c ends a line.

In a terminal's canonical mode the kernel holds a line until Enter, and ctrl+c (SIGINT) discards
it: what the officer was typing would be lost. While the plain mode reads a terminal, ctrl+c is
made an end-of-line character instead (VEOL, with VINTR off), so the text typed so far arrives,
ending in 「\\x03」, and is saved before leaving. Lines are read from the descriptor itself (a text
wrapper would wait on for a 「\\n」). The terminal's settings are put back on leaving, and ours again
after ctrl+z and fg (SIGCONT). Everything else (echo, erase, ctrl+d) stays the terminal's; ctrl+z too,
except in restricted mode (no shell to return to), where it and ctrl+\\ are off.
Escape sequences typed (arrow keys) or pasted are dropped whole; a line that is not text is refused.
"""

from __future__ import annotations

import os
import re
import signal
import termios
import unicodedata
from typing import TextIO

from dejiden.model.safe_text import shown
from dejiden.prompts import phrases

INTERRUPT = "\x03"  # what ctrl+c leaves at the end of a line read through ``TtyLines``
# An escape sequence typed (an arrow key, which a line-mode terminal does not act on) or pasted
# (colours): removed whole, so no 「[D」 or 「[31m」 is left in the answer where its ESC was dropped.
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b[\]P^_X][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                     r"|\x1b[NO].|\x1b[ -/]*[0-~]")
NOT_TEXT = "\ufffd"  # what a byte that is not UTF-8 was read as
_CHUNK = 65536


class TtyLines:
    """Lines from a terminal with ctrl+c as an end of line; a context manager that sets and restores it."""

    def __init__(self, fd: int, *, restricted: bool = False) -> None:
        self.fd = fd
        self.restricted = restricted  # no shell to return to: ctrl+z and ctrl+\ do not flush the line either
        self.saved: list | None = None
        self.previous_cont = None

    def __enter__(self) -> TtyLines:
        try:
            self.saved = termios.tcgetattr(self.fd)
        except termios.error:
            return self  # not a terminal after all: read as lines, ctrl+c stays a signal
        self._apply()
        try:
            self.previous_cont = signal.signal(signal.SIGCONT, lambda *a: self._apply())
        except ValueError:  # not the main thread
            self.previous_cont = None
        return self

    def __exit__(self, *exc) -> None:
        if self.previous_cont is not None:
            signal.signal(signal.SIGCONT, self.previous_cont)
        if self.saved is not None:
            try:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
            except termios.error:  # the terminal is gone (SIGHUP)
                pass

    def _apply(self) -> None:
        if self.saved is None:
            return
        wanted = termios.tcgetattr(self.fd)
        wanted[6] = list(wanted[6])
        off = bytes([os.fpathconf(self.fd, "PC_VDISABLE") & 0xFF])
        wanted[6][termios.VINTR] = off
        if self.restricted:
            wanted[6][termios.VSUSP] = wanted[6][termios.VQUIT] = off
        wanted[6][termios.VEOL] = INTERRUPT.encode()
        try:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, wanted)
        except termios.error:
            pass

    def readline(self) -> str:
        """One line with its end (「\\n」, or 「\\x03」 for ctrl+c); "" at the end of input (ctrl+d).
        ctrl+d after some text is a way to leave too, as ctrl+c: that text ends in 「\\x03」 (kept as
        typed, never sent as an answer without Enter). Bytes that are not UTF-8 become U+FFFD."""
        data = b""
        while True:
            chunk = os.read(self.fd, _CHUNK)
            if not chunk:
                return data.decode("utf-8", "replace") + INTERRUPT if data else ""
            data += chunk
            if data.endswith((b"\n", INTERRUPT.encode())):
                return data.decode("utf-8", "replace")


MAX_LINE = 16384  # characters in one line: far above any answer (a narrative is 300); more is refused, not cut


class EndOfInput(Exception):
    """Standard input ended, or the person asked to leave (a signal, ctrl+c): save and go."""


class Interrupted(EndOfInput):
    """ctrl+c in a terminal: leave, keeping ``partial``, the text typed on the line so far."""

    def __init__(self, partial: str) -> None:
        super().__init__(partial)
        self.partial = partial


class Lines:
    """The terminal as lines: text out (never a control character), one line in."""

    def __init__(self, stdin: TextIO, stdout: TextIO, *, echo: bool = False, tty: TtyLines | None = None) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.tty = tty  # a terminal read by ``plaintty`` (ctrl+c ends the line, the text kept)
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
        """One line without its line break and escape sequences; ``EndOfInput`` at the end of input,
        ``Interrupted`` (with the text typed so far) for ctrl+c. A line longer than MAX_LINE, or with
        bytes that are not text, is refused whole (never cut or marked into another answer) and the
        line asked again."""
        while True:
            self.write(cue)
            line = self._readline()
            if line.endswith(INTERRUPT):
                self.write("\n")  # the terminal echoed 「^C」 where the line was: the farewell on a line of its own
                raise Interrupted(ESCAPES.sub("", line.removesuffix(INTERRUPT)).replace(NOT_TEXT, ""))
            if len(line) > MAX_LINE and not line.endswith("\n"):
                while line and not line.endswith("\n"):  # the rest of the line goes unread, not into the next answer
                    line = self._readline()
                refusal = phrases.PLAIN_TOO_LONG.format(n=MAX_LINE)
            elif NOT_TEXT in line:
                refusal = phrases.PLAIN_NOT_TEXT
            else:
                break
            if self.echo:
                self.write("\n")  # the line is not echoed: the reason goes on a line of its own
            self.say(refusal)
        line = ESCAPES.sub("", line.removesuffix("\n").removesuffix("\r").lstrip("\ufeff"))  # CRLF, a BOM from Notepad
        if self.echo:
            self.write(shown(line) + "\n")
        return line

    def _readline(self) -> str:
        if self.stopping:
            raise EndOfInput
        self.reading = True
        try:
            line = self.tty.readline() if self.tty else self.stdin.readline(MAX_LINE + 1)
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
            self.say(phrases.PLAIN_WRONG_NUMBER.format(text=text))
