"""The plain line mode's input as people and files really send it: escape sequences, bytes that are
not text, wrong numbers, a draft someone else edits, a refused line in a piped run."""

from __future__ import annotations

import pytest

from dejiden.model import draft
from dejiden.model.files import DraftLock
from dejiden.prompts import phrases
from dejiden.tui.plaintty import MAX_LINE

from .plain_helpers import run
from .tui_helpers import seed_draft

pytestmark = pytest.mark.writes_files

TYPED = [  # what reaches the line (a terminal in canonical mode passes escape sequences on) → what is meant
    ("\x1b[31m総務\x1b[0m課", "総務課"),  # pasted with colours
    ("総務課\x1b[D\x1b[D\x1b[C", "総務課"),  # arrow keys: a line-mode terminal does not move the cursor
    ("総務\x1b[課", "総務課"),  # an arrow key half erased with Backspace
    ("\x1bOA総務課\x1b]0;title\x07", "総務課"),  # an SS3 key and a window title
    ("総務\x9b1;5D課", "総務課"),  # the 8-bit CSI
]


@pytest.mark.parametrize(("typed", "meant"), TYPED, ids=range(len(TYPED)))
def test_escape_sequences_leave_nothing_in_the_answer(tmp_path, typed, meant):
    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    code, out = run(tmp_path, typed + "\n")
    assert draft.load(path).report.header.department == meant
    assert "\x1b" not in out and "[31m" not in out


def test_bytes_that_are_not_text_are_refused_not_stored(tmp_path):
    """A byte that is not UTF-8 is read as U+FFFD: the line is refused and asked again, never stored as 「��」."""
    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")
    code, out = run(tmp_path, "\ufffd\ufffdbin\ufffd(end\n総務課\n")
    assert phrases.PLAIN_NOT_TEXT in out
    assert draft.load(path).report.header.department == "総務課" and code == 0


def test_a_refused_line_in_a_piped_run_gets_its_reason_on_a_line_of_its_own(tmp_path):
    seed_draft(tmp_path, clear=("header.department",), current="header.department")
    _, out = run(tmp_path, "課" * (MAX_LINE + 5) + "\n\ufffd\n総務課\n")
    for reason in (phrases.PLAIN_TOO_LONG.format(n=MAX_LINE), phrases.PLAIN_NOT_TEXT):
        assert f"\n{reason}\n" in out and f"> {reason}" not in out


def test_a_wrong_number_in_the_list_says_the_range_once(tmp_path):
    seed_draft(tmp_path, name="aizu.toml")
    _, out = run(tmp_path, "0\n99\nあ\n", name=None)
    assert "「0」は番号にありません。\n開く下書きの番号を入力してください（1〜2。" in out
    assert out.count("1〜2") == 4  # the instruction, once before each try: not again in each refusal


def test_a_wrong_choice_whose_message_lists_the_choices_does_not_list_them_again(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("header.collaboration",), current="header.collaboration")
    _, out = run(tmp_path, "7\nあ\n\n1\n")  # two wrong entries and Enter before choosing
    assert out.count("  1. 単独\n  2. 広域連携\n") == 1
    assert out.count("広域連携）。\n1〜2 の番号を入力してください。\n> ") == 3  # each message's own list
    assert draft.load(path).report.header.collaboration == "単独"


def test_a_multi_choice_refusal_without_the_list_lists_them_again(tmp_path):
    """「特になし」 with another: the message names no choices, so they are listed again to choose from."""
    _, out = run(tmp_path, "/jump デジタル人材\n2 5\n2\n")
    assert "ほかの選択肢と一緒には選べません" in out
    assert out.count("  5. 特になし\n") == 2


