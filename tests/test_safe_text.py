"""Text from files never sends a control sequence to the terminal (issue 9, item 6)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dejiden.model.safe_text import is_safe, shown
from dejiden.tui.panels import plain


def test_escape_sequences_become_visible_marks():
    assert shown("\x1b]2;title\x07\x1b[41m") == "␛]2;title␇␛[41m"
    assert shown("a\x9bb\x7f") == "a\ufffdb␡"
    assert shown("行1\n\t行2") == "行1\n\t行2"
    assert shown("a\nb", newlines=False) == "a␊b"
    assert shown("\u202eevil") == "\ufffdevil"  # a bidi override cannot reorder what follows


@given(st.text())
def test_shown_is_always_safe_and_keeps_safe_text(text):
    out = shown(text)
    assert is_safe(out) and len(out) == len(text)
    if is_safe(text):
        assert out == text
    assert shown(out) == out


@given(st.text(alphabet=st.sampled_from("[]/=@a红 \x1b")))
def test_plain_content_never_parses_markup(text):
    assert plain(text).plain == shown(text)


def test_markup_and_actions_stay_text():
    for text in ("[red]x[/red]", "[@click=app.quit]q[/]", "a[/]b", "[link=http://e]c[/link]"):
        content = plain(text)
        assert content.plain == text and not content.spans
