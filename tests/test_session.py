"""DraftSession (prompts/session.py): each duty of one open draft, without a terminal."""

from __future__ import annotations

import errno

import pytest

from dejiden.model import draft as drafts
from dejiden.model.example import seed_report
from dejiden.model.files import DraftLock
from dejiden.prompts.session import CONFLICT, FAILED, NEW, SAVED, TYPING, DraftSession

from .tui_helpers import TODAY

pytestmark = pytest.mark.writes_files
today = lambda: TODAY


def _seeded(tmp_path, *clear: str, current: str | None = None):
    from dejiden.model import paths

    report = seed_report()
    for p in clear:
        paths.clear(report, p)
    path = tmp_path / "r.toml"
    drafts.save(path, drafts.Draft(report, drafts.Session(current=current)))
    return path


def _open(path) -> DraftSession:
    session = DraftSession.open(path, today)
    assert isinstance(session, DraftSession)
    assert session.take_lock() is None
    return session


def test_loading_a_missing_file_writes_nothing_until_the_first_answer(tmp_path):
    path = tmp_path / "new.toml"
    session = _open(path)
    assert session.state == NEW and not path.exists()
    assert session.autosave() is None and not path.exists()
    session.typed("2024年")  # text typed but no answer: still no file
    assert session.autosave() is None and not path.exists()
    session.handle("1")  # the edition (the newest, picked) is the first answer
    assert path.exists()
    session.handle("2024年6月19日")
    assert drafts.load(path).report.header.entry_date.isoformat() == "2024-06-19"
    assert session.state == SAVED
    session.release()


def test_each_accepted_answer_is_saved_at_once(tmp_path):
    path = _seeded(tmp_path, "header.department", current="header.department")
    session = _open(path)
    reply = session.handle("総務課")
    assert reply.accepted and not session.unsaved
    assert drafts.load(path).report.header.department == "総務課"
    session.release()


def test_pending_text_is_saved_by_autosave_only_when_it_changed(tmp_path):
    path = _seeded(tmp_path, "header.department", current="header.department")
    session = _open(path)
    before = path.stat().st_mtime_ns
    assert session.autosave() is None and path.stat().st_mtime_ns == before  # nothing to save
    session.typed("総務")
    assert session.state == TYPING and session.unsaved
    session.autosave()
    saved = drafts.load(path).session
    assert (saved.pending, saved.pending_for) == ("総務", "header.department")
    assert not session.unsaved and session.state == SAVED
    session.handle("総務課")  # sending clears it
    assert drafts.load(path).session.pending is None
    session.release()


def test_a_new_draft_is_named_after_its_municipality(tmp_path):
    (tmp_path / "塩尻市.toml").write_text("", encoding="utf-8")
    session = DraftSession.new(tmp_path, today)
    assert session.path is None
    session.handle("1")  # the edition: the newest
    assert session.path == tmp_path / "新しい報告書.toml" and session.path.exists()
    session.handle("")  # 記入日: today
    session.handle("塩尻市")
    assert session.path == tmp_path / "塩尻市-2.toml"
    assert not (tmp_path / "新しい報告書.toml").exists()
    assert drafts.load(session.path).report.header.municipality == "塩尻市"
    assert session.lock is not None and session.lock.lock_path.name == ".塩尻市-2.toml.lock"
    session.handle("総務課")
    assert drafts.load(tmp_path / "塩尻市-2.toml").report.header.department == "総務課"
    session.release()


def test_changing_the_municipality_later_says_the_file_keeps_its_name(tmp_path):
    session = DraftSession.new(tmp_path, today)
    session.handle("1")  # the edition (the newest, picked)
    session.handle("")  # 記入日
    assert not any("ファイル名" in m.text for m in session.handle("ニセコ町").messages)  # named now
    assert session.path == tmp_path / "ニセコ町.toml"
    session.walker.goto("header.municipality")
    said = [m.text for m in session.handle("塩尻市").messages]
    assert any("「ニセコ町.toml」のままです" in t for t in said), said
    assert session.path == tmp_path / "ニセコ町.toml"
    session.release()


def test_a_draft_opened_by_its_name_keeps_it(tmp_path):
    path = tmp_path / "mine.toml"
    session = _open(path)
    session.handle("1")  # the edition (the newest, picked)
    session.handle("")  # 記入日
    session.handle("塩尻市")
    assert session.path == path and path.exists()
    assert drafts.load(path).report.header.municipality == "塩尻市"
    session.release()


