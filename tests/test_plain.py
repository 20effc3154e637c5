"""The plain line mode: the seed report and an invented one filed in lines, drafts identical to the TUI's."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.model.files import DraftLock
from dejiden.prompts import phrases
from dejiden.prompts.view import REVIEW

from .plain_helpers import BOX_DRAWING, as_lines, numbered_everywhere, run
from .seed_answers import seed_answers
from .tui_helpers import app_for, chat_text, seed_draft, type_answer

pytestmark = pytest.mark.writes_files

# Fields that legitimately differ between two runs of the same answers: the time of the last save.
DIFFERS = {"saved_at"}


def same_draft(a: draft.Draft, b: draft.Draft) -> None:
    assert a.report == b.report
    assert a.session.model_dump(exclude=DIFFERS) == b.session.model_dump(exclude=DIFFERS)


async def both_ways(tmp_path, keys: list[str], lines: str) -> tuple[draft.Draft, draft.Draft, str]:
    """The same report typed in the TUI (Pilot, ``keys``) and piped through the plain mode (``lines``):
    both drafts (after checking they are the same) and the plain mode's output."""
    tui, plain = tmp_path / "tui", tmp_path / "plain"
    tui.mkdir(), plain.mkdir()
    app = app_for(tui)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for answer in keys:
            await type_answer(pilot, answer)
        assert app.screen.walker.current == REVIEW
    code, out = run(plain, lines)
    assert code == 0, out[-2000:]
    typed, piped = draft.load(tui / "r.toml"), draft.load(plain / "r.toml")
    same_draft(typed, piped)
    return typed, piped, out


async def test_seed_report_piped_equals_the_one_typed_in_the_tui(tmp_path):
    _, piped, out = await both_ways(tmp_path, seed_answers(), as_lines(seed_answers()))
    assert piped.report == seed_report()
    assert "\x1b" not in out and not BOX_DRAWING.search(out)
    assert not numbered_everywhere(out)
    assert "すべての質問に答えました" in out and "下書きを保存しました" in out


def test_each_question_once_choices_numbered_and_a_wrong_number_asks_again(tmp_path):
    code, out = run(tmp_path, "1\n2024/6/19\n会津美里\n課\n美里\n参事\n会津\n0242-55-1171\na@b.jp\n7\n２\n")
    assert code == 1  # incomplete
    assert out.count("単独の事業ですか、広域連携の事業ですか？") == 1
    assert "  1. 単独\n  2. 広域連携\n1〜2 の番号を入力してください。\n> 7\n" in out
    assert "選択肢から番号または名前で選んでください（1：単独、2：広域連携）。\n1〜2 の番号" in out  # the walker's own message
    assert out.count("  1. 単独\n  2. 広域連携\n") == 1  # its message lists them: not a second time
    assert draft.load(tmp_path / "r.toml").report.header.collaboration == "広域連携"  # full-width ２


