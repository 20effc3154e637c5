"""Every malformed draft and workbook of the corpus: a Japanese message, no traceback, bounded memory."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dejiden.model import draft
from dejiden.model.files import LoadError
from dejiden.model.safe_text import is_safe
from dejiden.tui.cli import main

from .corpus import book_cases, draft_cases, prepare
from .tui_helpers import app_for

pytestmark = pytest.mark.writes_files
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
DRAFTS = draft_cases()
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict[str, dict]:
    """The whole corpus through the command line, in a fresh process (so its peak memory is its own)."""
    folder = tmp_path_factory.mktemp("corpus")
    prepare(folder)
    done = subprocess.run([sys.executable, "-m", "tests.corpus", "measure", str(folder)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_every_case_ends_with_a_japanese_message_and_no_traceback(measured):
    cases = {k: v for k, v in measured.items() if not k.startswith("_")}
    assert len(cases) == len(DRAFTS) + 20
    for name, case in cases.items():
        assert not case["traceback"], (name, case["code"])
        assert case["code"] in (0, 1, 2), name
        assert JAPANESE.search(case["message"]), name
        assert "\x1b" not in case["message"] and "\x07" not in case["message"], name


def test_peak_memory_per_case_is_under_200_mb(measured):
    peaks = {k: v["peak_mb"] for k, v in measured.items() if not k.startswith("_")}
    assert max(peaks.values()) < 200, sorted(peaks.items(), key=lambda kv: -kv[1])[:3]
    # how far each case raises the process's resident-set high-water mark, C allocations included
    # (measured per case with VmHWM reset before it: ru_maxrss would carry the parent's size over exec)
    growth = {k: v["rss_growth_mb"] for k, v in measured.items() if not k.startswith("_")}
    assert max(growth.values()) < 200, sorted(growth.items(), key=lambda kv: -kv[1])[:3]


@pytest.mark.parametrize("name", ["checklist_number_list", "nested_150", "nested_5000", "kpis_46496",
                                  "invalid_utf8", "huge_comment", "edition_path"])
def test_the_reported_drafts_exit_2(measured, name):
    assert measured[f"draft:{name}"]["code"] == 2


def test_messages_say_where_and_which_limit(measured):
    assert "（3行目 18列目）" in measured["draft:invalid_utf8"]["message"]
    assert "（2行目 20列目）" in measured["draft:unterminated_string"]["message"]
    assert "上限は15個" in measured["draft:kpis_46496"]["message"]
    assert "上限は1,048,576バイト" in measured["draft:huge_comment"]["message"]
    assert "上限は16,777,216バイト" in measured["book:zip_bomb"]["message"]
    assert "様式の上限 15" in measured["book:meta_kpis_1e8"]["message"]
    assert measured["draft:bom"]["code"] == 0  # a BOM (Windows Notepad) is not an error


def test_unknown_key_with_escapes_is_printed_as_marks(tmp_path, capsys):
    path = tmp_path / "k.toml"
    path.write_bytes(DRAFTS["key_with_escapes"])
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "␛]2;pwned␇" in err and is_safe(err)


def test_pending_text_with_escapes_comes_back_as_marks():
    loaded = draft.loads(DRAFTS["session_escapes"].decode())
    assert isinstance(loaded, draft.Draft)
    assert loaded.session.pending == "␛]2;pwned␇␛[41m␛[5;1H"


def test_every_malformed_draft_opens_in_the_app_without_textuals_error_screen(tmp_path):
    import asyncio

    from textual.widgets import Static

    from dejiden.tui.widgets import AnswerArea

    async def open_one(name: str, data: bytes) -> None:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "x.toml").write_bytes(data)
        app = app_for(folder, "x.toml")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            drawn = "\n".join(str(w.render()) for w in app.screen.query(Static))
            assert "\x1b" not in drawn, name
            for area in app.screen.query(AnswerArea):
                assert is_safe(area.typed_text()), name  # restored pending text: marks, not ESC
            await pilot.press("ctrl+q")
        assert app._exception is None, (name, app._exception)  # Textual's traceback screen never shows
        assert app.return_code in (0, None), name
        if (folder / "x.toml").read_bytes() != data:  # written: only ever a draft that could be read
            loaded = draft.loads(data.decode("utf-8", "replace"))
            assert not isinstance(loaded, LoadError), f"{name}: an unreadable draft was overwritten"

    async def all_cases() -> None:
        for name, data in DRAFTS.items():
            await open_one(name, data)

    asyncio.run(all_cases())


def test_every_malformed_draft_in_the_folder_is_listed_on_the_start_screen(tmp_path):
    import asyncio

    from textual.widgets import OptionList

    for name, data in DRAFTS.items():
        (tmp_path / f"{name}.toml").write_bytes(data)

    async def run() -> None:
        app = app_for(tmp_path, None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            options = app.screen.query_one(OptionList)
            prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert len(prompts) == len(DRAFTS) + 1
            assert all(is_safe(p) for p in prompts)
            await pilot.press("ctrl+q")
        assert app._exception is None

    asyncio.run(run())


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    return book_cases(tmp_path_factory.mktemp("books"))


def test_book_cases_count(books):
    assert len(books) == 20


def _import(books, name):
    from dejiden.model import workbook
    from dejiden.prompts.data import checklist_spec

    return workbook.import_workbook(books[name], checklist_spec())


def test_an_over_limit_narrative_is_kept_in_the_draft_and_reported(books, tmp_path, capsys):
    result = _import(books, "narrative_320")
    assert result.draft is not None and result.draft.report.kpis[0].narrative_unachieved is None
    (problem,) = result.problems
    assert problem.label == "KPI① 「KPI未達成又は未計測」の場合" and problem.where.startswith("報告書!E")
    path = "kpis[0].narrative_unachieved"
    assert result.draft.session.kept == {path: "あ" * 320}
    assert result.draft.session.pending == "あ" * 320 and result.draft.session.pending_for == path
    out = tmp_path / "n.toml"
    assert main(["import", str(books["narrative_320"]), "-o", str(out)]) == 1
    back = draft.load(out)
    assert isinstance(back, draft.Draft) and back.session.kept[path] == "あ" * 320  # saved, not dropped


def test_a_40000_character_answer_is_not_cut_silently(books):
    result = _import(books, "text_40000")
    assert result.problems and "1000字以内" in result.problems[0].message
    assert len(result.draft.session.kept["header.project_name"]) > 30000


@pytest.mark.parametrize("name, words", [
    ("error_value", "エラー値"),
    ("formula_without_value", "計算式"),
    ("choice_prefix", "「広域」は選択肢と一致しません"),
    ("checklist_sheet_renamed", "シートがありません"),
])
def test_named_problems_exit_1(books, name, words):
    result = _import(books, name)
    assert result.draft is not None and any(words in p.message for p in result.problems)
    assert main(["import", str(books[name]), "-o", str(books[name].with_suffix(".toml")), "--force"]) == 1


def test_a_guess_is_never_stored(books):
    assert _import(books, "choice_prefix").draft.report.header.collaboration is None


def test_a_bad_edition_in_a_workbook_is_a_named_problem(books):
    result = _import(books, "meta_edition_path")
    assert result.draft is None and "様式の版" in result.problems[0].message


def test_meta_list_length_1e8_is_refused_without_allocating(books):
    result = _import(books, "meta_kpis_1e8")
    assert len(result.draft.report.kpis) <= result.draft.report.ed.max_kpis
    assert any("上限" in p.message for p in result.problems)


def test_a_defined_name_pointing_at_a_range_does_not_crash(books):
    result = _import(books, "defined_name_range")
    assert result.draft is not None and result.draft.report.header.manager_name  # read from its address


def test_kept_text_comes_back_in_turn_and_goes_once_answered():
    from dejiden.model.example import seed_report

    report = seed_report()
    report.kpis[0].narrative_achieved = None
    report.kpis[1].narrative_achieved = None
    a, b = "kpis[0].narrative_achieved", "kpis[1].narrative_achieved"
    d = draft.Draft(report, draft.Session(kept={a: "あ" * 320, b: "い" * 310}, pending="あ" * 320, pending_for=a))
    report.kpis[0].narrative_achieved = "短くしました。"
    d.session.pending = d.session.pending_for = None  # the answer was sent
    draft.settle_kept(d)
    assert d.session.kept == {b: "い" * 310} and (d.session.pending_for, d.session.pending) == (b, "い" * 310)


def test_imported_over_limit_text_is_in_its_box_when_the_draft_opens(books, tmp_path):
    import asyncio

    from dejiden.tui.widgets import AnswerArea

    assert main(["import", str(books["narrative_320"]), "-o", str(tmp_path / "x.toml")]) == 1

    async def run() -> None:
        app = app_for(tmp_path, "x.toml")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.screen.walker.current == "kpis[0].narrative_unachieved"
            assert app.screen.query_one(AnswerArea).typed_text() == "あ" * 320
            await pilot.press("ctrl+q")

    asyncio.run(run())
