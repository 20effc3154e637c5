"""Quiet on the wire: no cursor blink unless asked, and an idle app writes nothing to its terminal."""

import os
import shutil

import pytest

from dejiden.tui.app import AppConfig


def test_no_blink_by_default_and_a_setting_to_turn_it_on(monkeypatch):
    monkeypatch.delenv("DEJIDEN_BLINK", raising=False)
    assert AppConfig().blink is False
    monkeypatch.setenv("DEJIDEN_BLINK", "1")
    assert AppConfig().blink is True


@pytest.mark.e2e
@pytest.mark.writes_files
@pytest.mark.skipif(not hasattr(os, "openpty") or shutil.which("sh") is None, reason="needs a pty")
def test_an_idle_app_sends_nothing_through_a_pty(tmp_path, monkeypatch):
    from bench.wire import Wire

    monkeypatch.delenv("DEJIDEN_BLINK", raising=False)
    wire = Wire.start(tmp_path / "r.toml", env={"DEJIDEN_DATA_DIR": str(tmp_path)})
    try:
        assert "どの様式".encode() in wire.read_until("どの様式".encode(), 60)  # the first question was drawn
        wire.read_until_quiet(1.0, 30)
        wire.type("1")  # the newest edition: its number, then Enter
        assert "記入日".encode() in wire.read_until("記入日".encode(), 30)
        wire.read_until_quiet(1.0, 30)
        wire.type("2024年6月19日")
        assert "市区町村".encode() in wire.read_until("市区町村".encode(), 30)
        wire.read_until_quiet(1.0, 30)
        assert wire.read_for(3.0) == b""  # nobody types: nothing crosses the link
    finally:
        wire.quit()
