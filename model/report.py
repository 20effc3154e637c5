"""The report: pydantic models of every part of the form, built per edition from its definition rows.

Absent means not yet answered. ``Report(edition=…)`` and ``Report.model_validate(data)`` give the
model of the named edition (its header, budget rows, KPI and per-year rows), so an answer is checked
by the draft's own form; the shape (sides, lists, KPIs with years) is fixed here, the fields are rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator, model_serializer, model_validator

from . import rules
from .edition import DEFAULT_EDITION, Edition, load_edition
from .fields import TYPES, _choice
from .form import FieldDef
from .normalize import clean_text

SCHEMA_VERSION = 1
YEAR_KEY = re.compile(r"^fy(\d{4})$")
SIDES = ("planned", "actual")  # the budget's two sides
LISTS = ("expenses", "incomes")  # each side's two lists


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False)


class HeaderBase(_Part):
    """基本情報: one field per header row of the edition."""


class BudgetRowBase(_Part):
    """One row of a budget list: one field per budget row of the definition."""


class BudgetSideBase(_Part):
    expenses: list[Any] | None = None
    incomes: list[Any] | None = None

    @property
    def expense_total(self) -> int | None:
        return rules.total([r.amount for r in self.expenses or []])

    @property
    def income_total(self) -> int | None:
        return rules.total([r.amount for r in self.incomes or []])

    @property
    def balance(self) -> int | None:
        return rules.balance(self.income_total, self.expense_total)


class BudgetBase(_Part):
    planned: Any = None
    actual: Any = None


class KpiYearBase(_Part):
    """One KPI year: one field per per-year row (fy*)."""


class KpiBase(_Part):
    """One KPI: its rows, and ``years`` holding a KpiYear per KPI year (``fy2023 = {...}`` in TOML)."""

    YearModel: ClassVar[type[KpiYearBase]] = KpiYearBase
    years: dict[int, Any] = {}  # pydantic copies a mutable default for each instance

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
        """A year with no value is the same as an absent one."""
        for year in [y for y, v in self.years.items() if all(x is None for _, x in v)]:
            del self.years[year]

    @model_validator(mode="after")
    def _prune_on_load(self) -> "KpiBase":
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

    def year(self, year: int) -> Any:
        return self.years.get(year) or self.YearModel()

    def status(self, year: int) -> rules.Status | None:
        y = self.year(year)
        return rules.achievement(y.target, y.actual, self.note)


def _annotation(row: FieldDef) -> Any:
    if row.choices and TYPES[row.type].widget == "choice":
        return Annotated[str, _choice(row.choices)]
    return TYPES[row.type].annotation


def _fields(rows: tuple[FieldDef, ...] | list[FieldDef]) -> dict[str, Any]:
    return {row.name: (_annotation(row) | None, Field(None, title=row.label)) for row in rows}


@dataclass(frozen=True)
class Models:
    """The pydantic models of one edition, generated from its definition's rows."""

    header: type[HeaderBase]
    budget_row: type[BudgetRowBase]
    budget: type[BudgetBase]
    kpi_year: type[KpiYearBase]
    kpi: type[KpiBase]
    report: type["Report"]


def build_models(ed: Edition) -> Models:
    form = ed.definition
    kw = {"__module__": __name__}
    header = create_model("Header", __base__=HeaderBase, **kw, **_fields(form.rows("header")))
    row = create_model("BudgetRow", __base__=BudgetRowBase, **kw, **_fields(form.rows("budget")))
    side = create_model("BudgetSide", __base__=BudgetSideBase, **kw, **{k: (list[row] | None, None) for k in LISTS})
    budget = create_model("Budget", __base__=BudgetBase, **kw, **{k: (side, Field(default_factory=side)) for k in SIDES})
    rows = form.rows("kpis")
    year = create_model("KpiYear", __base__=KpiYearBase, **kw, **_fields([r for r in rows if r.per_year]))
    kpi = create_model("Kpi", __base__=KpiBase, **kw, years=(dict[int, year], {}),
                       **_fields([r for r in rows if not r.per_year]))
    kpi.YearModel = year
    report = create_model("Report", __base__=Report, **kw, header=(header, Field(default_factory=header)),
                          budget=(budget, Field(default_factory=budget)), kpis=(list[kpi], []))
    return Models(header, row, budget, year, kpi, report)


def _class_for(data: Any) -> type["Report"] | None:
    edition = data.get("edition", DEFAULT_EDITION) if isinstance(data, dict) else DEFAULT_EDITION
    try:
        return load_edition(edition).models.report
    except (KeyError, TypeError):
        return None  # an unknown edition: the base model says so in Japanese


class Report(_Part):
    """A draft's answers; the instance is of its edition's model (``report.ed.models.report``)."""

    schema_version: int = SCHEMA_VERSION
    edition: str = DEFAULT_EDITION
    header: Any = None
    budget: Any = None
    # Plain mutable defaults (pydantic copies them per instance): `default_factory=list` makes pydantic
    # inspect list's C signature, which compiles the tokenizer's regexes at start-up (≈7 ms).
    kpis: list[Any] = []
    checklist: dict[str, str | list[str]] = {}
    carried_from: str | None = None  # the draft this one was started from (dejiden new --from)

    def __new__(cls, *args: Any, **data: Any) -> "Report":
        if cls is Report:
            cls = _class_for(data) or cls
        return super().__new__(cls)

    @classmethod
    def model_validate(cls, obj: Any, **kw: Any) -> "Report":  # type: ignore[override]
        if cls is Report:
            cls = _class_for(obj) or cls
        return super(Report, cls).model_validate(obj, **kw)

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

    def in_edition(self, edition_id: str) -> "Report":
        """The same answers as a report of another edition; what has no place in its rows is left out."""
        data = {**self.to_data(), "edition": edition_id}
        try:
            spec = load_edition(edition_id).definition.checklist
            data["checklist"] = {k: v for k, v in self.checklist.items() if spec.question(k) is not None}
        except KeyError:
            pass  # an unknown edition: validation says so
        for _ in range(20):  # each pass drops the answers the other edition's rows refuse
            try:
                return Report.model_validate(data)
            except ValidationError as error:
                for e in error.errors():
                    _drop(data, [p for p in e["loc"] if not (isinstance(p, str) and "[" in p)])
        return Report(edition=edition_id)


def _drop(data: Any, loc: list[Any]) -> None:
    """Remove the value at a pydantic error's location (a KPI's years are written fy2023 in the data)."""
    for i, part in enumerate(loc[:-1]):
        if part == "years" and i + 1 < len(loc):
            loc = [*loc[:i], f"fy{loc[i + 1]}", *loc[i + 2:]]
            return _drop(data, loc)
        data = data[part] if isinstance(data, list) and isinstance(part, int) and part < len(data) else (
            data.get(part) if isinstance(data, dict) else None)
        if data is None:
            return
    if isinstance(data, dict):
        data.pop(loc[-1], None)
