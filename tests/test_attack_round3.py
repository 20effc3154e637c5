"""A third attack on the file channel (after issue 22): what it found, each as a test that failed before."""

from __future__ import annotations

import os
from pathlib import Path

from dejiden.model.safe_text import is_safe, shown

from .test_remote import put, run


def test_a_file_name_that_is_not_utf8_is_listed_not_fatal(tmp_path):
    """``list`` ended in 「予期しない問題で止まりました（UnicodeEncodeError）」 for every draft when one
    file name held a byte that is not UTF-8 (the name decodes to a lone surrogate)."""
    put(tmp_path, "a.toml")
    odd = os.fsdecode(b"bad\xff.toml")
    put(tmp_path, odd)
    code, out, err = run("list", tmp_path)
    text = out.decode("utf-8")
    assert code == 0, err
    assert "a.toml" in text and "bad\ufffd.toml" in text, text


def test_a_lone_surrogate_is_shown_as_a_mark():
    odd = os.fsdecode(b"x\xff\xfey")
    assert shown(odd) == "x\ufffd\ufffdy" and shown(odd, newlines=False) == "x\ufffd\ufffdy"
    assert not is_safe(odd)
    shown(odd).encode("utf-8")  # never raises
