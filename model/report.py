"""The report: pydantic models of every part of the form. Absent means not yet answered."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_serializer, model_validator

from . import rules
from .edition import DEFAULT_EDITION, Edition, editions, load_edition
from .fields import TYPES, Actual, Amount, KpiKind, KpiNote, Narrative, Number, Text, _choice
from .normalize import clean_text

SCHEMA_VERSION = 1
YEAR_KEY = re.compile(r"^fy(\d{4})$")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False)


def _header_model() -> type[_Part]:
    """基本情報, generated from the definitions' header rows through the type table (an edition asks its own)."""
    fields: dict[str, Any] = {}
    rows = [row for ed in editions() for row in ed.definition.rows("header")]  # every edition's, once each
    for row in [r for i, r in enumerate(rows) if r.name not in {x.name for x in rows[:i]}]:
        annotation = TYPES[row.type].annotation
        if row.choices:
            annotation = Annotated[str, _choice(row.choices)]
        fields[row.name] = (annotation | None, Field(None, title=row.label))
    return create_model("Header", __base__=_Part, __module__=__name__, **fields)


Header = _header_model()


class BudgetRow(_Part):
    item: Text | None = None
    amount: Amount | None = None


class BudgetSide(_Part):
    expenses: list[BudgetRow] | None = None
    incomes: list[BudgetRow] | None = None

    @property
    def expense_total(self) -> int | None:
        return rules.total([r.amount for r in self.expenses or []])

    @property
    def income_total(self) -> int | None:
        return rules.total([r.amount for r in self.incomes or []])

    @property
    def balance(self) -> int | None:
        return rules.balance(self.income_total, self.expense_total)


class Budget(_Part):
    planned: BudgetSide = Field(default_factory=BudgetSide)
    actual: BudgetSide = Field(default_factory=BudgetSide)


class KpiYear(_Part):
    target: Number | None = None
    actual: Actual | None = None


class Kpi(_Part):
    name: Text | None = None
    note: KpiNote | None = None
    kind: KpiKind | None = None
    unit: Text | None = None
    years: dict[int, KpiYear] = {}  # pydantic copies a mutable default for each instance
    narrative_achieved: Narrative | None = None
    narrative_unachieved: Narrative | None = None

    @model_validator(mode="before")
    @classmethod
    def _gather_years(cls, data: Any) -> Any:
        """TOML keeps each year as ``fy2023 = {...}``; gather them into ``years``."""
        if isinstance(data, dict):
            data = dict(data)
            years = dict(data.pop("years", {}) or {})
            for key in [k for k in data if isinstance(k, str) and YEAR_KEY.match(k)]:
                years[int(YEAR_KEY.match(key).group(1))] = data.pop(key)
            data["years"] = years
        return data

    def prune_years(self) -> None:
        """A year with neither target nor actual is the same as an absent one."""
        for year in [y for y, v in self.years.items() if v.target is None and v.actual is None]:
            del self.years[year]

    @model_validator(mode="after")
    def _prune_on_load(self) -> "Kpi":
        self.prune_years()
        return self

    @model_serializer(mode="wrap")
    def _flatten_years(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        years = data.pop("years", {}) or {}
        for year in sorted(years):
            if years[year]:
                data[f"fy{year}"] = years[year]
        return data

    def year(self, year: int) -> KpiYear:
        return self.years.get(year) or KpiYear()

    def status(self, year: int) -> rules.Status | None:
        y = self.year(year)
        return rules.achievement(y.target, y.actual, self.note)


class Report(_Part):
    schema_version: int = SCHEMA_VERSION
    edition: str = DEFAULT_EDITION
    header: Header = Field(default_factory=Header)
    budget: Budget = Field(default_factory=Budget)
    # Plain mutable defaults (pydantic copies them per instance): `default_factory=list` makes pydantic
    # inspect list's C signature, which compiles the tokenizer's regexes at start-up (≈7 ms).
    kpis: list[Kpi] = []
    checklist: dict[str, str | list[str]] = {}
    carried_from: str | None = None  # the draft this one was started from (dejiden new --from)

    @field_validator("schema_version")
    @classmethod
    def _known_schema(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"この版のdejidenが読めるのは schema_version = {SCHEMA_VERSION} です。")
        return value

    @field_validator("edition")
    @classmethod
    def _known_edition(cls, value: str) -> str:
        try:
            load_edition(value)
        except KeyError:
            raise ValueError(f"様式の版「{value}」を知りません（例：{DEFAULT_EDITION}）。") from None
        return value

    @field_validator("checklist", mode="before")
    @classmethod
    def _clean_checklist(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: [clean_text(x) for x in v] if isinstance(v, list) else clean_text(v, multiline=True) if isinstance(v, str) else v
                for k, v in value.items()
            }
        return value

    @property
    def ed(self) -> Edition:
        return load_edition(self.edition)

    def to_data(self) -> dict[str, Any]:
        """Plain data for TOML and JSON: absent values left out."""
        return self.model_dump(mode="python", exclude_none=True)
