"""全国地方公共団体コード and the municipality table shipped by the ``japancode`` package."""

from __future__ import annotations

import difflib
import json
import unicodedata
from functools import cache
from importlib import resources
from typing import NamedTuple

from .normalize import Invalid, Parsed, Result, clean_text


class Municipality(NamedTuple):
    """One body (a tuple: the ~1,900 rows are built when a draft is first checked, and fast)."""

    prefecture: str
    name: str
    code: str  # 5 digits, leading zero kept

    @property
    def full_code(self) -> str:
        return self.code + check_digit(self.code)

    @property
    def is_prefecture(self) -> bool:
        return self.name == self.prefecture


def check_digit(code5: str) -> str:
    """d6 = 11 − (6·d1+5·d2+4·d3+3·d4+2·d5) mod 11, with 10→0 and 11→1."""
    total = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), code5))
    digit = 11 - total % 11
    return str({10: 0, 11: 1}.get(digit, digit))


def _data(name: str) -> list[dict[str, str]]:
    return json.loads((resources.files("japancode") / "data" / name).read_text("utf-8"))


@cache
def prefectures() -> tuple[str, ...]:
    """The 47 names, from the small prefecture file (checking a prefecture never reads the big table)."""
    return tuple(p["pref"] for p in _data("prefectures.json"))


@cache
def _table() -> tuple[Municipality, ...]:
    rows = [Municipality(p["pref"], p["pref"], p["lgcode"].zfill(6)[:5]) for p in _data("prefectures.json")]
    # Entries with a space are wards of designated cities, which do not file reports.
    rows += [Municipality(c["pref"], c["city"], c["lgcode"].zfill(6)[:5])
             for c in _data("municipalities.json") if " " not in c["city"]]
    return tuple(rows)


def municipalities(*, include_prefectures: bool = True) -> tuple[Municipality, ...]:
    rows = _table()
    return rows if include_prefectures else tuple(m for m in rows if not m.is_prefecture)


@cache
def _by_code() -> dict[str, Municipality]:
    return {m.code: m for m in municipalities()}


def by_code(code5: str) -> Municipality | None:
    return _by_code().get(code5)


def find(prefecture: str | None, name: str) -> Municipality | None:
    for m in municipalities():
        if m.name == name and (prefecture is None or m.prefecture == prefecture):
            return m
    return None


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", clean_text(text)).replace(" ", "").replace("ヶ", "ケ")


def suggestions(text: str, prefecture: str | None = None, n: int = 3) -> list[str]:
    """The closest names in the table, as 「福島県会津美里町」."""
    pool = [m for m in municipalities() if prefecture in (None, m.prefecture)]
    names = {(m.name if m.is_prefecture else m.prefecture + m.name): m for m in pool}
    by_short = difflib.get_close_matches(_norm(text), [m.name for m in pool], n=n, cutoff=0.4)
    by_full = difflib.get_close_matches(_norm(text), list(names), n=n, cutoff=0.4)
    out: list[str] = []
    for name in by_full + [k for k, m in names.items() if m.name in by_short]:
        if name not in out:
            out.append(name)
    return out[:n]


def _did_you_mean(text: str, prefecture: str | None = None) -> str:
    close = suggestions(text, prefecture)
    return f"近い名前：{'、'.join(close)}。" if close else ""


def parse_prefecture(raw: str) -> Result:
    text = _norm(raw)
    prefs = prefectures()
    if text in prefs:
        return Parsed(text)
    matches = [p for p in prefs if p[:-1] == text or (text == "北海" and p == "北海道")]
    if len(matches) == 1:
        return Parsed(matches[0], ("都道府県名を正式な名前にしました。",))
    close = difflib.get_close_matches(text, prefs, n=3, cutoff=0.3)
    hint = f"近い名前：{'、'.join(close)}。" if close else ""
    return Invalid(f"「{clean_text(raw)}」は都道府県名にありません。{hint}47都道府県のいずれかを入力してください（例：福島県）。")


