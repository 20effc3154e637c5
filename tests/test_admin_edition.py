"""An administrator adds a changed form exactly as docs/editions.md says: one row, no other change."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from dejiden.model import edition, workbook
from dejiden.model.draft import Draft, Session
from dejiden.model.report import Report
from dejiden.model.workbook.layout import layout
from dejiden.prompts.view import REVIEW
from dejiden.prompts.walker import Walker
from dejiden.tui.cli import main

from .test_editions import TODAY, _answer

pytestmark = pytest.mark.writes_files

# docs/editions.md, 「変わった様式を足す」: the row an administrator adds.
NEW_ROW = '''
[[fields]]
path = "header.start_date"
type = "date"
label = "事業開始日"
cell = "B10"
label_cell = "A10"
question = "事業を開始した日を入力してください。"
'''


@pytest.fixture
def admin_folder(tmp_path, monkeypatch):
    """Steps 1–4 of docs/editions.md in a temporary folder; the editions are read again afterwards."""
    folder = tmp_path / "editions"
    # 1. copy the newest edition's files
    assert main(["editions", "--copy", "r4-hosei-type1", str(folder)]) == 0
    # 2. name the copy as the new edition and change what the edition says
    text = (folder / "r4_hosei_type1.toml").read_text("utf-8")
    (folder / "r4_hosei_type1.toml").unlink()
    text = text.replace('id = "r4-hosei-type1"', 'id = "r5-kaitei-type1"')
    text = text.replace('published = 2023-04-01', 'published = 2024-04-01')
    text = text.replace('label = "令和4年度補正', 'label = "事業開始日つき（令和4年度補正')
    text = text.replace('checked_against = "令和3年度補正の様式の年度をずらしたもの（発行された様式とは未照合）"',
                        'checked_against = "試験：事業開始日を足した様式"')
    (folder / "r5_kaitei_type1.toml").write_text(text, "utf-8")
    # 3. add the row to the copied form
    with open(folder / "forms" / "type1.toml", "a", encoding="utf-8") as form:
        form.write(NEW_ROW)
    # 4. name the folder for dejiden
    monkeypatch.setenv(edition.FOLDER_ENV, str(folder))
    edition.reload()
    yield folder
    monkeypatch.delenv(edition.FOLDER_ENV)
    edition.reload()


def test_a_row_added_by_an_administrator_is_asked_checked_exported_and_imported(admin_folder, tmp_path, capsys):
    assert main(["editions"]) == 0
    listed = capsys.readouterr()
    assert "r5-kaitei-type1（既定）" in listed.out and f"フォルダ：{admin_folder}" in listed.out and not listed.err
    ed = edition.load_edition("r5-kaitei-type1")
    assert edition.newest() is ed

    w = Walker(Draft(Report(edition=ed.id), Session(closed=["edition"])), today=lambda: TODAY)
    asked: set[str] = set()
    seen_question = ""
    for _ in range(2000):
        if w.current == REVIEW:
            break
        if w.current == "header.start_date":
            seen_question = w.prompt().text
        reply = w.handle(_answer(w, asked))
        assert reply.accepted, (w.current, [m.text for m in reply.messages])
    assert "header.start_date" in asked and seen_question == "事業を開始した日を入力してください。"
    assert w.report.header.start_date == dt.date(2023, 4, 1)
    result = w.check()
    assert result.complete, [(i.path, i.message) for i in result.items]
    w.report.header.start_date = None  # required like every row: check names it by its label
    missing = w.check().problems_at("header.start_date")
    assert missing and missing[0].label == "事業開始日"
    w.report.header.start_date = dt.date(2023, 4, 1)

    book = tmp_path / "book.xlsx"
    workbook.export(w.report, None, book)
    sheet = openpyxl.load_workbook(book)["報告書"]
    assert sheet["A10"].value == "事業開始日" and sheet["B10"].value == dt.datetime(2023, 4, 1)
    cell = next(c for c in layout(ed) if c.path == "header.start_date")
    assert cell.ref == "B10"
    back = workbook.import_workbook(book)
    assert back.draft is not None, back.problems
    assert back.draft.report.edition == ed.id and back.draft.report.to_data() == w.report.to_data()


def test_a_broken_file_in_the_folder_is_said_and_not_offered(admin_folder, capsys):
    (admin_folder / "r6_broken_type1.toml").write_text('id = "r6-broken-type1"\nform = "forms/none.toml"\n', "utf-8")
    bad_rule = (admin_folder / "forms" / "type1.toml").read_text("utf-8").replace('default = "today"', 'default = "yesterday"')
    (admin_folder / "forms" / "type1_bad.toml").write_text(bad_rule, "utf-8")
    text = (admin_folder / "r5_kaitei_type1.toml").read_text("utf-8").replace('"r5-kaitei-type1"', '"r6-badrule-type1"')
    (admin_folder / "r6_badrule_type1.toml").write_text(text.replace("published", 'form = "forms/type1_bad.toml"\npublished'), "utf-8")
    edition.reload()
    assert main(["editions"]) == 0
    said = capsys.readouterr()
    assert "r6-broken-type1" not in said.out and "r6_broken_type1.toml" in said.err
    assert "r6-badrule-type1" not in said.out and "yesterday" in said.err and "r5-kaitei-type1" in said.out
    with pytest.raises(KeyError):
        edition.load_edition("r6-broken-type1")


def test_an_unreadable_folder_is_said_and_the_shipped_editions_still_work(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    real = edition.Path.iterdir

    def iterdir(self):  # as a folder of mode 700 owned by someone else reads (root would read anything)
        if self == folder:
            raise PermissionError(13, "denied")
        return real(self)

    monkeypatch.setattr(edition.Path, "iterdir", iterdir)
    monkeypatch.setenv(edition.FOLDER_ENV, str(folder))
    edition.reload()
    try:
        assert main(["editions"]) == 0
        said = capsys.readouterr()
        assert "r3-hosei-type1" in said.out and f"{folder}：フォルダを読めません。フォルダの権限を確かめてください" in said.err
    finally:
        monkeypatch.undo()
        edition.reload()
