"""End to end over a real OpenSSH server: list, download, upload and check with the same login."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from dejiden.model import draft, workbook
from dejiden.model.example import seed_report
from dejiden.prompts.data import checklist_spec

from . import ssh_server
from .ssh_server import Terminal, put_draft
from .test_remote import edited, parts

pytestmark = [pytest.mark.e2e, pytest.mark.writes_files]

ssh_server.require()

SPEC = checklist_spec()


def snapshot(folder: Path) -> list[tuple[str, bytes]]:
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir() if p.is_file())


def libreoffice(tmp_path: Path, book: Path, target: str) -> Path:
    """Convert ``book`` with LibreOffice (``pdf``, or ``xlsx`` = open and save again as a person would)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / f"lo-{target}"
    filt = "xlsx:Calc MS Excel 2007 XML" if target == "xlsx" else target
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--norestore",
                    "--convert-to", filt, "--outdir", str(out), str(book)], check=True, capture_output=True, timeout=240)
    return out / f"{book.stem}.{target}"


def flat(text: str) -> str:
    return "".join(text.split())


def test_fill_download_edit_upload_and_download_the_final_one(server, drafts, tmp_path):
    start = seed_report()
    start.header.department = None
    path = put_draft(server, drafts, "塩尻市.toml", start, draft.Session(current="header.department"))
    # 1. fill: the last answer, in the app, then F5 says how to fetch the file from the officer's PC
    term = Terminal("fill", server.ssh_command(), width=100, height=30)
    try:
        term.wait_for("前回は 塩尻市.toml")
        term.press("Enter")
        term.wait_for("担当部局名")
        term.type("政策財政課")
        term.press("Enter")
        term.wait_for("政策財政課")
        term.press("F5")
        screen = flat(term.wait_for("Excelファイルを書き出しました"))
        target = f"ssh-p{server.port}{ssh_server.USER}@report-server.example.lg.jp"
        assert f"{target}download塩尻市.xlsx>塩尻市.xlsx" in screen
        assert f"{target}upload塩尻市<塩尻市.xlsx" in screen
        term.press("C-q")
        term.wait_for("[session ended]")
    finally:
        term.close()
    filled = draft.load(path).report
    assert filled.header.department == "政策財政課"
    # 2. download: exactly the workbook a local export makes, and LibreOffice opens it
    got = server.run("download", "塩尻市.xlsx")
    assert got.returncode == 0 and got.stderr == b""
    local = workbook.export(filled, SPEC, tmp_path / "local.xlsx").path
    assert parts(got.stdout) == parts(local.read_bytes())
    book = tmp_path / "塩尻市.xlsx"
    book.write_bytes(got.stdout)
    assert libreoffice(tmp_path, book, "pdf").read_bytes().startswith(b"%PDF")
    # 3. edited in a spreadsheet program: two answers changed, then saved by LibreOffice
    book.write_bytes(edited(got.stdout, tmp_path, header_department="デジタル推進課", header_phone="0242-55-1234"))
    resaved = libreoffice(tmp_path, book, "xlsx")
    # 4. upload: exactly those answers change, the previous version stays as the backup
    sent = server.run("upload", "塩尻市", data=resaved.read_bytes())
    err = sent.stderr.decode("utf-8")
    assert sent.returncode == 0, err
    assert "変更：担当部局名（報告書!B6）：政策財政課 → デジタル推進課" in err and err.count("変更：") == 2
    expected = filled.model_copy(deep=True)
    expected.header.department = "デジタル推進課"
    expected.header.phone = "0242-55-1234"
    assert draft.load(path).report == expected
    assert draft.load(drafts / "塩尻市.toml.bak").report == filled
    # 5. the final one: complete, and it reads back as the draft
    final = server.run("download", "塩尻市")
    assert final.returncode == 0
    (tmp_path / "final.xlsx").write_bytes(final.stdout)
    assert workbook.import_workbook(tmp_path / "final.xlsx", SPEC).draft.report == expected
    assert server.run("check", "塩尻市").returncode == 0


def test_list_check_and_toml_over_ssh(server, drafts):
    report = seed_report()
    report.header.department = None
    path = put_draft(server, drafts, "松本市.toml", report)
    put_draft(server, drafts, "塩尻市.toml", seed_report())
    listed = server.run("list")
    lines = listed.stdout.decode("utf-8").splitlines()
    assert listed.returncode == 0 and sorted(line.split()[0] for line in lines) == ["塩尻市.toml", "松本市.toml"]
    assert any(line.startswith("松本市.toml  福島県会津美里町") and "未完成（未入力 1件）" in line for line in lines)
    checked = server.run("check", "松本市")
    assert checked.returncode == 1 and "[未入力] 担当部局名" in checked.stdout.decode("utf-8")
    raw = server.run("download", "松本市", "--toml")
    assert raw.stdout == path.read_bytes()


def test_commands_with_lang_c_and_with_a_terminal(server, drafts):
    put_draft(server, drafts, "塩尻市.toml", seed_report())
    listed = server.run("list", options=("-o", "SetEnv=LANG=C", "-o", "SetEnv=LC_ALL=C"))
    assert listed.returncode == 0 and listed.stdout.decode("utf-8").startswith("塩尻市.toml  福島県会津美里町")
    got = server.run("download", "塩尻市", options=("-tt",))  # a terminal would damage the bytes: refused
    assert got.returncode == 2 and b"PK" not in got.stdout and "ssh -t は使いません" in got.stdout.decode("utf-8")


