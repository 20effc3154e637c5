"""The start screen: the drafts in the user's data folder (newest selected), a new report, renaming."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dejiden.model.files import draft_paths, folder_problem
from dejiden.model.safe_text import shown
from dejiden.prompts import phrases
from dejiden.prompts.drafts import Summary, resume_text, row_text, summarize

from .choices import MarkedOptions
from .config import host
from .panels import KeyBar, plain
from .wrap import Wrapped

__all__ = ["RenameScreen", "StartScreen", "Summary", "row_text", "summarize"]  # the rows live in prompts.drafts


class DraftList(MarkedOptions):
    """The list of drafts, the highlighted row marked 「>」 as text: which draft Enter opens shows in any
    terminal (and a capture of it), not only as colour."""

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.rows, self._marked = rows, None
        self.clear_options()
        self.add_options([Option(self._prompt(i, False), id=rid) for i, (_, rid) in enumerate(rows)])

    def _prompt(self, i: int, on: bool):
        return plain(("> " if on else "  ") + self.rows[i][0])


class StartScreen(Screen):
    """The drafts in the user's data folder, each with its project name and completion."""

    BINDINGS = [
        Binding("n", "new", "新しい報告書", id="new"),
        Binding("r", "rename", "名前を変える", id="rename"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(" dejiden｜事業実施報告書の下書き", id="titlebar")
        yield Static(plain(phrases.FOLDER.format(folder=host(self.app).config.data_dir)), id="folder", markup=False)
        yield Static("", id="resume", markup=False)
        yield DraftList(id="drafts")
        yield Static("上下キーで選んで Enter。r で名前を変える。ctrl+q で終了。", id="start-help")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self, select: Path | None = None) -> None:
        """Read the folder again; the newest draft (or ``select``) is highlighted."""
        app = host(self.app)
        # restricted mode: symlinks and files outside the folder are not offered
        self.summaries = [summarize(path) for path in draft_paths(app.config.data_dir) if not app.is_allowed(path)]
        self.entries: list[Path | None] = [None, *(s.path for s in self.summaries)]  # row i opens entries[i]
        listing = self.query_one("#drafts", DraftList)
        listing.set_rows([(phrases.NEW_REPORT, "new")] + [(row_text(s), str(i)) for i, s in enumerate(self.summaries, 1)])
        newest = self.summaries[0] if self.summaries else None
        resume = resume_text(newest)
        if resume:
            resume += "\nEnter で続きから再開します。"
        problem = folder_problem(app.config.data_dir, write=True)
        if problem:  # someone else's folder, or reached through someone else's link: said, not used
            resume = f"{problem}。"
        self.query_one("#resume", Static).update(Wrapped(shown(resume)))  # a quoted label never split
        self.query_one("#resume").display = bool(resume)
        index = next((i for i, p in enumerate(self.entries) if p is not None and p == select), None)
        listing.highlighted = index if index is not None else (1 if newest is not None else 0)
        listing.focus()

    def ends_turn(self, event, focused) -> bool:
        """Enter and n open a draft: the keys behind them wait for its first question (its chat settles)."""
        return event.key in ("enter", "n")

    @on(OptionList.OptionSelected, "#drafts")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        host(self.app).open_draft(self.entries[event.option_index])

    def action_new(self) -> None:
        host(self.app).open_draft(None)

    def action_rename(self) -> None:
        index = self.query_one("#drafts", OptionList).highlighted
        path = self.entries[index] if index is not None else None
        if path is None:
            self.notify("名前を変える下書きを上下キーで選んでから r を押します。", timeout=4)
            return
        self.app.push_screen(RenameScreen(path), lambda new: self.reload(new))

    def on_screen_resume(self) -> None:
        self.reload()  # back from a draft: its progress (and perhaps its name) changed


class RenameScreen(ModalScreen[Path | None]):
    """A new name for a draft: refused with a reason when it has / or .., is taken, or is being edited."""

    DEFAULT_CSS = """
    RenameScreen { align: center middle; }
    RenameScreen > Vertical { width: 70; height: auto; background: $panel; padding: 1 2; }
    RenameScreen #rename-problem { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "やめる", id="cancel")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(f"「{self.path.name}」の新しい名前を入力して Enter（Esc でやめる）。"), markup=False)
            yield Input(self.path.stem, id="rename-input")
            yield Static("", id="rename-problem", markup=False)

    @on(Input.Submitted, "#rename-input")
    def submitted(self, event: Input.Submitted) -> None:
        from dejiden.model.naming import rename_draft

        done = rename_draft(self.path, event.value)
        if isinstance(done, str):
            self.query_one("#rename-problem", Static).update(plain(done))
            return
        self.dismiss(done)

    def action_cancel(self) -> None:
        self.dismiss(None)
