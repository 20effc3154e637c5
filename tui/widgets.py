"""Widgets of the chat screen: messages, the answer area for each kind of question, the counter."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, Input, Static

from dejiden.model.safe_text import shown
from dejiden.prompts import phrases
from dejiden.prompts.commands import SLASHES
from dejiden.prompts.view import Prompt

from .choicekeys import CHOICE_KEYS, MULTI_KEYS, ChoiceKeys
from .choices import ChoiceList, MultiList
from .ordered import OwnKeysInOrder
from .spaces import TypesWideSpace


class LineInput(TypesWideSpace, OwnKeysInOrder, Input):
    """A one-line answer: Enter sends it, and so does ctrl+j (a line feed, as some pastes send).

    Keys typed after Enter wait in the app until the next question is set up (see ``tui.keys``),
    so the answer sent is exactly the text typed before its Enter.
    """

    BINDINGS = [Binding("ctrl+j", "submit", show=False)]

    def __init__(self, *args, **kw) -> None:
        kw.setdefault("select_on_focus", False)  # what is selected is decided by AnswerArea.show, not by focus
        super().__init__(*args, **kw)

    def _on_paste(self, event: events.Paste) -> None:
        """Input keeps a paste's first line only (its own handler runs after this one): the rest is said."""
        rest = [line for line in event.text.splitlines()[1:] if line.strip()]
        if rest:
            dropped = "／".join(rest)
            dropped = dropped if len(dropped) <= 40 else dropped[:39] + "…"
            self.notify(shown(f"1行で答える欄なので、貼り付けた2行目以降（{dropped}）は入れていません。", newlines=False),
                        severity="warning", timeout=8, markup=False)


