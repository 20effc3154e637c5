"""The form definition: one row per field, read from the edition's data files (model/editions/forms/)."""

from __future__ import annotations

import re
import tomllib
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from . import behaviour


_INDEX = re.compile(r"\[\d+\]")
_YEAR = re.compile(r"fy\d{4}")
_BUDGET = re.compile(r"^budget\.\w+\.\w+")


def pattern(path: str) -> str:
    """The definition row a concrete path belongs to: kpis[2].fy2023.actual -> kpis[*].fy*.actual."""
    if path.startswith("checklist."):
        return path
    out = _YEAR.sub("fy*", _INDEX.sub("[*]", path))
    return _BUDGET.sub("budget.*.*", out) if out.startswith("budget.") else out


class FieldDef(BaseModel):
    """One field of the form (a row of the definition)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    type: str
    label: str
    marks: str = ""
    required: bool = True
    relevant: str = ""
    choices: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()
    blank: str | None = None
    limit: int | None = None
    cell: str | dict[str, str] | None = None
    to: str | None = None  # a header value's box is merged from ``cell`` to here (the form's wide boxes)
    label_cell: str | None = None
    col: str | None = None
    row: int = 0
    after_years: bool = False
    # A row may carry its own wording (the conversation's question, hint and 記入例; prompts/questions.toml
    # keeps the conversation's own texts and overrides by path).
    question: str = ""
    hint: str = ""
    example: str = ""
    # Behaviour, by name from model/behaviour.py (XLSForm's columns): what Enter records on an empty answer,
    # what the value must satisfy (and the message), what it is computed from, a caution, a suggestion.
    required_message: str = ""  # what check says while it is empty (else 未入力です。)
    default: str = ""
    constraint: str = ""
    constraint_message: str = ""
    calculate: str = ""
    warn: str = ""
    suggest: str = ""

    @model_validator(mode="after")
    def _known_rules(self) -> "FieldDef":
        for column in behaviour.TABLES:
            problem = behaviour.unknown(column, getattr(self, column))
            if problem:
                raise ValueError(f"{self.path}：{problem}")
        return self
    unit: str = ""  # the name of the sibling row whose answer is this number's unit (30分 typed: 分 is taken off)
    framed: bool = False  # in the form's 太枠 (copied from the 実施計画書): the workbook draws it so
    wrap: bool = False  # the workbook wraps a long value in its cell
    carry: bool = True  # false: a new edition started from an older draft asks it afresh (model/carry.py)

    @cached_property
    def group(self) -> str:
        """header, budget, kpis or checklist."""
        return self.path.split(".", 1)[0].split("[", 1)[0]

    @cached_property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def id(self) -> str:
        """A checklist question's id (1-1): the last part of its path."""
        return self.name

    @cached_property
    def per_year(self) -> bool:
        return ".fy*." in self.path

    def title(self, year: int | None = None, *, marks: bool = False) -> str:
        return self.label.format(year=year) + (self.marks if marks else "")


class SectionDef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    short: str = ""


class SectionSpec(BaseModel):
    """One checklist sheet: its title and its questions, rows of the definition (path checklist.<id>)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    short: str = ""  # a short name for narrow outlines
    questions: tuple[FieldDef, ...]


class ChecklistSpec(BaseModel):
    """The checklist file: its note, where a sheet puts its answers, and its sections of rows."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    note: str = ""  # says the questions are dejiden's own (shown in the conversation and the workbook)
    sheet: dict[str, Any]  # answer_col, first_row, text_max: where each sheet's answers sit
    sections: tuple[SectionSpec, ...]

    @model_validator(mode="before")
    @classmethod
    def _rows(cls, data: Any) -> Any:
        """A question is written as ``id = "1-1"``; as a row it is ``checklist.1-1`` with its answer cell."""
        if not isinstance(data, dict) or not isinstance(data.get("sheet"), dict):
            return data
        sheet, sections = data["sheet"], []
        for section in data.get("sections") or []:
            questions = []
            for j, q in enumerate(section.get("questions") or []):
                q = dict(q)
                if "id" in q:
                    q["path"] = f"checklist.{q.pop('id')}"
                q.setdefault("cell", f"{sheet['answer_col']}{sheet['first_row'] + j}")
                if q.get("type") == "text":
                    q.setdefault("limit", sheet["text_max"])
                questions.append(q)
            sections.append({**section, "questions": questions})
        return {**data, "sections": sections}

    @cached_property
    def _by_id(self) -> dict[str, tuple[FieldDef, SectionSpec]]:
        return {q.id: (q, s) for s in self.sections for q in s.questions}

    def question(self, qid: str) -> FieldDef | None:
        found = self._by_id.get(qid)
        return found[0] if found else None

    def section_of(self, qid: str) -> SectionSpec | None:
        found = self._by_id.get(qid)
        return found[1] if found else None


