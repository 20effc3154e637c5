"""The walker's parts have declared interfaces (issue 19 item 7): only State holds conversation state,
each part is given what it uses in its constructor, and no part reaches into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

from dejiden.model.draft import Draft
from dejiden.prompts.state import State
from dejiden.prompts.walker import Walker

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"
PARTS = ("walker", "places", "steps", "wording", "overview", "rows", "navigation", "effects", "commands")


def _methods(module: str):
    tree = ast.parse((PROMPTS / f"{module}.py").read_text(encoding="utf-8"))
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        assert len(cls.bases) <= 1, f"{module}.{cls.name} mixes in {len(cls.bases)} classes"
        for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
            yield cls.name, fn


def test_parts_set_their_own_attributes_only_when_built():
    """Anything a part changes later lives on the State (or the draft), never on the part itself."""
    for module in PARTS:
        for cls, fn in _methods(module):
            if fn.name == "__init__":
                continue
            for node in ast.walk(fn):
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
                for t in targets:
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                        raise AssertionError(f"{module}.{cls}.{fn.name} sets self.{t.attr}")


def test_no_part_uses_another_parts_private_names():
    for module in PARTS:
        for cls, fn in _methods(module):
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__") \
                        and isinstance(node.value, ast.Attribute) and isinstance(node.value.value, ast.Name) \
                        and node.value.value.id == "self":
                    raise AssertionError(f"{module}.{cls}.{fn.name} uses self.{node.value.attr}.{node.attr}")


def test_the_parts_share_one_state_and_moving_is_seen_by_all():
    w = Walker(Draft())
    assert isinstance(w.state, State)
    for part in (w.places, w.questions, w.wording, w.overview, w.rows, w.navigation, w.effects):
        assert part.state is w.state
    first, target = w.current, w.steps[3].id
    w.goto(target)
    assert w.current == target == w.state.current == w.draft.session.current
    assert w.prompt().step.id == target and w.navigation.steps.step().id == target
    w.handle("/back")
    assert w.current == first == w.state.current and w.state.trail == []  # the way back is the state's
