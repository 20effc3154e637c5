"""No English in the UI: every screen, and every message of a walk through the seed, is Japanese.

ASCII words are allowed only when they are key names, slash commands, names of things (KPI, Excel,
file names) or the person's own data. The allow-list is explicit; add to it only what a Japanese
officer would read as a name, never a sentence.
"""

from __future__ import annotations

import getpass
import re

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_data, seed_report
from dejiden.model.files import DraftLock
from dejiden.prompts.commands import COMMANDS as WALKER_COMMANDS
from dejiden.prompts.walker import Walker
from dejiden.tui.chat import ChatScreen
from dejiden.tui.widgets import AnswerArea

from .screen_text import screen_lines
from .tui_helpers import TODAY, app_for, seed_draft, type_answer, type_text

KEYS = {"enter", "esc", "escape", "tab", "space", "pageup", "pagedown", "ctrl", "shift", "alt",
        *(f"f{i}" for i in range(1, 13))}
COMMANDS = {name.removeprefix("/") for name in WALKER_COMMANDS}  # only right after "/"
NAMES = {"kpi", "excel", "dejiden", "toml", "xlsx", "bak", "lock", "editor", "visual", "sns", "ssh", "pdf", "id",
         "lg", "wifi", "plain"}  # plain: the option and SSH verb of the line mode, typed as written
PHRASES = ("export EDITOR=nano",)  # how to set $EDITOR: a shell line, shown as written
TYPED = {"nosuch", "abc", "aizu", "broken", getpass.getuser().lower()}  # what these tests type or name, echoed back
# e-mail addresses (data, examples) and file paths (a/b, /tmp/x/y; not a /command) are not words
_ADDRESS = re.compile(r"(?a:[\w.+-]+@[\w-]+(\.[\w-]+)+|[\w.+-]+(/[\w.+-]+)+/?|(/[\w.+-]+){2,}/?)")

_WORD = re.compile(r"(/)?([A-Za-z][A-Za-z0-9_]*(?:\+[A-Za-z0-9]+)?)")


def _data_words() -> set[str]:
    """ASCII words in the seed report's values: the person's data, not the UI's."""
    words: set[str] = set()

    def walk(v) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            words.update(w.lower() for _, w in _WORD.findall(v))

    walk(seed_data())
    return words


DATA = _data_words()


def _allowed(word: str, slash: bool) -> bool:
    w = word.lower()
    w = re.sub(r"(?<=[a-z])\d+$", "", w)  # KPI1
    if slash and w in COMMANDS:
        return True
    if "+" in w:  # ctrl+q, shift+tab
        return all(part in KEYS or len(part) == 1 for part in w.split("+"))
    return len(w) == 1 or w in TYPED or w in KEYS or w in NAMES or w in DATA or re.fullmatch(r"[a-z]?\d+", w) is not None


def english(text: str) -> list[str]:
    """The ASCII words in ``text`` that are not allowed."""
    for phrase in PHRASES:
        text = text.replace(phrase, "")
    text = _ADDRESS.sub("", text)
    return [word for slash, word in _WORD.findall(text) if not _allowed(word, bool(slash))]


def english_on_screen(lines: list[str]) -> list[str]:
    """As ``english``, for screen lines: a word cut at the right edge and carried over counts once, whole."""
    found = []
    lines = [_ADDRESS.sub(lambda m: " " * len(m.group()), line) for line in lines]
    for i, line in enumerate(lines):
        for m in _WORD.finditer(line):
            slash, word = m.groups()
            if _allowed(word, bool(slash)):
                continue
            at_end = m.end() == len(line.rstrip())
            at_start = m.start() == len(line) - len(line.lstrip())
            after = lines[i + 1].lstrip() if i + 1 < len(lines) else ""
            joined = word + (_WORD.match(after).group(2) if at_end and _WORD.match(after) else "")
            if at_end and _allowed(joined, bool(slash)):
                continue
            if at_start and i and any(_allowed(w + word, False) for w in re.findall(r"[A-Za-z]+$", lines[i - 1].rstrip())):
                continue
            found.append(f"{word!r} in {line.strip()!r}")
    return found


def test_the_scan_finds_english():
    assert english("No matches found") == ["No", "matches", "found"]
    assert english("Enter で送信・ctrl+j 改行・/review で確認。KPI① の Excel") == []
    assert english("review で確認") == ["review"]  # a command only with its slash
    assert english_on_screen(["KPIの目標値を En", "ter で送ります"]) == []
    assert english_on_screen(["Loading", "..."]) == ["'Loading' in 'Loading'"]


# ---------------------------------------------------------------- every message of a walk


