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
import unicodedata
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


# Word, PDF copies and pasted text bring typographic hyphens, no-break spaces, soft hyphens, zero-width characters and
# full-width digits into otherwise ordinary numbers. Detection runs on a normalised copy of the text (NFKC, invisible
# characters dropped) and maps what it finds back onto the original, so the whole written span is masked.
_INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# Between the date part and the last four digits: any short run of white space, hyphens, dashes, dots or slashes,
# or a "+" (a person aged 100 or more) with white space around it.
_SEPARATOR_CHARS = rf"\s{re.escape(_HYPHENS)}./"
# Characters that join digit groups into one longer number: "8327-9", "1.234", "Ks 181/2022". Spaces are left out
# on purpose: "Bilaga 2 811218-9876" must be masked, and a space-grouped account number that ends in a valid
# personnummer is better masked than published.
_JOINERS = _HYPHENS + "+/.,:"
_PERSONKONTO_CLEARING = "3300"

# [^\W_] is "letter or digit": a number glued to a word ("nr811218-9876") is not one on its own. Inside the groups a
# single space may stand between the pairs ("81 12 18-98 76"), never elsewhere, so phone numbers ("070 123 45 67")
# and amounts grouped by thousands do not line up as one.
_CANDIDATE = re.compile(
    # A lookahead, so that a candidate that fails its checks ("3300 81…") does not swallow the start of the real one.
    rf"""
    (?<![^\W_])(?=(?P<whole>
    (?P<century>[0-9]{{2}})?
    (?P<date>[0-9]{{2}}\x20?[0-9]{{2}}\x20?[0-9]{{2}})
    (?P<separator>[{_SEPARATOR_CHARS}]{{0,12}}\+[{_SEPARATOR_CHARS}]{{0,12}}|[{_SEPARATOR_CHARS}]{{1,12}})?
    (?P<serial>[0-9]{{2}}\x20?[0-9]{{2}})
    (?!s[^\W_])(?!(?!s)[^\W_])  # nothing glued on after, except a genitive s: "811218-9876s ansökan"
    ))""",
    re.VERBOSE,
)
# "Ks 811218/2022" is a diarienummer: an abbreviation, a space, a serial number, a slash and a year.
_CASE_NUMBER_PREFIX = re.compile(r"(?<![^\W_])[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5}\x20$")


def normalise(text: str) -> tuple[str, list[int] | None]:
    """The text as detection reads it, and for each of its characters the index of the original one it came from
    (None when the text is already normal: the usual case, read without copying).

    NFKC turns full-width digits and compatibility forms into plain ones; soft hyphens and zero-width characters,
    which a reader never sees, are dropped."""
    if unicodedata.is_normalized("NFKC", text) and not _INVISIBLE.intersection(text):
        return text, None
    characters: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        for normal in unicodedata.normalize("NFKC", char) if ord(char) > 127 else char:
            characters.append(normal)
            origin.append(index)
    return "".join(characters), origin


def to_original(span: tuple[int, int], origin: list[int] | None) -> tuple[int, int]:
    """A span found in `normalise`'s text, as a span of the text it was made from."""
    start, end = span
    return (start, end) if origin is None else (origin[start], origin[end - 1] + 1)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 - index % 2)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _is_valid(match: re.Match[str], text: str) -> bool:
    century, separator = match["century"], match["separator"] or ""
    date, serial = match["date"].replace(" ", ""), match["serial"].replace(" ", "")
    if century and (century not in ("18", "19", "20") or "+" in separator):
        return False  # "+" marks a 10-digit number of someone aged 100; with the century written it has no place
    if separator.strip() == "/" and _CASE_NUMBER_PREFIX.search(text, 0, match.start("whole")):
        return False
    month, day = int(date[2:4]), int(date[4:6])
    if day > 60:
        day -= 60  # samordningsnummer
    if not 1 <= month <= 12:
        return False
    # Without the century any century is possible, and some of them make 29 February real; 2000 is a leap year.
    year = int(century + date[:2]) if century else 2000
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return False
    return _luhn_ok(date + serial)


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


