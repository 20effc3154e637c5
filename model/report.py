"""The report: pydantic models of every part of the form. Absent means not yet answered."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_serializer, model_validator

from . import rules
from .edition import DEFAULT_EDITION, Edition, load_edition
from .fields import (
    Actual,
    Amount,
    Collaboration,
    Email,
    EntryDate,
    KpiKind,
    KpiNote,
    LgCode,
    Narrative,
    Number,
    Phone,
    Prefecture,
    Text,
)
from .normalize import clean_text

SCHEMA_VERSION = 1
YEAR_KEY = re.compile(r"^fy(\d{4})$")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False)


class Header(_Part):
    entry_date: EntryDate | None = Field(None, title="記入日")
    prefecture: Prefecture | None = Field(None, title="都道府県名")
    municipality: Text | None = Field(None, title="市区町村等名")
    lg_code: LgCode | None = Field(None, title="地方公共団体コード")
    department: Text | None = Field(None, title="担当部局名")
    manager_name: Text | None = Field(None, title="責任者名")
    manager_title: Text | None = Field(None, title="責任者役職")
    contact_name: Text | None = Field(None, title="担当者名")
    phone: Phone | None = Field(None, title="電話番号")
    email: Email | None = Field(None, title="メールアドレス")
    collaboration: Collaboration | None = Field(None, title="単独・広域連携")
    project_name: Text | None = Field(None, title="交付対象事業の名称")


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
    years: dict[int, KpiYear] = Field(default_factory=dict)
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
    kpis: list[Kpi] = Field(default_factory=list)
    checklist: dict[str, str | list[str]] = Field(default_factory=dict)

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
