"""Annotated pydantic field types built on the normalisers, with Japanese errors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Callable, Literal

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from . import municipalities, normalize
from .edition import load_edition
from .normalize import NO_AMOUNT, NOT_MEASURED, Invalid, Result

COLLABORATION = ("単独", "広域連携")
KPI_KINDS = ("アウトカム", "アウトプット")
KPI_NOTES = ("減少KPI", "0目標KPI")
NARRATIVE_MAX = load_edition().narrative_max


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
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail("数値のみを入力してください（例：75、6.8、-5）。")
    result = normalize.parse_number(repr(value) if isinstance(value, float) else str(value))
    if isinstance(result, Invalid):
        raise _fail(result.message)
    return value if isinstance(value, int) else float(value)


def _amount(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail("金額は0以上の千円単位の整数で入力してください（例：2000。金額がない場合は「-」）。")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise _fail("日付で入力してください（例：2024年6月19日）。")
    return value


def _choice(choices: tuple[str, ...]):
    return _before(lambda s: normalize.parse_choice(s, choices))


Text = Annotated[str, _before(normalize.parse_text)]
Narrative = Annotated[str, _before(lambda s: normalize.parse_narrative(s, max_len=NARRATIVE_MAX))]
Number = Annotated[int | float, _before(normalize.parse_number, typed=_number)]
Actual = Annotated[int | float | Literal["未計測"], _before(normalize.parse_actual, typed=_number)]
Amount = Annotated[int | Literal["-"], _before(normalize.parse_amount, typed=_amount)]
EntryDate = Annotated[dt.date, _before(normalize.parse_date, typed=_date)]
Phone = Annotated[str, _before(normalize.parse_phone)]
Email = Annotated[str, _before(normalize.parse_email)]
Prefecture = Annotated[str, _before(municipalities.parse_prefecture)]
LgCode = Annotated[str, _before(municipalities.parse_code)]
Collaboration = Annotated[Literal["単独", "広域連携"], _choice(COLLABORATION)]
KpiKind = Annotated[Literal["アウトカム", "アウトプット"], _choice(KPI_KINDS)]
KpiNote = Annotated[Literal["減少KPI", "0目標KPI"], _choice(KPI_NOTES)]

__all__ = [
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
    "Collaboration",
    "KpiKind",
    "KpiNote",
]