def _find_normalised(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _CANDIDATE.finditer(text):
        if (not spans or match.start("whole") >= spans[-1][1]) and _is_valid(match, text):
            spans.append(match.span("whole"))
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


def find_identity_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) in `text` of every valid personnummer or samordningsnummer, in order, in any notation."""
    normal, origin = normalise(text)
    return [to_original(span, origin) for span in _find_normalised(normal)]


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


# A marked span shorter than this is not looked for elsewhere: "[[A]]" must not mask every "A" of a protocol.
NAME_MIN_LENGTH = 4


def marked_names(*texts: str) -> tuple[str, ...]:
    """The spans marked with `[[ ]]` in `texts`, white space folded: what is masked wherever else it appears in the
    same protocol (see `segments`)."""
    names: dict[str, None] = {}
    for text in texts:
        for piece, marked in _split_markers(text or "")[0]:
            name = " ".join(unicodedata.normalize("NFKC", piece).split())
            if marked and len(name) >= NAME_MIN_LENGTH:
                names.setdefault(name, None)
    return tuple(names)


def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    # Longest first, so "Anna Andersson" wins over "Anna"; any white space between words; a genitive s may follow.
    words = [r"\s+".join(re.escape(word) for word in name.split()) for name in sorted(names, key=len, reverse=True)]
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(words)})(?!s[^\W_])(?!(?!s)[^\W_])", re.IGNORECASE)


def _plain_segments(text: str, names: re.Pattern[str] | None) -> list[Segment]:
    found = [(start, end, MaskKind.IDENTITY) for start, end in find_identity_numbers(text)]
    if names is not None:
        normal, origin = normalise(text)
        for match in names.finditer(normal):
            start, end = to_original(match.span(), origin)
            if not any(start < other_end and other_start < end for other_start, other_end, _kind in found):
                found.append((start, end, MaskKind.MANUAL))
    result: list[Segment] = []
    position = 0
    for start, end, kind in sorted(found):
        if start > position:
            result.append(Segment(text[position:start], None))
        result.append(Segment(text[start:end], kind))
        position = end
    if position < len(text):
        result.append(Segment(text[position:], None))
    return result


def segments(text: str, names: tuple[str, ...] = ()) -> list[Segment]:
    """The original text (with its `[[ ]]` markers) split into pieces published as is and pieces to mask.

    `names` are spans marked elsewhere in the same protocol (`marked_names`): they are masked here too, wherever they
    appear, whole words only and whatever the case."""
    pattern = _names_pattern(names)
    result: list[Segment] = []
    for piece, marked in _split_markers(text)[0]:
        if marked:
            if piece:  # "[[]]" hides nothing; a label for it would only puzzle the reader
                # A marked personnummer (what "Maskera och spara" stores) still says what it was.
                kind = MaskKind.IDENTITY if is_identity_number(piece.strip()) else MaskKind.MANUAL
                result.append(Segment(piece, kind))
        else:
            result.extend(_plain_segments(piece, pattern))
    return result


def public_text(text: str, names: tuple[str, ...] = ()) -> str:
    """The text as the public sees it: every masked span replaced by its label, markers gone."""
    return "".join(str(LABELS[segment.kind]) if segment.kind else segment.text for segment in segments(text, names))


def original_text(text: str) -> str:
    """The text as staff read it: markers removed, nothing masked."""
    return "".join(segment.text for segment in segments(text))


def unclosed_markers(text: str) -> int:
    """How many `[[` have no `]]` after them; such text would publish half-marked data, so forms refuse it."""
    return _split_markers(text)[1]


def unmarked_identity_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) in `text` itself, markers included, of every personnummer that no `[[ ]]` encloses: what a staff
    form warns about, and what "mask" wraps in brackets."""
    found: list[tuple[int, int]] = []
    position = 0
    for piece, marked in _split_markers(text)[0]:
        if marked:
            position += len(MARKER_OPEN) + len(piece) + len(MARKER_CLOSE)
            continue
        found.extend((position + start, position + end) for start, end in find_identity_numbers(piece))
        position += len(piece)
    return found
