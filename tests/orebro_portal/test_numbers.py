from decimal import Decimal as D

import pytest

from orebro_portal.lib.numbers import NotAnAmount, NotANumber, parse_amount, parse_decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("−3 170 000", D(-3170000)),
        ("-3\u00a0170\u202f000,50", D("-3170000.5")),
        ("–12", D(-12)),
        ("4,400", D("4.4")),  # trailing zeros beyond the places are no precision
        ("3.8", D("3.8")),
        ("+7", D(7)),
        ("", None),
    ],
)
def test_swedish_numbers_are_read_exactly(text, value):
    assert parse_decimal(text, max_digits=15, decimal_places=2) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [("12 34", "invalid"), ("1,234,5", "invalid"), ("4,456", "precision"), ("10000", "too_large"), ("5 kr", "invalid")],
)
def test_what_is_not_a_number_says_why(text, code):
    with pytest.raises(NotANumber) as error:
        parse_decimal(text, max_digits=5, decimal_places=2)
    assert error.value.code == code


def test_a_unit_suffix_is_accepted_only_where_the_field_allows_it():
    assert parse_decimal("5 kr", max_digits=15, decimal_places=2, suffix="kr") == D(5)
    with pytest.raises(NotANumber):
        parse_decimal("5 %", max_digits=15, decimal_places=2, suffix="kr")


# --- amounts in kronor: the grid's and the import's one reader ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("−3 170 000", D(-3170000)),
        ("-3170000", D(-3170000)),
        ("1 234,50", D("1234.50")),
        ("1234.5", D("1234.5")),
        ("– 12 kr", D(-12)),
        ("12 KR.", D(12)),
        ("-0", D(0)),
        ("", None),
        (None, None),
    ],
)
def test_amounts_are_read_exactly(text, value):
    assert parse_amount(text, max_digits=15) == value


@pytest.mark.parametrize("text", ["\u0663\u0664", "\uff11\uff12", "1\u00a0\u0662\u0663\u0664"])
def test_only_ascii_digits_make_an_amount(text):
    with pytest.raises(NotAnAmount) as error:
        parse_amount(text, max_digits=15)
    assert error.value.code == "invalid"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("#SAKNAS!", "excel_error"),
        ("1.500", "ambiguous"),
        ("1,234", "precision"),
        ("12 34", "invalid"),
        ("5 %", "invalid"),
        ("1000", "too_large"),
    ],
)
def test_what_is_no_amount_says_why(text, code):
    with pytest.raises(NotAnAmount) as error:
        parse_amount(text, max_digits=5)
    assert error.value.code == code
    assert f"”{text}”" in str(error.value)
