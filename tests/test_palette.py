"""The jump palette (ctrl+p): Japanese throughout, and queries that match the way people type."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts.search import fold, match, rank, words
from dejiden.prompts.walker import Walker
from dejiden.tui.palette import NO_MATCH, targets

from .screen_text import screen_text
from .tui_helpers import app_for, palette_jump, type_text

WALKER = Walker(draft.Draft(seed_report()))
TARGETS = targets(WALKER)
TEXTS = [t for t, _ in TARGETS]
SECTION_KPIS = seed_report().ed.labels.section_kpis


def best(query: str) -> str | None:
    """The step the palette puts first for ``query`` (the palette sorts by score, as ``rank`` does)."""
    found = rank(query, TARGETS)
    return found[0] if found else None


@pytest.mark.parametrize("query, step", [
    ("KPI1 2023 目標", "kpis[0].fy2023.target"),
    ("KPI① 2023年度末 目標値", "kpis[0].fy2023.target"),
    ("ＫＰＩ１　２０２３　目標", "kpis[0].fy2023.target"),  # full width, full-width spaces
    ("kpi1 目標 2023", "kpis[0].fy2023.target"),  # any order, any case
    ("KPI①2023 実績", "kpis[0].fy2023.actual"),
    ("令和4 KPI2 実績", "kpis[1].fy2022.actual"),
    ("KPI2目標", "kpis[1].fy2022.target"),  # no spaces at all
    ("KPI③ 記述欄", "kpis[2].narrative_unachieved"),
    ("電話", "header.phone"),
    ("予定 経費 金額", "budget.planned.expenses[0].amount"),
    ("3-3", "checklist.3-3"),  # a checklist question by the number the screen shows
    ("２－４", "checklist.2-4"),
])
def test_queries_find_the_question(query, step):
    assert best(query) == step


def test_a_number_is_not_read_as_part_of_another():
    assert match("KPI1 目標", f"{SECTION_KPIS}｜KPI⑫ 2023年度末　目標値").score < match("KPI1 目標", TEXTS[TEXTS.index(
        f"{SECTION_KPIS}｜KPI① 2023年度末　目標値")]).score
    assert match("KPI12 目標", f"{SECTION_KPIS}｜KPI① 2023年度末　目標値") is None
    assert match("KPI1 2024", f"{SECTION_KPIS}｜KPI① 2023年度末　目標値") is None


def test_nothing_typed_matches_nothing():
    assert match("", TEXTS[0]) is None and match("　 ", TEXTS[0]) is None


_WIDE = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"}


@given(st.sampled_from(TEXTS), st.data())
def test_any_pieces_of_a_question_find_it_in_either_width(text, data):
    """Words cut anywhere out of the text, in any width, case and order, still find it."""
    cuts = sorted(data.draw(st.sets(st.integers(1, max(len(text) - 1, 1)), max_size=4)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    pieces = data.draw(st.permutations(pieces))
    wide = data.draw(st.booleans())
    query = " ".join("".join(_WIDE.get(c, c) for c in p) if wide else p.lower() for p in pieces)
    m = match(query, text)
    assert m is not None
    for start, end in m.spans:  # highlights fall inside the text
        assert 0 <= start < end <= len(text)


@given(st.text(max_size=30))
def test_folding_keeps_an_index_for_every_character(text):
    key, where = fold(text)
    assert len(key) == len(where)
    assert all(0 <= i < len(text) for i in where)
    assert all(w for w in words(text))


@pytest.mark.writes_files
async def test_palette_jumps_with_a_loose_query(tmp_path):
    draft.save(tmp_path / "r.toml", draft.Draft(seed_report()))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette_jump(pilot, "KPI1 2023 目標")
        assert app.screen.walker.current == "kpis[0].fy2023.target"


@pytest.mark.writes_files
async def test_palette_says_no_match_in_japanese(tmp_path):
    draft.save(tmp_path / "r.toml", draft.Draft(seed_report()))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "質問を検索" in screen_text(app)
        await type_text(pilot, "ぬぬぬ")
        await pilot.pause(1.2)  # past Textual's 0.5 s "no matches" countdown
        shown = screen_text(app)
        assert NO_MATCH in shown and "No matches" not in shown
        await pilot.press("enter")  # choosing it only closes the palette
        await pilot.pause()
        assert app.screen.walker.current == "review"


def test_jump_finds_what_the_palette_finds():
    """/jump and ctrl+p are one search: 「KPI1 令和5 目標」 names KPI① 2023年度末 目標値 in both."""
    w = Walker(draft.Draft(seed_report()))
    best = rank("KPI1 令和5 目標", targets(w))[0]
    assert best == "kpis[0].fy2023.target"
    reply = w.handle("/jump KPI1 令和5 目標")
    assert w.current == best, [m.text for m in reply.messages]
    for query in ("KPI2 実績 2022", "予定 経費 金額", "記述欄 KPI3", "電話"):
        assert w.find(query)[0].id == rank(query, targets(w))[0], query
