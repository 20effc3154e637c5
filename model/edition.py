"""The edition of the form: years and fixed texts, read from a data file."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

DEFAULT_EDITION = "r3-hosei-type1"


class KpiExample(BaseModel):
    """One of the form's 記入例 rows for a KPI."""

    model_config = ConfigDict(frozen=True)

    name: str
    note: str
    kind: str
    unit: str
    target: int | float
    actual: int | float


class Edition(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    fiscal_year_text: str
    budget_year: int
    kpi_years: tuple[int, ...]
    next_year: int
    max_kpis: int
    max_budget_rows: int
    narrative_max: int
    submission_note: str
    kpi_instructions: str
    kpi_example_title: str
    kpi_examples: tuple[KpiExample, ...]
    narrative_examples: dict[str, str]  # the 記入例 paragraph for each narrative box

    @property
    def final_year(self) -> int:
        """The year whose status decides which narrative box is filled."""
        return self.kpi_years[-1]

    @property
    def instructions(self) -> str:
        return self.kpi_instructions.strip().format(first=self.kpi_years[0], final=self.final_year)


def _file_name(edition_id: str) -> str:
    return edition_id.replace("-", "_") + ".toml"


@cache
def installed_editions() -> tuple[str, ...]:
    """The ids of the editions installed with dejiden: the only ones a draft or workbook may name."""
    folder = resources.files("dejiden.model.editions")
    return tuple(sorted(p.name[:-5].replace("_", "-") for p in folder.iterdir() if p.name.endswith(".toml")))


@cache
def load_edition(edition_id: str = DEFAULT_EDITION) -> Edition:
    """Load an edition by id (one of ``installed_editions``, never a path); KeyError for any other."""
    if not isinstance(edition_id, str) or edition_id not in installed_editions():
        raise KeyError(edition_id)
    path = resources.files("dejiden.model.editions") / _file_name(edition_id)
    if not path.is_file():
        raise KeyError(edition_id)
    return Edition.model_validate(tomllib.loads(path.read_text("utf-8")))
