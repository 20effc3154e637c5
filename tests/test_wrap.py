"""Japanese line breaking for hints and messages (tui.wrap): never past the width, nothing lost,
no line starting with 。、）」, numbers and short brackets kept whole."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rich.cells import cell_len

from dejiden.model import draft
from dejiden.tui.wrap import CLOSING, wrap

from .screen_text import screen_text
from .tui_helpers import app_for, seed_draft

HINT = "単位は千円です（2,000 なら 200万円）。全角数字・桁区切りの「,」も使えます。金額がない場合は「-」。合計は自動で計算します。"


def test_the_amount_hint_keeps_its_bracket_at_80_columns():
    lines = wrap(HINT, 78)  # the guide's width at 80 columns
    assert "（2,000 なら 200万円）" in lines[0]
    assert lines == ["単位は千円です（2,000 なら 200万円）。全角数字・桁区切りの「,」も使えます。金",
                     "額がない場合は「-」。合計は自動で計算します。"]


@pytest.mark.parametrize("text, width, expected", [
    ("記述欄は「KPI未達成又は未計測」の場合の欄に書きます。", 26, ["記述欄は", "「KPI未達成又は未計測」の", "場合の欄に書きます。"]),
    ("サービスを実装するだけに止まってしまったことが、KPIを達成", 48, ["サービスを実装するだけに止まってしまったことが、", "KPIを達成"]),
    ("2023年度末が未計測", 5, ["2023", "年度", "末が", "未計", "測"]),  # narrower than a number and its unit
    ("記入例：6.8（計測していない場合は 未計測）", 38, ["記入例：6.8（計測していない場合は", "未計測）"]),
])
def test_breaks(text, width, expected):
    assert wrap(text, width) == expected


_JA = st.sampled_from(list("あいうえお漢字記述欄。、（）「」ー・") + ["KPI", "2,000", " ", "　", "200万円", "𠮷"])


@given(st.lists(_JA, max_size=60).map("".join), st.integers(2, 90))
def test_lines_fit_and_nothing_is_lost(text, width):
    """(One paragraph; a line break in the text starts a new one.)"""
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    squeeze = lambda s: "".join(s.split())
    assert squeeze("".join(lines)) == squeeze(text)
    for before, line in zip(lines, lines[1:]):
        # a closing mark starts a line only when the line before was full to the last cell
        if line and line[0] in CLOSING and before:
            assert cell_len(before) >= width - 1


@pytest.mark.writes_files
async def test_the_hint_on_screen_at_80x24(tmp_path):
    seed_draft(tmp_path, clear=("budget.planned.expenses[0].amount",), current="budget.planned.expenses[0].amount")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "単位は千円です（2,000 なら 200万円）。" in screen_text(app)
    assert draft.load(tmp_path / "r.toml")  # nothing was changed by looking


_LABEL = st.sampled_from(["KPI② 2023年度末\u3000目標値", "実際 経費項目（3行目）の金額", "KPI⑮ 備考", "目標値"])
_WORDS = st.text(alphabet="あいうえおかきくけこ漢字。、 abc123", max_size=40)


@given(before=_WORDS, label=_LABEL, after=_WORDS, width=st.integers(min_value=28, max_value=120))
def test_a_quoted_label_is_never_split_across_lines(before, label, after, width):
    """The start screen showed 「KPI② 2023年度末」/「目標値」 on two lines (issue 18)."""
    quoted = f"「{label}」"
    assume(cell_len(quoted) <= width)  # a quote wider than a line is broken: the next test
    lines = wrap(before + quoted + after, width)
    assert any(quoted in line for line in lines), lines


def test_a_quote_that_fills_the_line_keeps_its_closing_mark_on_the_next():
    """「…」、 where the quote alone fills the line: the quote stays whole (CI found width 32 splitting it)."""
    quoted = "「実際 経費項目（3行目）の金額」"
    assert wrap(quoted + "、", cell_len(quoted)) == [quoted, "、"]


def test_a_quote_wider_than_a_line_is_still_broken_and_kept_complete():
    text = "「" + "あ" * 60 + "」を記録しました。"
    lines = wrap(text, 40)
    assert "".join(lines) == text and all(cell_len(line) <= 40 for line in lines)


async def test_the_start_screen_keeps_the_quoted_question_on_one_line(tmp_path):
    seed_draft(tmp_path, clear=("kpis[1].fy2023.target",), current="kpis[1].fy2023.target",
               name="会津美里町2023年度の長い名前の報告書.toml")
    app = app_for(tmp_path, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "「KPI② 2023年度末　目標値」" in screen_text(app)


def test_a_tab_is_spaces_to_the_next_stop():
    """Counted as the cells it takes on screen (a tab has no width of its own to the width count)."""
    assert wrap("改善点\t担当\tx", 80) == ["改善点  担当    x"]
    assert wrap("a\tb", 3) == ["a", "b"]  # the spaces are a place to break, like any
