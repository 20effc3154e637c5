"""publish and summary over SSH in restricted mode, run in-process: own drafts only; summary for the administrators' group only."""

from __future__ import annotations

import grp
import io
import os
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.tui import serverconfig, verbs
from dejiden.tui.remote import Streams

from .summary_reports import sapporo_incomplete, shiojiri
from .test_remote import Pipe, put

pytestmark = pytest.mark.writes_files
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="a trusted server configuration belongs to root")


def run(command: str, folder: Path, *, tty: bool = False, config: Path | None = None) -> tuple[int, bytes, str]:
    streams = Streams(Pipe(b""), Pipe(tty=tty), Pipe())
    code = verbs.serve(command, folder, streams, server_config=config)
    return code, streams.stdout.getvalue(), streams.stderr.getvalue().decode("utf-8")


@pytest.fixture
def folder(tmp_path):
    mine = tmp_path / "data"
    mine.mkdir()
    put(mine, "塩尻市.toml", shiojiri())
    put(mine, "札幌市.toml", sapporo_incomplete())
    return mine


def config(tmp_path: Path, group: str, folders: list[Path] | None = None, mode: int = 0o644) -> Path:
    etc = tmp_path / "etc"
    etc.mkdir(mode=0o755, exist_ok=True)
    path = etc / "server.toml"
    lines = ["[summary]", f'group = "{group}"']
    if folders is not None:
        lines.append("folders = [" + ", ".join(f'"{f}"' for f in folders) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def my_group() -> str:
    return grp.getgrgid(os.getegid()).gr_name


def other_group() -> str:
    mine = set(os.getgroups()) | {os.getegid()}
    return next(g.gr_name for g in grp.getgrall() if g.gr_gid not in mine)


def test_publish_gives_the_page_of_an_own_draft(folder):
    code, out, err = run("publish 塩尻市", folder)
    assert code == 0 and err == "" and out.startswith(b"<!DOCTYPE html>") and "塩尻市" in out.decode("utf-8")
    code, out, err = run("publish 札幌市.toml", folder)
    assert code == 1 and out.startswith(b"<!DOCTYPE html>") and "未入力" in err


@pytest.mark.parametrize("command", ["publish", "publish ../data/塩尻市", "publish /etc/passwd", "publish 塩尻市 extra",
                                     "publish 無い"])
def test_publish_names_only_own_drafts(folder, command):
    code, out, err = run(command, folder)
    assert code == 2 and out == b"" and err


def test_publish_to_a_terminal_is_refused(folder):
    code, out, err = run("publish 塩尻市", folder, tty=True)
    assert code == 2 and out == b"" and "> 塩尻市.html" in err


def test_summary_is_refused_without_settings_or_outside_the_group(folder, tmp_path):
    code, out, err = run("summary", folder, config=tmp_path / "none.toml")
    assert code == 2 and out == b"" and "管理者のグループ" in err
    code, out, err = run("summary", folder, config=config(tmp_path, other_group()))
    assert code == 2 and out == b"" and "管理者のグループ" in err


@as_root
def test_summary_for_a_member_of_the_group(folder, tmp_path):
    extra = tmp_path / "received"
    extra.mkdir()
    put(extra, "seed.toml", seed_report())
    (extra / "bad.toml").write_text("x = [", encoding="utf-8")
    code, out, err = run("summary", folder, config=config(tmp_path, my_group()))  # no folders: the member's own drafts
    assert code == 0 and err == "" and zipfile.ZipFile(io.BytesIO(out)).testzip() is None
    names = [r[2] for r in CalamineWorkbook.from_filelike(io.BytesIO(out)).get_sheet_by_name("報告書一覧").to_python()[1:]]
    assert sorted(names) == ["塩尻市", "札幌市"]
    code, out, err = run("summary", folder, config=config(tmp_path, my_group(), [extra]))
    assert code == 1 and "bad.toml" in err and out.startswith(b"PK")
    assert run("summary", folder, tty=True, config=config(tmp_path, my_group()))[0] == 2
    code, _, err = run("summary /etc", folder, config=config(tmp_path, my_group()))
    assert code == 2 and "指定はできません" in err


@as_root
@pytest.mark.parametrize("how", ["group-writable", "other-writable", "symlink", "not-root", "folder-writable", "no-section",
                                 "folder-linked-into-a-writable-one"])
def test_settings_an_officer_could_change_are_not_trusted(tmp_path, how):
    path = config(tmp_path, my_group(), mode=0o664 if how == "group-writable" else 0o646 if how == "other-writable" else 0o644)
    if how == "symlink":
        real = path.with_name("real.toml")
        path.rename(real)
        path.symlink_to(real)
    if how == "not-root":
        os.chown(path, 65534, 65534)
    if how == "folder-writable":
        path.parent.chmod(0o777)
    if how == "folder-linked-into-a-writable-one":  # etc -> open/etc: anyone may rename open/etc and put theirs
        opened = tmp_path / "open"
        opened.mkdir(mode=0o777)
        opened.chmod(0o777)
        path.parent.rename(opened / "etc")
        path.parent.symlink_to(opened / "etc")
    if how == "no-section":
        path.write_text(f'group = "{my_group()}"\n', encoding="utf-8")
    access = serverconfig.load(path)
    assert access.group is None and access.problem and not serverconfig.is_member(access.group)


@as_root
def test_trusted_settings_are_read(tmp_path):
    access = serverconfig.load(config(tmp_path, "dejiden-admin", [Path("/srv/reports")]))
    assert (access.group, access.folders, access.problem) == ("dejiden-admin", (Path("/srv/reports"),), None)


def test_a_draft_file_is_not_changed_by_publish(folder):
    before = {p.name: (p.read_bytes(), p.stat().st_mode) for p in folder.iterdir()}
    run("publish 塩尻市", folder)
    assert {p.name: (p.read_bytes(), p.stat().st_mode) for p in folder.iterdir()} == before
    assert isinstance(draft.load(folder / "塩尻市.toml"), draft.Draft)
