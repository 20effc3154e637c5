"""Crafted workbooks (issue 22): work is bounded by what a file holds, never by what it claims."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dejiden.model import draft, workbook
from dejiden.model.example import seed_report
from dejiden.model.files import DraftLock
from dejiden.model.workbook.bounds import WORKBOOK_BOUNDS
from dejiden.tui.cli import main

from .corpus import _edit_xml
from .test_remote import put, run

pytestmark = pytest.mark.writes_files
SHEET = "xl/worksheets/sheet1.xml"  # 報告書
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed() -> bytes:
    return workbook.to_bytes(seed_report())


def sheet_edit(data: bytes, change) -> bytes:
    return _edit_xml(data, SHEET, lambda body: change(body.decode("utf-8")).encode("utf-8"))


def with_cell(data: bytes, ref: str, xml: str) -> bytes:
    """The workbook with the cell ``ref`` of 報告書 written as ``xml``."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
    return sheet_edit(data, lambda s: pattern.sub(lambda m: xml, s, count=1))


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def claims(data: bytes, dimension: str, last_cell: str) -> bytes:
    row = re.match(r"[A-Z]+(\d+)", last_cell).group(1)
    return sheet_edit(data, lambda s: re.sub(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="{dimension}"/>', s)
                      .replace("</sheetData>", f'<row r="{row}">{inline(last_cell, "x")}</row></sheetData>'))


def merged(data: bytes, ref: str) -> bytes:
    return sheet_edit(data, lambda s: re.sub(r"<mergeCells[^>]*>", f'\\g<0><mergeCell ref="{ref}"/>', s, count=1))


def linked(data: bytes, ref: str) -> bytes:
    return sheet_edit(data, lambda s: s.replace("<printOptions", f'<hyperlinks><hyperlink ref="{ref}" location="A1"/>'
                                                                  "</hyperlinks><printOptions", 1))


def many_cells(data: bytes, n: int) -> bytes:
    rows = "".join(f'<row r="{1000 + i}">' + "".join(f'<c r="{c}{1000 + i}" t="n"><v>1</v></c>' for c in "ABCDEFGHIJ")
                   + "</row>" for i in range(n // 10))
    return sheet_edit(data, lambda s: s.replace("</sheetData>", rows + "</sheetData>"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def with_shared_strings(data: bytes, count: int) -> bytes:
    """The workbook with a shared-strings part of ``count`` empty strings, wired in as Excel does."""
    import io
    import zipfile

    rel = (b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    ctype = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
             b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            body = body.replace(b"</Relationships>", rel) if info.filename == "xl/_rels/workbook.xml.rels" else body
            dst.writestr(info, body.replace(b"</Types>", ctype) if info.filename == "[Content_Types].xml" else body)
        dst.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     + b"<si><t/></si>" * count + b"</sst>")
    return out.getvalue()


def many_sheets(data: bytes, n: int) -> bytes:
    """The first sheet named ``n`` times over (each name is read again by openpyxl)."""
    def change(body: bytes) -> bytes:
        first = re.search(rb"<sheet [^>]*/>", body).group(0)
        copies = b"".join(first.replace(b'name="', b'name="s%d' % i).replace(b'sheetId="', b'sheetId="9%d' % i)
                          for i in range(n))
        return body.replace(first, first + copies, 1)
    return _edit_xml(data, "xl/workbook.xml", change)


CRAFTED = {
    "claims_whole_sheet": lambda d: claims(d, "A1:XFD1048576", "A1048576"),
    "claims_16384_square": lambda d: claims(d, "A1:XFD16384", "XFD16384"),
    "merges_whole_sheet": lambda d: merged(d, "A200:XFD1048576"),
    "links_whole_sheet": lambda d: linked(d, "A200:XFD1048576"),
    "too_many_cells": lambda d: many_cells(d, WORKBOOK_BOUNDS.cells + 100),
    "strings_1M": lambda d: with_shared_strings(d, 1_000_000),
    "styles_300k": lambda d: _edit_xml(d, "xl/styles.xml", lambda b: re.sub(
        rb'<cellXfs count="\d+">', lambda m: m.group(0) + b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 300_000,
        b, count=1)),
    "sheets_20k": lambda d: many_sheets(d, 20_000),
    "names_100k": lambda d: _edit_xml(d, "xl/workbook.xml", lambda b: b.replace(b"</definedNames>", b"".join(
        b'<definedName name="n%d">$A$1</definedName>' % i for i in range(100_000)) + b"</definedNames>")),
}


def test_a_crafted_claim_never_keeps_the_reader_busy(seed, tmp_path):
    """Each crafted workbook in a fresh process that must end within 30 s (before: minutes at 96 % CPU)."""
    for name, craft in CRAFTED.items():
        book = write(tmp_path, f"{name}.xlsx", craft(seed))
        done = subprocess.run([sys.executable, "-c", "import sys; from dejiden.model import workbook;"
                               "r = workbook.import_workbook(sys.argv[1]); print(r.draft is None)", str(book)],
                              cwd=REPO, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, (name, done.stderr[-500:])


@pytest.mark.parametrize("name, words", [
    ("merges_whole_sheet", "結合またはリンクしたセルが多すぎます"),
    ("links_whole_sheet", "結合またはリンクしたセルが多すぎます"),
    ("too_many_cells", "セルが多すぎます"),
    ("strings_1M", "共有文字列が多すぎます"),
    ("styles_300k", "書式が多すぎます"),
    ("sheets_20k", "シートが多すぎます"),
    ("names_100k", "名前の定義が多すぎます"),
])
def test_a_workbook_holding_more_than_the_bounds_is_refused_with_a_message(seed, tmp_path, name, words):
    result = workbook.import_workbook(write(tmp_path, "b.xlsx", CRAFTED[name](seed)))
    assert result.draft is None and words in result.problems[0].message


def test_one_cell_far_down_is_read_as_what_it_is(seed, tmp_path):
    result = workbook.import_workbook(write(tmp_path, "b.xlsx", CRAFTED["claims_whole_sheet"](seed)))
    assert result.draft is not None and result.draft.report == seed_report()


def test_a_refused_upload_leaves_the_draft_unlocked_and_unchanged(seed, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = put(folder, "塩尻市.toml")
    before = path.read_bytes()
    code, _, err = run("upload 塩尻市", folder, CRAFTED["merges_whole_sheet"](seed))
    assert code == 2 and "多すぎます" in err and "Traceback" not in err
    assert path.read_bytes() == before
    lock = DraftLock(path)
    assert lock.acquire() is None
    lock.release()


def test_a_cell_longer_than_a_draft_can_keep_is_refused_by_name(seed, tmp_path, capsys):
    """150,000 characters in one cell (before: a pydantic traceback from the session's limit)."""
    book = write(tmp_path, "long.xlsx", with_cell(seed, "B6", inline("B6", "長" * 150_000)))
    result = workbook.import_workbook(book)
    assert result.draft is None
    assert "「報告書」シートのセル B6の文字が多すぎます（150,000字" in result.problems[0].message
    assert main(["import", str(book), "-o", str(tmp_path / "x.toml")]) == 2
    assert "B6" in capsys.readouterr().err
    folder = tmp_path / "data"
    folder.mkdir()
    put(folder, "a.toml")
    code, _, err = run("upload a", folder, book.read_bytes())
    assert code == 2 and "150,000字" in err and "Traceback" not in err


def test_a_cell_written_twice_is_refused(seed, tmp_path):
    twice = with_cell(seed, "B6", inline("B6", "政策財政課") + inline("B6", "別の課"))
    result = workbook.import_workbook(write(tmp_path, "twice.xlsx", twice))
    assert result.draft is None and "セル B6 が2回書かれています" in result.problems[0].message


@pytest.mark.parametrize("ref, label", [("B4", "記入日"), ("B6", "担当部局名")])
@pytest.mark.parametrize("value", ["x", "2024-13-45", "2024-02-30", " 2024-06-19", "P99999999999D"])
def test_a_date_cell_holding_no_date_is_refused_naming_the_cell_and_its_label(seed, tmp_path, capsys, ref, label, value):
    """A date-typed cell (``t="d"``) holding no date ended an import in 「…読めません（ValueError）」 (or
    OverflowError), naming no cell."""
    book = write(tmp_path, "d.xlsx", with_cell(seed, ref, f'<c r="{ref}" t="d"><v>{value}</v></c>'))
    result = workbook.import_workbook(book)
    assert result.draft is None
    problem = result.problems[0]
    assert (problem.label, problem.where) == (label, f"報告書!{ref}"), problem
    assert f"セル {ref}" in problem.message and f"「{value}」" in problem.message and "Error" not in problem.message
    assert main(["import", str(book), "-o", str(tmp_path / "x.toml")]) == 2
    assert f"{label}（報告書!{ref}）：" in capsys.readouterr().err


def test_a_date_cell_holding_a_date_is_read(seed):
    result = workbook.import_workbook(with_cell(seed, "B4", '<c r="B4" t="d"><v>2024-06-19</v></c>'))
    assert result.draft is not None and str(result.draft.report.header.entry_date) == "2024-06-19", result.problems


def test_inline_text_starting_with_equals_is_text_not_a_formula(seed, tmp_path):
    book = write(tmp_path, "eq.xlsx", with_cell(seed, "B6", inline("B6", "=政策財政課")))
    result = workbook.import_workbook(book)
    assert result.draft is not None
    assert not any("計算式" in c.message for c in result.changes + result.problems)


def test_a_real_formula_is_still_named(seed, tmp_path):
    book = write(tmp_path, "f.xlsx", with_cell(seed, "B6", '<c r="B6"><f>A1&amp;A2</f></c>'))
    result = workbook.import_workbook(book)
    assert any("計算式（=A1&A2）の結果が保存されていません" in p.message for p in result.problems)


def test_an_entity_declaration_is_refused(seed, tmp_path):
    doctype = sheet_edit(seed, lambda s: '<!DOCTYPE x [<!ENTITY a "aaaa">]>' + s)
    result = workbook.import_workbook(write(tmp_path, "e.xlsx", doctype))
    assert result.draft is None and "実体宣言" in result.problems[0].message


def test_every_reader_shares_one_bound():
    from dejiden.model.workbook import guard

    assert guard.WORKBOOK_BOUNDS is WORKBOOK_BOUNDS
    assert WORKBOOK_BOUNDS.cell_chars == draft.MAX_STRING


def test_the_time_budget_stops_openpyxl_and_leaves_other_timers_alone(seed, tmp_path, monkeypatch):
    import signal
    import time

    import openpyxl

    from dejiden.model.workbook import guard

    def slow(*args, **kwargs):
        time.sleep(3)
        raise AssertionError("the budget did not stop the load")

    monkeypatch.setattr(openpyxl, "load_workbook", slow)
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        with pytest.raises(guard.BookRefused, match="時間がかかりすぎます"):
            guard.open_book(seed, guard.WorkbookBounds(seconds=0.5))
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 3 < left < 5  # the caller's timer runs on
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_REFS = st.sampled_from(["B6", "D16", "E53", "A1048576", "XFD1", "XFE1", "A0", "A99999999", "", "b6", "$B$6"])
_TYPES = st.sampled_from(["", "n", "s", "str", "b", "e", "inlineStr", "d", "x"])
_VALUES = st.one_of(st.text(max_size=30), st.integers().map(str), st.floats().map(repr),
                    st.sampled_from(["1" * 400, "1E+309", "-0", "NaN", "#N/A", "99999", "0.30000000000000004", "²", "１２"]))


@st.composite
def cell_xml(draw) -> str:
    from xml.sax.saxutils import escape

    ref, kind, value = draw(_REFS), draw(_TYPES), escape(draw(_VALUES), {"\x00": ""})
    value = "".join(c for c in value if c in "\t\n\r" or ord(c) >= 32)
    attrs = (f' r="{ref}"' if ref else "") + (f' t="{kind}"' if kind else "")
    body = draw(st.sampled_from([f"<v>{value}</v>", f"<is><t>{value}</t></is>", f"<f>{value}</f><v>{value}</v>",
                                 '<f t="shared" si="0"/>', ""]))
    return f"<c{attrs}>{body}</c>"


@given(st.lists(cell_xml(), min_size=1, max_size=4))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_cell_xml_is_read_or_refused_never_raised(seed, cells):
    data = sheet_edit(seed, lambda s: s.replace("</sheetData>", '<row r="900">' + "".join(cells) + "</row></sheetData>"))
    result = workbook.import_workbook(data)
    assert result.draft is not None or result.problems[0].message
