"""Reading a ledger file (CSV, tab-separated text or XLSX) into amounts per year, ansvar and kontogrupp. No database
writes.

The format, as controllers have it from Swedish finance systems and Excel:

- Text separated by `;`, `,` or tab (the separator of the header line), encoded in UTF-16 with a byte order mark
  (Excel's "Unicode text"), UTF-8 with or without BOM, else read as Windows-1252. Or XLSX: the first sheet whose first
  20 rows hold the header (named in a note, with the sheets passed over); numeric cells are numbers, text cells are
  read like CSV text, a formula is read by the value Excel saved with it — one saved without a value is an error.
- The header `År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall` is found within the first 20 rows: case-insensitive,
  spaces around names ignored, columns in any order, `Ansvarsbenämning` optional (and not compared with the stored
  name: the code decides), other columns ignored. "Budget (kr)" and "Utfall kr" are Budget and Utfall; a column in
  tkr or mnkr is refused, never multiplied. Rows above the header (a title) are skipped and named in a note.
- Rows are numbered as a spreadsheet numbers them: the header on the first line is row 1. Blank rows are skipped.
  A row with a value beyond the header's last column is an error (in a comma-separated file an unquoted decimal comma
  splits an amount in two), and so is a CSV row too short to reach a required column.
- A total row — "Summa", "Totalt" or "Total" in År, Ansvar or Kontogrupp, or those three empty beside amounts — is not
  imported: it is checked against the sum of the rows since the previous total row (or of all rows, for a grand
  total), a match noted, a mismatch an error.
- Amounts are in kronor, read as the budget grid reads them (`orebro_portal.lib.numbers.parse_amount`). An empty
  Budget or Utfall cell is 0 kr: that is how Swedish finance exports write a zero. Unknown (NULL) budgets therefore
  never come from an import.
- Lines with the same year, code and group are summed.

Every problem is collected (not only the first) with its row and column, so a controller can mend the file at once.
A refusal of the file as a whole says how it was read (encoding and separator, or the sheets tried).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from orebro_portal.lib.bounds import FIRST_YEAR as YEAR_MIN  # one range of years for the portal
from orebro_portal.lib.bounds import LAST_YEAR as YEAR_MAX
from orebro_portal.lib.formatting import sv_number
from orebro_portal.lib.numbers import GROUP_SEPARATORS, NotAnAmount
from orebro_portal.lib.numbers import parse_amount as read_amount
from orebro_portal.lib.spreadsheets import DELIMITERS, NotText, csv_delimiter, decode_text

from .models import AMOUNT, AccountGroup, ResponsibilityCode

MAX_ERRORS_KEPT = 1000  # a file of garbage rows is not worth a million messages; the rest are counted
ERRORS_SHOWN = 50
PROGRESS_EVERY = 5000
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


def _sv_kronor(value: Decimal) -> str:
    """ "−1 234 567 kr", "1 234,50 kr": öre only when there are some."""
    return sv_number(value, 0 if value == value.to_integral_value() else 2) + " kr"


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


# --- what the reader returns ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None  # the column's header name, e.g. "Utfall"
    message: str
    whole: bool = False  # the message names its row itself ("Rad 5 har 7 celler …")

    def __str__(self) -> str:
        if self.row is None or self.whole:
            return self.message
        if self.column is None:
            return _("Rad %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Rad %(row)s, kolumn %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ParsedLedger:
    """What a file says: amounts summed per (year, code id, group id), with the rows they came from, and how it was
    read (`notes`: the sheet chosen, rows skipped above the header, total rows checked — in row order)."""

    lines: dict[Key, tuple[Decimal, Decimal]] = field(default_factory=dict)  # (budget, outcome) in kronor
    row_count: int = 0  # rows with data (blank rows, rows above the header, the header and total rows not counted)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    first_row: dict[tuple[int, int], int] = field(default_factory=dict)  # (year, code id) → its first row
    year_rows: dict[int, int] = field(default_factory=dict)  # year → its first row
    kind: str = ""  # "csv" or "xlsx", for the summary
    notes: list[str] = field(default_factory=list)
    sheet: str = ""  # the sheet read (xlsx)
    encoding: str = ""  # "UTF-8", "UTF-16" or "Windows-1252" (csv)
    delimiter: str = ""  # ";", "," or "\t" (csv)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int | None, column: str | None, message: str, *, whole: bool = False) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row, column, message, whole))

    def messages(self, limit: int = ERRORS_SHOWN) -> list[str]:
        """The errors in row order, at most `limit`, then a line saying how many more there are."""
        ordered = sorted(self.errors, key=lambda e: (e.row or 0, e.column or ""))
        shown = [str(error) for error in ordered[:limit]]
        if self.error_count > len(shown):
            shown.append(_("… och %(count)s fel till.") % {"count": self.error_count - len(shown)})
        return shown

    def digest(self) -> str:
        """A fingerprint of the summed lines: applying checks it still reads the file the way the preview did."""
        return lines_digest(self.lines)


def lines_digest(lines: Mapping[Key, tuple[Decimal | None, Decimal | None]]) -> str:
    digest = hashlib.sha256()
    for key in sorted(lines):
        budget, outcome = lines[key]
        digest.update(f"{key[0]};{key[1]};{key[2]};{_canonical(budget)};{_canonical(outcome)}\n".encode())
    return digest.hexdigest()


def _canonical(value: Decimal | None) -> str:
    return "" if value is None else format(Decimal(value).quantize(_CENT), "f")


# --- the header -----------------------------------------------------------------------------------------------------


@dataclass
class _Header:
    """What one row says as a header: the columns it names, and what is wrong with them."""

    number: int
    cells: list[str]
    positions: dict[str, int] = field(default_factory=dict)
    problems: list[RowError] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(column in self.positions for column in REQUIRED)

    @property
    def width(self) -> int:
        """The header's columns up to its last named one: a data row's values must lie within them."""
        return max((index for index, name in enumerate(self.cells) if name), default=-1) + 1


def _header_column(name: str) -> tuple[str, str] | None:
    """(field, unit) of a header name: ("budget", "") for "Budget" or "Budget (kr)", ("outcome", "tkr") for
    "Utfall (tkr)"; None for a name that is no column of the format."""
    name = " ".join(name.casefold().split())
    column = COLUMNS.get(name)
    if column is not None:
        return column, ""
    match = _AMOUNT_HEADER.fullmatch(name)
    if match is None:
        return None
    unit = UNITS.get(match[2] or match[3])
    return None if unit is None else (COLUMNS[match[1]], unit)


def _header(row: Iterable, number: int) -> _Header:
    header = _Header(number, [_text(cell) for cell in row])
    for index, name in enumerate(header.cells):
        found = _header_column(name) if name else None
        if found is None:
            continue
        column, unit = found
        if column in header.positions:
            header.problems.append(RowError(number, name, _("kolumnen finns två gånger i rubrikraden.")))
            continue
        header.positions[column] = index
        if unit:
            header.problems.append(
                RowError(
                    number,
                    name,
                    _(
                        "beloppen är i %(unit)s, men importen tar belopp i kronor. Ta ut filen med beloppen i kronor "
                        "och kalla kolumnen %(label)s (importen räknar aldrig om belopp)."
                    )
                    % {"unit": unit, "label": LABELS[column]},
                )
            )
    return header


def _closest(headers: Iterable[_Header]) -> _Header | None:
    """The row most like a header (most columns named, the first of equals); else the first non-blank row."""
    headers = list(headers)
    best = max(headers, key=lambda header: len(header.positions), default=None)
    if best is not None and not best.positions:
        best = next((header for header in headers if any(header.cells)), None)
    return best


def _missing_message(header: _Header) -> str:
    missing = [LABELS[column] for column in REQUIRED if column not in header.positions]
    shown = [name for name in header.cells if name] or [_("(ingenting)")]
    return _(
        "rubrikraden (rad %(row)s) saknar %(missing)s. Den ska vara År;Ansvar;Ansvarsbenämning;Kontogrupp;"
        "Budget;Utfall (Ansvarsbenämning får utelämnas, ordningen är fri). Hittade: %(found)s."
    ) % {"row": header.number, "missing": _join(missing), "found": "; ".join(shown[:12])}


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return _("kolumnen %(name)s") % {"name": names[0]}
    return _("kolumnerna %(names)s och %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def _quoted(names: list[str]) -> str:
    """ "”A”", "”A” och ”B”", "”A”, ”B” och ”C”"."""
    quoted = [f"”{name}”" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(names)s och %(last)s") % {"names": ", ".join(quoted[:-1]), "last": quoted[-1]}


def _skipped_note(rows: list[tuple[int, list]], header: _Header, joiner: str) -> str | None:
    """ "Raderna 1–2 ovanför rubrikraden hoppades över (”Huvudbok 2025, Örebro kommun”)."; None when only blank rows
    (or none) lie above the header."""
    texts = []
    for number, row in rows:
        if number >= header.number:
            break
        text = joiner.join(cell for cell in map(_text, row) if cell)
        if text:
            texts.append(text if len(text) <= 80 else text[:79] + "…")
    if not texts:
        return None
    shown = ", ".join(f"”{text}”" for text in texts[:3]) + (", …" if len(texts) > 3 else "")
    if header.number == 2:
        return _("Rad 1 ovanför rubrikraden hoppades över (%(texts)s).") % {"texts": shown}
    return _("Raderna 1–%(last)s ovanför rubrikraden hoppades över (%(texts)s).") % {
        "last": header.number - 1,
        "texts": shown,
    }


# --- the table in the file ------------------------------------------------------------------------------------------


@dataclass
class _Table:
    """The rows below the header of the sheet (or text) that holds it."""

    header: _Header
    rows: Iterator[tuple[int, list]]
    uncached: dict[int, set[int]] = field(default_factory=dict)  # row → columns (from 0) of formulas without a value
    comma_separated: bool = False
    csv_reader: Any = None  # the csv module's reader, whose line_num names the line it failed on


def _read_as(encoding: str, delimiter: str) -> str:
    return _("Filen lästes som %(encoding)s med %(delimiter)s som avgränsare") % {
        "encoding": encoding,
        "delimiter": DELIMITER_NAMES[delimiter],
    }


def _csv_table(content: bytes, result: ParsedLedger) -> _Table:
    try:
        text, result.encoding = decode_text(content)
    except NotText as error:
        raise FileError(unreadable_message()) from error
    if not text.strip(" \t\r\n;,\"'"):
        raise FileError(_("Filen är tom."))
    # The header decides the separator: the first of the first 20 lines that is a header when split by one of them.
    heads: dict[str, list[tuple[int, list[str]]]] = {}
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            heads[delimiter] = list(itertools.islice(enumerate(reader, start=1), HEADER_SEARCH_ROWS))
        except csv.Error:  # a broken quote, say: not this separator
            continue
    candidates = [
        (delimiter, _header(row, number))
        for delimiter, rows in heads.items()
        for number, row in rows
        if not _blank(row)
    ]
    found = [(delimiter, header) for delimiter, header in candidates if header.complete]
    if not found:
        # Say how the file was read: under the separator that comes closest to a header, else the first line's.
        closest = max(candidates, key=lambda candidate: len(candidate[1].positions), default=None)
        if closest is None or not closest[1].positions:
            delimiter = csv_delimiter(text)
            closest = next(((d, header) for d, header in candidates if d == delimiter), None)
        else:
            delimiter = closest[0]
        result.delimiter = delimiter
        if closest is None:
            raise FileError(
                _read_as(result.encoding, delimiter)
                + _(", men de %(count)s första raderna är tomma: rubrikraden ska stå bland dem.")
                % {"count": HEADER_SEARCH_ROWS}
            )
        raise FileError(_read_as(result.encoding, delimiter) + _(", men ") + _missing_message(closest[1]))
    delimiter, header = min(found, key=lambda candidate: (candidate[1].number, DELIMITERS.index(candidate[0])))
    result.delimiter = delimiter
    note = _skipped_note(heads[delimiter], header, "; " if delimiter == ";" else ", " if delimiter == "," else " ")
    if note:
        result.notes.append(note)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _Table(
        header,
        enumerate(itertools.islice(reader, header.number, None), start=header.number + 1),
        comma_separated=delimiter == ",",
        csv_reader=reader,
    )


class _Sheet:
    """The rows of one XLSX sheet, read once, as the values Excel saved; formula cells without a saved value are
    collected in `uncached` (their value reads as None, like an empty cell, which would import as 0 kr).

    openpyxl gives either a formula's text or its saved value, and the saved value of a formula saved without one is
    None, the same as an empty cell. Its own sheet parser is asked for each cell, so the sheet is read once: this
    mirrors `ReadOnlyWorksheet._cells_by_row` of openpyxl 3.1 (the tests of formulas without values guard it)."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.uncached: dict[int, set[int]] = {}

    def rows(self) -> Iterator[tuple[int, list]]:
        from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

        uncached = self.uncached

        class Parser(WorkSheetParser):
            def parse_cell(self, element):
                cell = super().parse_cell(element)
                # A formula returning "" is saved with an empty value of type "str"; any other empty one was never
                # computed (openpyxl and many exports write <f>…</f><v></v>).
                if cell["value"] is None and cell["data_type"] != "str" and element.find(FORMULA_TAG) is not None:
                    uncached.setdefault(cell["row"], set()).add(cell["column"] - 1)
                return cell

        workbook = self.sheet.parent
        with self.sheet._get_source() as source:
            parser = Parser(
                source,
                self.sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, cells in parser.parse():
                if not cells:
                    yield number, []
                    continue
                values = [None] * max(cell["column"] for cell in cells)
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield number, values


def _xlsx_unreadable() -> str:
    return _("Filen går inte att läsa som Excel (xlsx): den är skadad eller ingen Excel-arbetsbok.")


def _xlsx_table(content: bytes, result: ParsedLedger, closing: list) -> _Table:
    from openpyxl import load_workbook

    try:
        # data_only: the values Excel computed and stored, not the formulas.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike for a broken file
        raise FileError(_xlsx_unreadable()) from error
    closing.append(workbook.close)
    sheets = [sheet for sheet in workbook.worksheets if hasattr(sheet, "_get_source")]
    if not sheets:
        raise FileError(_xlsx_unreadable())
    passed: list[tuple[str, _Header | None, _Sheet]] = []
    for position, sheet in enumerate(sheets):
        reader = _Sheet(sheet)
        rows = reader.rows()
        head: list[tuple[int, list]] = []
        for number, row in rows:
            head.append((number, row))
            if number >= HEADER_SEARCH_ROWS:
                break
        headers = [_header(row, number) for number, row in head if number <= HEADER_SEARCH_ROWS and not _blank(row)]
        header = next((header for header in headers if header.complete), None)
        if header is None:
            rows.close()
            passed.append((sheet.title, _closest(headers), reader))
            continue
        result.sheet = sheet.title
        after = [later.title for later in sheets[position + 1 :] if _has_rows(later)]
        result.notes.append(_sheet_note(sheet.title, [title for title, _h, _r in passed], after))
        note = _skipped_note(head, header, " ")
        if note:
            result.notes.append(note)
        rest = ((number, row) for number, row in head if number > header.number)
        return _Table(header, itertools.chain(rest, rows), reader.uncached)
    if all(closest is None for _title, closest, _reader in passed):
        if len(passed) == 1:
            raise FileError(_("Filen är tom."))
        raise FileError(
            _("Filen lästes som Excel (xlsx), men bladen %(sheets)s är tomma bland sina %(count)s första rader.")
            % {"sheets": _quoted([title for title, _h, _r in passed]), "count": HEADER_SEARCH_ROWS}
        )
    title, closest, reader = max(passed, key=lambda item: len(item[1].positions) if item[1] else -1)
    hint = ""
    if reader.uncached.get(closest.number):
        hint = " " + _("Några celler i raden är formler utan sparat värde – öppna filen i Excel och spara den igen.")
    if len(passed) == 1:
        lead = _("Filen lästes som Excel (xlsx), bladet ”%(sheet)s”, men ") % {"sheet": title}
    else:
        lead = _(
            "Filen lästes som Excel (xlsx), men inget av bladen %(sheets)s har rubrikraden bland sina %(count)s "
            "första rader. Närmast kommer bladet ”%(sheet)s”: "
        ) % {"sheets": _quoted([t for t, _h, _r in passed]), "count": HEADER_SEARCH_ROWS, "sheet": title}
    raise FileError(lead + _missing_message(closest) + hint)


def _has_rows(sheet) -> bool:
    """Whether a sheet holds anything (read up to its first non-blank row)."""
    rows = _Sheet(sheet).rows()
    try:
        return any(not _blank(row) for _number, row in rows)
    finally:
        rows.close()


def _sheet_note(title: str, passed: list[str], after: list[str]) -> str:
    """ "Bladet ”Huvudbok” lästes; bladet ”Instruktioner” saknar rubrikrad och hoppades över." Sheets after the one
    read are named too when they hold anything: the import reads one sheet, and figures on another must not be
    thought imported."""
    note = _("Bladet ”%(sheet)s” lästes") % {"sheet": title}
    if passed:
        if len(passed) == 1:
            note += _("; bladet %(sheets)s saknar rubrikrad och hoppades över") % {"sheets": _quoted(passed)}
        else:
            note += _("; bladen %(sheets)s saknar rubrikrad och hoppades över") % {"sheets": _quoted(passed)}
    if after:
        names = _quoted(after)
        if len(after) == 1:
            note += _("; bladet %(sheets)s efter det lästes inte (importen läser ett blad)") % {"sheets": names}
        else:
            note += _("; bladen %(sheets)s efter det lästes inte (importen läser ett blad)") % {"sheets": names}
    return note + "."


def _table(content: bytes, result: ParsedLedger, closing: list) -> _Table:
    if not content.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileError(_("Filen är tom."))
    if content.startswith(XLSX_MAGIC):
        result.kind = "xlsx"
        return _xlsx_table(content, result, closing)
    if content.startswith(OLE2_MAGIC):
        raise FileError(
            _("Filen går inte att läsa: gamla Excel-filer (.xls) behöver sparas som .xlsx eller CSV först.")
        )
    result.kind = "csv"
    return _csv_table(content, result)


# --- reading --------------------------------------------------------------------------------------------------------


def code_lookup() -> dict[str, int]:
    """Ansvar code → id, exact and in capitals (so "klc" finds KLC). One query."""
    lookup: dict[str, int] = {}
    for pk, code in ResponsibilityCode.objects.values_list("pk", "code"):
        code = unicodedata.normalize("NFC", code)
        lookup[code] = pk  # an exact match wins over another code's capitals
        lookup.setdefault(code.upper(), pk)
    return lookup


def group_lookup() -> dict[str, int]:
    """Kontogrupp code (in capitals) → id. One query."""
    return {code.upper(): pk for pk, code in AccountGroup.objects.values_list("pk", "code")}


def parse_ledger(
    content: bytes,
    *,
    codes: Mapping[str, int] | None = None,
    groups: Mapping[str, int] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ParsedLedger:
    """Read a ledger file's bytes; `codes` and `groups` map codes in capitals to ids (read from the database when
    not given). File-level problems (unreadable, empty, wrong header) leave one error without a row."""
    result = ParsedLedger()
    codes = code_lookup() if codes is None else codes
    groups = group_lookup() if groups is None else groups
    closing: list[Callable[[], None]] = []
    table = None
    try:
        table = _table(content, result, closing)
        if table.header.problems:
            for problem in table.header.problems:
                result.add_error(problem.row, problem.column, problem.message)
            return result
        _Reader(result, table, codes, groups, on_progress).read()
    except FileError as error:
        result.add_error(None, None, str(error))
    except csv.Error:  # in practice only a cell over the csv module's limit of 131 072 characters
        message = _read_as(result.encoding, result.delimiter) + _(
            ", men rad %(row)s går inte att läsa: en cell är längre än 131 072 tecken (kanske ett citattecken som "
            "aldrig avslutas)."
        ) % {"row": table.csv_reader.line_num if table else "?"}
        result.add_error(None, None, message)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError):
        # openpyxl fails on a broken sheet as it reaches it (SyntaxError is the XML parser's ParseError)
        if result.kind != "xlsx":
            raise
        result.add_error(None, None, _xlsx_unreadable())
    finally:
        for close in closing:
            close()
    return result


class _Reader:
    """The rows below the header, one pass: data rows summed into lines, total rows checked, errors collected."""

    def __init__(self, result: ParsedLedger, table: _Table, codes, groups, on_progress):
        self.result, self.table, self.codes, self.groups, self.on_progress = result, table, codes, groups, on_progress
        positions = table.header.positions
        self.at_year, self.at_code, self.at_group = positions["year"], positions["code"], positions["group"]
        self.at_budget, self.at_outcome = positions["budget"], positions["outcome"]
        self.read_columns = [(positions[column], LABELS[column]) for column in REQUIRED]
        self.width = table.header.width
        self.needed = max(positions[column] for column in REQUIRED) + 1
        self.totals_noted = 0  # total rows that matched; the first TOTAL_NOTES_KEPT get a note each

    def read(self) -> None:
        result = self.result
        lines: dict[Key, list[Decimal]] = {}
        years: dict[object, int] = {}  # cell value → year, as most rows repeat a few years
        codes, groups, uncached = self.codes, self.groups, self.table.uncached
        at_year, at_code, at_group, at_budget, at_outcome = (
            self.at_year,
            self.at_code,
            self.at_group,
            self.at_budget,
            self.at_outcome,
        )
        width, needed, short_is_error = self.width, self.needed, self.result.kind == "csv"
        label_year, label_code, label_group = LABELS["year"], LABELS["code"], LABELS["group"]
        label_budget, label_outcome = LABELS["budget"], LABELS["outcome"]
        max_digits, zero = AMOUNT["max_digits"], Decimal(0)
        # What total rows are checked against: the data rows since the previous total row (the section) and all of
        # them; unknown once a row's amounts could not be read (its error is what the controller must see then).
        section_budget = section_outcome = all_budget = all_outcome = zero
        section_rows, section_known, all_known = 0, True, True
        for number, row in self.table.rows:
            formulas = uncached.get(number) if uncached else None
            if formulas:
                formulas = {at for at, _label in self.read_columns if at in formulas}
            if not formulas and not any(
                cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in row
            ):
                continue  # a blank row
            length = len(row)
            if length != width:
                if length > width and not self._fits(number, row):
                    section_known = all_known = False
                    continue
                if length < needed and short_is_error:
                    self._too_short(number, row)
                    section_known = all_known = False
                    continue
                if length < width:
                    row.extend([None] * (width - length))
            if formulas:
                for at, label in self.read_columns:
                    if at in formulas:
                        result.add_error(
                            number,
                            label,
                            _("formeln har inget sparat värde – öppna filen i Excel och spara den igen."),
                        )
                self._count(number)
                section_known = all_known = False
                continue

            problems: list[tuple[str, str]] = []
            year_cell = row[at_year]
            year = years.get(year_cell)
            if year is None:
                try:
                    year = parse_year(year_cell)
                    years[year_cell] = year
                except AmountError as error:
                    problems.append((label_year, str(error)))

            code_text = _text(row[at_code])
            code_id = codes.get(code_text) or codes.get(code_text.upper())
            group_text = _GROUPING.sub("", _text(row[at_group])).upper()
            group_id = groups.get(group_text)
            if year is None or code_id is None or group_id is None:
                if self._is_total(row, code_text, group_text):
                    self._total(
                        number,
                        row,
                        (section_budget, section_outcome) if section_known else None,
                        (all_budget, all_outcome) if all_known else None,
                        section_rows,
                    )
                    section_budget = section_outcome = zero
                    section_rows, section_known = 0, True
                    continue
                if code_id is None:
                    if code_text:
                        message = _(
                            "okänt ansvar ”%(code)s”. Ett nytt ansvar läggs upp av enhetens controller under "
                            "Ekonomi → Ansvar."
                        )
                        problems.append((label_code, message % {"code": code_text}))
                    else:
                        problems.append((label_code, _("ansvar saknas.")))
                if group_id is None:
                    if group_text:
                        problems.append(
                            (
                                label_group,
                                _("okänd kontogrupp ”%(group)s” (giltiga: %(valid)s).")
                                % {"group": group_text, "valid": ", ".join(groups)},
                            )
                        )
                    else:
                        problems.append((label_group, _("kontogrupp saknas.")))
            result.row_count += 1
            if self.on_progress is not None and result.row_count % PROGRESS_EVERY == 0:
                self.on_progress(result.row_count)

            # The amounts, unrolled: this loop is most of the time of a big import.
            cell = row[at_budget]
            try:
                budget = read_amount(cell, max_digits=max_digits) if isinstance(cell, str) else amount_from_cell(cell)
            except (NotAnAmount, AmountError) as error:
                problems.append((label_budget, str(error)))
                budget = None
            else:
                if budget is None:
                    budget = zero  # an empty cell is 0 kr in an export
            cell = row[at_outcome]
            try:
                outcome = read_amount(cell, max_digits=max_digits) if isinstance(cell, str) else amount_from_cell(cell)
            except (NotAnAmount, AmountError) as error:
                problems.append((label_outcome, str(error)))
                outcome = None
            else:
                if outcome is None:
                    outcome = zero
            if budget is None or outcome is None:
                section_known = all_known = False
            else:
                section_budget += budget
                section_outcome += outcome
                all_budget += budget
                all_outcome += outcome
            section_rows += 1
            if problems:
                for label, message in problems:
                    result.add_error(number, label, message)
                continue

            key = (year, code_id, group_id)
            line = lines.get(key)
            if line is None:
                lines[key] = [budget, outcome]
                result.first_row.setdefault((year, code_id), number)
                result.year_rows.setdefault(year, number)
            else:  # the same year, code and group again: summed
                line[0] += budget
                line[1] += outcome
        if result.row_count == 0:
            raise FileError(_("Filen har bara en rubrikrad och inga rader med belopp."))
        if self.totals_noted > TOTAL_NOTES_KEPT:
            result.notes.append(
                _("… och %(count)s summarader till som stämmer med raderna ovanför; de lästes inte in.")
                % {"count": self.totals_noted - TOTAL_NOTES_KEPT}
            )
        for key, (budget, outcome) in lines.items():
            if abs(budget) >= _LIMIT or abs(outcome) >= _LIMIT:
                result.add_error(
                    result.first_row[key[:2]],
                    None,
                    _("summan av raderna för samma år, ansvar och kontogrupp är för stor."),
                )
        result.lines = {key: (budget, outcome) for key, (budget, outcome) in lines.items()}

    def _count(self, number: int) -> None:
        self.result.row_count += 1
        if self.on_progress is not None and self.result.row_count % PROGRESS_EVERY == 0:
            self.on_progress(self.result.row_count)

    # --- the width of a row

    def _fits(self, number: int, row: list) -> bool:
        """False (and an error) when a value lies beyond the header's last column; trailing empty cells are fine."""
        cells = len(row)
        while cells > self.width and (
            row[cells - 1] is None or (isinstance(row[cells - 1], str) and not row[cells - 1].strip())
        ):
            cells -= 1
        if cells <= self.width:
            del row[self.width :]
            return True
        message = _("Rad %(row)s har %(cells)s celler men rubrikraden har %(width)s.") % {
            "row": number,
            "cells": cells,
            "width": self.width,
        }
        if self.table.comma_separated:
            message += " " + _(
                "I en kommaseparerad fil delar ett decimalkomma utan citattecken beloppet i två (%(example)s) – "
                "spara filen med semikolon som avgränsare eller sätt beloppen inom citattecken."
            ) % {"example": self._split_amount(row) or _("t.ex. 2531829,39")}
        self.result.add_error(number, None, message, whole=True)
        self._count(number)
        return False

    def _split_amount(self, row: list) -> str | None:
        """ "2531829,39": the first two cells from the amounts on that look like one amount cut at its comma."""
        start = min(self.at_budget, self.at_outcome)
        for whole, fraction in itertools.pairwise(row[start:]):
            whole, fraction = _text(whole), _text(fraction)
            if _SPLIT_WHOLE.fullmatch(whole) and _SPLIT_FRACTION.fullmatch(fraction):
                return f"{whole},{fraction}"
        return None

    def _too_short(self, number: int, row: list) -> None:
        missing = [LABELS[column] for column in REQUIRED if self.table.header.positions[column] >= len(row)]
        message = _("Rad %(row)s har %(cells)s celler men rubrikraden har %(width)s: %(missing)s saknas.") % {
            "row": number,
            "cells": len(row),
            "width": self.width,
            "missing": _join(missing),
        }
        self.result.add_error(number, None, message, whole=True)
        self._count(number)

    # --- total rows

    def _is_total(self, row: list, code_text: str, group_text: str) -> bool:
        """A total row says "Summa", "Totalt" or "Total" in a key cell, or has amounts and no key at all."""
        year_text = _text(row[self.at_year])
        if any(_TOTAL.match(text) for text in (year_text, code_text, group_text) if text):
            return True
        if year_text or code_text or group_text:
            return False
        return not _blank((row[self.at_budget], row[self.at_outcome]))

    def _total(
        self,
        number: int,
        row: list,
        section: tuple[Decimal, Decimal] | None,
        everything: tuple[Decimal, Decimal] | None,
        rows_above: int,
    ) -> None:
        """Check a total row against the rows above it (`section`, since the previous total row; or `everything`, for
        a grand total): a match is a note, a mismatch an error naming both sums. Either way the row is not imported.
        A sum is None when a row above could not be read: that row's error is what the controller must see."""
        result = self.result
        claims = []
        for index, (at, label) in enumerate(((self.at_budget, LABELS["budget"]), (self.at_outcome, LABELS["outcome"]))):
            cell = row[at]
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue  # an empty cell claims nothing
            try:
                amount = parse_amount(cell) if isinstance(cell, str) else amount_from_cell(cell)
            except AmountError as error:
                result.add_error(number, label, str(error))
                return
            claims.append((index, label, amount))
        if section is None or everything is None:
            return
        mismatches = [
            (label, amount, section[index] if rows_above else everything[index])
            for index, label, amount in claims
            if amount != section[index] and amount != everything[index]
        ]
        for label, amount, above in mismatches:
            result.add_error(
                number,
                label,
                _("summaraden säger %(total)s men raderna ovanför summerar till %(sum)s.")
                % {"total": _sv_kronor(amount), "sum": _sv_kronor(above)},
            )
        if mismatches:
            return
        self.totals_noted += 1
        if self.totals_noted > TOTAL_NOTES_KEPT:
            return
        if claims:
            note = _("Rad %(row)s är en summarad och stämmer med raderna ovanför; den lästes inte in.")
        else:
            note = _("Rad %(row)s är en summarad utan belopp; den lästes inte in.")
        result.notes.append(note % {"row": number})
