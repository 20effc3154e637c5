"""Normalisers: raw text as typed -> a value plus what was changed, or a Japanese error.

Every parser here returns ``Parsed`` (the value and notes to say back to the user) or
``Invalid`` (a message naming what is wrong and what to type). None of them raises on any
input: errors are values the UI can show. Choices (one of a list, or several) are ``choosing``'s.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .numbers import MAX_DIGITS, TOO_LARGE, TOO_PRECISE, digits_problem, number_problem  # noqa: F401  (the domain)

NOT_MEASURED = "未計測"
NO_AMOUNT = "-"

# Control characters that break the workbook and the terminal (tab and newline are handled apart).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
# Dash-like characters users type for a minus or a hyphen.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\u2043\ufe63"
_DASH_RE = re.compile(f"[{_DASHES}]")
_NUMBER_RE = re.compile(r"^-?(\d+)(\.\d+)?$")


@dataclass(frozen=True)
class Parsed:
    value: Any
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Invalid:
    message: str


Result = Parsed | Invalid


def excel_len(text: str) -> int:
    """Length as Excel's LEN counts it: UTF-16 code units (𠮷 counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Remove control characters, unify line ends, trim. Single-line text loses its newlines."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    return text.strip()


def parse_text(raw: str, *, example: str = "", max_len: int | None = None) -> Result:
    """Required single-line text."""
    text = clean_text(raw)
    if not text:
        hint = f"（例：{example}）" if example else ""
        return Invalid(f"空欄です。文字を入力してください{hint}。")
    if max_len is not None and excel_len(text) > max_len:
        return Invalid(f"{excel_len(text)}字です。{max_len}字以内で入力してください。")
    notes = ("制御文字を取り除きました。",) if _CONTROL.search(raw) else ()
    return Parsed(text, notes)


def parse_narrative(raw: str, *, max_len: int = 300) -> Result:
    """A narrative box: line breaks kept, counted like Excel's LEN."""
    text = clean_text(raw, multiline=True)
    if not text:
        return Invalid("空欄です。記述欄の内容を入力してください。")
    n = excel_len(text)
    if n > max_len:
        return Invalid(
            f"{n}/{max_len}字です。{max_len}字以内にしてください（あと{n - max_len}字削ってください）。"
        )
    return Parsed(text, (f"{n}/{max_len}字",))


def parse_number(raw: str, unit: str = "") -> Result:
    """A KPI target or actual: numbers only, decimals allowed, ▲ means minus (※2); the KPI's own
    ``unit`` typed after the number (30分) is taken off, and said."""
    original = clean_text(raw)
    text = unicodedata.normalize("NFKC", original).replace(" ", "")
    notes: list[str] = []
    if text != original.replace(" ", ""):
        notes.append("全角の英数字・記号を半角に直しました。")
    text = _DASH_RE.sub("-", text)
    for mark in ("▲", "△"):
        if text.startswith(mark):
            text = "-" + text[1:]
            notes.append(f"※2：{mark}を「-（マイナス）」に置き換えました。")
    if "," in text:
        text = text.replace(",", "")
        notes.append("桁区切りの「,」を除きました。")
    if text.endswith("%"):
        text = text[:-1]
        notes.append("「%」を除きました（単位は単位の欄に書きます）。")
    unit = _DASH_RE.sub("-", unicodedata.normalize("NFKC", clean_text(unit)).replace(" ", ""))  # as the text was
    if unit and text.endswith(unit) and len(text) > len(unit):
        text = text[: -len(unit)]
        notes.append(f"単位の「{unit}」を除きました（単位は単位の欄にあります）。")
    if not text:
        return Invalid("空欄です。数値を半角で入力してください（例：75、6.8、-5）。")
    match = _NUMBER_RE.match(text)
    if not match:
        return Invalid(
            f"「{original}」は数値として読めません。数値のみを入力してください"
            "（例：75、6.8、減少目標は -5。単位は別の欄です）。"
        )
    problem = digits_problem(match.group(1), (match.group(2) or ".")[1:])
    if problem:
        return Invalid(problem)
    value: int | float = float(text) if match.group(2) else int(text)
    if value == 0 and text.startswith("-"):
        value = 0.0 if isinstance(value, float) else 0
    return Parsed(value, tuple(notes))


def parse_actual(raw: str, unit: str = "") -> Result:
    """A KPI actual: a number, or 未計測 (※3)."""
    text = unicodedata.normalize("NFKC", clean_text(raw)).replace(" ", "")
    if text in {NOT_MEASURED, "みけいそく"}:
        return Parsed(NOT_MEASURED)
    result = parse_number(raw, unit)
    if isinstance(result, Invalid):
        return Invalid(result.message.rstrip("。") + "。計測していない場合は「未計測」と入力してください。")
    return result


_NO_AMOUNT_WORDS = {"-", "なし", "無し", "ゼロなし"}


