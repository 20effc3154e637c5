import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dejiden.model import choosing
from dejiden.model import normalize as n
from dejiden.model.normalize import Invalid, Parsed


def value(result):
    assert isinstance(result, Parsed), result
    return result.value


@pytest.mark.parametrize(
    "raw, expected",
    [("6.8", 6.8), ("７５", 75), ("▲5", -5), ("△5", -5), ("－５", -5), ("−7", -7), ("2,000", 2000),
     (" 66.9 ", 66.9), ("75%", 75), ("0", 0), ("-0", 0)],
)
def test_parse_number(raw, expected):
    got = value(n.parse_number(raw))
    assert got == expected and type(got) is type(expected)


def test_triangle_is_said_back_to_the_user():
    result = n.parse_number("▲5")
    assert result.value == -5
    assert result.notes == ("※2：▲を「-（マイナス）」に置き換えました。",)


@pytest.mark.parametrize("raw", ["", "abc", "6.8点", "1.2.3", "1e5", "--5"])
def test_parse_number_rejects_with_an_example(raw):
    result = n.parse_number(raw)
    assert isinstance(result, Invalid)
    assert "例" in result.message


def test_actual_accepts_unmeasured_and_explains_it():
    assert value(n.parse_actual("未計測")) == "未計測"
    assert value(n.parse_actual(" 未計測 ")) == "未計測"
    assert "未計測" in n.parse_actual("まだ").message


@pytest.mark.parametrize("raw, expected", [("2,000", 2000), ("２０００", 2000), ("-", "-"), ("－", "-"),
                                           ("なし", "-"), ("2000千円", 2000), ("0", 0)])
def test_parse_amount(raw, expected):
    assert value(n.parse_amount(raw)) == expected


@pytest.mark.parametrize("raw", ["-5", "1.5", "2000円", "abc"])
def test_parse_amount_rejects(raw):
    assert isinstance(n.parse_amount(raw), Invalid)


def test_excel_len_counts_utf16_units():
    assert n.excel_len("𠮷") == 2
    assert n.excel_len("会津美里町") == 5
    assert n.excel_len("a\nb") == 3


def test_narrative_limit_counts_like_excel():
    assert isinstance(n.parse_narrative("あ" * 300), Parsed)
    over = n.parse_narrative("あ" * 299 + "𠮷")
    assert isinstance(over, Invalid) and "301/300字" in over.message


def test_narrative_keeps_text_and_line_breaks_but_drops_control_characters():
    assert value(n.parse_narrative("１行目\r\n2行目\x07")) == "１行目\n2行目"


@pytest.mark.parametrize(
    "raw, expected",
    [("2024年6月19日", dt.date(2024, 6, 19)), ("2024/6/19", dt.date(2024, 6, 19)), ("２０２４－０６－１９", dt.date(2024, 6, 19)),
     ("令和6年6月19日", dt.date(2024, 6, 19)), ("R6.6.19", dt.date(2024, 6, 19)), ("20240619", dt.date(2024, 6, 19))],
)
def test_parse_date(raw, expected):
    assert value(n.parse_date(raw)) == expected


def test_date_reads_today_as_a_word_and_rejects_empty_and_impossible_days():
    assert value(n.parse_date("今日", today=dt.date(2026, 11, 28))) == dt.date(2026, 11, 28)
    assert isinstance(n.parse_date("", today=dt.date(2026, 11, 28)), Invalid)  # today is a row's default, not the type's
    assert "存在しない" in n.parse_date("2024年2月30日").message
    assert n.format_date(dt.date(2024, 6, 19)) == "2024年6月19日"


@pytest.mark.parametrize("raw, expected", [("0242-55-1171", "0242-55-1171"), ("０２４２－５５－１１７１", "0242-55-1171"),
                                           ("0242551171", "0242551171"), ("090-1234-5678", "090-1234-5678"),
                                           ("0242(55)1171", "0242-55-1171")])
def test_parse_phone(raw, expected):
    assert value(n.parse_phone(raw)) == expected


@pytest.mark.parametrize("raw", ["1234", "0242-55-11711", "abc", "242-55-1171"])
def test_parse_phone_rejects(raw):
    assert "例：0242-55-1171" in n.parse_phone(raw).message


