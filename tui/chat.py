"""The chat screen: the conversation's log, the question's guidance, the answer, and the outline."""

from __future__ import annotations

from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from dejiden.prompts import phrases
from dejiden.prompts.session import STATE_TEXT, DraftSession
from dejiden.prompts.view import REVIEW, Message, Prompt
from dejiden.prompts.walker import Walker

from .chatlog import ChatLog
from .config import host
from .panels import Guide, KeyBar, Outline, guide_text, outline_texts, plain
from .review import ReviewScreen
from .widgets import AnswerArea

TURN_KEYS = {"f1", "f2", "f3", "f4", "f5"}  # bound keys that change the question or the screen


def jump_commands():
    """ctrl+p's question list (imported when the palette first opens, to keep start-up light)."""
    from .palette import JumpCommands

    return JumpCommands


class ChatScreen(Screen):
    """The conversation: log, the question's guidance, the answer, and the outline."""

    COMMANDS = {jump_commands}
    BINDINGS = [
        Binding("f1", "help", "ヘルプ", id="help"),
        Binding("f2", "review", "確認", id="review"),
        Binding("f3", "back", "戻る", id="back"),
        Binding("f4", "skip", "後回し", id="skip"),
        Binding("f5", "export", "書き出し", id="export"),
        Binding("ctrl+o", "editor", "エディタ", id="editor", show=False),  # shown under the narrative box
        # priority: run as the key arrives, before an Enter behind it is handled (in a line, a choice list or the
        # narrative box alike), so an answer sent right after PageUp ends on the newest message
        Binding("pageup", "scroll_log(-1)", "", show=False, priority=True),
        Binding("pagedown", "scroll_log(1)", "", show=False, priority=True),
    ]

    def __init__(self, session: DraftSession) -> None:
        super().__init__()
        self.session = session
        self.asked: str | None = None
        self.keys_ready = False  # keys typed before the first question is set up wait for it
        self._title = ""  # the title bar as last drawn

    @property
    def walker(self) -> Walker:
        return self.session.walker

    @property
    def path(self) -> Path | None:
        return self.session.path

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def compose(self) -> ComposeResult:
        config = host(self.app).config
        prompt = self.walker.prompt()
        first = {"date": "line"}.get(prompt.step.kind, prompt.step.kind) if prompt else "line"
        yield Static("", id="titlebar")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Outline(id="outline-bar")
                yield ChatLog(id="log")
                yield Guide(id="guide")
                yield AnswerArea(id="answer", blink=config.blink, first_kind=first,
                                 editor_key=None if config.restricted else "ctrl+o")
            with Vertical(id="side"):
                yield Outline(id="outline-side")
                yield Guide(id="guide-side")
        yield KeyBar()

    def on_mount(self) -> None:
        log = self.query_one(ChatLog)
        for line in phrases.opening(self.session):
            log.add(line)
        pending = self.session.pending
        self.ask(pending)
        self.set_interval(host(self.app).config.autosave_seconds, self.autosave)
        self.keys_ready = True
        self.settled()

    # ---------------------------------------------------------------- keys in order

    def ends_turn(self, event: events.Key, focused: Widget | None) -> bool:
        """Does this key finish an answer (or move to another question)? Keys after it wait until the
        next question is set up, so each answer is exactly the text typed before its Enter."""
        if event.key in TURN_KEYS:
            return True
        area = self.query_one(AnswerArea)
        if focused is None or area not in focused.ancestors_with_self:
            return False
        return area.ends_answer(event)

    def settled(self) -> None:
        host(self.app).keys_settled()

    # ---------------------------------------------------------------- showing

    def ask(self, pending: str | None = None) -> None:
        """Show the current question (once) and set up the answer area for it."""
        prompt = self.walker.prompt()
        log = self.query_one(ChatLog)
        if prompt is not None and self.asked != prompt.step.id:
            log.add(Message("bot", phrases.asked(prompt)), question=True)
            if prompt.notice:
                log.add(Message("bot", prompt.notice, "info"))
        self.asked = prompt.step.id if prompt else REVIEW
        self.query_one(AnswerArea).show(prompt, pending)
        self.draw_panels(prompt)

    def refresh_panels(self) -> None:
        self.draw_panels(self.walker.prompt())

    def draw_panels(self, prompt: Prompt | None) -> None:
        """The guidance for the question, the outline with progress, and the title."""
        for g in self.query(Guide):
            g.update(guide_text(prompt))
        bar, side = outline_texts(self.walker)
        self.query_one("#outline-bar", Outline).update(bar)
        self.query_one("#outline-side", Outline).update(side)
        self.update_title()

    def update_title(self) -> None:
        title = f" dejiden｜{self.session.name}｜{STATE_TEXT[self.session.state]}"
        if title != self._title:  # redrawn only when it changes: an idle screen sends nothing over SSH
            self._title = title
            self.query_one("#titlebar", Static).update(plain(title))

    def say(self, line: Message | None) -> None:
        if line is not None:
            self.query_one(ChatLog).add(line)
            self.update_title()

    # ---------------------------------------------------------------- answering

    @on(AnswerArea.Answered)
    def answered(self, event: AnswerArea.Answered) -> None:
        self.submit(event.text)

    def submit(self, text: str) -> None:
        try:
            self._submit(text)
        finally:
            self.query_one(ChatLog).anchor()  # an answer (refused too) brings the newest message back
            self.settled()

    def _submit(self, text: str) -> None:
        log = self.query_one(ChatLog)
        if self.read_only and self.walker.command_name(text) is None:
            log.add(Message("bot", phrases.READ_ONLY_ANSWER, "error"))
            self.query_one(AnswerArea).show(self.walker.prompt(), text)
            return
        step = self.walker.step()
        area = self.query_one(AnswerArea)
        kept = area.unsent(text)  # F1 or /help on a half-written answer: it stays
        log.add(Message("user", phrases.shown_answer(self.walker.prompt(), text)))
        reply = self.session.handle(text)
        for line in reply.messages:
            log.add(line)
        if (not reply.accepted and not reply.action and step is not None and self.walker.current == step.id
                and reply.messages and reply.messages[-1].tone == "error"):
            area.show(self.walker.prompt(), text if kept is None or area.kind in ("line", "narrative") else kept)  # kept, to be corrected
            self.refresh_panels()
            return
        if reply.accepted and step is not None and self.walker.current == step.id:
            self.asked = None  # the same question stands for something else now (/delete): asked again
        if reply.action == "review":
            self.action_review()
        elif reply.action == "jump":
            self.app.action_command_palette()
        elif reply.action == "export":
            self.action_export()
        elif reply.action == "quit":
            self.app.call_later(self.app.action_quit)
        stays = not reply.accepted and step is not None and self.walker.current == step.id
        self.ask(kept if stays else None)

    # ---------------------------------------------------------------- saving

    @on(AnswerArea.Typed)
    def typed(self, event: AnswerArea.Typed) -> None:
        before = self.session.state
        self.session.typed(event.text)
        if self.session.state != before:
            self.update_title()

    def capture_typed(self) -> None:
        """Take the text in the input now (a keystroke's message may not have arrived yet)."""
        try:
            text = self.query_one(AnswerArea).typed_text()
        except NoMatches:  # not composed yet, or being taken down
            return
        prompt = self.walker.prompt()
        if text != ((prompt.current if prompt is not None else None) or "") or self.session.pending:
            self.session.typed(text)

    def autosave(self) -> None:
        """Every few seconds: save the text typed but not yet sent (said once when saving fails)."""
        self.say(self.session.autosave())
        self.update_title()

    def save_now(self) -> None:
        """Before leaving (quit, a signal): everything typed goes to disk."""
        self.capture_typed()
        self.session.autosave()

    # ---------------------------------------------------------------- actions

    def jump_to(self, step_id: str) -> None:
        self.walker.goto(step_id)
        self.ask()
        self.query_one(ChatLog).anchor()  # the question moved to, by the answer area (after PageUp too)

    def action_help(self) -> None:
        self.submit("/help")

    def action_back(self) -> None:
        self.submit("/back")

    def action_skip(self) -> None:
        self.submit("/skip")

    def action_scroll_log(self, direction: int) -> None:
        log = self.query_one(ChatLog)
        # at once, not after the next refresh: an answer sent right after PageUp (in one burst) brings the
        # newest message back, and a deferred page scroll must not land after it
        target = max(0, log.scroll_y + direction * log.scrollable_content_region.height)
        if target >= log.max_scroll_y:
            log.anchor()  # at the newest (or a log that does not scroll): it follows new messages again
        else:
            log.scroll_to(y=target, animate=False, immediate=True)

    def action_review(self) -> None:
        self.save_now()
        self.app.push_screen(ReviewScreen(self.walker), self._after_review)
        self.settled()

    def action_export(self) -> None:
        try:
            self._export()
        finally:
            self.settled()

    def _export(self) -> None:
        """Write the workbook beside the draft and say where, and what is still missing."""
        from dejiden.prompts.export import export

        from .sshhint import fetch_hint

        log = self.query_one(ChatLog)
        if not self.read_only:
            self.save_now()
        restricted = host(self.app).config.restricted
        for line in export(self.session, review="F2", hint=lambda path: fetch_hint(path, restricted=restricted)):
            log.add(line)
        log.anchor()

    def _after_review(self, step_id: str | None) -> None:
        if step_id == ReviewScreen.EXPORT:
            self.action_export()  # settles
            return
        if step_id:
            self.jump_to(step_id)
        self.settled()  # the keys typed after the review's Enter (or Esc) belong to this question

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "editor" and host(self.app).config.restricted:
            return False  # no $EDITOR (and so no shell) in restricted mode
        if action == "export" and self.read_only:
            return False
        return True

    def action_editor(self) -> None:
        if not host(self.app).config.restricted:
            from .editor import edit_narrative

            edit_narrative(self)
            self.query_one(ChatLog).anchor()  # what the editor's return says is by the narrative box

    def on_unmount(self) -> None:
        self.session.close()
