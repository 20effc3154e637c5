"""Loads the conversation's data files (questions, checklist) shipped in this package."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from dejiden.model.checklist import ChecklistSpec


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files("dejiden.prompts") / name).read_text("utf-8"))


@cache
def checklist_spec() -> ChecklistSpec:
    """The checklist questions (prompts/checklist.toml)."""
    return ChecklistSpec.model_validate(_read("checklist.toml"))


@cache
def questions() -> dict[str, Any]:
    """Question wording, hints and 記入例 (prompts/questions.toml)."""
    return _read("questions.toml")