def test_parse_email():
    assert value(n.parse_email("ｓｅｉｓａｋｕ＠town.aizumisato.lg.jp")) == "seisaku@town.aizumisato.lg.jp"
    for bad in ("seisaku", "a@b", "a b@c.jp", "a..b@c.jp"):
        assert isinstance(n.parse_email(bad), Invalid)


def test_parse_choice_by_number_or_text():
    choices = ("単独", "広域連携")
    assert value(choosing.parse_choice("2", choices)) == "広域連携"
    assert value(choosing.parse_choice("単独", choices)) == "単独"
    assert value(choosing.parse_choice("広域", choices)) == "広域連携"
    assert "1：単独" in choosing.parse_choice("3", choices).message


def test_parse_multi_and_exclusive_choices():
    choices = ("広報誌", "ウェブサイト", "説明会・体験会", "なし")
    assert value(choosing.parse_multi("1,3", choices)) == ["広報誌", "説明会・体験会"]
    assert value(choosing.parse_multi("説明会・体験会、広報誌", choices)) == ["広報誌", "説明会・体験会"]
    assert isinstance(choosing.parse_multi("1,4", choices, exclusive=("なし",)), Invalid)
    assert isinstance(choosing.parse_multi("9", choices), Invalid)


PARSERS = [n.parse_number, n.parse_actual, n.parse_amount, n.parse_date, n.parse_phone, n.parse_email,
           n.parse_text, n.parse_narrative, lambda s: choosing.parse_choice(s, ("a", "b")),
           lambda s: choosing.parse_multi(s, ("a", "b"), exclusive=("b",))]


@given(st.text(), st.sampled_from(PARSERS))
def test_normalisers_never_raise(raw, parser):
    result = parser(raw)
    assert isinstance(result, (Parsed, Invalid))
    if isinstance(result, Invalid):
        assert result.message and not result.message.isascii()


@given(st.text())
def test_clean_text_removes_every_control_character(raw):
    cleaned = n.clean_text(raw, multiline=True)
    assert not any(ord(c) < 32 and c != "\n" for c in cleaned)
    assert n.clean_text(cleaned, multiline=True) == cleaned


@given(st.one_of(st.integers(-10**12, 10**12),
                 st.builds(lambda m, k: m / 10**k, st.integers(-10**14, 10**14), st.integers(0, 4))))
def test_numbers_survive_their_own_text(x):
    """Every number of at most 15 significant digits (Excel's precision) comes back as itself."""
    assert value(n.parse_number(str(x))) == x
    assert n.number_problem(x) is None


@given(st.integers(10**14, 10**400), st.integers(1, 9), st.integers(0, 20), st.booleans())
def test_more_than_15_significant_digits_is_refused_typed_or_stored(m, last, k, negative):
    digits = str(m * 10 + last)  # at least 16 significant digits
    text = ("-" if negative else "") + (digits[:-k] + "." + digits[-k:] if 0 < k < len(digits) else digits)
    assert isinstance(n.parse_number(text), Invalid)
    assert isinstance(n.parse_amount(text), Invalid)


def test_a_kpis_own_unit_after_the_number_is_taken_off_and_said():
    result = n.parse_number("30分", unit="分")
    assert result.value == 30 and any("分" in n for n in result.notes)
    assert n.parse_number("３０ 分", unit="分").value == 30
    assert n.parse_actual("12件", unit="件").value == 12
    assert n.parse_number("71.3パーセント", unit="パーセント").value == 71.3  # ー is not read as a minus here
    assert isinstance(n.parse_number("30分", unit="時間"), Invalid)  # another unit: refused
    assert isinstance(n.parse_number("分", unit="分"), Invalid)


def test_a_phone_number_may_carry_its_extension():
    assert n.parse_phone("0112314111 内線123").value == "0112314111（内線123）"
    assert n.parse_phone("0242-55-1111（内線45）") == Parsed("0242-55-1111（内線45）")
    assert "内線" in n.parse_phone("012 内線1").message  # still 10–11 digits before it, and the message says how
