"""The start screen: the drafts in the user's data folder, and a new report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dejiden.model.files import LoadError, draft_paths
from dejiden.prompts import frame as frames

from .widgets import KeyBar, plain

if TYPE_CHECKING:
    from .app import DejidenApp


class StartScreen(Screen):
    """The drafts in the user's data folder, each with its project name and completion."""

    BINDINGS = [Binding("n", "new", "新しい報告書", id="new")]

    def compose(self) -> ComposeResult:
        app: DejidenApp = self.app  # type: ignore[assignment]
        yield Static(" dejiden｜事業実施報告書の下書き", id="titlebar")
        yield Static(plain(f"保存場所：{app.config.data_dir}"), id="folder")
        self.entries: list[Path | None] = [None]
        options = [Option("＋ 新しい報告書", id="new")]
        resume: str | None = None
        for path in draft_paths(app.config.data_dir):
            if app.is_allowed(path):
                continue  # restricted mode: symlinks and files outside the folder are not offered
            self.entries.append(path)
            opened = frames.opening(path, app.config.today)
            if isinstance(opened, LoadError):
                options.append(Option(plain(f"  {path.name}（読めません：{opened.reason}）"), id=str(len(self.entries))))
                continue
            frame = opened[0]
            who = frame.who or "（団体名未入力）"
            project = frame.project or "（事業名未入力）"
            if len(project) > 20:
                project = project[:19] + "..."
            percent = frame.answered * 100 // max(frame.total, 1)
            options.append(Option(plain(f"{percent:>4}%  {who}｜{project}  {path.name}"), id=str(len(self.entries))))
            if resume is None and len(self.entries) == 2 and frame.prompt is not None:
                typed = f"、書きかけ {len(frame.pending)}字" if frame.pending else ""
                resume = f"前回は {path.name}（{who}）の「{frame.prompt.step.label}」の途中でした{typed}。\nEnter で続きから再開します。"
        self.resume = resume
        if resume:
            yield Static(plain(resume), id="resume")
        yield OptionList(*options, id="drafts")
        yield Static("上下キーで選んで Enter。ctrl+q で終了。", id="start-help")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.resume:
            self.query_one(OptionList).highlighted = 1
        self.call_after_refresh(self._load_model)

    @staticmethod
    def _load_model() -> None:
        """While the list is read, load the model, so that opening a draft does not wait for it."""
        import dejiden.prompts.walker  # noqa: F401

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        path = self.entries[event.option_index]
        if path is None:
            self.action_new()
        else:
            self.dejiden.open_draft(path)

    @property
    def dejiden(self) -> DejidenApp:
        return self.app  # type: ignore[return-value]

    def action_new(self) -> None:
        self.dejiden.open_draft(self.dejiden.new_draft_path())