class AnswerArea(ChoiceKeys, Vertical):
    """Shows the input that fits the current question and posts ``Answered`` with the text."""

    DEFAULT_CSS = """
    AnswerArea { height: auto; }
    AnswerArea ContentSwitcher { height: auto; }
    AnswerArea #choice, AnswerArea #multi { height: auto; max-height: 9; }
    AnswerArea #counter { height: auto; color: $text-muted; padding: 0 1; }
    AnswerArea #counter.over { color: $error; text-style: bold; }
    """

    class Answered(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Typed(Message):
        """The text being typed changed (for the pending-text autosave)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, blink: bool = True, first_kind: str = "line", editor_key: str | None = None, **kw) -> None:
        super().__init__(**kw)
        self.blink = blink
        self.editor_key = editor_key  # named under the narrative box when $EDITOR may be used
        self.first_kind = first_kind  # composed up front, so the first question's input is ready at once
        self.kind = "line"
        self.max_len = 300
        self._shown_text = ""
        self._under = ""  # while a command is typed on a choice question: that question's list

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="line"):
            yield LineInput(id="line", placeholder="ここに入力して Enter")
            if self.first_kind != "line":
                yield self._make(self.first_kind)
        yield Static("", id="counter")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self.blink

    def _ensure(self, kind: str) -> None:
        """Mount the input for ``kind`` the first time a question needs it (keeps start-up light)."""
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query(f"#{kind}"):
            switcher.mount(self._make(kind))

    def _make(self, kind: str):
        if kind == "narrative":
            from .narrative import NarrativeArea

            widget = NarrativeArea(id="narrative", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            widget.cursor_blink = self.blink
            return widget
        if kind == "choice":
            return ChoiceList(id="choice")
        return MultiList(id="multi")

    @property
    def active(self):
        return self.query_one(f"#{self.query_one(ContentSwitcher).current}")

    def ends_answer(self, event: events.Key) -> bool:
        """Does this key send the answer (so that the keys after it belong to the next question)?"""
        if self.kind in ("line", "command"):
            return event.key in ("enter", "ctrl+j")
        # a number only moves the selection; 「/」 opens a command line (the keys behind it wait for it)
        return event.key == "enter" or event.character in SLASHES

    def show(self, prompt: Prompt | None, pending: str | None = None, *, editable: bool = True) -> None:
        """Switch to the input for ``prompt`` and fill it with the pending or recorded value."""
        switcher = self.query_one(ContentSwitcher)
        counter = self.query_one("#counter", Static)
        self._under = ""
        if pending is not None:
            pending = shown(pending)  # restored from a file: control characters only as marks
        if prompt is None:
            switcher.current = "line"
            line = self.query_one(Input)
            line.value = pending or ""
            line.placeholder = phrases.AT_END
            counter.update("")
            self.kind = "line"
            self._shown_text = line.value
            if editable:
                line.focus()
            return
        step = prompt.step
        self.kind = {"date": "line"}.get(step.kind, step.kind)
        if self.kind != "line":
            self._ensure(self.kind)
        counter.update("")
        if self.kind == "line":
            line = self.query_one(Input)
            line.value = pending if pending is not None else (prompt.current or "")
            line.placeholder = f"空のまま Enter で {prompt.default}" if prompt.default else "ここに入力して Enter"
            if pending is None and prompt.current:
                line.select_all()  # a recorded value shown for revision: typing replaces it, Enter keeps it
            else:
                line.cursor_position = len(line.value)  # the person's own unsent typing: typing continues it
        elif self.kind == "narrative":
            area = self.query_one("#narrative")
            area.load_text(pending if pending is not None else (prompt.current or ""))
            area.move_cursor(area.document.end)
            self.max_len = step.max_len or 300
            self._count(area.text)
        elif self.kind == "choice":
            # selected: the recorded answer, or a default that changes no judgement; else nothing (Enter asks to pick)
            current = prompt.current if prompt.current is not None else prompt.default
            chosen = pending if pending in prompt.options else current
            selected = prompt.options.index(chosen) if chosen in prompt.options else None
            self.query_one(ChoiceList).set_choices(prompt.options, selected)
            counter.update(CHOICE_KEYS)
        elif self.kind == "multi":
            ticks = pending if pending is not None else prompt.current  # unsent ticks, or the ticks just sent
            chosen = set(ticks.split("、")) if ticks else set()
            self.query_one(MultiList).set_choices(step.choices, chosen)
            counter.update(MULTI_KEYS)
        switcher.current = {"line": "line", "narrative": "narrative", "choice": "choice", "multi": "multi"}[self.kind]
        self._shown_text = self.typed_text()
        if editable:
            self.active.focus()

    def typed_text(self) -> str:
        """What the person has typed or ticked but not sent (kept as pending text, like typing)."""
        if self.kind == "line":
            return self.query_one(Input).value
        if self.kind == "narrative":
            return self.query_one("#narrative").text
        if "multi" in (self.kind, self._under):  # a command being typed keeps the unsent ticks
            return "、".join(self.query_one(MultiList).selected)
        return ""

    def unsent(self, sent: str) -> str | None:
        """What was typed, ticked or selected and not sent, kept when ``sent`` is a command (F1, /help, a
        mistyped one) that leaves the question standing; None when ``sent`` is the typed text itself."""
        if not sent.strip().startswith(SLASHES):
            return None
        if (self._under or self.kind) == "choice":
            choices = self.query_one(ChoiceList)
            return choices.choices[choices.selected] if choices.selected is not None else None
        text = self.typed_text()
        return None if text.strip() == sent.strip() else text

    def set_text(self, text: str) -> None:
        """Replace the text (e.g. from $EDITOR); counts as the user's edit."""
        if self.kind == "narrative":
            area = self.query_one("#narrative")
            area.load_text(text)
            area.move_cursor(area.document.end)
        elif self.kind == "line":
            self.query_one(Input).value = text

    def _count(self, text: str) -> None:
        # loaded with the narrative box, not at start-up
        from dejiden.model.normalize import clean_text, excel_len

        n = excel_len(clean_text(text, multiline=True))
        counter = self.query_one("#counter", Static)
        keys = "　Enter 送信・ctrl+j 改行" + (f"・{self.editor_key} エディタ" if self.editor_key else "")
        counter.update(f"{n}/{self.max_len}字" + ("（超えています）" if n > self.max_len else "") + keys)
        counter.set_class(n > self.max_len, "over")

    def _typed(self, text: str) -> None:
        # Changes arrive as messages after show() set the text: only the user's own edits count.
        if text != self._shown_text:
            self._shown_text = text
            self.post_message(self.Typed(text))

    @on(Input.Changed, "#line")
    def _line_changed(self, event: Input.Changed) -> None:
        if self.kind != "command":
            self._typed(event.value)
        elif not event.value:  # the 「/」 erased: back to the list
            self._close_command()

    def on_text_area_changed(self, event) -> None:  # TextArea.Changed (TextArea loads with the first narrative)
        if event.text_area.id == "narrative":
            self._count(event.text_area.text)
            self._typed(event.text_area.text)

    @on(Input.Submitted, "#line")
    def _line_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Answered(event.value))

    def on_narrative_area_submitted(self, event) -> None:  # NarrativeArea.Submitted
        event.stop()
        self.post_message(self.Answered(event.value))

    def submit_multi(self) -> None:
        self.post_message(self.Answered("、".join(self.query_one(MultiList).selected)))


__all__ = ["AnswerArea", "ChoiceList", "LineInput", "MultiList"]
