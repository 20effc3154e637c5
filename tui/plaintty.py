"""The plain mode's terminal: ctrl+c ends the line being typed (kept and saved) instead of throwing it away; escape sequences typed are dropped whole.

In a terminal's canonical mode the kernel holds a line until Enter, and ctrl+c (SIGINT) discards
it: what the officer was typing would be lost. While the plain mode reads a terminal, ctrl+c is
made an end-of-line character instead (VEOL, with VINTR off), so the text typed so far arrives,
ending in 「\\x03」, and is saved before leaving. Lines are read from the descriptor itself (a text
wrapper would wait on for a 「\\n」). The terminal's settings are put back on leaving, and ours again
after ctrl+z and fg (SIGCONT). Everything else (echo, erase, ctrl+d, ctrl+z) stays the terminal's.
"""

from __future__ import annotations

import os
import re
import signal
import termios

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
        """One line with its end (「\\n」, or 「\\x03」 for ctrl+c); what was typed before ctrl+d at
        the end of input; "" at the end of input. Bytes that are not UTF-8 become U+FFFD."""
        data = b""
        while True:
            chunk = os.read(self.fd, _CHUNK)
            if not chunk:
                break
            data += chunk
            if data.endswith((b"\n", INTERRUPT.encode())):
                break
        return data.decode("utf-8", "replace")
