"""The type table: per field type of the form, its parser, pydantic type, cell format and input widget."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Callable, Literal

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from . import choosing, municipalities, normalize, rules
from .normalize import NO_AMOUNT, NOT_MEASURED, Invalid, Result

# A draft keeps narratives up to this length; the edition's own limit is checked by completeness.
NARRATIVE_HARD_MAX = 4000


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("dejiden", message)


def _before(parser: Callable[[str], Result], *, typed: Callable[[Any], Any] | None = None):
    """Run ``parser`` on text; values already typed (from TOML) go through ``typed``."""

    def validate(value: Any) -> Any:
        if isinstance(value, str):
            result = parser(value)
        elif typed is not None:
            return typed(value)
        else:
            raise _fail("文字で入力してください。")
        if isinstance(result, Invalid):
            raise _fail(result.message)
        return result.value

    return BeforeValidator(validate)


def _number(value: Any) -> int | float:
    """A number already typed (TOML): the same domain as typed text (normalize.number_problem)."""
    problem = normalize.number_problem(value)
    if problem:
        raise _fail(problem)
    return value if isinstance(value, int) else float(value)


def _amount(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail("金額は0以上の千円単位の整数で入力してください（例：2000。金額がない場合は「-」）。")
    problem = normalize.number_problem(value)
    if problem:
        raise _fail(problem)
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise _fail("日付で入力してください（例：2024年6月19日）。")
    return value


def _choice(choices: tuple[str, ...]):
    return _before(lambda s: choosing.parse_choice(s, choices))


TEXT_MAX = 1000  # one line (a name, a department, an item): far more than any box of the form shows
Text = Annotated[str, _before(lambda s: normalize.parse_text(s, max_len=TEXT_MAX))]
Narrative = Annotated[str, _before(lambda s: normalize.parse_narrative(s, max_len=NARRATIVE_HARD_MAX))]
Number = Annotated[int | float, _before(normalize.parse_number, typed=_number)]
Actual = Annotated[int | float | Literal["未計測"], _before(normalize.parse_actual, typed=_number)]
Amount = Annotated[int | Literal["-"], _before(normalize.parse_amount, typed=_amount)]
EntryDate = Annotated[dt.date, _before(normalize.parse_date, typed=_date)]
Phone = Annotated[str, _before(normalize.parse_phone)]
Email = Annotated[str, _before(normalize.parse_email)]
Prefecture = Annotated[str, _before(municipalities.parse_prefecture)]
LgCode = Annotated[str, _before(municipalities.parse_code)]


@dataclass(frozen=True)
class Ctx:
    """What a parser may need beyond the text: the row's choices and limit, today."""

    choices: tuple[str, ...] = ()
    blank: str | None = None
    exclusive: tuple[str, ...] = ()
    max_len: int = 300
    today: dt.date | None = None
    example: str = ""
    unit: str = ""  # a KPI's 単位: typed after a number (30分), it is taken off with a note


@dataclass(frozen=True)
class FieldType:
    """How one type of field is parsed, stored, written to its cell and asked."""

    parse: Callable[[str, Ctx], Result]
    annotation: Any  # the pydantic type of a stored value
    widget: Literal["line", "date", "choice", "multi", "narrative"]
    cell: str  # the workbook cell kind (model/workbook/layout.py)
    number_format: str | None = None
    show: Callable[[Any], str] | None = None  # a stored value as the form prints it (None: as text)
    unit: str = ""  # said after a shown number (千円); a value that is not a number is said with ``none``
    none: str = ""


def _choice_of(text: str, c: Ctx) -> Result:
    return choosing.parse_choice(text, c.choices, blank=c.blank)


TYPES: dict[str, FieldType] = {
    "text": FieldType(lambda s, c: normalize.parse_text(s, example=c.example, max_len=TEXT_MAX), Text, "line", "text"),
    "date": FieldType(lambda s, c: normalize.parse_date(s, today=c.today), EntryDate, "date", "date", "yyyy年m月d日"),
    "municipality": FieldType(lambda s, c: normalize.parse_text(s, max_len=TEXT_MAX), Text, "line", "text"),
    "prefecture": FieldType(lambda s, c: municipalities.parse_prefecture(s), Prefecture, "line", "text"),
    "lg_code": FieldType(lambda s, c: municipalities.parse_code(s), LgCode, "line", "code", "@"),
    "phone": FieldType(lambda s, c: normalize.parse_phone(s), Phone, "line", "text"),
    "email": FieldType(lambda s, c: normalize.parse_email(s), Email, "line", "text"),
    "choice": FieldType(_choice_of, str, "choice", "choice"),
    "kpi_note": FieldType(_choice_of, str, "choice", "choice"),
    "amount": FieldType(lambda s, c: normalize.parse_amount(s), Amount, "line", "amount", "#,##0",
                        show=rules.show_amount, unit="千円", none="（金額なし）"),
    "number": FieldType(lambda s, c: normalize.parse_number(s, unit=c.unit), Number, "line", "number", "General"),
    "actual": FieldType(lambda s, c: normalize.parse_actual(s, unit=c.unit), Actual, "line", "actual", "General"),
    "narrative": FieldType(lambda s, c: normalize.parse_narrative(s, max_len=c.max_len), Narrative, "narrative", "narrative"),
    # the checklist's questions
    "single": FieldType(_choice_of, str, "choice", "choice"),
    "multi": FieldType(lambda s, c: choosing.parse_multi(s, c.choices, exclusive=c.exclusive), list[str], "multi", "multi"),
    "text_box": FieldType(lambda s, c: normalize.parse_narrative(s, max_len=c.max_len), str, "narrative", "narrative"),
}


def field_type(type_name: str, group: str = "") -> FieldType:
    """The type table's entry; a checklist "text" question is a narrative box."""
    if group == "checklist" and type_name == "text":
        return TYPES["text_box"]
    return TYPES[type_name]

__all__ = [
    "TYPES",
    "FieldType",
    "Ctx",
    "field_type",
    "NO_AMOUNT",
    "NOT_MEASURED",
    "Text",
    "Narrative",
    "Number",
    "Actual",
    "Amount",
    "EntryDate",
    "Phone",
    "Email",
    "Prefecture",
    "LgCode",
]
