"""A third attack on the file channel (after issue 22): what it found, each as a test that failed before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dejiden.model.safe_text import is_safe, shown

from .test_remote import put, run


def test_a_file_name_that_is_not_utf8_is_listed_not_fatal(tmp_path):
    """``list`` ended in 「予期しない問題で止まりました（UnicodeEncodeError）」 for every draft when one
    file name held a byte that is not UTF-8 (the name decodes to a lone surrogate)."""
    put(tmp_path, "a.toml")
    odd = os.fsdecode(b"bad\xff.toml")
    put(tmp_path, odd)
    code, out, err = run("list", tmp_path)
    text = out.decode("utf-8")
    assert code == 0, err
    assert "a.toml" in text and "bad\ufffd.toml" in text, text


def test_a_lone_surrogate_is_shown_as_a_mark():
    odd = os.fsdecode(b"x\xff\xfey")
    assert shown(odd) == "x\ufffd\ufffdy" and shown(odd, newlines=False) == "x\ufffd\ufffdy"
    assert not is_safe(odd)
    shown(odd).encode("utf-8")  # never raises


def test_a_small_file_of_many_empty_or_nested_elements_is_refused_at_once(tmp_path):
    """40 KB holding 3,000,000 ``<x/>`` (or 1,000,000 nested ``<x>``) in a sheet, or in another part,
    kept an upload busy until the 5 s budget ran out; no bound counted elements that are not cells."""
    from dejiden.model import workbook
    from dejiden.model.example import seed_report

    from .corpus import _edit_xml
    from .test_workbook_bounds import sheet_edit

    seed = workbook.to_bytes(seed_report())
    books = {
        "flat": sheet_edit(seed, lambda s: s.replace("<sheetData>", "<sheetData>" + "<x/>" * 3_000_000, 1)),
        "nested": sheet_edit(seed, lambda s: s.replace("<sheetData>", "<sheetData>" + "<x>" * 1_000_000
                                                       + "</x>" * 1_000_000, 1)),
        "theme": _edit_xml(seed, "xl/theme/theme1.xml", lambda b: b.replace(b"</a:theme>", b"<x/>" * 3_000_000
                                                                              + b"</a:theme>")),
    }
    for name, data in books.items():  # refused by count, before parsing (the time is bench's, not a test's)
        result = workbook.import_workbook(data)
        assert result.draft is None and "XMLの要素が多すぎます" in result.problems[0].message, (name, result.problems)


@pytest.mark.parametrize("kind, value", [("n", "NaN"), ("n", "inf"), ("", "0x10"), ("b", "x"), ("s", "99999"), ("s", "x")])
def test_a_cell_value_not_of_its_type_is_refused_naming_the_cell(kind, value):
    """``<v>NaN</v>`` in a number cell, or a shared-string index past the last string, ended an upload in
    「Excelファイル（.xlsx）として読めません（ValueError）」 or （IndexError）, naming no cell."""
    from dejiden.model import workbook
    from dejiden.model.example import seed_report

    from .test_workbook_bounds import with_cell

    data = with_cell(workbook.to_bytes(seed_report()), "E51", f'<c r="E51" t="{kind}"><v>{value}</v></c>')
    result = workbook.import_workbook(data)
    assert result.draft is None
    message = result.problems[0].message
    assert "セル E51" in message and f"「{value}」" in message and "Error" not in message, message


def test_numbers_excel_writes_still_read():
    from dejiden.model import workbook
    from dejiden.model.example import seed_report

    from .test_workbook_bounds import with_cell

    for value, read in (("-0", 0), (".5", 0.5), ("5.", 5), ("1E+1", 10), (" 7 ", 7)):
        data = with_cell(workbook.to_bytes(seed_report()), "E51", f'<c r="E51" t="n"><v>{value}</v></c>')
        result = workbook.import_workbook(data)
        assert result.draft is not None and result.draft.report.kpis[0].years[2022].target == read, (value, result.problems)


def test_a_workbook_of_25000_inline_cells_is_refused():
    """40,000 inline-text cells (120 KB, within the old bound of 50,000) kept an upload busy for 2-3 s
    through sshd; an export holds about 1,000 cells, so 20,000 is the bound."""
    from dejiden.model import workbook
    from dejiden.model.example import seed_report

    from .test_workbook_bounds import sheet_edit

    rows = "".join(f'<row r="{1000 + i}">' + "".join(f'<c r="{c}{1000 + i}" t="inlineStr"><is><t>x</t></is></c>'
                                                    for c in "ABCDEFGHIJ") + "</row>" for i in range(2500))
    data = sheet_edit(workbook.to_bytes(seed_report()), lambda s: s.replace("</sheetData>", rows + "</sheetData>"))
    result = workbook.import_workbook(data)
    assert result.draft is None and "セルが多すぎます" in result.problems[0].message, result.problems


@pytest.mark.parametrize("typed", ["1" * 16, "1,000,000,000,000,000", "123456789012345.5"])
def test_an_amount_beyond_15_digits_is_said_to_be_too_large_not_unreadable(typed):
    """An amount cell of 1e15 (or 16 digits typed) was answered 「…は金額として読めません」, hiding the bound."""
    from dejiden.model.normalize import Invalid, parse_amount

    result = parse_amount(typed)
    assert isinstance(result, Invalid) and "15桁" in result.message and "読めません" not in result.message, result
