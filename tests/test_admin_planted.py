"""Files planted in an administrator's editions folder (shared, perhaps writable by others, dejiden perhaps run as
root): FIFOs, links, deep nesting, a BOM, a shipped id claimed, a folder that is not there. Each said by its file,
nothing waits, nothing is read through a link, the shipped editions unchanged."""

from __future__ import annotations

import os
import signal

import pytest

from dejiden.model import edition
from dejiden.tui.cli import main

from .test_admin_edition import admin_folder  # noqa: F401 (the fixture)

pytestmark = pytest.mark.writes_files


def _waited(*_):
    raise TimeoutError("dejiden editions waited")


def _editions(capsys) -> tuple[str, str]:
    edition.reload()
    signal.signal(signal.SIGALRM, _waited)
    signal.alarm(10)  # a FIFO read would wait for a writer for ever: fail instead
    try:
        assert main(["editions"]) == 0
    finally:
        signal.alarm(0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "recursion" not in err, err
    return out, err


def test_a_fifo_under_a_forms_name_or_an_editions_name_is_said_without_waiting(admin_folder, capsys):
    form = admin_folder / "forms" / "type1.toml"
    form.unlink()
    os.mkfifo(form)
    os.mkfifo(admin_folder / "r6_fifo_type1.toml")
    out, err = _editions(capsys)
    assert "forms/type1.toml：通常のファイルではありません" in err and "r6_fifo_type1.toml：通常のファイルではありません" in err
    assert "r5-kaitei-type1" not in out and "r4-hosei-type1（既定）" in out


def test_a_link_in_the_folder_is_not_followed(admin_folder, tmp_path, capsys):
    secret = tmp_path / "secret.toml"
    secret.write_text('[[fields]]\npath = "TOPSECRET"\n', "utf-8")
    form = admin_folder / "forms" / "type1.toml"
    form.unlink()
    form.symlink_to(secret)
    (admin_folder / "r6_link_type1.toml").symlink_to(admin_folder / "r5_kaitei_type1.toml")
    out, err = _editions(capsys)
    assert "TOPSECRET" not in err + out and "forms/type1.toml：シンボリックリンクです" in err
    assert "r6_link_type1.toml：シンボリックリンクです" in err and "r5-kaitei-type1" not in out


@pytest.mark.parametrize("nested", ["[" * 10_000 + "]" * 10_000, "{a=" * 10_000 + "1" + "}" * 10_000], ids=["arrays", "tables"])
def test_deep_nesting_is_said_in_japanese(admin_folder, nested, capsys):
    with open(admin_folder / "forms" / "type1.toml", "a", encoding="utf-8") as form:
        form.write(f"deep = {nested}\n")
    out, err = _editions(capsys)
    assert "forms/type1.toml：表や一覧の入れ子が深すぎます。" in err and "r5-kaitei-type1" not in out


def test_a_bom_written_by_a_windows_editor_is_no_mistake(admin_folder, capsys):
    ed_file = admin_folder / "r5_kaitei_type1.toml"
    ed_file.write_bytes(b"\xef\xbb\xbf" + ed_file.read_bytes())
    out, err = _editions(capsys)
    assert "r5-kaitei-type1" in out and not err


def test_a_shipped_id_claimed_is_said_and_the_shipped_edition_stays(admin_folder, capsys):
    text = (admin_folder / "r5_kaitei_type1.toml").read_text("utf-8")
    (admin_folder / "r3_hosei_type1.toml").write_text(text.replace('"r5-kaitei-type1"', '"r3-hosei-type1"'), "utf-8")
    out, err = _editions(capsys)
    assert "r3_hosei_type1.toml：id「r3-hosei-type1」は dejiden に付属の版です。付属の版は置き換えられません。" in err
    assert edition.load_edition("r3-hosei-type1").folder == ""


@pytest.mark.parametrize("where, said", [("nowhere", "このフォルダはありません"), ("a_file", "フォルダではありません")])
def test_a_folder_named_wrongly_is_said(tmp_path, monkeypatch, where, said, capsys):
    (tmp_path / "a_file").write_text("x", "utf-8")
    monkeypatch.setenv(edition.FOLDER_ENV, str(tmp_path / where))
    try:
        out, err = _editions(capsys)
    finally:
        monkeypatch.delenv(edition.FOLDER_ENV)
        edition.reload()
    assert f"{tmp_path / where}：{said}。環境変数 DEJIDEN_EDITIONS" in err and "r4-hosei-type1（既定）" in out


ROW = 'label = "事業開始日"'
# What a planted row may carry that the chat, the workbook or `dejiden editions` cannot show: (old, new, what is said)
SHOWN = {
    "ESC in a label": (ROW, ROW + '\nhint = "\\u001b]0;PWNED\\u0007\\u001b[2J"',
                       'forms/type1.toml の path = "header.start_date" の行の hint：制御文字（ESC など）が入っています'),
    "100,000 characters": (ROW, ROW + f'\nhint = "{"ヒ" * 100_000}"', "の行の hint：100,000字あります。上限は2,000字です。"),
    "100,000 choices": ('type = "date"', 'type = "choice"\nchoices = [' + ", ".join(['"a"'] * 100_000) + "]",
                        "の行の choices：100,000個並んでいます。上限は1,000個です。"),
}


@pytest.mark.parametrize("what", SHOWN, ids=list(SHOWN))
def test_a_row_that_cannot_be_shown_is_named(admin_folder, what, capsys):
    from .test_admin_edition import NEW_ROW

    old, new, said = SHOWN[what]
    form = admin_folder / "forms" / "type1.toml"
    form.write_text(form.read_text("utf-8").replace(NEW_ROW, NEW_ROW.replace(old, new)), "utf-8")
    out, err = _editions(capsys)
    assert said in err and "\x1b" not in err and "r5-kaitei-type1" not in out


@pytest.mark.parametrize("sheet, said", [
    ('answer_col = "XFD", first_row = 1048576', '答えのセル XFD1048576 は使えません。A〜Z列・1,000行目までにしてください'),
    ("text_max = 300", "text_max = 100000000"),
], ids=["a cell past the sheet", "more than a cell holds"])
def test_a_checklist_sheet_a_workbook_cannot_hold_is_named(admin_folder, sheet, said, capsys):
    checklist = admin_folder / "forms" / "type1_checklist.toml"
    text = checklist.read_text("utf-8")
    if sheet.startswith("text_max"):
        text, said = text.replace(sheet, said), "字数の上限 100,000,000 は使えません。1〜32,767字にしてください"
    else:
        text = text.replace('answer_col = "C", first_row = 5', sheet)
    checklist.write_text(text, "utf-8")
    out, err = _editions(capsys)
    assert 'forms/type1_checklist.toml の id = "1-' in err and said in err and "r5-kaitei-type1" not in out


def test_a_file_or_folder_anyone_may_write_is_not_read(admin_folder, capsys):
    form = admin_folder / "forms" / "type1.toml"
    form.chmod(0o666)
    out, err = _editions(capsys)
    assert f"{form} はほかの誰でも書き換えられます。chmod o-w {form} で" in err and "r5-kaitei-type1" not in out
    form.chmod(0o644)
    admin_folder.chmod(0o1777)  # sticky, as /tmp: anyone may still add a file
    out, err = _editions(capsys)
    assert f"{admin_folder} はほかの誰でも書き換えられます" in err and "r5-kaitei-type1" not in out


def test_a_folder_of_too_many_editions_is_read_no_further_than_the_limit(admin_folder, capsys):
    text = (admin_folder / "r5_kaitei_type1.toml").read_text("utf-8")
    for i in range(edition.MAX_FILES + 10):
        (admin_folder / f"r6_k{i:02d}.toml").write_text(text.replace('"r5-kaitei-type1"', f'"r6-k{i:02d}"'), "utf-8")
    out, err = _editions(capsys)
    assert f"様式の版のファイルが{edition.MAX_FILES}個を超えています" in err
    assert "r6-k00" in out and f"r6-k{edition.MAX_FILES + 9}" not in out


@pytest.mark.parametrize("old, new, said", [
    ("max_kpis = 15", "max_kpis = 1000000000", "max_kpis は 1〜50 で書いてください。"),
    ("max_budget_rows = 10", "max_budget_rows = -1", "max_budget_rows は 1〜50 で書いてください。"),
    ("narrative_max = 300", "narrative_max = 100000000", "narrative_max は 1〜32767 で書いてください。"),
    ("budget_year = 2024", "budget_year = 99999999999999999999", "budget_year は 2000〜2100 で書いてください。"),
    ("kpi_years = [2023, 2024]", f"kpi_years = [{', '.join(map(str, range(1000, 2000)))}]", "1〜10個の年度を古い順に"),
    ("id = ", 'form = "../../../etc/passwd"\nid = ', "form・checklist の「../../../etc/passwd」は使えません"),
    ("id = ", 'checklist = "/etc/passwd"\nid = ', "form・checklist の「/etc/passwd」は使えません"),
], ids=["a billion KPIs", "no budget rows", "a narrative no cell holds", "a year too far", "1,000 KPI years",
        "a form outside the folder", "a checklist by an absolute path"])
def test_an_edition_no_form_can_be_is_named_at_once(admin_folder, old, new, said, capsys):
    ed_file = admin_folder / "r5_kaitei_type1.toml"
    text = ed_file.read_text("utf-8")
    assert old in text
    ed_file.write_text(text.replace(old, new, 1), "utf-8")
    out, err = _editions(capsys)  # a billion KPIs once laid out the workbook for ever
    assert said in err and "r5-kaitei-type1" not in out


def test_a_kpi_row_outside_its_block_is_named(admin_folder, capsys):
    form = admin_folder / "forms" / "type1.toml"
    text = form.read_text("utf-8")
    assert 'col = "C"\nrow = 1\n' in text
    form.write_text(text.replace('col = "C"\nrow = 1\n', 'col = "C"\nrow = 100000000\n', 1), "utf-8")
    out, err = _editions(capsys)  # the workbook could not be written (past row 1,048,576), or a row lands in the next KPI
    assert "の行：row = 100000000 は使えません。KPIの枠の中の行は 0（見出しの行）か 1（値の行）で" in err
    assert "r5-kaitei-type1" not in out


def test_a_label_cannot_fake_another_line_of_the_list(admin_folder, capsys):
    ed_file = admin_folder / "r5_kaitei_type1.toml"
    text = ed_file.read_text("utf-8")
    ed_file.write_text(text.replace('label = "', 'label = "x\\nr3-hosei-type1（既定）\\n  ', 1), "utf-8")
    out, err = _editions(capsys)
    assert "r5_kaitei_type1.toml の label：改行やタブは使えません。1行で書いてください。" in err and "r5-kaitei-type1" not in out


def test_a_file_name_cannot_fake_another_line_of_the_list(admin_folder, capsys):
    (admin_folder / "r6_x\n使えない様式ファイル：偽物.toml").write_text("", "utf-8")
    out, err = _editions(capsys)
    assert len(err.splitlines()) == 1 and "r6_x␊使えない様式ファイル：偽物.toml：ファイル名は" in err