def parse_amount(raw: str) -> Result:
    """A budget amount in thousands of yen; "-" (or なし) means no amount."""
    original = clean_text(raw)
    text = _DASH_RE.sub("-", unicodedata.normalize("NFKC", original).replace(" ", ""))
    if text in _NO_AMOUNT_WORDS:
        return Parsed(NO_AMOUNT, () if text == NO_AMOUNT else ("金額なしは様式では「-」と書きます。",))
    notes: list[str] = ["全角の英数字・記号を半角に直しました。"] if unicodedata.normalize("NFKC", original) != original else []
    if text.endswith("千円"):
        text = text[:-2]
        notes.append("単位「千円」を除きました。")
    elif text.endswith("円"):
        return Invalid("金額は千円単位の数値で入力してください（例：1,234,000円なら 1234）。")
    result = parse_number(text)
    if isinstance(result, Invalid) and result.message in (TOO_LARGE, TOO_PRECISE):
        return result  # a number, but outside the domain: said as such, not as 「読めません」
    if isinstance(result, Invalid):
        return Invalid(
            f"「{original}」は金額として読めません。千円単位の数値を入力してください"
            "（例：2,000 または 2000。金額がない場合は「-」）。"
        )
    value = result.value
    if isinstance(value, float):
        if not value.is_integer():
            return Invalid("金額は千円単位の整数で入力してください（例：2000）。")
        value = int(value)
    if value < 0:
        return Invalid("金額にマイナスは使えません。0以上の千円単位の数値を入力してください（例：2000）。")
    said = [n for n in result.notes if n not in notes and "「,」" not in n]  # the form prints amounts with commas
    return Parsed(value, tuple(notes + said))


_ERA = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
_DATE_RES = (
    re.compile(r"^(\d{4})[年/.\-](\d{1,2})[月/.\-](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_ERA_RE = re.compile(r"^(令和|平成|R|H)(元|\d{1,2})[年/.\-](\d{1,2})[月/.\-](\d{1,2})日?$")


def format_date(value: dt.date) -> str:
    """The form's way to show a date: 2024年6月19日."""
    return f"{value.year}年{value.month}月{value.day}日"


def parse_date(raw: str, *, today: dt.date | None = None) -> Result:
    """A date: 2024年6月19日, 2024/6/19, 2024-06-19, 令和6年6月19日, or 今日 (an empty answer is no date: a
    row whose default is today gets it from its ``default``, model/behaviour.py)."""
    text = unicodedata.normalize("NFKC", clean_text(raw)).replace(" ", "").upper()
    if not text:
        return Invalid("日付を入力してください（例：2024年6月19日、2024/6/19、今日）。")
    if text in {"今日", "きょう", "本日"}:
        day = today or dt.date.today()
        return Parsed(day, ("今日の日付です。",))
    parts: tuple[int, int, int] | None = None
    era = _ERA_RE.match(text)
    if era:
        year = 1 if era.group(2) == "元" else int(era.group(2))
        parts = (_ERA[era.group(1)] + year, int(era.group(3)), int(era.group(4)))
    else:
        for pattern in _DATE_RES:
            m = pattern.match(text)
            if m:
                parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
                break
    if parts is None:
        return Invalid(
            f"「{clean_text(raw)}」は日付として読めません。"
            "例のように入力してください（例：2024年6月19日、2024/6/19、今日）。"
        )
    try:
        value = dt.date(*parts)
    except ValueError:
        return Invalid(f"{parts[0]}年{parts[1]}月{parts[2]}日は存在しない日付です。正しい日付を入力してください。")
    if not 2000 <= value.year <= 2100:
        return Invalid("年は西暦4桁で入力してください（例：2024年6月19日）。")
    return Parsed(value, _width_notes(clean_text(raw), format_date(value), "様式の書き方（年月日）に直しました。"))


_PHONE_RE = re.compile(r"^0\d{1,4}-?\d{1,4}-?\d{3,4}$")


_EXTENSION_RE = re.compile(r"[(（]?(?:内線|内|ext\.?|EXT\.?)(\d{1,6})[)）]?$")


def parse_phone(raw: str) -> Result:
    """A Japanese phone number: hyphens allowed, full-width digits normalised."""
    original = clean_text(raw)
    text = _DASH_RE.sub("-", unicodedata.normalize("NFKC", original)).replace(" ", "")
    extension = ""
    if m := _EXTENSION_RE.search(text):  # 「0242-55-1111 内線123」: kept as （内線123）
        text, extension = text[: m.start()], f"（内線{m.group(1)}）"
    text = re.sub(r"^(0\d{1,4})\((\d{1,4})\)(\d{3,4})$", r"\1-\2-\3", text)
    digits = re.sub(r"\D", "", text)
    if not _PHONE_RE.match(text) or len(digits) not in (10, 11):
        return Invalid(
            "電話番号は0から始まる10桁または11桁で、市外局番から入力してください（例：0242-55-1171。"
            "内線は後ろに「内線123」のように書けます）。"
        )
    notes = _width_notes(original, text + extension, "ハイフンの形に直しました。")
    if extension:  # what changed is said of the extension, not as a hyphen change
        notes = tuple(n for n in notes if n != "ハイフンの形に直しました。")
        notes += (f"内線を「{extension}」の形で書きました。",) if extension not in original else ()
    return Parsed(text + extension, notes)


_EMAIL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")


def parse_email(raw: str) -> Result:
    original = clean_text(raw)
    text = unicodedata.normalize("NFKC", original).strip()
    local = text.split("@")[0]
    if not _EMAIL_RE.match(text) or local.startswith(".") or local.endswith(".") or ".." in text:
        return Invalid("メールアドレスの形式ではありません。半角で入力してください（例：seisaku@town.example.lg.jp）。")
    return Parsed(text, _width_notes(original, text, "前後の空白を除きました。"))


def _width_notes(original: str, text: str, otherwise: str) -> tuple[str, ...]:
    """What normalising changed: full-width characters made half-width, or the other tidying named."""
    if text == original:
        return ()
    if unicodedata.normalize("NFKC", original) != original:
        return ("全角の英数字・記号を半角に直しました。",)
    return (otherwise,)
