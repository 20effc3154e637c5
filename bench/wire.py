"""Bytes on the wire: what the app sends to an 80×24 terminal through a pty (start, per answer, idle).

Over SSH every byte the app writes crosses the officer's link. This runs the real ``dejiden DRAFT``
command in a pseudo-terminal, types answers as keystrokes, and counts what comes out.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[1]


@dataclass
class Wire:
    """A ``dejiden`` process on a pty; ``read_*`` return what it wrote, as bytes."""

    proc: subprocess.Popen
    fd: int

    @classmethod
    def start(cls, draft: Path, *, env: dict[str, str] | None = None, size: tuple[int, int] = (80, 24),
              args: tuple[str, ...] = ()) -> Wire:
        master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        environ = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLUMNS": str(cols), "LINES": str(rows),
                   **(env or {})}
        environ.pop("TEXTUAL", None)  # no devtools
        proc = subprocess.Popen([sys.executable, "-c", "import sys; from dejiden.tui.cli import main; sys.exit(main())",
                                 *args, str(draft)], stdin=slave, stdout=slave, stderr=slave, env=environ, cwd=ROOT,
                                start_new_session=True)
        os.close(slave)
        return cls(proc, master)

    def read_for(self, seconds: float) -> bytes:
        """Everything written during the next ``seconds``."""
        out = bytearray()
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    out += os.read(self.fd, 65536)
                except OSError:  # the process ended
                    break
        return bytes(out)

    def read_until_quiet(self, quiet: float = 0.6, limit: float = 20.0) -> bytes:
        """Everything written until nothing more comes for ``quiet`` seconds."""
        out = bytearray()
        end = time.monotonic() + limit
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                break
            try:
                out += os.read(self.fd, 65536)
            except OSError:
                break
        return bytes(out)

    def read_until(self, marker: bytes, limit: float = 30.0) -> bytes:
        """Everything written until ``marker`` shows (or ``limit`` seconds pass)."""
        out = bytearray()
        end = time.monotonic() + limit
        while marker not in out and (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    out += os.read(self.fd, 65536)
                except OSError:
                    break
        return bytes(out)

    def type(self, text: str, enter: bool = True, pace: float = 0.02) -> None:
        """Keystrokes as a terminal sends them (a Japanese character arrives as its UTF-8 bytes)."""
        for c in text:
            os.write(self.fd, c.encode())
            time.sleep(pace)
        if enter:
            os.write(self.fd, b"\r")

    def quit(self, key: bytes = b"\x11") -> None:
        """ctrl+q (the TUI), or ctrl+d (end of input: the plain mode saves and ends)."""
        os.write(self.fd, key)
        try:
            self.read_until_quiet(0.5, 5)
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.fd)


def measure(folder: Path, answers: list[str], idle: float, env: dict[str, str] | None = None,
            settle: float = 30.0) -> dict[str, float]:
    """Bytes to draw the first screen, per answer (typing included), and per idle minute.

    The first screen counts until the app has been silent for 1.5 s (at most ``settle`` seconds; a
    blinking cursor is never silent)."""
    env = {"DEJIDEN_DATA_DIR": str(folder), **(env or {})}
    wire = Wire.start(folder / "r.toml", env=env)
    try:
        first = wire.read_until_quiet(1.5, settle)
        typing, sending, keys = 0, 0, 0
        for answer in answers:
            wire.type(answer, enter=False)
            typing += len(wire.read_until_quiet(0.6))
            keys += len(answer)
            wire.type("", enter=True)
            sending += len(wire.read_until_quiet(0.6))
        quiet = wire.read_for(idle)
    finally:
        wire.quit()
    n = max(len(answers), 1)
    return {"first": len(first), "answer": (typing + sending) / n, "typing_per_key": typing / max(keys, 1),
            "enter": sending / n, "idle_per_min": len(quiet) * 60 / idle, "answers": len(answers)}


def measure_plain(folder: Path, answers: list[str]) -> dict[str, float]:
    """The same for ``dejiden --plain``: bytes per answer (the terminal's echo of the keys included,
    as it crosses an SSH link too), then the end of input (ctrl+d)."""
    wire = Wire.start(folder / "r.toml", env={"DEJIDEN_DATA_DIR": str(folder)}, args=("--plain",))
    try:
        first = wire.read_until(b"> ")
        sent = []
        for answer in answers:
            wire.type(answer, enter=True, pace=0.005)
            sent.append(len(wire.read_until_quiet(0.4)))
    finally:
        wire.quit(b"\x04")
    n = max(len(answers), 1)
    return {"first": len(first), "answer": sum(sent) / n, "largest": max(sent, default=0), "answers": len(answers)}


def header_answers() -> list[str]:
    """The seed report's header answers that are typed lines (the date and the name, and the rest)."""
    sys.path.insert(0, str(ROOT))
    from tests.seed_answers import seed_answers

    # a new draft first asks which edition: the newest is picked (1, then Enter; nothing is pre-selected)
    return ["1"] + [a for a in seed_answers()[1:11] if a != "1"]
