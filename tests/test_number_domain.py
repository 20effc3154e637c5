"""Numbers have a domain (issue 22): 15 significant digits, Excel's own precision; no input ends in a traceback."""

from __future__ import annotations

import asyncio
import re

import pytest

from dejiden.model import draft, normalize, workbook
from dejiden.model.example import seed_report
from dejiden.model.files import LoadError
from dejiden.model.safe_text import is_safe
from dejiden.tui.cli import main

from .test_remote import put, run
from .test_workbook_bounds import inline, with_cell
from .tui_helpers import app_for

pytestmark = pytest.mark.writes_files
SEED = draft.dumps(draft.Draft(seed_report()))
FIRST_AMOUNT = re.compile(r"^amount = \d+", re.M)
FIRST_TARGET = re.compile(r"target = [0-9.]+")


def amount(text: str) -> str:
    return FIRST_AMOUNT.sub(f"amount = {text}", SEED, count=1)


# The hand-edited drafts, and their neighbours.
DRAFTS = {
    "amount_5000_digits": amount("1" * 5000),
    "amount_4000_digits": amount("1" * 4000),
    "amount_310_digits": amount("1" * 310),
    "amount_16_digits": amount("1" * 16),
    "target_310_digits": FIRST_TARGET.sub("target = " + "9" * 310, SEED, count=1),
    "target_17_significant": FIRST_TARGET.sub("target = 0.12345678901234567", SEED, count=1),
    "target_tiny_exponent": FIRST_TARGET.sub("target = 1e-300", SEED, count=1),
    "target_huge_float": FIRST_TARGET.sub("target = 1.5e300", SEED, count=1),
    "year_negative": SEED.replace("[[kpis]]", '[[kpis]]\nyears = {"-5" = {target = 1}}', 1),
    "year_20_digits": SEED.replace("[[kpis]]", '[[kpis]]\nyears = {"99999999999999999999" = {target = 1}}', 1),
    "year_5000_digits": SEED.replace("[[kpis]]", '[[kpis]]\nyears = {"' + "1" * 5000 + '" = {target = 1}}', 1),
}


@pytest.mark.parametrize("name", DRAFTS)
def test_a_number_outside_the_domain_in_a_draft_is_refused_naming_the_field(name):
    loaded = draft.loads(DRAFTS[name])
    assert isinstance(loaded, LoadError), name
    text = loaded.describe()
    assert "桁" in text or "数値" in text, text
    if name.startswith("year"):
        assert "kpis[0].years" in text, text
    elif name != "amount_5000_digits":  # too long for Python to read at all: named by its line
        assert ("amount" in text) if name.startswith("amount") else ("target" in text), text
    else:
        assert "行目" in text


@pytest.mark.parametrize("command", ["check", "export"])
@pytest.mark.parametrize("name", DRAFTS)
def test_check_and_export_say_why_and_exit_2(tmp_path, capsys, name, command):
    path = tmp_path / "a.toml"
    path.write_text(DRAFTS[name], encoding="utf-8")
    assert main([command, str(path)]) == 2
    err = capsys.readouterr().err
    assert "読めません" in err and is_safe(err)


@pytest.mark.parametrize("name", DRAFTS)
def test_the_ssh_verbs_say_why(tmp_path, name):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.toml").write_text(DRAFTS[name], encoding="utf-8")
    code, out, err = run("list", folder)
    assert code == 0 and "読めません" in out.decode()
    for command in ("check a", "download a", "download a --toml"):
        code, out, err = run(command, folder)
        assert code == 2 and "読めません" in err and out == b"", (command, err)
    code, out, err = run("upload a", folder, workbook.to_bytes(seed_report()))
    assert code == 2 and "読めません" in err


