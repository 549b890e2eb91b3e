from decimal import Decimal as D

import pytest

from orebro_portal.lib.numbers import NotANumber, parse_decimal


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
