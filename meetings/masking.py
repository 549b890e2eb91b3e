"""Masking of personal data in protocol texts before they are published.

The secretary's text is stored as written; the public version is derived from it every time it is shown, so a
correction to the masking never leaves an old public copy behind. Two things are masked:

- personnummer and samordningsnummer, found automatically: any common notation whose date is a real date and whose
  check digit passes the Luhn algorithm. The date and Luhn checks are what keep dates, case numbers, amounts,
  organisation numbers (month 20 and up) and phone numbers visible;
- anything else the secretary wraps in double square brackets, `[[Anna Andersson]]`: names of private persons,
  addresses, phone numbers. Markers do not nest; the first `]]` after a `[[` closes it.
"""

import calendar
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy

IDENTITY_LABEL = gettext_lazy("[personnummer maskerat]")
MANUAL_LABEL = gettext_lazy("[personuppgift maskerad]")

MARKER_OPEN = "[["
MARKER_CLOSE = "]]"


class MaskKind(models.TextChoices):
    """Why a span is masked; the value is also the CSS class suffix (`mask--identity`)."""

    IDENTITY = "identity", gettext_lazy("personnummer")
    MANUAL = "manual", gettext_lazy("markerad av sekreteraren")


LABELS = {MaskKind.IDENTITY: IDENTITY_LABEL, MaskKind.MANUAL: MANUAL_LABEL}


@dataclass(frozen=True)
class Segment:
    text: str  # as written; for a MANUAL segment without the brackets
    kind: MaskKind | None  # None: published as is


# Word and pasted text bring typographic hyphens and no-break spaces into otherwise ordinary numbers.
_HYPHENS = "-\u2010\u2011\u2013\u2212"
_SPACES = " \u00a0\u202f"
_SEPARATORS = _HYPHENS + _SPACES + "+"
# Characters that join digit groups into one longer number: "8327-9", "1.234", "Ks 181/2022". Spaces are left out
# on purpose: "Bilaga 2 811218-9876" must be masked, and a space-grouped account number that ends in a valid
# personnummer is better masked than published.
_JOINERS = _HYPHENS + "+/.,:"
_PERSONKONTO_CLEARING = "3300"

# [^\W_] is "letter or digit": a number glued to a word ("nr811218-9876") is not one on its own.
_CANDIDATE = re.compile(
    rf"""
    (?<![^\W_])
    (?P<century>[0-9]{{2}})?
    (?P<date>[0-9]{{6}})
    (?P<separator>[{re.escape(_SEPARATORS)}])?
    (?P<serial>[0-9]{{4}})
    (?!s[^\W_])(?!(?!s)[^\W_])  # nothing glued on after, except a genitive s: "811218-9876s ansökan"
    """,
    re.VERBOSE,
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 - index % 2)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _is_valid(match: re.Match[str]) -> bool:
    century, date, separator = match["century"], match["date"], match["separator"]
    if century and (century not in ("18", "19", "20") or separator == "+"):
        return False  # "+" marks a 10-digit number of someone aged 100; with the century written it has no place
    month, day = int(date[2:4]), int(date[4:6])
    if day > 60:
        day -= 60  # samordningsnummer
    if not 1 <= month <= 12:
        return False
    # Without the century any century is possible, and some of them make 29 February real; 2000 is a leap year.
    year = int(century + date[:2]) if century else 2000
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return False
    return _luhn_ok(date + match["serial"])


def _group_before(text: str, start: int) -> bool:
    if not (start >= 2 and text[start - 1] in _JOINERS and text[start - 2].isdigit()):
        return False
    # Nordea's personkonto is clearing number 3300 and then the holder's personnummer: that account number is one.
    clearing = start - 1 - len(_PERSONKONTO_CLEARING)
    return not (
        clearing >= 0
        and text[clearing : start - 1] == _PERSONKONTO_CLEARING
        and (clearing == 0 or not text[clearing - 1].isdigit())
    )


def _group_after(text: str, end: int) -> bool:
    return end + 1 < len(text) and text[end] in _JOINERS and text[end + 1].isdigit()


def find_identity_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every valid personnummer or samordningsnummer in `text`, in order."""
    spans = [match.span() for match in _CANDIDATE.finditer(text) if _is_valid(match)]
    starts = {start for start, _ in spans}
    ends = {end for _, end in spans}
    # A number that is only one group of a longer digit sequence (an account number, an IBAN written in groups) is
    # not a personnummer, unless the neighbouring group is itself one: a list "811218-9876 701063-2391".
    return [
        (start, end)
        for start, end in spans
        if not (_group_before(text, start) and start - 1 not in ends)
        and not (_group_after(text, end) and end + 1 not in starts)
    ]


def is_identity_number(value: str) -> bool:
    """Whether all of `value` is one valid personnummer or samordningsnummer, in any notation (not stripped)."""
    return find_identity_numbers(value) == [(0, len(value))]


def _split_markers(text: str) -> tuple[list[tuple[str, bool]], int]:
    """The text as (piece, is_marked) pairs, and how many `[[` have no `]]` to close them."""
    pieces: list[tuple[str, bool]] = []
    plain_from = 0
    while (opened := text.find(MARKER_OPEN, plain_from)) != -1:
        closed = text.find(MARKER_CLOSE, opened + len(MARKER_OPEN))
        if closed == -1:
            # No "]]" anywhere after this one, so none after any later "[[" either: all of them stay literal text.
            pieces.append((text[plain_from:], False))
            return pieces, text.count(MARKER_OPEN, opened)
        pieces.append((text[plain_from:opened], False))
        pieces.append((text[opened + len(MARKER_OPEN) : closed], True))
        plain_from = closed + len(MARKER_CLOSE)
    pieces.append((text[plain_from:], False))
    return pieces, 0


def _identity_segments(text: str) -> list[Segment]:
    result: list[Segment] = []
    position = 0
    for start, end in find_identity_numbers(text):
        if start > position:
            result.append(Segment(text[position:start], None))
        result.append(Segment(text[start:end], MaskKind.IDENTITY))
        position = end
    if position < len(text):
        result.append(Segment(text[position:], None))
    return result


def segments(text: str) -> list[Segment]:
    """The original text (with its `[[ ]]` markers) split into pieces published as is and pieces to mask."""
    result: list[Segment] = []
    for piece, marked in _split_markers(text)[0]:
        if marked:
            if piece:  # "[[]]" hides nothing; a label for it would only puzzle the reader
                result.append(Segment(piece, MaskKind.MANUAL))
        else:
            result.extend(_identity_segments(piece))
    return result


def public_text(text: str) -> str:
    """The text as the public sees it: every masked span replaced by its label, markers gone."""
    return "".join(str(LABELS[segment.kind]) if segment.kind else segment.text for segment in segments(text))


def original_text(text: str) -> str:
    """The text as staff read it: markers removed, nothing masked."""
    return "".join(segment.text for segment in segments(text))


def unclosed_markers(text: str) -> int:
    """How many `[[` have no `]]` after them; such text would publish half-marked data, so forms refuse it."""
    return _split_markers(text)[1]
