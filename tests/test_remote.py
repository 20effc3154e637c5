"""Commands sent over SSH in restricted mode (list, download, upload, check), run in-process."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dejiden.model import draft, workbook
from dejiden.model.example import seed_report
from dejiden.prompts.data import checklist_spec
from dejiden.tui import remote, sshhint, verbs
from dejiden.tui.cli import main as cli_main

pytestmark = pytest.mark.writes_files
ROOT = Path(__file__).parents[1]


class Pipe(io.BytesIO):
    """A stream that is not a terminal (what ssh gives a command without -t)."""

    def __init__(self, data: bytes = b"", tty: bool = False) -> None:
        super().__init__(data)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def run(command: str, folder: Path, stdin: bytes = b"", *, tty: bool = False) -> tuple[int, bytes, str]:
    streams = remote.Streams(Pipe(stdin, tty), Pipe(tty=tty), Pipe())
    code = verbs.serve(command, folder, streams)
    return code, streams.stdout.getvalue(), streams.stderr.getvalue().decode("utf-8")


def put(folder: Path, name: str, report=None, session=None) -> Path:
    path = folder / name
    draft.save(path, draft.Draft(report or seed_report(), session or draft.Session()))
    return path


def parts(data: bytes) -> dict[str, bytes]:
    """The workbook's parts, with the two time stamps the xlsx format records masked."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        out = {name: z.read(name) for name in z.namelist()}
    out["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", out["docProps/core.xml"])
    return out


def edited(data: bytes, tmp_path: Path, **cells) -> bytes:
    """The workbook with some named cells changed, as Excel would save it."""
    book = tmp_path / "edit.xlsx"
    book.write_bytes(data)
    wb = openpyxl.load_workbook(book)
    for name, value in cells.items():
        (sheet, ref), = wb.defined_names[name].destinations
        wb[sheet][ref.replace("$", "")] = value
    wb.save(book)
    return book.read_bytes()


@pytest.fixture
def folder(tmp_path):
    mine = tmp_path / "data"
    mine.mkdir()
    return mine


# ---------------------------------------------------------------- names


def test_a_name_with_or_without_suffix_means_the_draft(folder):
    path = put(folder, "塩尻市.toml")
    assert remote.resolve("塩尻市", folder) == path
    assert remote.resolve("塩尻市.toml", folder) == path
    assert remote.resolve("塩尻市.xlsx", folder) == path
    assert isinstance(remote.resolve("松本市", folder), str)


@pytest.mark.parametrize("name", [
    "../data/塩尻市", "../塩尻市.toml", "/etc/passwd", "data/塩尻市", "塩尻市\0", "塩尻\n市", "塩尻市;id",
    "$(id)", "`id`", "塩尻市|cat", "塩尻市&", "塩尻市 >x", "~root", ".塩尻市", "-rf", "..", "塩尻\\市", "塩尻市\x1b[2J",
])
def test_names_that_are_paths_or_shell_are_refused(folder, name):
    put(folder, "塩尻市.toml")
    assert isinstance(remote.resolve(name, folder), str)


