"""The plain line mode's conversation: the walker's questions printed once, each answer read as a line.

The same ``DraftSession`` and walker as the chat screen, and the same wording (prompts.phrases and
the walker's replies); only the gestures differ: choices are typed as numbers, a narrative ends
with a line holding only 「.」, and F2/ctrl+p are /review and /jump followed by a number. Every
line goes through ``plaintty.Lines`` (no control character, so no ESC, ever reaches the terminal).
"""

from __future__ import annotations

from dejiden.prompts import phrases
from dejiden.prompts.search import rank, targets
from dejiden.prompts.session import DraftSession
from dejiden.prompts.view import REVIEW, Message, Prompt

from .plaintty import Interrupted, Lines
from .sshhint import fetch_hint

END_MARKS = (".", "．")  # a narrative ends with a line holding only 「.」 (full width too)
MAX_LISTED = 20  # /jump with many matches lists the best ones


class PlainChat:
    """One open draft, asked line by line until the input ends or the person leaves."""

    def __init__(self, session: DraftSession, lines: Lines, *, restricted: bool = False) -> None:
        self.session = session
        session.retry = phrases.RETRY_PLAIN  # no autosave every few seconds here: the next line saves
        self.lines = lines
        self.restricted = restricted
        self.asked: str | None = None
        self.heard: set[str] = set()  # hints and 記入例 already said: every budget row has the same ones
        self.said = ""  # the last reply's text (a wrong choice's message may list the choices already)
        # Text typed but not sent last time, at this question: shown, and a narrative continues it.
        self.restore_for = session.walker.current if session.pending else None

    @property
    def walker(self):
        return self.session.walker

    def run(self, *, greet: bool = True) -> None:
        """Ask until the input ends (``EndOfInput``) or /quit (again after /quit: the question asked anew)."""
        if greet:
            self.tell(phrases.opening(self.session))
        self.asked = None
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
        self.said = ""
        if prompt is None:
            self.lines.say(phrases.AT_END + "。")  # the walker has said whether everything is answered
            return
        self.lines.say("", phrases.asked(prompt, lines=True))
        if prompt.notice:
            self.lines.say(prompt.notice)
        where, *guide = phrases.guide(prompt, self.walker.counts())
        self.lines.say(where, *(line for line in guide if line not in self.heard))  # a hint heard once (/help repeats it)
        self.heard.update(guide)

    @staticmethod
    def _options(prompt: Prompt) -> tuple[str, ...]:
        kind = prompt.step.kind
        return prompt.options if kind == "choice" else prompt.step.choices if kind == "multi" else ()

    def answer(self, prompt: Prompt | None) -> str:
        """What the person sends for ``prompt``: a line, numbers (the choices listed before each try), or a narrative's lines."""
        kind = prompt.step.kind if prompt else "line"
        options = self._options(prompt) if prompt else ()
        if not all(option in self.said for option in options):
            for i, option in enumerate(options, 1):  # again after a wrong entry, unless its message listed them
                self.lines.say(f"  {i}. {option}")
        if kind == "choice":  # what Enter takes, next to the cue (the question said it many lines ago)
            keep = prompt.current or prompt.default
            self.lines.say((phrases.PLAIN_CHOOSE_KEEP if keep else phrases.PLAIN_CHOOSE).format(n=len(prompt.options), value=keep))
        elif kind == "multi":
            self.lines.say(phrases.PLAIN_MULTI)
        elif kind == "narrative":
            return self._narrative()
        restored = self._restored()
        if restored:
            self.lines.say(phrases.PLAIN_RESTORED_LINE.format(text=restored))
        try:
            text = self.lines.read()
        except Interrupted as stop:
            if stop.partial and kind not in ("choice", "multi"):
                self._keep(stop.partial)  # shown as 「書きかけの答え」 at this question next time
            raise
        if restored and self.walker.command_name(text):
            self.restore_for = self.walker.current  # still offered after /help, /review…
        if kind == "multi" and not text.strip() and prompt.current:
            return prompt.current  # Enter keeps the ticks, as the TUI's list ticked with the recorded ones
        return text

    def _restored(self) -> str | None:
        """The restored text, once, when this is the question it was typed for."""
        restored = self.session.pending if self.restore_for == self.walker.current else None
        self.restore_for = None
        return restored

    def _narrative(self) -> str:
        """Lines up to one holding only 「.」; a first line that is a command is one, and a line holding only
        「/clear」 discards the text so far (restored or typed). Each line is kept with its line break as typed
        (so text continued after a resume starts on a line of its own)."""
        base = self._restored() or ""
        if self.session.read_only:  # nothing written would be kept: said before the first line, not after a page
            if phrases.READ_ONLY_ANSWER not in self.said:
                self.lines.say(phrases.READ_ONLY_ANSWER)
            return self.lines.read()
        if base:
            self.lines.say(phrases.PLAIN_NARRATIVE_CONTINUE, base.removesuffix("\n"))
        else:
            self.lines.say(phrases.PLAIN_NARRATIVE)
        text, cue = base, phrases.PLAIN_CUE
        while True:
            try:
                line = self.lines.read(cue)
            except Interrupted as stop:
                if stop.partial:
                    self._keep(text + stop.partial)  # the line being typed when ctrl+c came
                raise
            if line.strip() in END_MARKS:
                return text.removesuffix("\n")
            if self.walker.command_name(line) == phrases.PLAIN_CLEAR and len(line.split()) == 1:
                self._keep("")  # gone from the draft at once: a reopening restores nothing
                self.lines.say(phrases.PLAIN_CLEARED, phrases.PLAIN_NARRATIVE)
                base, text, cue = "", "", phrases.PLAIN_CUE  # a first line again: a command is one
                continue
            if cue and self.walker.command_name(line):
                if base:  # the restored text stays, offered again when this question is asked next
                    self.restore_for = self.walker.current
                return line
            text, cue = text + line + "\n", ""
            self._keep(text)

    def _keep(self, text: str) -> None:
        """A narrative's lines so far, on disk at once (the TUI saves them every few seconds); a save
        problem is said once, as the session says it (with ``phrases.RETRY_PLAIN``)."""
        self.session.typed(text)
        said = self.session.autosave()
        if said is not None:
            self.lines.say(said.text)

    # ---------------------------------------------------------------- answering

    def submit(self, text: str) -> bool:
        """Hand ``text`` to the session, say its reply, follow its action; False to leave."""
        if self.session.read_only and self.walker.command_name(text) is None:
            self.lines.say(phrases.READ_ONLY_ANSWER)
            self.said = phrases.READ_ONLY_ANSWER
            return True
        step = self.walker.step()
        reply = self.session.handle(text)
        self.tell(reply.messages)
        self.said = "".join(m.text for m in reply.messages)
        if reply.accepted and step is not None and self.walker.current == step.id or self.walker.command_name(text) == "/jump":
            self.asked = None  # the same question stands for something else now (/delete), or was jumped to: asked again
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
