"""Hostile files on a shared server: symlinks, FIFOs, permissions, the lock, --force (issue 9)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dejiden.model import atomic, draft, files, fsio
from dejiden.model.example import seed_report
from dejiden.model.lock import DraftLock
from dejiden.tui.cli import main

pytestmark = pytest.mark.writes_files
ROOT = os.geteuid() == 0


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def victim(tmp_path) -> Path:
    """A file another account owns in real life: nothing dejiden does may change it."""
    path = tmp_path / "victim" / "secret.txt"
    path.parent.mkdir()
    path.write_bytes(b"root's file\n")
    return path


def seed_bytes() -> bytes:
    return draft.dumps(draft.Draft(seed_report())).encode("utf-8")


# ---------------------------------------------------------------- symlinks planted beside a draft

def test_planted_temp_and_backup_symlinks_are_never_written_through(tmp_path, victim):
    path = tmp_path / "x.toml"
    path.write_bytes(seed_bytes())
    for name in (f".x.toml.{os.getpid()}.tmp", f".x.toml.bak.{os.getpid()}.tmp", "x.toml.bak", ".x.toml.frame"):
        (tmp_path / name).symlink_to(victim)
    files.atomic_write(path, seed_bytes())
    assert victim.read_bytes() == b"root's file\n"
    assert fsio.is_regular(tmp_path / "x.toml.bak")  # the planted link was replaced, not followed
    assert (tmp_path / "x.toml.bak").read_bytes() == seed_bytes()


def test_an_output_path_that_is_a_symlink_is_refused_with_a_message(tmp_path, victim):
    link = tmp_path / "x.toml"
    link.symlink_to(victim)
    with pytest.raises(files.FileRefused) as caught:
        files.atomic_write(link, b"data")
    assert "シンボリックリンク" in caught.value.message
    assert victim.read_bytes() == b"root's file\n" and link.is_symlink()


def test_export_to_a_planted_symlink_is_refused(tmp_path, victim, capsys):
    src = tmp_path / "x.toml"
    src.write_bytes(seed_bytes())
    out = tmp_path / "book.xlsx"
    out.symlink_to(victim)
    assert main(["export", str(src), "-o", str(out)]) == 2
    assert "シンボリックリンク" in capsys.readouterr().err
    assert victim.read_bytes() == b"root's file\n"


def test_a_planted_lock_symlink_is_refused_and_not_followed(tmp_path, victim):
    (tmp_path / ".x.toml.lock").symlink_to(victim)
    with pytest.raises(files.FileRefused):
        DraftLock(tmp_path / "x.toml").acquire()
    assert victim.read_bytes() == b"root's file\n"


def test_temp_names_are_unpredictable(tmp_path, monkeypatch):
    seen = []
    real = atomic.tempfile.mkstemp

    def spy(**kw):
        fd, name = real(**kw)
        seen.append(Path(name).name)
        return fd, name

    monkeypatch.setattr(atomic.tempfile, "mkstemp", spy)
    for _ in range(2):
        files.atomic_write(tmp_path / "x.toml", b"a")
    assert len(set(seen)) == 2 and all(n.startswith(f".x.toml.{os.getpid()}.") for n in seen)


def test_reading_refuses_symlinks(tmp_path, victim):
    (tmp_path / "x.toml").symlink_to(victim)
    loaded = draft.load(tmp_path / "x.toml")
    assert isinstance(loaded, files.LoadError) and "シンボリックリンク" in loaded.reason


# ---------------------------------------------------------------- FIFOs never hang anything

def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "b.toml"
    os.mkfifo(fifo)
    started = time.monotonic()
    loaded = draft.load(fifo)
    assert isinstance(loaded, files.LoadError) and "通常のファイルではありません" in loaded.reason
    assert time.monotonic() - started < 5
    assert files.draft_paths(tmp_path) == []  # not offered on the start screen


def test_check_on_a_fifo_exits_2_without_hanging(tmp_path):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "dejiden.tui.cli", "check", str(fifo)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "通常のファイルではありません" in done.stderr


# ---------------------------------------------------------------- permissions

def test_files_are_0600_and_the_folder_0700_whatever_the_umask(tmp_path):
    old = os.umask(0o000)
    try:
        folder = fsio.private_folder(tmp_path / "data")
        files.atomic_write(folder / "x.toml", b"a")
        files.atomic_write(folder / "x.toml", b"b")
    finally:
        os.umask(old)
    assert mode(folder) == 0o700
    assert mode(folder / "x.toml") == 0o600 and mode(folder / "x.toml.bak") == 0o600


def test_existing_loose_files_and_folders_are_tightened(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    path = folder / "x.toml"
    path.write_bytes(seed_bytes())
    os.chmod(path, 0o644)
    assert isinstance(draft.load(path), draft.Draft)
    assert mode(path) == 0o600
    fsio.private_folder(folder)
    assert mode(folder) == 0o700


@pytest.mark.skipif(not ROOT, reason="needs root to own a file as another user")
def test_root_never_chmods_an_officers_file(tmp_path):
    path = tmp_path / "x.toml"
    path.write_bytes(seed_bytes())
    os.chown(path, 65534, 65534)
    os.chmod(path, 0o644)
    draft.load(path)
    assert mode(path) == 0o644
    files.atomic_write(path, seed_bytes())  # root saving an officer's draft keeps it the officer's
    assert os.lstat(path).st_uid == 65534


# ---------------------------------------------------------------- the lock

def test_a_clean_release_removes_the_lock_file(tmp_path):
    lock = DraftLock(tmp_path / "x.toml")
    assert lock.acquire() is None and lock.lock_path.exists()
    assert mode(lock.lock_path) == 0o600
    lock.release()
    assert not lock.lock_path.exists()


def test_a_leftover_lock_file_never_blocks(tmp_path):
    (tmp_path / ".x.toml.lock").write_text('{"user": "ghost", "pid": 1}')
    lock = DraftLock(tmp_path / "x.toml")
    assert lock.acquire() is None
    other = DraftLock(tmp_path / "x.toml").acquire()
    assert other is not None and other.pid == os.getpid()  # held live: the second one is told who
    lock.release()


def test_a_lock_file_removed_between_open_and_flock_is_not_trusted(tmp_path, monkeypatch):
    """The unlink race: we opened the old file, its holder removed it and let go; we must not count it."""
    first = DraftLock(tmp_path / "x.toml")
    assert first.acquire() is None
    stale = os.open(first.lock_path, os.O_RDWR)
    first.release()  # unlinks the file that ``stale`` still refers to
    calls = []
    real = DraftLock._open

    def open_stale_first(self):
        calls.append(1)
        return stale if len(calls) == 1 else real(self)

    monkeypatch.setattr(DraftLock, "_open", open_stale_first)
    second = DraftLock(tmp_path / "x.toml")
    assert second.acquire() is None and len(calls) == 2  # tried again with the file at the path
    assert second.lock_path.exists()
    second.release()


def test_holder_text_from_the_lock_file_is_shown_safely(tmp_path):
    path = tmp_path / "x.toml"
    first = DraftLock(path)
    assert first.acquire() is None
    os.pwrite(first._fd, b'{"user": "\\u001b]2;pwn\\u0007", "pid": 5, "since": "", "client": "[red]x"}' + b" " * 40, 0)
    holder = DraftLock(path).acquire()
    assert holder is not None and "\x1b" not in holder.describe() and "\x07" not in holder.describe()
    first.release()


@pytest.mark.parametrize("command", ["example", "import"])
def test_force_never_overrides_a_live_lock(tmp_path, command, capsys):
    path = tmp_path / "x.toml"
    path.write_bytes(b"# someone is editing this\n")
    book = tmp_path / "x.xlsx"
    if command == "import":
        from dejiden.model import workbook
        from dejiden.prompts.data import checklist_spec

        workbook.export(seed_report(), checklist_spec(), book)
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        argv = ["example", str(path), "--force"] if command == "example" else ["import", str(book), "--force"]
        assert main(argv) == 2
    finally:
        lock.release()
    assert "編集中" in capsys.readouterr().err
    assert path.read_bytes() == b"# someone is editing this\n"
    assert main(argv) == 0  # once nobody holds it, --force does overwrite


# ---------------------------------------------------------------- editions by id only

def test_an_edition_that_is_a_path_is_refused_without_reading_it(tmp_path):
    evil = tmp_path / "evil.toml"
    evil.write_text('id = "evil"\n')
    from dejiden.model.edition import installed_editions, load_edition

    with pytest.raises(KeyError):
        load_edition(f"../../../../..{evil.with_suffix('')}")
    loaded = draft.loads(f'edition = "../../../../..{evil.with_suffix("")}"\n')
    assert isinstance(loaded, files.LoadError)
    assert loaded.problems[0][0] == "edition" and installed_editions()[0] in loaded.problems[0][1]


def test_no_lock_file_is_left_after_a_clean_exit(tmp_path):
    import asyncio

    from dejiden.model.example import seed_report

    from .tui_helpers import app_for

    draft.save(tmp_path / "r.toml", draft.Draft(seed_report()))
    (tmp_path / "r.toml").chmod(0o644)  # as an older version left it: tightened when opened
    tmp_path.chmod(0o755)

    async def run() -> None:
        app = app_for(tmp_path, "r.toml")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert (tmp_path / ".r.toml.lock").exists()
            await pilot.press("ctrl+q")

    asyncio.run(run())
    assert not (tmp_path / ".r.toml.lock").exists()
    assert mode(tmp_path) == 0o700 and mode(tmp_path / "r.toml") == 0o600


def test_lock_is_live_tells_a_held_lock_from_a_leftover_file(tmp_path):
    from dejiden.model.lock import lock_is_live

    path = tmp_path / "x.toml"
    assert lock_is_live(path) is None
    lock = DraftLock(path)
    assert lock.acquire() is None
    assert lock_is_live(path).pid == os.getpid()
    lock.release()
    (tmp_path / ".x.toml.lock").write_text('{"user": "ghost", "pid": 1}')  # left by a crash
    assert lock_is_live(path) is None


# ---------------------------------------------------------------- a failed open lets go of its lock (issue 22)


def test_a_lock_whose_holder_note_cannot_be_written_is_let_go(tmp_path, monkeypatch):
    """Disk full while opening: the lock must not stay held by this very process."""
    import errno as _errno

    path = tmp_path / "x.toml"
    real = os.pwrite

    def full(fd, data, offset):
        raise OSError(_errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(OSError):
        DraftLock(path).acquire()
    monkeypatch.setattr(os, "pwrite", real)
    lock = DraftLock(path)
    assert lock.acquire() is None  # the space is back: opened for editing, not read-only
    lock.release()
    assert not lock.lock_path.exists()


def test_a_holder_that_left_no_note_is_described_without_question_marks(tmp_path):
    import fcntl

    path = tmp_path / "x.toml"
    lock_path = tmp_path / ".x.toml.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        holder = DraftLock(path).acquire()
        text = holder.describe()
        assert "?" not in text and "プロセス 0" not in text and "さんが  から" not in text
        assert "編集中" in text
    finally:
        os.close(fd)