def test_scp_and_sftp_get_nothing(server, drafts, tmp_path):
    put_draft(server, drafts, "塩尻市.toml", seed_report())
    common = ["-P", str(server.port), "-i", str(server.key), "-o", "StrictHostKeyChecking=no",
              "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes"]
    source = f"{ssh_server.USER}@127.0.0.1:.local/share/dejiden/塩尻市.toml"
    for scp in (["scp", *common], ["scp", "-O", *common]):  # the SFTP protocol, and the old scp one
        got = subprocess.run([*scp, source, str(tmp_path / "got.toml")], capture_output=True, timeout=60,
                             stdin=subprocess.DEVNULL)
        assert got.returncode != 0 and not (tmp_path / "got.toml").exists()
    got = subprocess.run(["sftp", "-b", "-", *common, f"{ssh_server.USER}@127.0.0.1"], input=b"ls\n",
                         capture_output=True, timeout=60)
    assert got.returncode != 0 and "塩尻市" not in got.stdout.decode("utf-8", "replace")


def test_upload_while_the_draft_is_open_is_refused_without_change(server, drafts, tmp_path):
    path = put_draft(server, drafts, "塩尻市.toml", seed_report(), draft.Session(current="header.department"))
    book = edited(server.run("download", "塩尻市").stdout, tmp_path, header_department="デジタル推進課")
    before = path.read_bytes()
    term = Terminal("open", server.ssh_command())
    try:
        term.wait_for("前回は 塩尻市.toml")
        term.press("Enter")
        term.wait_for("担当部局名")
        sent = server.run("upload", "塩尻市", data=book)
        err = sent.stderr.decode("utf-8")
        assert sent.returncode == 2 and "編集中です" in err and "下書きは変えていません" in err
        assert path.read_bytes() == before and not (drafts / "塩尻市.toml.bak").exists()
        term.press("C-q")
        term.wait_for("[session ended]")
    finally:
        term.close()
    assert draft.load(path).report == seed_report()


def test_names_that_are_not_own_drafts_are_refused(server, drafts):
    put_draft(server, drafts, "塩尻市.toml", seed_report())
    elsewhere = ssh_server.RUNTIME / "other-user"  # readable by the test user: only dejiden says no
    elsewhere.mkdir(exist_ok=True)
    draft.save(elsewhere / "secret.toml", draft.Draft(seed_report()))
    for p in (elsewhere, elsewhere / "secret.toml"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    (drafts / "link.toml").symlink_to(elsewhere / "secret.toml")
    os.lchown(drafts / "link.toml", server.uid, server.gid)
    for name in ("../塩尻市", "/etc/passwd", str(elsewhere / "secret.toml"), "../../../../../" + str(elsewhere / "secret"),
                 "塩尻市;id", "$(id)", "`id`", "塩尻市\nid", "塩尻市|cat", "link", "link.toml", "secret"):
        got = server.run("download", name)
        assert got.returncode == 2 and got.stdout == b"", name
        assert "uid=" not in got.stderr.decode("utf-8")
    assert "link" not in server.run("list").stdout.decode("utf-8")


@pytest.mark.parametrize("kind", ["text", "zip", "oversized"])
def test_oversized_or_non_xlsx_upload_writes_nothing(server, drafts, kind):
    import io
    import zipfile

    put_draft(server, drafts, "塩尻市.toml", seed_report())
    if kind == "text":
        data = "氏名,電話\n".encode("utf-8")
    elif kind == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("readme.txt", "not a workbook")
        data = buf.getvalue()
    else:
        data = b"PK\x03\x04" + os.urandom(6 * 1024 * 1024)
    before = snapshot(drafts)
    sent = server.run("upload", "塩尻市", data=data)
    assert sent.returncode == 2 and "下書きは変えていません" in sent.stderr.decode("utf-8")
    assert snapshot(drafts) == before


def test_publish_for_the_officer_and_summary_only_for_the_administrators(server, drafts, tmp_path):
    from python_calamine import CalamineWorkbook

    from .summary_reports import shiojiri

    put_draft(server, drafts, "塩尻市.toml", shiojiri())
    put_draft(server, drafts, "会津美里町.toml", seed_report())
    got = server.run("publish", "塩尻市")
    assert got.returncode == 0 and got.stderr == b"" and got.stdout.startswith(b"<!DOCTYPE html>")
    assert "窓口の平均待ち時間の短縮" in got.stdout.decode("utf-8") and b"<script>" not in got.stdout
    assert server.run("publish", "../塩尻市").returncode == 2
    # an officer (not in the administrators' group of the server's settings) gets no summary
    got = server.run("summary")
    assert got.returncode == 2 and got.stdout == b"" and "管理者のグループ" in got.stderr.decode("utf-8")
    # the administrators' group, joined by root (an officer cannot), may: the drafts of the member's folder
    subprocess.run(["usermod", "-aG", ssh_server.ADMINS, ssh_server.USER], check=True)
    try:
        got = server.run("summary")
        assert got.returncode == 0 and got.stderr == b"" and got.stdout.startswith(b"PK\x03\x04")
        book = tmp_path / "summary.xlsx"
        book.write_bytes(got.stdout)
        rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("報告書一覧").to_python()
        assert sorted(r[2] for r in rows[1:]) == ["会津美里町", "塩尻市"]
        assert server.run("summary", "/etc").returncode == 2
    finally:
        subprocess.run(["gpasswd", "-d", ssh_server.USER, ssh_server.ADMINS], capture_output=True)
    assert server.run("summary").returncode == 2
