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
    assert "forms/type1.toml は普通のファイルではありません" in err and "r6_fifo_type1.toml は普通のファイルではありません" in err
    assert "r5-kaitei-type1" not in out and "r4-hosei-type1（既定）" in out


def test_a_link_in_the_folder_is_not_followed(admin_folder, tmp_path, capsys):
    secret = tmp_path / "secret.toml"
    secret.write_text('[[fields]]\npath = "TOPSECRET"\n', "utf-8")
    form = admin_folder / "forms" / "type1.toml"
    form.unlink()
    form.symlink_to(secret)
    (admin_folder / "r6_link_type1.toml").symlink_to(admin_folder / "r5_kaitei_type1.toml")
    out, err = _editions(capsys)
    assert "TOPSECRET" not in err + out and "forms/type1.toml はシンボリックリンクです" in err
    assert "r6_link_type1.toml はシンボリックリンクです" in err and "r5-kaitei-type1" not in out


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
