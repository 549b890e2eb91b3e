"""Reading numbers as people in Sweden type them: "−3 170 000", "-3170000", "1 234,50", "4,4", "3.8" (pasted from
an English spreadsheet), "–12 kr". One reader for every form that takes a number, so they all accept the same."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

GROUP_SEPARATORS = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
MINUSES = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (what Word and Excel make of a typed "-")

_NUMBER = re.compile(
    rf"""^(?P<sign>[{MINUSES}+]?)\s*
    (?P<whole>\d+|\d{{1,3}}(?:[{GROUP_SEPARATORS}]\d{{3}})+)
    (?:[,.](?P<fraction>\d+))?
    (?:\s*(?P<suffix>kr|%))?$""",
    re.VERBOSE,
)


class NotANumber(ValueError):
    """Why a text is not an acceptable number: `code` is "invalid", "precision" or "too_large"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_decimal(text: str | None, *, max_digits: int, decimal_places: int, suffix: str = "") -> Decimal | None:
    """The exact Decimal of `text`, or None when it is empty.

    Thousands may be grouped in threes by any of GROUP_SEPARATORS; the decimal separator is a comma or a point;
    trailing zeros beyond `decimal_places` are fine ("4,400"), other digits are not ("precision"); `suffix` ("kr")
    may follow. Raises NotANumber otherwise; the caller words the message for its field.
    """
    text = (text or "").strip()
    if not text:
        return None
    match = _NUMBER.match(text)
    if match is None or (match["suffix"] and match["suffix"] != suffix):
        raise NotANumber("invalid")
    fraction = (match["fraction"] or "").rstrip("0")
    if len(fraction) > decimal_places:
        raise NotANumber("precision")
    try:
        value = Decimal(f"{re.sub(f'[{GROUP_SEPARATORS}]', '', match['whole'])}.{fraction or '0'}")
    except InvalidOperation as error:  # not reachable through the pattern; kept as a guard
        raise NotANumber("invalid") from error
    if value >= Decimal(10) ** (max_digits - decimal_places):
        raise NotANumber("too_large")
    if match["sign"] and match["sign"] != "+" and value:
        value = -value
    return value
