"""Loads the conversation's wording (questions.toml) and an edition's checklist questions."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from dejiden.model.checklist import ChecklistSpec


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files("dejiden.prompts") / name).read_text("utf-8"))


def checklist_spec(edition_id: str | None = None) -> ChecklistSpec:
    """The checklist questions of an edition (rows of its definition, model/editions/forms/)."""
    from dejiden.model.edition import load_edition

    return (load_edition(edition_id) if edition_id else load_edition()).definition.checklist


@cache
def questions() -> dict[str, Any]:
    """Question wording, hints and 記入例 (prompts/questions.toml)."""
    return _read("questions.toml")
