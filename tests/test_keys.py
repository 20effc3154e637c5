"""The keys bench's harness types whole reports correctly, and the TUI takes exactly those keys."""

import pytest

from bench import keys
from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.prompts.walker import REVIEW
from dejiden.tui.app import AppConfig, make_app
from dejiden.tui.chat import ChatScreen

from .tui_helpers import NOW, type_text


def test_the_harness_types_the_seed_report_exactly():
    walked = keys.walk(seed_report())
    assert walked.report == seed_report()
    assert walked.keys == sum(len(a.keys) for a in walked.answers)
    # every answer ends with one Enter, a choice too (its number only selects)
    assert all(a.keys[-1] == "enter" and "enter" not in a.keys[:-1] for a in walked.answers)


def test_the_harness_types_a_report_with_15_kpis():
    target = keys.report_with_kpis(15)
    walked = keys.walk(target)
    assert len(walked.report.kpis) == 15
    assert walked.report == target


def test_data_characters_count_what_the_person_gave():
    walked = keys.walk(seed_report())
    report = seed_report()
    assert walked.data["header.department"] == len(report.header.department)
    assert walked.data["header.collaboration"] == 1  # a choice is one
    assert "header.prefecture" not in walked.data  # filled in from the municipality's name
    assert walked.data_chars > 1000 and 1.0 < walked.ratio < 1.5


@pytest.mark.writes_files
async def test_the_seed_report_typed_in_the_tui_with_the_fewest_keys(tmp_path):
    target = seed_report()
    walked = keys.walk(target)
    day = target.header.entry_date
    app = make_app(AppConfig(path=tmp_path / "r.toml", data_dir=tmp_path, today=lambda: day, now=lambda: NOW,
                             blink=False, autosave_seconds=60))
    pressed = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for answer in walked.answers:
            screen = app.screen
            assert isinstance(screen, ChatScreen) and screen.walker.current == answer.step
            text = ""
            for key in answer.keys:
                pressed += 1
                if key == "enter":
                    await type_text(pilot, text)
                    text = ""
                    await pilot.press(key)
                else:
                    text += "\n" if key == "ctrl+j" else key
            await pilot.pause()
        assert app.screen.walker.current == REVIEW
    assert pressed == walked.keys
    assert draft.load(tmp_path / "r.toml").report == target
