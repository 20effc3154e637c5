"""Keys strictly in order: after a key that sends an answer, the keys behind it wait for the next question.

Only Enter sends an answer (a number on a choice list only moves the selection, so 「2」 Enter in a
paste is one answer, not two). Textual hands each key to the focused widget's own queue. When Enter sends an answer, the keys
already typed after it would reach the old input (or the choice list) before the next question's
input is set up, and leak into the wrong answer or be lost. The app therefore holds every key that
arrives after such a key, and hands them on, in order, once the screen says it has settled.
"""

from __future__ import annotations

from collections import deque
from typing import Callable, Protocol

from textual import events
from textual.widget import Widget

SETTLE_TIMEOUT = 2.0  # seconds: a screen that never settles cannot swallow the keyboard


class TurnScreen(Protocol):
    def ends_turn(self, event: events.Key, focused: Widget | None) -> bool: ...


class KeyGate:
    """Holds keys while an answer is being handled; the app feeds keys through ``admit``."""

    def __init__(self) -> None:
        self.closed = False
        self.waiting: deque[events.Key] = deque()

    def admit(self, event: events.Key, ends_turn: Callable[[events.Key], bool] | None, ready: bool = True) -> bool:
        """True: hand ``event`` on now (and close the gate behind it if it ends a turn). False: it waits
        (also while the screen is not ready for keys yet: it opens the gate once it is)."""
        if not ready:
            self.closed = True
        if self.closed:
            self.waiting.append(event)
            return False
        if ends_turn is not None and ends_turn(event):
            self.closed = True
        return True

    def open(self) -> list[events.Key]:
        """The screen has settled: the keys that waited (the gate closes again behind the next turn key)."""
        self.closed = False
        held = list(self.waiting)
        self.waiting.clear()
        return held
