"""The chat screen: the conversation's log, the question's guidance, the answer, and the outline."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from dejiden.model.files import LockHolder
from dejiden.model.oserrors import os_error_ja
from dejiden.prompts import frame as frames
from dejiden.prompts.frame import Frame, Loader
from dejiden.prompts.view import REVIEW, Message, Prompt

from .review import ReviewScreen
from .widgets import AnswerArea, ChatLog, Guide, KeyBar, Outline, plain

if TYPE_CHECKING:
    from dejiden.model.draft import DraftFile
    from dejiden.prompts.walker import Walker

    from .app import DejidenApp

# The model (pydantic) loads after the chat screen's first frame: the screen opens from the draft's
# saved frame and imports the walker when it first needs it. See ``prompts.frame``.

CANNOT_LOAD = "下書きを開けません"
STATE_MARK = {"done": "済", "current": "今", "missing": "未", "error": "誤"}


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
        Binding("pageup", "scroll_log(-1)", "", show=False),
        Binding("pagedown", "scroll_log(1)", "", show=False),
    ]

    def __init__(self, path: Path, opening: Frame, load: Loader, read_only: LockHolder | None = None) -> None:
        super().__init__()
        self.path = path
        self.opening = opening
        self._load = load
        self._walker: Walker | None = None
        self.store: DraftFile | None = None
        self.pending_dirty = False
        self.read_only = read_only
        self.save_state = "読み取り専用" if read_only else ("保存済み" if path.exists() else "新しい下書き")
        self.asked: str | None = None

    @property
    def dejiden(self) -> DejidenApp:
        return self.app  # type: ignore[return-value]

    @property
    def walker(self) -> Walker:
        """The conversation; loading it (and the model) on first use if the frame came first."""
        if self._walker is None:
            self.become_ready()
        assert self._walker is not None
        return self._walker

    @property
    def ready(self) -> bool:
        return self._walker is not None

    def compose(self) -> ComposeResult:
        yield Static("", id="titlebar")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Outline(id="outline-bar")
                yield ChatLog(id="log")
                yield Guide(id="guide")
                prompt = self.opening.prompt
                first = {"date": "line"}.get(prompt.step.kind, prompt.step.kind) if prompt else "line"
                yield AnswerArea(id="answer", blink=self.dejiden.config.blink, first_kind=first,
                                 editor_key=None if self.dejiden.config.restricted else "ctrl+o")
            with Vertical(id="side"):
                yield Outline(id="outline-side")
                yield Guide(id="guide-side")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_opening(self.opening)
        self.set_interval(self.dejiden.config.autosave_seconds, self.flush_pending)
        if self._walker is None:
            self.call_after_refresh(self.become_ready)

    def show_opening(self, frame: Frame, typed: str | None = None) -> None:
        """The log as a draft opens: who holds it, the greeting, restored text, and the question."""
        log = self.query_one(ChatLog)
        if self.read_only:
            log.add(Message("bot", self.read_only.describe() + "読み取り専用で開きました（変更は保存されません）。"
                                   "編集するには、その画面を閉じてから開き直してください。", "error"))
        for line in frame.greeting:
            log.add(line)
        if frame.pending:
            log.add(Message("bot", f"入力途中の文章（{len(frame.pending)}字）を復元しました。続きから書けます。", "note"))
        self.show_prompt(frame.prompt, typed if typed is not None else frame.pending)
        self.draw_panels(frame)

    def become_ready(self) -> None:
        """Load the model and the walker; redraw if the draft's frame turns out to be stale."""
        if self._walker is not None:
            return
        loaded = self._load()
        if isinstance(loaded, tuple):
            self._walker, self.store = loaded
        else:  # the bytes the frame was drawn from no longer load: show nothing editable from them
            from dejiden.model.draft import Draft
            from dejiden.prompts.walker import Walker

            self._walker = Walker(Draft(), today=self.dejiden.config.today)
            self.dejiden.show_problem(CANNOT_LOAD, loaded.describe())
            self.app.push_screen(Screen())  # a blank screen over it; ctrl+q still quits
            return
        frame = self._walker.frame()
        if frame != self.opening:
            was = self.opening
            drawn = was.pending if was.pending is not None else ((was.prompt.current if was.prompt else None) or "")
            typed = self.query_one(AnswerArea).typed_text()
            typed = typed if typed != drawn else None  # keep only what the user typed over the old frame
            self.query_one(ChatLog).remove_children()
            self.asked = None
            self.opening = frame
            self.show_opening(frame, typed)

    # ---------------------------------------------------------------- showing

    def ask(self, pending: str | None = None, frame: Frame | None = None) -> None:
        """Show the current question (once) and set up the answer area for it (``frame``: the
        walker's, when the caller has just computed it)."""
        frame = frame or self.walker.frame()
        self.show_prompt(frame.prompt, pending)
        self.draw_panels(frame)

    def show_prompt(self, prompt: Prompt | None, pending: str | None = None) -> None:
        log = self.query_one(ChatLog)
        if prompt is not None and self.asked != prompt.step.id:
            text = prompt.text
            if prompt.current is not None and prompt.step.kind not in ("choice", "multi"):
                text += f"\n（いまの値：{prompt.current}。そのまま Enter で変えずに進みます）"
            log.add(Message("bot", text), question=True)
            if prompt.notice:
                log.add(Message("bot", prompt.notice, "info"))
        self.asked = prompt.step.id if prompt else REVIEW
        self.query_one(AnswerArea).show(prompt, pending)

    def refresh_panels(self) -> None:
        self.draw_panels(self.walker.frame())

    def draw_panels(self, frame: Frame) -> None:
        """The guidance for the question, the outline with progress, and the title."""
        prompt = frame.prompt
        if prompt is not None:
            parts = [f"【{prompt.step.section}｜{prompt.step.label}】", prompt.hint]
            if prompt.example:
                parts.append(f"記入例：{prompt.example}")
            guide = "\n".join(p for p in parts if p)
        else:
            guide = ""  # the walker says "all answered" once, in the log
        for g in self.query(Guide):
            g.update(guide)
        bar = " ".join(f"[{STATE_MARK[s.state]}]{s.short}" for s in frame.outline)
        self.query_one("#outline-bar", Outline).update(f"{bar}  {frame.answered}/{frame.total}問")
        side = [f"{STATE_MARK[s.state]} {s.title}  {s.answered}/{s.total}" for s in frame.outline]
        side.append(f"\n{frame.summary}")
        self.query_one("#outline-side", Outline).update("\n".join(side))
        self.update_title()

    def update_title(self) -> None:
        self.query_one("#titlebar", Static).update(plain(f" dejiden｜{self.path.name}｜{self.save_state}"))

    # ---------------------------------------------------------------- answering

    @on(AnswerArea.Answered)
    def answered(self, event: AnswerArea.Answered) -> None:
        self.submit(event.text)

    def submit(self, text: str) -> None:
        log = self.query_one(ChatLog)
        if self.read_only and not text.strip().startswith("/"):
            log.add(Message("bot", "読み取り専用です（ほかの人が編集中）。/review と /jump で内容を見られます。", "error"))
            return
        step = self.walker.step()
        shown = self._shown_answer(text)
        log.add(Message("user", shown))
        reply = self.walker.handle(text)
        for line in reply.messages:
            log.add(line)
        frame = None
        if reply.accepted:
            session = self.walker.draft.session
            session.pending = session.pending_for = None
            self.pending_dirty = False
            frame = self.walker.frame()  # the next question: saved beside the draft and shown
            self.save(frame=frame)
        elif not reply.action and step is not None and self.walker.current == step.id and reply.messages and reply.messages[-1].tone == "error":
            # keep what was typed so it can be corrected
            self.query_one(AnswerArea).active.focus()
            self.refresh_panels()
            return
        if reply.action == "review":
            self.action_review()
        elif reply.action == "jump":
            self.app.action_command_palette()
        elif reply.action == "export":
            self.action_export()
        self.ask(frame=None if reply.action else frame)
        log.anchor()

    def _shown_answer(self, text: str) -> str:
        """The user's message in the log: a picked number shows as the choice it stands for."""
        prompt = self.walker.prompt()
        if not text.strip():
            return "（空のまま Enter）"
        if prompt is not None and prompt.step.kind == "choice" and text.strip().isdigit():
            n = int(text.strip())
            if 1 <= n <= len(prompt.options):
                return prompt.options[n - 1]
        return text

    # ---------------------------------------------------------------- saving

    def save(self, *, ui: bool = True, frame: Frame | None = None) -> bool:
        """Save the draft, then the frame the next start opens with (see ``prompts.frame``)."""
        from dejiden.model.draft import Conflict

        walker = self.walker
        if self.read_only or self.store is None:
            return False
        try:
            result = self.store.save(walker.draft)
        except OSError as exc:
            self.save_state = "保存できません"
            self.pending_dirty = True  # try again with the next answer or autosave
            if ui:
                self.query_one(ChatLog).add(Message(
                    "bot", f"下書きを保存できませんでした（{os_error_ja(exc)}）。入力はこの画面に残っています。"
                           "空き容量や保存場所を確かめてください。次の回答で自動的にもう一度保存します。", "error"))
                self.update_title()
            return False
        if isinstance(result, Conflict):
            self.save_state = "保存できません（ファイルが外で変更されました）"
            if ui:
                self.query_one(ChatLog).add(Message("bot", result.describe(), "error"))
                self.update_title()
            return False
        assert self.store.digest is not None
        frames.save(self.path, frame or walker.frame(), self.store.digest)
        self.save_state = "保存済み"
        if ui:
            self.update_title()
        return True

    def _capture_typed(self) -> None:
        """Take the text in the input now (a keystroke's message may not have arrived yet)."""
        try:
            text = self.query_one(AnswerArea).typed_text()
        except Exception:  # the screen is being torn down
            return
        prompt = self.walker.prompt()
        recorded = prompt.current if prompt is not None else None
        if (text or None) != self.walker.draft.session.pending and text != (recorded or ""):
            self._remember_typed(text)

    def _remember_typed(self, text: str) -> None:
        session = self.walker.draft.session
        session.pending = text or None
        session.pending_for = self.walker.current if text else None
        self.pending_dirty = True

    @on(AnswerArea.Typed)
    def typed(self, event: AnswerArea.Typed) -> None:
        self._remember_typed(event.text)
        if self.save_state == "保存済み":
            self.save_state = "入力中（数秒ごとに自動保存）"
            self.update_title()

    def flush_pending(self, *, ui: bool = True, force: bool = False) -> None:
        """Save the text typed but not yet sent (every few seconds, on exit, on a dropped line)."""
        if force and self.is_mounted:
            self._capture_typed()
        if self.pending_dirty:
            self.pending_dirty = False
            session = self.walker.draft.session
            session.current = self.walker.current
            self.save(ui=ui)

    # ---------------------------------------------------------------- actions

    def jump_to(self, step_id: str) -> None:
        self.walker.goto(step_id)
        self.ask()

    def action_help(self) -> None:
        self.submit("/help")

    def action_back(self) -> None:
        self.submit("/back")

    def action_skip(self) -> None:
        self.submit("/skip")

    def action_scroll_log(self, direction: int) -> None:
        log = self.query_one(ChatLog)
        (log.scroll_page_down if direction > 0 else log.scroll_page_up)()

    def action_review(self) -> None:
        self.flush_pending()
        self.app.push_screen(ReviewScreen(self.walker), self._after_review)

    def action_export(self) -> None:
        """Write the workbook beside the draft and say where, and what is still missing."""
        from dejiden.model import workbook

        from .sshhint import fetch_hint

        self.flush_pending()
        log = self.query_one(ChatLog)
        report = self.walker.report
        out = self.path.with_name(workbook.default_name(report))
        try:
            done = workbook.export(report, self.walker.spec, out)
        except OSError as exc:
            log.add(Message("bot", f"書き出せませんでした（{os_error_ja(exc)}）。", "error"))
            return
        log.add(Message("bot", f"Excelファイルを書き出しました：{done.path}", "result"))
        hint = fetch_hint(self.path, restricted=self.dejiden.config.restricted)  # over SSH: how to fetch it
        if hint:
            log.add(Message("bot", hint, "note"))
        if not done.result.complete:
            log.add(Message("bot", f"{done.result.summary()}。F2 で足りない項目を確認できます。", "info"))
        log.anchor()

    def _after_review(self, step_id: str | None) -> None:
        if step_id == ReviewScreen.EXPORT:
            self.action_export()
        elif step_id:
            self.jump_to(step_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "editor" and self.dejiden.config.restricted:
            return False  # no $EDITOR (and so no shell) in restricted mode
        if action == "export" and self.read_only:
            return False
        return True

    def action_editor(self) -> None:
        if self.dejiden.config.restricted:
            return
        area = self.query_one(AnswerArea)
        if area.kind != "narrative":
            self.query_one(ChatLog).add(Message("bot", "エディタで書けるのは記述欄だけです。", "note"))
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.query_one(ChatLog).add(
                Message("bot", "環境変数 EDITOR が設定されていません（例：export EDITOR=nano）。この画面で書くこともできます。", "error")
            )
            return
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
            fh.write(area.typed_text())
            name = fh.name
        try:
            with self.app.suspend():
                subprocess.call([*shlex.split(editor), name])
            area.set_text(Path(name).read_text(encoding="utf-8").rstrip("\n"))
        except OSError as exc:
            self.query_one(ChatLog).add(Message("bot", f"エディタを起動できませんでした（{os_error_ja(exc)}）。", "error"))
        finally:
            Path(name).unlink(missing_ok=True)

    def on_unmount(self) -> None:
        self.flush_pending(ui=False)
