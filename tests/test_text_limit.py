"""One-line answers have a limit (fields.TEXT_MAX): never accepted long and then cut on export."""

from dejiden.model import draft
from dejiden.model.example import seed_report
from dejiden.model.fields import TEXT_MAX
from dejiden.prompts.walker import Walker


def test_a_line_answer_over_the_limit_is_refused_with_the_count():
    walker = Walker(draft.Draft(seed_report()))
    walker.goto("header.department")
    reply = walker.handle("い" * (TEXT_MAX + 1))
    assert not reply.accepted
    assert f"{TEXT_MAX + 1}字です。{TEXT_MAX}字以内" in reply.messages[0].text
    assert walker.report.header.department == "政策財政課"  # the saved answer is untouched
    assert walker.handle("い" * TEXT_MAX).accepted


def test_a_draft_with_a_40000_character_line_is_named_not_loaded_and_not_cut():
    text = draft.dumps(draft.Draft(seed_report())).replace('department = "政策財政課"', 'department = "' + "あ" * 40000 + '"')
    loaded = draft.loads(text)
    assert isinstance(loaded, draft.LoadError)
    assert loaded.problems == (("担当部局名（header.department）", f"40000字です。{TEXT_MAX}字以内で入力してください。"),)