def test_symlinks_and_other_folders_are_not_drafts(folder, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    put(other, "secret.toml")
    (folder / "secret.toml").symlink_to(other / "secret.toml")
    (folder / "link.toml").symlink_to(folder)
    assert isinstance(remote.resolve("secret", folder), str)
    assert isinstance(remote.resolve("link", folder), str)
    code, out, err = run("download secret", folder)
    assert code == 2 and out == b"" and "ありません" in err
    assert b"secret" not in run("list", folder)[1]


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """Two drafts, a symlink to a draft elsewhere, and a sub-folder."""
    root = tmp_path_factory.mktemp("names")
    mine = root / "data"
    (mine / "sub").mkdir(parents=True)
    put(mine, "塩尻市.toml")
    put(mine, "report-1.toml")
    put(root, "outside.toml")
    put(mine / "sub", "inner.toml")
    (mine / "outside.toml").symlink_to(root / "outside.toml")
    return mine


@given(name=st.one_of(st.text(max_size=30), st.sampled_from(["塩尻市", "report-1.xlsx", "outside", "sub/inner", "../outside"]))
       .map(lambda n: n if len(n) % 3 else n + ".toml"))
def test_any_name_picks_one_of_the_own_drafts_or_nothing(shared, name):
    found = remote.resolve(name, shared)
    if isinstance(found, str):
        return
    assert found in remote.own_drafts(shared) and found.parent == shared and not found.is_symlink()
    assert remote.plain_name(name) and name.removesuffix(".toml").removesuffix(".xlsx") == found.stem
    assert not any(c in name for c in "/\\\0\n\r$;|&<>`'\" ") and not name.startswith((".", "-"))


# ---------------------------------------------------------------- list, check


def test_list_shows_name_municipality_project_progress_and_state(folder):
    put(folder, "塩尻市.toml")
    report = seed_report()
    report.header.department = None
    put(folder, "松本市.toml", report)
    (folder / "壊れた.toml").write_text("x = [", encoding="utf-8")
    code, out, err = run("list", folder)
    lines = out.decode("utf-8").splitlines()
    assert code == 0 and len(lines) == 3
    done = next(line for line in lines if line.startswith("塩尻市.toml"))
    assert "福島県会津美里町" in done and "WiFi" in done and re.search(r"(\d+)/\1問", done) and done.endswith("完成")
    todo = next(line for line in lines if line.startswith("松本市.toml"))
    assert "未完成（未入力 1件）" in todo and not re.search(r"(\d+)/\1問", todo)
    assert any(line.startswith("壊れた.toml") and "読めません" in line for line in lines)


def test_a_draft_that_cannot_be_named_is_listed_with_why(folder):
    put(folder, "a b.toml")
    put(folder, "\x1b[2Jx.toml")
    code, out, _ = run("list", folder)
    lines = out.decode("utf-8").splitlines()
    assert code == 0 and len(lines) == 2 and all("コマンドでは指定できません" in line for line in lines)
    assert "\x1b" not in out.decode("utf-8")


def test_list_of_an_empty_folder_says_so(folder):
    code, out, _ = run("list", folder)
    assert code == 0 and "下書きはまだありません" in out.decode("utf-8")


def test_check_is_dejiden_check(folder, capsys):
    report = seed_report()
    report.header.department = None
    path = put(folder, "松本市.toml", report)
    code, out, _ = run("check 松本市", folder)
    assert code == cli_main(["check", str(path)]) == 1
    assert out.decode("utf-8") == capsys.readouterr().out
    code, out, _ = run("check 松本市.toml --json", folder)
    assert code == 1 and b'"complete": false' in out


# ---------------------------------------------------------------- download


def test_download_is_exactly_a_local_export(folder, tmp_path):
    path = put(folder, "塩尻市.toml")
    code, out, err = run("download 塩尻市.xlsx", folder)
    assert code == 0 and err == ""
    local = workbook.export(draft.load(path).report, checklist_spec(), tmp_path / "local.xlsx")
    assert parts(out) == parts(local.path.read_bytes())


def test_download_of_an_incomplete_report_still_gives_the_file_and_exits_1(folder):
    report = seed_report()
    report.kpis[0].narrative_unachieved = None
    put(folder, "松本市.toml", report)
    code, out, err = run("download 松本市", folder)
    assert code == 1 and out.startswith(b"PK\x03\x04")
    assert "まだ提出できません" in err and "KPI①" in err


def test_download_toml_gives_the_draft_itself(folder):
    path = put(folder, "塩尻市.toml")
    code, out, _ = run("download 塩尻市 --toml", folder)
    assert code == 0 and out == path.read_bytes()


def test_download_to_a_terminal_is_refused(folder):
    put(folder, "塩尻市.toml")
    code, out, err = run("download 塩尻市", folder, tty=True)
    assert code == 2 and out == b"" and "> 塩尻市.xlsx" in err


# ---------------------------------------------------------------- anything else, and the entry


@pytest.mark.parametrize("command", ["", "   ", "scp -t .", "sftp", "/bin/sh -c id", "bash", "list extra",
                                     "download", "download a b", "upload", "check", "download 'unbalanced", "LIST"])
def test_anything_else_is_one_line_of_help_and_exit_2(folder, command):
    code, out, err = run(command, folder)
    assert code == 2 and out == b""
    assert err.count("\n") == 1 and err.startswith("使い方: ssh ホスト list")


def test_the_command_runs_without_a_terminal(folder):
    put(folder, "塩尻市.toml")
    env = {**os.environ, "DEJIDEN_DATA_DIR": str(folder), "SSH_ORIGINAL_COMMAND": "download 塩尻市.xlsx", "LANG": "C"}
    env.pop("LC_ALL", None)
    proc = subprocess.run([sys.executable, "-m", "dejiden.tui.cli", "--restricted"], capture_output=True, cwd=ROOT,
                          stdin=subprocess.DEVNULL, env=env, timeout=60)
    assert proc.returncode == 0 and proc.stderr == b"" and proc.stdout.startswith(b"PK\x03\x04")
    env["SSH_ORIGINAL_COMMAND"] = "list"
    proc = subprocess.run([sys.executable, "-m", "dejiden.tui.cli", "--restricted"], capture_output=True, cwd=ROOT,
                          stdin=subprocess.DEVNULL, env=env, timeout=60)
    assert proc.returncode == 0 and proc.stdout.decode("utf-8").startswith("塩尻市.toml  福島県会津美里町")


# ---------------------------------------------------------------- the hint after F5


def test_hint_names_user_host_and_port():
    env = {"SSH_CONNECTION": "192.0.2.7 50000 203.0.113.5 22", sshhint.HOST_ENV: "report-server"}
    hint = sshhint.fetch_hint(Path("/d/塩尻市.toml"), restricted=True, env=env, user="tanaka")
    assert "ssh tanaka@report-server download 塩尻市.xlsx > 塩尻市.xlsx" in hint
    assert "ssh tanaka@report-server upload 塩尻市 < 塩尻市.xlsx" in hint
    env = {"SSH_CONNECTION": "192.0.2.7 50000 203.0.113.5 2222"}
    assert "ssh -p 2222 tanaka@203.0.113.5 download" in sshhint.fetch_hint(Path("塩尻市.toml"), restricted=True, env=env, user="tanaka")
    env = {"SSH_CONNECTION": "::1 50000 ::1 22"}
    assert "tanaka@[::1] download" in sshhint.fetch_hint(Path("塩尻市.toml"), restricted=True, env=env, user="tanaka")


def test_no_hint_off_ssh_or_outside_restricted_mode():
    env = {"SSH_CONNECTION": "192.0.2.7 50000 203.0.113.5 22"}
    assert sshhint.fetch_hint(Path("a.toml"), restricted=True, env={}, user="tanaka") is None
    assert sshhint.fetch_hint(None, restricted=True, env=env, user="tanaka") is None
    assert sshhint.fetch_hint(Path("a.toml"), restricted=True, env=env, user="x;y") is None
    assert sshhint.fetch_hint(Path("a.toml"), restricted=False, env=env, user="tanaka") is None
    assert sshhint.fetch_hint(Path("a b.toml"), restricted=True, env=env, user="tanaka").endswith("list）。")
    bad = {sshhint.HOST_ENV: "x; rm -rf ~"}
    assert sshhint.fetch_hint(Path("a.toml"), restricted=True, env=bad, user="tanaka") is None
