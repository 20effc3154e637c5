"""The seed report (会津美里町, filed 2024-06-19) as a complete draft: the data file editions/examples/seed.toml."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from .report import Report


def seed_data() -> dict[str, Any]:
    """The seed report as plain data (what a TOML draft holds)."""
    data = tomllib.loads((resources.files("dejiden.model.editions") / "examples" / "seed.toml").read_text("utf-8"))
    data.pop("session", None)
    return data


def seed_report() -> Report:
    return Report.model_validate(seed_data())
