"""Reading a value out of a query string or a path: whole numbers, years, slugs and free text. The one way for every
view, so that no view calls `int()` on what a visitor typed (`"²".isdigit()` is true, `int("²")` raises).

Two families, chosen per use:

- `parse_*` read one value and return None when it is absent or cannot be of its kind. For callers to whom a
  malformed value means "not asked for": a search filter drops it and searches without it (the page stays useful),
  an imported cell is skipped with the importer's own message.
- `query_*` read a parameter of the request and raise `InvalidParameter` (a 400 whose Swedish message names the
  parameter) when a value is there but cannot be read. For the parameter that decides what a page shows: no link of
  ours produces `?ar=²`, so it was typed or tampered with, and saying which part of the address is wrong beats
  quietly showing something else. A well-formed value that matches nothing (a year without meetings) is the caller's
  to treat as an empty result.
- Free text is never refused here (`clean_text`): anything a person types is a legitimate query; control characters
  are dropped, whitespace runs become one space and the length is capped.

Only ASCII digits count as digits: `int()` also accepts "٢٠٢٤" (Arabic-Indic digits), which no page links to.
Control characters are refused before any view by `orebro_portal.middleware`; `clean_text` drops them again so
that a value read outside a request (a task, a test) is safe too. This module knows no domain: bounds are the
caller's.
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.translation import gettext as _

# C0 control characters and DEL. PostgreSQL refuses NUL in any text it is given (psycopg raises ValueError before
# the query is sent); the others are refused or dropped because no address or typed text needs them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_INTEGER = re.compile(r"-?[0-9]+")
_ASCII_YEAR = re.compile(r"[0-9]{4}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# The largest id a row can have: primary keys are signed 64-bit integers (BigAutoField).
ID_MAX = 2**63 - 1
# Longer than any whole number the database stores (2**63 has 19 digits) plus a sign and leading zeros: beyond it
# a value is not read at all, so `int()` never works on a megabyte of digits.
_INTEGER_MAX_CHARS = 40


class InvalidParameter(BadRequest):
    """A value in the address that cannot be read. Django answers 400 through `handler400`, which shows `message`:
    Swedish, naming the parameter, never quoting the value."""

    def __init__(self, message: str, *, parameter: str = ""):
        super().__init__(message)
        self.message = message
        self.parameter = parameter  # the query parameter's name, where one is to blame (the API names it)


def _present(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def parse_int(value: str | None, *, minimum: int, maximum: int) -> int | None:
    """A whole number in ASCII digits (a leading "-" allowed), `minimum` ≤ n ≤ `maximum`; else None."""
    value = _present(value)
    if value is None or len(value) > _INTEGER_MAX_CHARS or not _ASCII_INTEGER.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_year(value: str | None, *, minimum: int, maximum: int) -> int | None:
    """A year written as four ASCII digits ("0001" is not a year anyone links to, but it is four digits: the bounds
    decide), `minimum` ≤ year ≤ `maximum`; else None."""
    value = _present(value)
    if value is None or not _ASCII_YEAR.fullmatch(value):
        return None
    year = int(value)
    return year if minimum <= year <= maximum else None


def parse_slug(value: str | None, *, max_length: int = 100) -> str | None:
    """A slug as Django's `slug` path converter matches it (ASCII letters, digits, "-", "_"); else None."""
    value = _present(value)
    if value is None or len(value) > max_length or not _SLUG.fullmatch(value):
        return None
    return value


def clean_text(value: str | None, *, max_length: int) -> str:
    """Free text as typed: control characters dropped (a tab or a line break becomes a space), whitespace runs made
    one space, at most `max_length` characters. Never refused: "" when nothing is left."""
    if not value:
        return ""
    return " ".join(CONTROL_CHARACTERS.sub(" ", value).split())[:max_length]


def path_id(value: int) -> int:
    """An id from the path (`<int:pk>` matches ASCII digits of any length): a 404 beyond what a row's id can be.
    Django answers "no such row" to such a number in a `pk=` lookup, but a filter on a foreign key (`meeting_id=`)
    hands it to the database as it is, and SQLite raises OverflowError."""
    if not 1 <= value <= ID_MAX:
        raise Http404
    return value


def query_int(query, name: str, *, label: str, minimum: int, maximum: int) -> int | None:
    """`query[name]` (a QueryDict, e.g. `request.GET`) as a whole number within bounds; None when absent or empty;
    `InvalidParameter` naming `label` (how the page calls it, e.g. "Sidan") when it is there but not such a number."""
    return _query_value(
        query, name, parse_int, minimum, maximum,
        _("%(label)s i adressen (%(name)s=) ska vara ett heltal mellan %(min)s och %(max)s."), label,
    )  # fmt: skip


def query_year(query, name: str, *, label: str, minimum: int, maximum: int) -> int | None:
    """`query[name]` as a year of four digits within bounds; None when absent or empty; `InvalidParameter` naming
    `label` when it is there but not such a year."""
    return _query_value(
        query, name, parse_year, minimum, maximum,
        _("%(label)s i adressen (%(name)s=) ska vara ett år med fyra siffror, %(min)s–%(max)s."), label,
    )  # fmt: skip


def _query_value(query, name: str, parse, minimum: int, maximum: int, message: str, label: str) -> int | None:
    raw = query.get(name)
    if _present(raw) is None:
        return None
    value = parse(raw, minimum=minimum, maximum=maximum)
    if value is None:
        raise InvalidParameter(message % {"label": label, "name": name, "min": minimum, "max": maximum}, parameter=name)
    return value


def query_text(query, name: str, *, max_length: int) -> str:
    """`query[name]` as free text (`clean_text`): "" when absent; never refused."""
    return clean_text(query.get(name), max_length=max_length)