def test_a_change_made_elsewhere_is_never_overwritten_and_said_once(tmp_path):
    path = _seeded(tmp_path, "header.department", current="header.department")
    session = _open(path)
    other = seed_report()
    other.header.department = "企画課"
    path.write_text(drafts.dumps(drafts.Draft(other)), encoding="utf-8")
    reply = session.handle("総務課")
    assert any("外で変更されました" in m.text for m in reply.messages)
    assert session.state == CONFLICT and session.unsaved
    session.typed("x")
    assert session.autosave() is None  # the same problem is not repeated
    assert drafts.load(path).report.header.department == "企画課"
    session.release()


def test_a_full_disk_is_said_once_per_change_of_state(tmp_path, monkeypatch):
    path = _seeded(tmp_path, "header.department", "header.manager_name", current="header.department")
    session = _open(path)
    real = drafts.atomic_write

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(drafts, "atomic_write", full)
    reply = session.handle("総務課")
    assert [m.tone for m in reply.messages][-1] == "error" and session.state == FAILED and session.unsaved
    for text in ("佐", "佐藤"):
        session.typed(text)
        assert session.autosave() is None  # every few seconds: silent while nothing changed
    monkeypatch.setattr(drafts, "atomic_write", real)
    said = session.autosave()
    assert said is not None and said.tone == "result" and session.state == SAVED and not session.unsaved
    saved = drafts.load(path)
    assert saved.report.header.department == "総務課" and saved.session.pending == "佐藤"
    monkeypatch.setattr(drafts, "atomic_write", full)
    session.typed("佐藤 一")
    assert session.autosave() is not None  # a new failure after a success is said again
    session.release()


def test_the_lock_makes_a_second_session_read_only(tmp_path):
    path = _seeded(tmp_path, "header.department", current="header.department")
    first = _open(path)
    second = DraftSession.open(path, today)
    assert isinstance(second, DraftSession)
    holder = second.take_lock()
    assert holder is not None and second.read_only
    before = path.read_bytes()
    second.typed("x")
    assert second.autosave() is None and not second.unsaved
    assert path.read_bytes() == before
    first.release()
    third = DraftSession.open(path, today)
    assert third.take_lock() is None  # free again once the first let go
    third.release()


def test_closing_saves_pending_text_and_lets_go_of_the_lock(tmp_path):
    path = _seeded(tmp_path, "header.department", current="header.department")
    session = _open(path)
    session.typed("総務")
    session.close()
    assert drafts.load(path).session.pending == "総務"
    assert DraftLock(path).acquire() is None


def test_delete_is_saved_at_once_and_its_typed_text_is_not_restored(tmp_path):
    path = _seeded(tmp_path, current="kpis[0].unit")
    session = _open(path)
    names = [k.name for k in drafts.load(path).report.kpis]
    session.typed("/delete はい")
    session.autosave()  # the few-seconds autosave took the half-typed command first
    assert drafts.load(path).session.pending == "/delete はい"
    reply = session.handle("/delete はい")
    assert reply.accepted and "削除しました" in reply.messages[0].text
    saved = drafts.load(path)
    assert [k.name for k in saved.report.kpis] == names[1:]  # on disk now, not at the next answer
    assert saved.session.pending is None
    session.release()


def test_a_read_only_session_deletes_nothing(tmp_path):
    path = _seeded(tmp_path, current="kpis[0].unit")
    first = _open(path)
    second = DraftSession.open(path, today)
    assert second.take_lock() is not None and second.read_only
    reply = second.handle("/delete はい")
    assert not reply.accepted and reply.messages[0].tone == "error"
    assert len(second.walker.report.kpis) == len(first.walker.report.kpis)
    first.release()


def test_a_read_only_session_refuses_delete_however_it_is_typed(tmp_path):
    path = _seeded(tmp_path, current="kpis[0].unit")
    first = _open(path)
    second = DraftSession.open(path, today)
    assert second.take_lock() is not None
    for typed in ("/DELETE", "/ＤＥＬＥＴＥ", " /delete "):
        assert second.handle(typed).messages[0].tone == "error"
    assert len(second.walker.report.kpis) == 5
    first.release()
