"""Reading numbers as people in Sweden type them: "−3 170 000", "-3170000", "1 234,50", "4,4", "3.8" (pasted from
an English spreadsheet), "–12 kr".

Two readers: `parse_amount` decides what an amount in kronor is, for the budget grid and the ledger import alike (the
same text reads the same everywhere, with the same message); `parse_decimal` reads other measures (indicator values),
where a point with three decimals is a plain decimal point, not an ambiguity."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

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


# --- amounts in kronor ----------------------------------------------------------------------------------------------

# An amount as a whole: sign, whole kronor (plain, or grouped in threes), decimals, "kr". Only ASCII digits: "٣" or a
# full-width "３" is no amount (as for every number the portal reads, docs/0011).
_AMOUNT = re.compile(
    rf"""(?P<sign>[+{re.escape(MINUSES)}]?)\s*
    (?P<whole>[0-9]{{1,3}}(?:[{GROUP_SEPARATORS}][0-9]{{3}})+|[0-9]+)
    (?:(?P<point>[,.])(?P<fraction>[0-9]+))?
    (?:\s*kr\.?)?""",
    re.IGNORECASE | re.VERBOSE,
)
# The same in two steps, to say why a text is no amount: its sign and unit, then what lies between.
_AMOUNT_SIGN = re.compile(
    rf"^(?P<sign>[+{re.escape(MINUSES)}]?)\s*(?P<body>.*?)(?:\s*kr\.?)?$", re.IGNORECASE | re.DOTALL
)
_GROUPING = re.compile(f"[{GROUP_SEPARATORS}]")
_SPACED_DIGITS = re.compile(rf"[0-9{GROUP_SEPARATORS}]+(?:,[0-9]+)?")


class NotAnAmount(ValueError):
    """Why a text is no amount: the Swedish message quotes the text; `code` is "excel_error", "invalid", "ambiguous",
    "precision" or "too_large"."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def parse_amount(text: str | None, *, max_digits: int) -> Decimal | None:
    """An amount in kronor written the Swedish way, exactly (never through float); None when the text is empty.

    Accepted: "−3 170 000", "-3170000", "1 234,50", "+12", "12 kr", "– 4 134". Thousands are grouped in threes by a
    space, no-break space, narrow no-break space or thin space, or not grouped. The decimal separator is a comma; a
    point is accepted too when one or two digits follow it ("1234.5", as an English export writes it), but not with
    three ("1.500" is 1 500 in a German export and 1,5 in an English one, so it is refused as ambiguous). More
    decimals than öre are refused unless they are zeros. The minus may be "-", "−" or "–". Anything starting with "#"
    is an Excel error value (#DIVISION/0!, #VÄRDEFEL! …). An amount needing more than `max_digits` digits with its two
    decimals is too large. What an empty text means (nothing, or 0 kr) is the caller's to say.
    """
    text = (text or "").strip()
    if not text:
        return None
    parts = _AMOUNT.fullmatch(text)
    if parts is None:
        raise _refusal(text)
    whole = parts["whole"]
    if not whole.isdigit():
        whole = _GROUPING.sub("", whole)
    fraction = parts["fraction"] or ""
    if parts["point"] == "." and len(fraction) > 2:
        raise NotAnAmount(
            _("”%(value)s” är tvetydigt: skriv decimaler med komma (1 234,56) och tusental med mellanslag.")
            % {"value": text},
            "ambiguous",
        )
    if len(fraction) > 2 and fraction[2:].strip("0"):
        raise NotAnAmount(_("”%(value)s” har fler än två decimaler (öre).") % {"value": text}, "precision")
    value = Decimal(f"{whole}.{fraction[:2]}" if fraction else whole)
    if value >= Decimal(10) ** (max_digits - 2):
        raise NotAnAmount(_("”%(value)s” är ett för stort belopp.") % {"value": text}, "too_large")
    if parts["sign"] and parts["sign"] != "+" and value:
        value = -value
    return value


def _refusal(text: str) -> NotAnAmount:
    """Why a text that is no amount is none, as precisely as can be said."""
    if text.startswith("#"):
        return NotAnAmount(_("Excel-felvärde ”%(value)s” i stället för ett belopp.") % {"value": text}, "excel_error")
    body = _AMOUNT_SIGN.match(text)["body"]  # the pattern matches any text
    if body.count(",") == 1 and _GROUPING.search(body.partition(",")[2]):
        reason = _("mellanrum i decimalerna")
    elif _GROUPING.search(body) and _SPACED_DIGITS.fullmatch(body):
        reason = _("mellanrummen ska skilja tusental, tre siffror i varje grupp (1 234 567)")
    else:
        return NotAnAmount(_("”%(value)s” är inget belopp.") % {"value": text}, "invalid")
    return NotAnAmount(_("”%(value)s” är inget belopp: %(reason)s.") % {"value": text, "reason": reason}, "invalid")
