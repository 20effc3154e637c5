"""Import parses each cell by its row's type in the type table (model/fields.py), like the conversation."""

from __future__ import annotations

import dataclasses

import pytest

from dejiden.model import fields, normalize, workbook
from dejiden.model.edition import editions
from dejiden.model.example import seed_report
from dejiden.model.fields import TYPES, Ctx, FieldType, field_type
from dejiden.model.workbook import read
from dejiden.model.workbook.cells import parser
from dejiden.model.workbook.layout import layout

pytestmark = pytest.mark.writes_files


@pytest.mark.parametrize("edition_id", [e.id for e in editions()])
def test_every_input_cell_carries_its_row_and_a_parser(edition_id):
    from dejiden.model.edition import load_edition

    for c in layout(load_edition(edition_id)):
        if c.kind == "computed":
            assert c.row is None
            continue
        assert c.row is not None and c.row.type in TYPES, c.name
        assert field_type(c.row.type, c.row.group).cell == c.kind
        assert callable(parser(c))


def test_typed_text_in_a_cell_parses_as_the_conversation_parses_it():
    cells = {c.name: c for c in layout(seed_report().ed)}
    for name, typed in (("header_phone", "０２４２－５５－１１７１"), ("header_email", " Ａ@example.lg.jp"),
                        ("header_prefecture", "福島"), ("checklist_1_2", "1,3"), ("kpi1_note", "減少")):
        c = cells[name]
        ctx = Ctx(choices=c.choices, exclusive=c.row.exclusive, max_len=10**9)
        expected = field_type(c.row.type, c.row.group).parse(typed, ctx)
        assert parser(c)(typed) == expected, name


def test_a_new_field_type_parses_on_import_without_code_in_the_reader(tmp_path, monkeypatch):
    """A type added to the table (here: a department code written in upper case) is used by import as is."""
    def upper(text: str, ctx: Ctx) -> normalize.Result:
        return normalize.Invalid("英字で入力してください。") if not text.isascii() else normalize.Parsed(text.strip().upper())

    monkeypatch.setitem(fields.TYPES, "dept_code", FieldType(upper, fields.Text, "line", "text"))
    report = seed_report()
    report.header.department = "seisaku-zaisei"
    book = tmp_path / "b.xlsx"
    workbook.export(report, None, book)
    real = read.layout

    def with_new_type(ed, spec=None):
        return [dataclasses.replace(c, row=c.row.model_copy(update={"type": "dept_code"}))
                if c.path == "header.department" else c for c in real(ed, spec)]

    monkeypatch.setattr(read, "layout", with_new_type)
    result = workbook.import_workbook(book)
    assert result.draft is not None, result.problems
    assert result.draft.report.header.department == "SEISAKU-ZAISEI"

    report.header.department = "政策財政課"
    workbook.export(report, None, book)
    result = workbook.import_workbook(book)
    assert [p.message for p in result.problems] == ["英字で入力してください。"]


def test_a_kpi_value_with_its_own_unit_in_the_cell_is_read_and_said(tmp_path):
    import openpyxl

    from dejiden.model.example import seed_report

    path = tmp_path / "book.xlsx"
    workbook.export(seed_report(), None, path)
    cell = next(c for c in workbook.layout(seed_report().ed) if c.path == "kpis[3].fy2023.actual")  # unit 件
    wb = openpyxl.load_workbook(path)
    wb[cell.sheet][cell.ref] = "3件"
    wb.save(path)
    result = workbook.import_workbook(path)
    assert result.draft.report.kpis[3].years[2023].actual == 3
    assert any(c.where == cell.where and "件" in c.message for c in result.changes)
