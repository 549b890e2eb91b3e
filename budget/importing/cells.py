"""The cells of a ledger file: amounts, years and text, and the errors a cell or a file can give."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from orebro_portal.lib.bounds import FIRST_YEAR as YEAR_MIN  # one range of years for the portal
from orebro_portal.lib.bounds import LAST_YEAR as YEAR_MAX
from orebro_portal.lib.numbers import GROUP_SEPARATORS, NotAnAmount
from orebro_portal.lib.numbers import parse_amount as read_amount

from ..models import AMOUNT

MAX_ERRORS_KEPT = 1000  # a file of garbage rows is not worth a million messages; the rest are counted
ERRORS_SHOWN = 50
HEADER_SEARCH_ROWS = 20  # the header is looked for in this many rows of each sheet (lines of a CSV)
TOTAL_NOTES_KEPT = 20  # a file with a subtotal per ansvar gets one counted line for the rest

_CENT = Decimal("0.01")
_LIMIT = Decimal(10) ** (AMOUNT["max_digits"] - AMOUNT["decimal_places"])
_FLOAT_NOISE = Decimal("0.000001")
_GROUPING = re.compile(f"[{GROUP_SEPARATORS}]")
_TOTAL = re.compile(r"(?:summa|delsumma|totalsumma|totalt?)\b", re.IGNORECASE)
# Two cells an unquoted decimal comma made of one amount: "−2531829" and "39".
_SPLIT_WHOLE = re.compile(r"[+\-\u2212\u2013]?\d[\d \u00a0\u202f\u2009]*")
_SPLIT_FRACTION = re.compile(r"\d{1,2}")

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls

# Normalised header name → field; the label is how messages name the column.
COLUMNS = {"år": "year", "ansvar": "code", "ansvarsbenämning": "name", "kontogrupp": "group", "budget": "budget"}
COLUMNS["utfall"] = "outcome"
LABELS = {
    "year": "År",
    "code": "Ansvar",
    "name": "Ansvarsbenämning",
    "group": "Kontogrupp",
    "budget": "Budget",
    "outcome": "Utfall",
}
REQUIRED = ("year", "code", "group", "budget", "outcome")
# "Budget (tkr)", "Utfall kr", "Utfall, mnkr": an amount column with its unit.
_AMOUNT_HEADER = re.compile(r"(budget|utfall)[\s,]*(?:\(\s*([^()]+?)\s*\)|(\S+))")
UNITS = {
    "kr": "",
    "kr.": "",
    "kronor": "",
    "sek": "",
    "tkr": "tkr",
    "tkr.": "tkr",
    "ksek": "tkr",
    "tusen kronor": "tkr",
}
UNITS.update({"mnkr": "mnkr", "mkr": "mnkr", "msek": "mnkr", "miljoner kronor": "mnkr"})
DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabb"}

Key = tuple[int, int, int]  # (year, code id, account group id)


class AmountError(ValueError):
    """A cell that cannot be read; the message is Swedish and quotes the cell."""


class FileError(ValueError):
    """A file that cannot be read at all (garbage, empty, wrong header)."""


def unreadable_message() -> str:
    return _("Filen går inte att läsa som text (provade UTF-16, UTF-8 och Windows-1252) eller som Excel (xlsx).")


# --- amounts ------------------------------------------------------------------------------------------------------


def parse_amount(text: str) -> Decimal:
    """An amount in a text cell, read by the rules and with the messages of the budget grid
    (`orebro_portal.lib.numbers.parse_amount`); only an empty cell differs: it is 0 kr here, as exports write zero."""
    try:
        value = read_amount(text, max_digits=AMOUNT["max_digits"])
    except NotAnAmount as error:
        raise AmountError(str(error)) from error
    return Decimal(0) if value is None else value


def amount_from_cell(value) -> Decimal:
    """An amount from an XLSX cell: numbers as they are (floats rid of binary noise), text like CSV text."""
    if value is None:
        return Decimal(0)
    if isinstance(value, str):
        return parse_amount(value)
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise AmountError(_("”%(value)s” är inget belopp.") % {"value": value})
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # repr gives the shortest text that reads back as the same float: 1234.56, not 1234.5599999999999.
        amount = Decimal(repr(value))
        if not amount.is_finite():
            raise AmountError(_("”%(value)s” är inget belopp.") % {"value": value})
        rounded = amount.quantize(_CENT)
        if abs(amount - rounded) > _FLOAT_NOISE:
            raise AmountError(_("”%(value)s” har fler än två decimaler (öre).") % {"value": _sv_plain(amount)})
        amount = rounded.normalize() if rounded == rounded.to_integral_value() else rounded
    else:
        raise AmountError(_("”%(value)s” är inget belopp.") % {"value": value})
    if abs(amount) >= _LIMIT:
        raise AmountError(_("”%(value)s” är ett för stort belopp.") % {"value": _sv_plain(amount)})
    return amount


def _sv_plain(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


# --- the other cells ------------------------------------------------------------------------------------------------


def _text(value) -> str:
    """A cell as stripped text; a whole number from an XLSX cell without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def _blank(row: Iterable) -> bool:
    return not any(cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in row)


def parse_year(value) -> int:
    text = _text(value)
    if not (len(text) == 4 and text.isascii() and text.isdigit()) or not YEAR_MIN <= int(text) <= YEAR_MAX:
        raise AmountError(_("”%(value)s” är inget år (fyra siffror, t.ex. 2021).") % {"value": text})
    return int(text)