def test_every_message_of_a_walk_through_the_seed_is_japanese():
    from bench import keys

    target = seed_report()
    walker = Walker(draft.Draft(), today=lambda: target.header.entry_date)
    said: list[str] = []
    while (prompt := walker.prompt()) is not None:
        said += [prompt.text, prompt.hint, prompt.example, prompt.notice or "", prompt.default or "", *prompt.options]
        said += [m.text for m in walker.help().messages]
        typed = keys.answer_for(walker, target)
        said += [m.text for m in walker.handle(typed.text).messages]
    said += [m.text for m in walker.greeting()]
    for command in ("/help", "/back", "/skip", "/jump ぬぬぬ", "/nosuch", "/jump 電話", "/export", "/review"):
        said += [m.text for m in walker.handle(command).messages]
    said += [m.text for m in walker.handle("2024年2月30日").messages]  # an error
    for row in walker.review_rows():
        said += [row.step.label, row.message]
    result = walker.check()
    said += [result.summary(), *result.omission.keys(), *map(str, result.omission.values())]
    bad = {w: t for t in said for w in english(t)}
    assert not bad, bad


# ---------------------------------------------------------------- every screen


async def _lines(pilot, wait: float = 0.1) -> list[str]:
    await pilot.pause(wait)
    return screen_lines(pilot.app)


async def _chat_screens(tmp_path, size) -> dict[str, list[str]]:
    """The chat screen at each kind of question, with help, review, palette, errors and notices."""
    seen: dict[str, list[str]] = {}
    path, _ = seed_draft(tmp_path, clear=("header.department", "header.collaboration", "checklist.1-2", "kpis[0].note",
                                          "kpis[0].narrative_unachieved", "header.entry_date"),
                         current="header.entry_date")
    app = app_for(tmp_path, autosave_seconds=60)
    async with app.run_test(size=size, notifications=True) as pilot:
        seen["chat: date"] = await _lines(pilot)
        await type_answer(pilot, "2024年2月30日")
        seen["chat: an error"] = await _lines(pilot)
        for step in ("header.department", "header.collaboration", "checklist.1-2", "kpis[0].narrative_unachieved"):
            app.screen.jump_to(step)
            seen[f"chat: {step}"] = await _lines(pilot)
        app.screen.jump_to("header.department")
        await pilot.press("f1")
        seen["chat: help"] = await _lines(pilot)
        app.action_help_quit()  # ctrl+c's notice (in the input, ctrl+c copies)
        seen["chat: ctrl+c notification"] = await _lines(pilot)
        await pilot.press("f2")
        seen["review"] = await _lines(pilot, 0.2)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        seen["palette"] = await _lines(pilot, 0.3)
        await type_text(pilot, "KPI1 目標")
        seen["palette: matches"] = await _lines(pilot, 0.6)
        await pilot.press(*["backspace"] * 8)
        await type_text(pilot, "ぬぬぬ")
        seen["palette: nothing matches"] = await _lines(pilot, 1.2)
        await pilot.press("escape")
        await pilot.pause()
        await type_answer(pilot, "/nosuch")
        app.screen.query_one(AnswerArea).set_text("")  # the refused command stays in the input
        await type_answer(pilot, "/export")
        seen["chat: commands and export"] = await _lines(pilot, 0.3)
        assert isinstance(app.screen, ChatScreen)
    return seen


@pytest.mark.writes_files
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_english_on_any_screen(tmp_path, size):
    (tmp_path / "chat").mkdir()
    seen = await _chat_screens(tmp_path / "chat", size)
    # the start screen, with drafts and a broken one
    folder = tmp_path / "start"
    folder.mkdir()
    draft.save(folder / "aizu.toml", draft.Draft(seed_report(), draft.Session(current="header.phone")))
    (folder / "broken.toml").write_text("[header\nname = 1\n", encoding="utf-8")
    app = app_for(folder, name=None)
    async with app.run_test(size=size, notifications=True) as pilot:
        seen["start"] = await _lines(pilot)
        app.open_draft(folder / "broken.toml")  # as when chosen in the list: it cannot be read
        seen["cannot load"] = await _lines(pilot, 0.3)
    # a draft someone else is editing
    lock = DraftLock(folder / "aizu.toml")
    assert lock.acquire() is None
    try:
        app = app_for(folder, name="aizu.toml")
        async with app.run_test(size=size, notifications=True) as pilot:
            seen["read-only"] = await _lines(pilot, 0.2)
            await type_answer(pilot, "abc")
            seen["read-only: typing"] = await _lines(pilot)
    finally:
        lock.release()
    expected = {"start": "新しい報告書", "cannot load": "読めません", "read-only": "読み取り専用", "review": "内容の確認",
                "chat: help": "コマンド", "chat: ctrl+c notification": "ctrl+q", "chat: an error": "存在しない日付",
                "palette: nothing matches": "当てはまる質問がありません", "chat: checklist.1-2": "[ ] 1",
                "chat: commands and export": "書き出しました"}
    for name, text in expected.items():  # the screens were really captured
        assert text in "\n".join(seen[name]), (name, seen[name])
    bad = {name: found for name, lines in seen.items() if (found := english_on_screen(lines))}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())
    assert TODAY  # the fixed clock the screens were drawn with
