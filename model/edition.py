"""The edition of the form: years, limits and fixed texts, read from a data file per edition."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from .form import FormDef
    from .labels import Labels
    from .report import Models

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
    label: str = ""  # how the conversation names it when asking which edition (default: the title)
    published: dt.date  # the newest published edition is the default for a new draft
    test: bool = False  # an edition for tests: listed last, never the default
    checked_against: str  # what its form was checked against (an issued document, or how it was derived)
    form: str = "forms/type1.toml"  # the rows of the form (model/editions/forms/)
    checklist: str = "forms/type1_checklist.toml"
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

    def model_post_init(self, _context) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.title)

    @property
    def definition(self) -> "FormDef":
        """The form's rows for this edition."""
        from .form import load_form

        return load_form(self.form, self.checklist)

    @cached_property
    def labels(self) -> "Labels":
        """The form's fixed labels as this edition's definition words them."""
        from .labels import Labels

        return Labels(self)

    @cached_property
    def models(self) -> "Models":
        """The pydantic models of a draft of this edition, generated from its rows."""
        from .report import build_models

        return build_models(self)

    @property
    def instructions(self) -> str:
        return self.kpi_instructions.strip().format(first=self.kpi_years[0], final=self.final_year)


def _file_name(edition_id: str) -> str:
    return edition_id.replace("-", "_") + ".toml"


_ID = re.compile(r"[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,5}")


@cache
def installed_editions() -> tuple[str, ...]:
    """The ids of the editions installed with dejiden: the only ones a draft or workbook may name."""
    folder = resources.files("dejiden.model.editions")
    return tuple(sorted(p.name[:-5].replace("_", "-") for p in folder.iterdir() if p.name.endswith(".toml")))


def load_edition(edition_id: str = DEFAULT_EDITION) -> Edition:
    """Load an edition by id (one of ``installed_editions``, never a path); KeyError for any other."""
    if not isinstance(edition_id, str) or not _ID.fullmatch(edition_id) or edition_id not in installed_editions():
        raise KeyError(edition_id)
    return _load(edition_id)


@cache
def _load(edition_id: str) -> Edition:
    """One parse per edition file, whichever way it is asked for (by default, by id, by ``editions``)."""
    path = resources.files("dejiden.model.editions") / _file_name(edition_id)
    if not path.is_file():
        raise KeyError(edition_id)
    edition = Edition.model_validate(tomllib.loads(path.read_text("utf-8")))
    if edition.id != edition_id:
        raise KeyError(edition_id)
    return edition


@cache
def editions() -> tuple[Edition, ...]:
    """Every edition file shipped, newest first (test editions last)."""
    found = [load_edition(edition_id) for edition_id in installed_editions()]
    return tuple(sorted(found, key=lambda e: (e.test, -e.published.toordinal(), e.id)))


def newest() -> Edition:
    return editions()[0]
