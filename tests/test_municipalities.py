import pytest

from dejiden.model import municipalities as m
from dejiden.model.normalize import Invalid, Parsed


def test_check_digit():
    assert m.check_digit("07447") == "1"
    assert m.check_digit("13101") == "6"  # 千代田区 131016
    # 10 -> 0 and 11 -> 1
    assert {m.check_digit(e.code) for e in m.municipalities()} <= set("0123456789")
    assert all(m.check_digit(e.code) == e.full_code[-1] for e in m.municipalities())


def test_table_has_every_municipality():
    assert len(m.municipalities(include_prefectures=False)) == 1741
    assert len(m.prefectures()) == 47


def test_code_keeps_the_leading_zero_and_checks_the_digit():
    assert m.parse_code("07447") == Parsed("07447")
    six = m.parse_code("074471")
    assert isinstance(six, Parsed) and six.value == "07447"
    wrong = m.parse_code("074472")
    assert isinstance(wrong, Invalid) and "検査数字" in wrong.message and "07447 の検査数字は 1 です" in wrong.message
    assert isinstance(m.parse_code("７４４７"), Invalid)


@pytest.mark.parametrize("typed", ["会津美里", "会津美里町", "福島県会津美里町", "福島県 会津美里町", "ｱｲﾂﾞ" * 0 + "会津美里"])
def test_lookup_fills_prefecture_and_code(typed):
    found = m.lookup(typed)
    assert (found.prefecture, found.name, found.code) == ("福島県", "会津美里町", "07447")


def test_ambiguous_names_ask_for_the_prefecture():
    result = m.lookup("美里町")
    assert isinstance(result, Invalid) and "宮城県美里町" in result.message
    assert m.lookup("宮城県美里町").code == "04505"


def test_unknown_name_suggests_close_ones():
    result = m.lookup("会津美里村")
    assert isinstance(result, Invalid) and "会津美里町" in result.message


def test_prefecture_as_grantee():
    found = m.lookup("福島県")
    assert found.is_prefecture and found.code == "07000"


def test_code_that_disagrees_with_the_name():
    assert m.agreement_error("福島県", "会津美里町", "07447") is None
    error = m.agreement_error("福島県", "会津美里町", "07201")  # 福島市
    assert error and "福島県福島市" in error and "07447" in error