def shown_name(m: Municipality) -> str:
    """「高知県高知市」, and a prefecture once: 「高知県」 (never 「高知県高知県」)."""
    return m.prefecture if m.is_prefecture else m.prefecture + m.name


def matches(raw: str, prefecture: str | None = None) -> tuple[Municipality, ...] | Invalid:
    """Every grantee what an officer typed may mean (会津美里, 会津美里町, 福島県会津美里町, 福島県); one when
    it is clear, several when it is not (高知: 高知県 and 高知県高知市), a message when there is none."""
    text = _norm(raw)
    if not text:
        return Invalid("空欄です。市区町村等名を入力してください（例：会津美里町）。")
    pool = municipalities()
    for pref in prefectures():
        if text.startswith(pref) and text != pref:
            prefecture, text = pref, text[len(pref):]
            break
    if prefecture is not None:
        pool = tuple(m for m in pool if m.prefecture == prefecture)
    exact = [m for m in pool if m.name == text]
    if not exact:
        exact = [m for m in pool if m.name[:-1] == text and m.name[-1] in "市区町村都道府県"]
    if not exact and len(text) >= 2:
        exact = [m for m in pool if m.name.startswith(text)]
    if exact:
        return tuple(exact)
    where = f"{prefecture}の" if prefecture else ""
    return Invalid(
        f"「{clean_text(raw)}」は{where}地方公共団体の一覧にありません。{_did_you_mean(text, prefecture)}"
        "正式な名前を入力してください（例：会津美里町）。"
    )


def lookup(raw: str, prefecture: str | None = None) -> Municipality | Invalid:
    """The one grantee meant by what was typed, or a message (several: name them, to type one in full)."""
    found = matches(raw, prefecture)
    if isinstance(found, Invalid) or len(found) == 1:
        return found if isinstance(found, Invalid) else found[0]
    shown = "、".join(shown_name(m) for m in found[:6])
    more = "など" if len(found) > 6 else ""
    return Invalid(f"「{clean_text(raw)}」に当てはまる団体が複数あります（{shown}{more}）。"
                   f"都道府県名をつけて入力してください（例：{shown_name(found[-1])}）。")


def parse_code(raw: str) -> Result:
    """地方公共団体コード: 5 digits, or 6 with a correct check digit. Recorded as 5 digits of text."""
    original = clean_text(raw)
    text = unicodedata.normalize("NFKC", original).replace(" ", "").replace("-", "")
    if not text.isdigit() or len(text) not in (5, 6):
        return Invalid("地方公共団体コードは5桁（または検査数字つき6桁）の数字で入力してください（例：07447）。")
    code, notes = text[:5], []
    if len(text) == 6:
        expected = check_digit(code)
        if text[5] != expected:
            return Invalid(
                f"6桁目の検査数字が合いません（{code} の検査数字は {expected} です）。"
                "コードを確かめて、5桁で入力してください（例：07447）。"
            )
        notes.append(f"6桁目の検査数字（{text[5]}）は合っています。様式には5桁で書きます。")
    if by_code(code) is None:
        return Invalid(f"{code} は地方公共団体コードの一覧にありません。コードを確かめて入力してください（例：07447）。")
    return Parsed(code, tuple(notes))


def agreement_error(prefecture: str | None, name: str | None, code: str | None) -> str | None:
    """A message when the code, the prefecture and the name do not describe one body."""
    if code is None:
        return None
    entry = by_code(code)
    if entry is None:
        return f"{code} は地方公共団体コードの一覧にありません。"
    if name is not None and (entry.name != name or (prefecture and entry.prefecture != prefecture)):
        right = find(prefecture, name)
        tail = f"{prefecture or ''}{name} のコードは {right.code} です。" if right else ""
        shown = entry.prefecture + ("" if entry.is_prefecture else entry.name)
        return f"コード {code} は{shown}のコードで、入力された団体名と合いません。{tail}"
    if prefecture is not None and entry.prefecture != prefecture:
        return f"コード {code} は{entry.prefecture}の団体のコードで、都道府県名「{prefecture}」と合いません。"
    return None