def test_read_only_narrative_says_so_before_a_page_is_typed_and_exits_2(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        before = path.read_bytes()
        code, out = run(tmp_path, "一行目\n二行目\n.\n")
    finally:
        lock.release()
    assert phrases.PLAIN_NARRATIVE not in out  # not invited to write what cannot be kept
    first = out.index(phrases.READ_ONLY_ANSWER)
    assert first < out.index("> 一行目") and out.count(phrases.READ_ONLY_ANSWER) == 4  # before, then once for each of the 3 lines
    assert path.read_bytes() == before and code == 2


def test_a_narrative_continued_after_a_resume_keeps_the_line_break_typed(tmp_path):
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    run(tmp_path, "一行目。\n")  # the input ends: the line kept with its Enter
    code, out = run(tmp_path, "二行目。\n.\n")
    assert phrases.PLAIN_NARRATIVE_CONTINUE + "\n一行目。\n> " in out
    assert draft.load(path).report.kpis[0].narrative_unachieved == "一行目。\n二行目。"


def test_quit_with_an_answer_not_saved_offers_retry_stay_or_leave(tmp_path, monkeypatch):
    """As the TUI's ctrl+q: /quit while the disk refuses asks what to do instead of dropping the answer."""
    import errno
    import io

    from dejiden.model import draft as drafts
    from dejiden.tui.plain import run_plain

    from .tui_helpers import test_config

    path, _ = seed_draft(tmp_path, clear=("header.department", "header.manager_name"), current="header.department")
    real = drafts.atomic_write
    failing = [True]

    def disk(*args, **kwargs):
        if failing[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    class Typist(io.StringIO):
        def readline(self, *a):
            line = super().readline(*a)
            if line == "1\n":  # 「もう一度保存して終了する」 once the disk has room again
                failing[0] = False
            return line

    monkeypatch.setattr(drafts, "atomic_write", disk)
    out = io.StringIO()
    code = run_plain(path, test_config(tmp_path, path), Typist("総務課\n/quit\n\n佐藤 一郎\n/quit\n1\n"), out)
    said = out.getvalue()
    parts = said.split(phrases.UNSAVED_QUIT.split("（")[0])
    assert len(parts) == 3  # once per /quit
    assert all(f"  {i}. {c}" in said for i, c in enumerate(phrases.PLAIN_UNSAVED_CHOICES, 1))
    assert "責任者名を入力してください" in parts[1]  # Enter: back to the question, the answer still held
    saved = draft.load(path).report.header
    assert (saved.department, saved.manager_name) == ("総務課", "佐藤 一郎") and code == 0  # saved, complete


def test_quit_without_saving_when_chosen(tmp_path, monkeypatch):
    import errno

    from dejiden.model import draft as drafts

    path, _ = seed_draft(tmp_path, clear=("header.department",), current="header.department")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(drafts, "atomic_write", full)
    code, out = run(tmp_path, "総務課\n/quit\n3\n")
    assert phrases.UNSAVED_LEFT in out and code == 1
    assert draft.load(path).report.header.department != "総務課"


@pytest.mark.parametrize("restricted", [False, True])
def test_the_terminal_settings_while_the_plain_mode_reads_and_after(restricted):
    """ctrl+c ends a line (kept) instead of a signal that makes the kernel drop it; restricted mode
    (no shell over SSH) turns ctrl+z and ctrl+\\ off too; everything is given back on leaving."""
    import os
    import termios

    from dejiden.tui.plaintty import INTERRUPT, TtyLines

    main, side = os.openpty()
    try:
        before = termios.tcgetattr(side)
        with TtyLines(side, restricted=restricted) as tty:
            cc = termios.tcgetattr(side)[6]
            assert cc[termios.VEOL] == INTERRUPT.encode() and cc[termios.VINTR] != before[6][termios.VINTR]
            assert (cc[termios.VSUSP] == before[6][termios.VSUSP]) is not restricted
            os.write(main, "美里 一".encode() + INTERRUPT.encode())
            assert tty.readline() == "美里 一" + INTERRUPT
            os.write(main, b"\xff\xfe\n")
            assert tty.readline() == "\ufffd\ufffd\n"
            os.write(main, "総務".encode() + b"\x04")  # ctrl+d after text: the text, no end yet
            os.write(main, b"\x04")  # ctrl+d again: leave, the text kept, not sent as an answer
            assert tty.readline() == "総務" + INTERRUPT
            os.write(main, b"\x04")
            assert tty.readline() == ""
        assert termios.tcgetattr(side) == before
    finally:
        os.close(main), os.close(side)


def test_what_enter_takes_at_a_choice_is_said_at_the_cue(tmp_path):
    """The question says 「空のまま Enter で…」 a page earlier (guide, choices): a screen reader user
    hears it again where the answer is typed; a revisit offers the recorded value the same way."""
    path, _ = seed_draft(tmp_path)
    _, out = run(tmp_path, "/jump KPI③ 備考\n\n/jump 単独\n\n")
    assert "  3. 0目標KPI\n1〜3 の番号を入力してください（空のまま Enter で「（なし）」）。\n> \n" in out
    assert "  2. 広域連携\n1〜2 の番号を入力してください（空のまま Enter で「単独」）。\n> \n" in out
    assert draft.load(path).report.header.collaboration == "単独"


def test_jumping_to_the_question_already_asked_asks_it_again(tmp_path):
    seed_draft(tmp_path, clear=("header.collaboration",), current="header.collaboration")
    _, out = run(tmp_path, "/jump 単独\n")
    assert out.count("単独の事業ですか、広域連携の事業ですか？") == 2  # after 「…に移動します。」 the question, not only its choices


def test_restored_text_survives_a_command_typed_first(tmp_path):
    """Resumed at a narrative with its half-written text: /help (or /export, /review…) first, then the
    text is still offered and continued, never dropped and overwritten by the next line."""
    path, _ = seed_draft(tmp_path, clear=("kpis[0].narrative_unachieved",), current="kpis[0].narrative_unachieved")
    run(tmp_path, "委託先の経営悪化により\n")  # the input ends mid-narrative
    code, out = run(tmp_path, "/help\n/review\n\n新規申込を休止した。\n.\n")
    assert out.count(phrases.PLAIN_NARRATIVE_CONTINUE) == 3  # at first, after /help, after the review
    assert draft.load(path).report.kpis[0].narrative_unachieved == "委託先の経営悪化により\n新規申込を休止した。"


def test_a_hint_or_example_heard_once_is_not_said_again_at_every_row(tmp_path):
    """Each budget row asks its amount with the same hint and 記入例: a screen reader hears them once
    (the question and its place each time); /help says them again."""
    hint = "単位は千円です（2,000 なら 200万円）"
    _, out = run(tmp_path, "1\n\n智頭\n課\n智頭 太郎\n課長\n山田\n0858-75-1111\na@b.jp\n1\n事業\n"
                           "システム費\n100\n広報費\n200\n/help\n")
    assert out.count("金額を千円単位で入力してください") == 2 and out.count(hint) == 1
    assert out.count("記入例：2,000（金額がない場合は -）") == 1
    assert out.count("【１．事業の収支｜予定 経費項目】") == 3  # each question's place is said every time
    name_hint = "実施計画書の項目名をそのまま書きます。"
    assert out.count(name_hint) == 2 and out.rindex(name_hint) > out.index("> /help")  # /help says it again
