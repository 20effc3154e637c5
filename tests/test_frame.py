"""A draft's opening frame (prompts/frame.py): what the app draws before the model loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts import frame as frames
from dejiden.prompts.view import Message, Prompt, SectionProgress, Step
from dejiden.prompts.walker import Walker

TODAY = dt.date(2024, 6, 19)


def _today() -> dt.date:
    return TODAY


def _seed(path: Path, **session) -> draft.Draft:
    report = seed_report()
    report.header.phone = None
    d = draft.Draft(report, draft.Session(**session))
    draft.save(path, d)
    return d


def test_opening_without_a_frame_loads_and_saves_one(tmp_path):
    path = tmp_path / "r.toml"
    _seed(path)
    assert not frames.path_for(path).exists()
    frame, load = frames.opening(path, _today)
    walker, _ = load()
    assert frame == walker.frame()
    assert frame.prompt.step.id == "header.phone"
    assert (frame.answered, frame.total) == walker.counts()
    assert frames.path_for(path).exists()
    again, _ = frames.opening(path, _today)
    assert again == frame and again.key == frame.key


def test_a_frame_holds_only_for_the_bytes_it_was_made_from(tmp_path):
    path = tmp_path / "r.toml"
    _seed(path)
    frames.opening(path, _today)
    data = path.read_bytes()
    assert frames.lookup(path, data, TODAY) is not None
    assert frames.lookup(path, data + b"\n", TODAY) is None  # edited outside dejiden
    path.write_bytes(data.replace("会津美里町".encode(), "猪苗代町".encode()))
    assert frames.lookup(path, path.read_bytes(), TODAY) is None
    assert isinstance(frames.opening(path, _today), tuple)  # loads it instead


def test_a_frame_with_todays_date_holds_only_that_day(tmp_path):
    path = tmp_path / "new.toml"
    draft.save(path, draft.Draft(session=draft.Session(closed=["edition"])))  # the edition already chosen
    frame, _ = frames.opening(path, _today)
    assert frame.prompt.step.id == "header.entry_date" and frame.prompt.default == "2024年6月19日"
    assert frame.day == "2024-06-19"
    data = path.read_bytes()
    assert frames.lookup(path, data, TODAY) == frame
    assert frames.lookup(path, data, TODAY + dt.timedelta(days=1)) is None


def test_a_frame_from_other_code_or_a_broken_file_is_ignored(tmp_path, monkeypatch):
    path = tmp_path / "r.toml"
    _seed(path)
    frames.opening(path, _today)
    data = path.read_bytes()
    monkeypatch.setattr(frames, "fingerprint", lambda: "another-version")
    assert frames.lookup(path, data, TODAY) is None
    monkeypatch.undo()
    for junk in ("", "{", "[]", '{"format": 1}', '{"format": 99}', "\udcff"):
        frames.path_for(path).write_text(junk, "utf-8", errors="surrogateescape")
        assert frames.lookup(path, data, TODAY) is None


def test_a_damaged_frame_never_reaches_the_screen(tmp_path):
    """Right key, wrong shape: every field is checked against its type before the frame is used."""
    import json

    path = tmp_path / "r.toml"
    _seed(path)
    frames.opening(path, _today)
    good = json.loads(frames.path_for(path).read_text("utf-8"))
    data = path.read_bytes()
    assert frames.lookup(path, data, TODAY) is not None

    def damaged(change) -> frames.Frame | None:
        bad = json.loads(json.dumps(good))
        change(bad)
        frames.path_for(path).write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
        return frames.lookup(path, data, TODAY)

    assert damaged(lambda d: d.update(pending=7)) is None
    assert damaged(lambda d: d.update(answered=True)) is None
    assert damaged(lambda d: d.update(answered="75")) is None
    assert damaged(lambda d: d["greeting"][0].update(tone="shout")) is None
    assert damaged(lambda d: d["prompt"]["step"].update(choices="はい")) is None
    assert damaged(lambda d: d["prompt"]["step"].update(extra=1)) is None
    assert damaged(lambda d: d["outline"].append(None)) is None
    assert damaged(lambda d: d.update(prompt=None)) is not None  # a finished draft has no question


def test_the_fingerprint_changes_with_the_conversation_data(tmp_path, monkeypatch):
    before = frames.fingerprint()
    frames.fingerprint.cache_clear()
    questions = Path(frames.__file__).with_name("questions.toml")
    st_ = questions.stat()
    try:
        import os

        os.utime(questions, ns=(st_.st_atime_ns, st_.st_mtime_ns + 1_000_000_000))
        assert frames.fingerprint() != before
    finally:
        os.utime(questions, ns=(st_.st_atime_ns, st_.st_mtime_ns))
        frames.fingerprint.cache_clear()
    assert frames.fingerprint() == before


def test_an_unwritable_folder_only_costs_the_shortcut(tmp_path):
    path = tmp_path / "r.toml"
    d = _seed(path)
    frames.path_for(path).mkdir()  # cannot be replaced by a file
    frames.save(path, Walker(d, today=_today).frame(), "0" * 64)
    assert frames.path_for(path).is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
steps = st.builds(Step, id=text, pattern=text, kind=st.sampled_from(["line", "date", "choice", "multi", "narrative"]),
                  section=text, label=text, choices=st.lists(text, max_size=3).map(tuple),
                  blank=st.none() | text, max_len=st.none() | st.integers(0, 999), optional=st.booleans(),
                  repeat=st.booleans())
prompts = st.builds(Prompt, step=steps, text=text, hint=text, example=text, current=st.none() | text,
                    default=st.none() | text, notice=st.none() | text)
messages = st.builds(Message, role=st.sampled_from(["bot", "user"]), text=text,
                     tone=st.sampled_from(["info", "note", "result", "error"]))
progress = st.builds(SectionProgress, short=text, title=text, answered=st.integers(0, 99), total=st.integers(0, 99),
                     current=st.booleans(), errors=st.integers(0, 9))
frames_st = st.builds(frames.Frame, current=text, greeting=st.lists(messages, max_size=3).map(tuple),
                      prompt=st.none() | prompts, pending=st.none() | text, outline=st.lists(progress, max_size=4).map(tuple),
                      answered=st.integers(0, 999), total=st.integers(0, 999), summary=text, who=text, project=text,
                      day=st.none() | st.just("2024-06-19"), key=text)


@settings(max_examples=200)
@given(frames_st)
def test_frame_json_round_trip(frame):
    back = frames.Frame.from_json(frame.to_json())
    assert back == frame and back.key == frame.key