class FormDef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sections: tuple[SectionDef, ...]
    texts: dict[str, Any]
    fields: tuple[FieldDef, ...]
    checklist: ChecklistSpec

    def rows(self, group: str | None = None) -> tuple[FieldDef, ...]:
        """Every row in the order asked (the checklist's questions last), or one group's."""
        return self.all_rows if group is None else self._groups.get(group, ())

    @cached_property
    def all_rows(self) -> tuple[FieldDef, ...]:
        return self.fields + _checklist_rows(self.checklist)

    @cached_property
    def _groups(self) -> dict[str, tuple[FieldDef, ...]]:
        out: dict[str, list[FieldDef]] = {}
        for r in self.all_rows:
            out.setdefault(r.group, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _by_path(self) -> dict[str, FieldDef]:
        return {r.path: r for r in self.all_rows}

    @cached_property
    def boxes(self) -> dict[str, str]:
        """Each narrative box (achieved / unachieved) and the KPI row that is it (by its relevance rule)."""
        return {behaviour.BOX_RULES[r.relevant]: r.name for r in self.rows("kpis") if r.relevant in behaviour.BOX_RULES}

    def row(self, path_or_pattern: str) -> FieldDef | None:
        return self._by_path.get(pattern(path_or_pattern))

    def section(self, group: str) -> SectionDef | None:
        return next((s for s in self.sections if s.id == group), None)

    def text(self, key: str) -> Any:
        return self.texts[key]


def _checklist_rows(spec: ChecklistSpec) -> tuple[FieldDef, ...]:
    return tuple(q for section in spec.sections for q in section.questions)


def _read(name: str, where: str) -> dict[str, Any]:
    from .edition import folder
    from .formfile import read_toml

    path = folder(where)
    for part in name.split("/"):
        if part in ("", ".", ".."):
            from .formcheck import FormProblem

            raise FormProblem(f"form・checklist の「{name[:80]}」は使えません。様式のフォルダの中のファイル名を"
                              "「forms/type1.toml」のように書いてください（「/」で始まる名前や「..」は使えません）。")
        path = path / part
    return read_toml(path, name, follow=not where)


_FORMS: dict[tuple[str, str, str], FormDef] = {}


def load_form(form: str, checklist: str, where: str = "") -> FormDef:
    """The definition named by an edition: its rows file and its checklist file (in its editions folder)."""
    key = (form, checklist, where)
    if key not in _FORMS:
        from pydantic import ValidationError

        from .formcheck import FormProblem, invalid

        data, rows = _read(form, where), _read(checklist, where)
        try:
            data["checklist"] = ChecklistSpec.model_validate(rows)
        except ValidationError as exc:
            raise invalid(exc, ChecklistSpec._rows(rows), checklist) from None
        except KeyError as exc:  # where the sheet puts its answers: all three are needed
            raise FormProblem(f"{checklist}：sheet に {exc.args[0]} がありません。"
                              "sheet = { answer_col = \"C\", first_row = 5, text_max = 300 } のように書いてください。") from None
        try:
            _FORMS[key] = FormDef.model_validate(data)
        except ValidationError as exc:
            raise invalid(exc, data, form) from None
    return _FORMS[key]


def forget_folders() -> None:
    """Drop the definitions read from administrators' folders (edition.reload); the shipped ones stay."""
    for key in [k for k in _FORMS if k[2]]:
        del _FORMS[key]
