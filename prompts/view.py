"""What the conversation shows: plain data the TUI renders (no model, no pydantic, no Textual).

The walker produces these; the TUI draws them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["line", "date", "choice", "multi", "narrative"]
REVIEW = "review"


@dataclass(frozen=True)
class Step:
    """One question: ``id`` is the model path it fills (or a list path for "add another?")."""

    id: str
    pattern: str
    kind: Kind
    section: str
    label: str
    choices: tuple[str, ...] = ()
    blank: str | None = None  # the choice meaning "none" (備考)
    max_len: int | None = None
    optional: bool = False
    repeat: bool = False  # an "add another?" step


@dataclass(frozen=True)
class Prompt:
    """What the UI shows for the current step."""

    step: Step
    text: str
    hint: str
    example: str
    current: str | None  # the recorded value, shown when revisiting
    default: str | None = None
    notice: str | None = None  # e.g. the ※1 suggestion for 備考

    @property
    def options(self) -> tuple[str, ...]:
        return ((self.step.blank,) if self.step.blank else ()) + self.step.choices


@dataclass(frozen=True)
class Message:
    role: Literal["bot", "user"]
    text: str
    tone: Literal["info", "note", "result", "error"] = "info"


@dataclass
class Reply:
    messages: list[Message] = field(default_factory=list)
    accepted: bool = False  # an answer was stored (the caller autosaves)
    action: str | None = None  # "review", "jump", "help" for the UI

    def say(self, text: str, tone: Literal["info", "note", "result", "error"] = "info") -> None:
        self.messages.append(Message("bot", text, tone))


@dataclass(frozen=True)
class SectionProgress:
    short: str
    title: str
    answered: int
    total: int
    current: bool
    errors: int

    @property
    def state(self) -> Literal["done", "current", "missing", "error"]:
        if self.errors:
            return "error"
        if self.current:
            return "current"
        return "done" if self.answered == self.total else "missing"


@dataclass(frozen=True)
class ReviewRow:
    step: Step
    value: str
    status: Literal["ok", "missing", "invalid", "warning"]
    message: str