def test_the_start_screen_and_the_app_show_every_case(tmp_path):
    from textual.widgets import OptionList

    for name, text in DRAFTS.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")

    async def listing() -> None:
        app = app_for(tmp_path, None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            options = app.screen.query_one(OptionList)
            prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert sum("読めません" in p for p in prompts) == len(DRAFTS), prompts
            await pilot.press("ctrl+q")
        assert app._exception is None

    async def opened(name: str) -> None:
        app = app_for(tmp_path, f"{name}.toml")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+q")
        assert app._exception is None, (name, app._exception)

    async def all_cases() -> None:
        await listing()
        for name in DRAFTS:
            await opened(name)

    asyncio.run(all_cases())


@pytest.mark.parametrize("typed, words", [
    ("1" * 5000, "15桁"),
    ("1" * 310, "15桁"),
    ("1234567890123456", "15桁"),
    ("0.12345678901234567", "有効数字15桁"),
    ("1e300", "数値として読めません"),
])
def test_typed_numbers_share_the_domain(typed, words):
    for parse in (normalize.parse_number, normalize.parse_amount, normalize.parse_actual):
        result = parse(typed)
        assert isinstance(result, normalize.Invalid), (parse, typed)
        assert words in result.message or "金額として読めません" in result.message, (parse, result.message)


@pytest.mark.parametrize("typed, value", [("123456789012345", 123456789012345), ("0.123456789012345", 0.123456789012345),
                                          ("-12.5", -12.5), ("000123", 123)])
def test_numbers_inside_the_domain_are_kept(typed, value):
    assert normalize.parse_number(typed).value == value


def number_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="n"><v>{text}</v></c>'


BOOKS = {
    "amount_5000_digits": ("D16", number_cell("D16", "1" * 5000)),
    "amount_310_digits": ("D16", number_cell("D16", "1" * 310)),
    "amount_310_digits_text": ("D16", inline("D16", "1" * 310)),
    "target_1e300": ("E53", number_cell("E53", "1E+300")),
}


@pytest.mark.parametrize("name", BOOKS)
def test_upload_and_import_of_numbers_outside_the_domain(tmp_path, capsys, name):
    ref, xml = BOOKS[name]
    data = with_cell(workbook.to_bytes(seed_report()), ref, xml)
    book = tmp_path / "b.xlsx"
    book.write_bytes(data)
    code = main(["import", str(book), "-o", str(tmp_path / "n.toml")])
    captured = capsys.readouterr()
    assert code in (1, 2) and ref in captured.err, captured
    folder = tmp_path / "data"
    folder.mkdir()
    path = put(folder, "a.toml")
    code, _, err = run("upload a", folder, data)
    assert code in (1, 2) and ref in err and "Traceback" not in err
    back = draft.load(path)
    assert isinstance(back, draft.Draft)  # whatever happened, the draft still reads
    assert main(["export", str(path), "-o", str(tmp_path / "out.xlsx")]) == 0


def test_a_computed_number_is_read_as_excel_shows_it(tmp_path):
    """0.1+0.2 computed in Excel is stored as 0.30000000000000004 and shown as 0.3: read as 0.3, and said."""
    book = tmp_path / "b.xlsx"
    book.write_bytes(with_cell(workbook.to_bytes(seed_report()), "E53", number_cell("E53", "0.30000000000000004")))
    result = workbook.import_workbook(book)
    assert result.draft.report.kpis[0].years[2023].target == 0.3
    assert any(c.where.endswith("E53") and "0.3" in c.message for c in result.changes)


@pytest.mark.parametrize("command", ["check", "export"])
def test_a_command_never_ends_in_a_traceback(tmp_path, capsys, monkeypatch, command):
    """Whatever a draft still holds that nobody foresaw: one line in Japanese, exit 2."""
    from dejiden.model import completeness

    def unforeseen(*args, **kwargs):
        raise KeyError("fy-5")

    monkeypatch.setattr(completeness, "check", unforeseen)
    path = tmp_path / "a.toml"
    path.write_text(SEED, encoding="utf-8")
    assert main([command, str(path)]) == 2
    assert "予期しない問題で止まりました（KeyError）" in capsys.readouterr().err