def test_end_of_input_mid_narrative_keeps_the_text_and_resume_continues_it(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    code, out = run(tmp_path, "委託先の経営悪化により\n新規申込を休止した。\n")  # no 「.」: the input just ends
    assert code == 1 and phrases.PLAIN_NARRATIVE in out
    saved = draft.load(path)
    assert saved.session.pending == "委託先の経営悪化により\n新規申込を休止した。\n"  # each line with its Enter
    assert saved.report.kpis[0].narrative_unachieved is None
    code, out = run(tmp_path, "再開は来年度4月の予定。\n.\n")
    assert phrases.RESTORED.format(n=len("委託先の経営悪化により\n新規申込を休止した。\n")) in out and phrases.PLAIN_NARRATIVE_CONTINUE in out
    # the line typed after the resume starts a line of its own, as it did when typed before
    assert draft.load(path).report.kpis[0].narrative_unachieved == "委託先の経営悪化により\n新規申込を休止した。\n再開は来年度4月の予定。"
    assert code == 0


def test_a_command_as_a_narratives_first_line_and_the_300_character_edge(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    over, edge = "あ" * 301, "い" * 150 + "\n" + "う" * 149  # the line break is a character (Excel's LEN)
    code, out = run(tmp_path, f"/help\n{over}\n.\n{edge}\n.\n")
    assert "記入例：" in out and "301/300字です。" in out and "記述欄を記録しました（300/300字）。" in out
    assert draft.load(path).report.kpis[0].narrative_unachieved == edge  # the line break kept


def test_read_only_while_someone_else_edits(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        before = path.read_bytes()
        code, out = run(tmp_path, "総務課\n/export\n")
        assert "読み取り専用で開きました" in out and phrases.READ_ONLY_ANSWER in out and phrases.READ_ONLY_EXPORT in out
        assert path.read_bytes() == before and code == 2  # a script's answers were not stored
    finally:
        lock.release()


def test_the_list_of_drafts_numbered_and_enter_opens_the_newest(tmp_path):
    seed_draft(tmp_path, clear=("header.department",), current="header.department", name="aizu.toml")
    code, out = run(tmp_path, "\n総務課\n", name=None)
    assert f"  1. {phrases.NEW_REPORT}" in out and "  2. " in out and "aizu.toml" in out
    assert "前回は aizu.toml（福島県会津美里町）の「担当部局名」の途中でした。" in out
    assert draft.load(tmp_path / "aizu.toml").report.header.department == "総務課"
    assert code == 0


def test_a_new_report_from_the_list_gets_its_municipalitys_name(tmp_path):
    code, out = run(tmp_path, "1\n1\n\n塩尻市\n/quit\n", name=None)
    assert code == 1 and (tmp_path / "塩尻市.toml").exists()


def test_unreadable_draft_exit_code_2(tmp_path):
    (tmp_path / "r.toml").write_text("[[[", encoding="utf-8")
    code, out = run(tmp_path, "")
    assert code == 2 and "r.toml" in out


def test_review_and_jump_by_number(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.department", "header.phone"), current="header.department")
    code, out = run(tmp_path, "/review\n1\n総務課\n/jump\n電話\n\n")
    assert "内容の確認｜" in out and "[未入力] 担当部局名" in out
    assert phrases.PLAIN_REVIEW_PICK in out and phrases.PLAIN_JUMP_ASK in out
    assert out.rstrip().splitlines()[-2].startswith(">") or "電話番号を入力してください" in out
    assert draft.load(path).report.header.department == "総務課"


WRONG = [  # (question, what is typed): each answer refused with the walker's message
    ("header.entry_date", "2024年2月30日"),
    ("header.department", ""),
    ("header.lg_code", "１２３４５"),
    ("budget.planned.expenses[0].amount", "abc"),
    ("kpis[0].name", "なし"),
    ("kpis[0].fy2023.target", "１２a"),
    ("kpis[0].narrative_unachieved", "あ" * 301),
]


@pytest.mark.parametrize(("question", "typed"), WRONG, ids=[q for q, _ in WRONG])
async def test_the_same_messages_as_the_tui_for_the_same_input(tmp_path, question, typed):
    """A wrong answer gets the same message, word for word, in both front ends (one source: the walker)."""
    tui, plain = tmp_path / "tui", tmp_path / "plain"
    tui.mkdir(), plain.mkdir()
    for folder in (tui, plain):
        seed_draft(folder, clear=(question,), current=question)
    app = app_for(tui)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_answer(pilot, typed)
        shown = chat_text(app).replace("\n", "")
    narrative = question.endswith("narrative_unachieved")
    _, out = run(plain, typed + ("\n.\n" if narrative else "\n"))
    lines = out.splitlines()
    sent = lines.index("." if narrative else f"> {typed}")
    message = lines[sent + 1]
    assert message and message not in (phrases.PLAIN_NARRATIVE, "> ")
    assert message in shown, (message, shown[-500:])
    assert draft.load(plain / "r.toml").report == draft.load(tui / "r.toml").report  # refused in both


def test_an_invented_report_with_every_rule_filed_from_a_file(tmp_path):
    from .invented_answers import EDGE, invented_answers

    code, out = run(tmp_path, as_lines(invented_answers()), name="塩尻.toml")
    assert code == 0, out[-3000:]
    report = draft.load(tmp_path / "塩尻.toml").report
    h = report.header
    assert (h.municipality, h.prefecture, h.lg_code, h.phone) == ("塩尻市", "長野県", "20215", "0263-52-0280")
    assert h.manager_name == "塩尻　太郎"  # the full-width space as typed
    falling, zero, minus = report.kpis
    assert falling.note == "減少KPI" and "目標値が年度ごとに下がっている" in out  # no tell-tale word in its name
    assert zero.note == "0目標KPI" and "目標値が0です" in out
    assert minus.note is None and [minus.year(y).target for y in (2023, 2024)] == [-5, -10] and "※2：▲を「-（マイナス）」に置き換えました。" in out
    assert minus.narrative_unachieved.endswith("（計測時期：令和7年9月末）") and "（※3）" in out  # typed 令和７年９月末: half-width as typed numbers are
    assert falling.narrative_achieved == EDGE and "301/300字です。" in out and "記述欄を記録しました（300/300字）。" in out
    assert "\x1b" not in out and not BOX_DRAWING.search(out) and not numbered_everywhere(out)
    assert "当てはまるものの番号を、空白か「,」で区切って入力してください（例：1 3）。" in out


def test_no_english_in_the_plain_transcript(tmp_path):
    from .test_english import english

    _, out = run(tmp_path, as_lines(seed_answers()) + "/help\n/review\n\n")
    assert english(out.replace(str(tmp_path), "")) == []


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_hostile_lines_never_put_a_control_character_on_the_terminal(tmp_path, typed):
    """Whatever is typed or pasted (ESC sequences, NUL, BEL, bidi overrides): the output is marks, never controls."""
    for p in tmp_path.iterdir():
        p.unlink()
    lines = "".join(t.replace("\n", " ").replace("\r", " ") + "\n" for t in typed)
    code, out = run(tmp_path, "1\n" + lines + "/review\n\n")  # the edition, then anything
    assert code in (0, 1)
    assert not any(c in out for c in "\x1b\x07\x00\x9b\u202e"), repr(out[-300:])


async def test_quit_is_a_command_in_the_tui_too(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_answer(pilot, "1")
        await type_answer(pilot, "/quit")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running
    assert (tmp_path / "r.toml").exists()


def test_restored_text_of_a_line_question_is_shown_and_not_used_elsewhere(tmp_path):
    path, report = seed_draft(tmp_path, clear=("header.department", "kpis[0].narrative_unachieved"), current="header.department")
    saved = draft.load(path)
    saved.session.pending, saved.session.pending_for = "政策財", "header.department"
    draft.save(path, saved)
    code, out = run(tmp_path, "/jump KPI① 未達成\nいまの文章。\n.\n")
    assert out.count(phrases.PLAIN_RESTORED_LINE.format(text="政策財")) == 1  # shown at its question
    assert draft.load(path).report.kpis[0].narrative_unachieved == "いまの文章。"  # not continued from 政策財
    code, out = run(tmp_path, "/jump 担当部局名\n政策財政課\n")
    assert draft.load(path).report.header.department == "政策財政課"


def test_plain_is_chosen_by_flag_environment_or_a_non_terminal_input(tmp_path):
    import subprocess
    import sys

    from dejiden.tui.plain import wanted

    assert wanted(True, environ={}) and wanted(False, environ={"DEJIDEN_PLAIN": "1"})
    assert not wanted(False, headless=True, environ={})  # a TUI run headless (tests, bench) stays the TUI
    env = {"DEJIDEN_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C"}
    done = subprocess.run([sys.executable, "-m", "dejiden.tui.cli", str(tmp_path / "r.toml")],
                          input="1\n2024/6/19\n".encode(), capture_output=True, env=env, timeout=60)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 1 and "「2024年6月19日」を記録しました" in out and "\x1b" not in out


def test_each_line_of_a_narrative_is_on_disk_before_the_next_is_read(tmp_path):
    """A process killed mid-narrative (no signal to catch) loses at most the line being typed."""
    import io

    from dejiden.tui.plain import run_plain

    from .tui_helpers import test_config

    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    seen = []

    class Typist(io.StringIO):
        def readline(self, *a):
            seen.append(draft.load(path).session.pending)
            return super().readline(*a)

    config = test_config(tmp_path, path)
    run_plain(path, config, Typist("一行目\n二行目\n"), io.StringIO())
    assert seen == [None, "一行目\n", "一行目\n二行目\n"]


async def test_invented_report_piped_equals_the_one_typed_in_the_tui(tmp_path):
    from .invented_answers import invented_answers
    from .plain_helpers import as_keys

    await both_ways(tmp_path, as_keys(invented_answers()), as_lines(invented_answers()))


def test_a_signal_while_an_answer_is_saved_waits_for_the_save(tmp_path, monkeypatch):
    """SIGTERM (or SIGHUP, ctrl+c) during an answer: the answer is saved whole, then the mode ends."""
    import io
    import os
    import signal

    from dejiden.prompts.session import DraftSession
    from dejiden.tui.plain import run_plain

    from .tui_helpers import test_config

    path, _ = seed_draft(tmp_path, clear=("header.department", "header.phone"), current="header.department")
    handle = DraftSession.handle

    def handle_and_get_a_signal(self, text):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the answer is handled
        return handle(self, text)

    monkeypatch.setattr(DraftSession, "handle", handle_and_get_a_signal)
    code = run_plain(path, test_config(tmp_path, path), io.StringIO("総務課\n0242-55-1171\n"), io.StringIO())
    saved = draft.load(path).report.header
    assert saved.department == "総務課" and saved.phone is None  # saved whole; the next line never read
    assert code == 1


def test_the_lock_is_held_while_the_plain_mode_runs_and_released_after(tmp_path):
    import io

    from dejiden.prompts.session import DraftSession
    from dejiden.tui.plain import run_plain

    from .tui_helpers import test_config

    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    holders = []

    class Typist(io.StringIO):
        def readline(self, *a):
            other = DraftSession.open(path)
            holders.append(other.take_lock())  # a second session (the TUI, another login) meanwhile
            other.release()
            return super().readline(*a)

    run_plain(path, test_config(tmp_path, path), Typist("総務課\n"), io.StringIO())
    assert holders and all(h is not None and h.pid == os.getpid() for h in holders)  # read-only for the other
    lock = DraftLock(path)
    assert lock.acquire() is None  # released on leaving
    lock.release()


def test_a_windows_file_a_huge_line_and_restricted_signals(tmp_path):
    """answers.txt saved by Notepad (BOM, CRLF) reads as typed; a huge line is refused whole, never cut."""
    import signal

    from dejiden.tui.plain import _install_signals, _restore_signals
    from dejiden.tui.plaintty import MAX_LINE

    path, _ = seed_draft(tmp_path, clear=("header.department", "header.manager_name"), current="header.department")
    code, out = run(tmp_path, "\ufeff" + "課" * (MAX_LINE + 5) + "\r\n総務課\r\n美里　一郎\r\n")
    assert phrases.PLAIN_TOO_LONG.format(n=MAX_LINE) in out
    header = draft.load(path).report.header
    assert (header.department, header.manager_name) == ("総務課", "美里　一郎") and code == 0
    previous = _install_signals(lambda *a: None, restricted=True)
    try:
        assert signal.getsignal(signal.SIGTSTP) == signal.SIG_IGN  # ctrl+z: no shell to return to over SSH
        assert signal.getsignal(signal.SIGQUIT) == signal.SIG_IGN
    finally:
        _restore_signals(previous)
    assert signal.getsignal(signal.SIGTSTP) != signal.SIG_IGN


def test_restored_narrative_can_be_discarded_with_clear_before_sending(tmp_path):
    """The text restored on reopening is not forced on the officer: the prompt names 「/clear」, which empties it."""
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    run(tmp_path, "古い書きかけの文章。\n")  # the input ends mid-narrative: kept as pending
    code, out = run(tmp_path, "／ｃｌｅａｒ\n新しく書いた文章。\n.\n")
    assert phrases.PLAIN_NARRATIVE_CONTINUE in out and "「/clear」" in phrases.PLAIN_NARRATIVE_CONTINUE  # said when shown
    assert phrases.PLAIN_CLEARED in out and "というコマンドはありません" not in out
    assert draft.load(path).report.kpis[0].narrative_unachieved == "新しく書いた文章。"
    # mid-text too, and what was cleared is gone from the draft at once (a reopening restores nothing)
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    code, out = run(tmp_path, "書き損じ。\n/clear\n")
    saved = draft.load(path)
    assert saved.session.pending is None and saved.report.kpis[0].narrative_unachieved is None


def test_a_save_failure_says_when_the_plain_mode_tries_again(tmp_path, monkeypatch):
    """The TUI retries every few seconds; the plain mode at the next answer: each says what it does."""
    import errno

    from dejiden.model import draft as drafts

    path, _ = seed_draft(tmp_path, clear=("header.department", "header.manager_name"), current="header.department")

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(drafts, "atomic_write", full_disk)
    code, out = run(tmp_path, "総務課\n")
    assert "下書きを保存できませんでした" in out
    assert "数秒ごと" not in out and phrases.RETRY_PLAIN in out
