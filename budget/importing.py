"""Reading a ledger file (CSV or XLSX) into amounts per year, ansvar and kontogrupp. No database writes.

The format, as Swedish finance systems export it:

- CSV separated by `;` or `,` (sniffed from the header line), encoded in UTF-8 with or without BOM, else read as
  Windows-1252; or XLSX (the first sheet; numeric cells are numbers, text cells are read like CSV text).
- The first non-blank row is the header `År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall`: case-insensitive,
  spaces around names ignored, columns in any order, `Ansvarsbenämning` optional (and not compared with the stored
  name: the code decides), other columns ignored.
- Rows are numbered as a spreadsheet numbers them: the header on the first line is row 1. Blank rows are skipped.
- Amounts are in kronor (see `parse_amount`). An empty Budget or Utfall cell is 0 kr: that is how Swedish finance
  exports write a zero. Unknown (NULL) budgets therefore never come from an import.
- Lines with the same year, code and group are summed.

Every problem is collected (not only the first) with its row and column, so a controller can mend the file at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from orebro_portal.lib.bounds import FIRST_YEAR as YEAR_MIN  # one range of years for the portal
from orebro_portal.lib.bounds import LAST_YEAR as YEAR_MAX
from orebro_portal.lib.spreadsheets import NotText, csv_delimiter, decode_csv

from .models import AMOUNT, AccountGroup, ResponsibilityCode

MAX_ERRORS_KEPT = 1000  # a file of garbage rows is not worth a million messages; the rest are counted
ERRORS_SHOWN = 50
PROGRESS_EVERY = 5000

_CENT = Decimal("0.01")
_LIMIT = Decimal(10) ** (AMOUNT["max_digits"] - AMOUNT["decimal_places"])
_FLOAT_NOISE = Decimal("0.000001")

# Between thousands: space, no-break space (U+00A0), narrow no-break space (U+202F) and thin space (U+2009).
GROUP_SEPARATORS = " \u00a0\u202f\u2009"
# Hyphen-minus, minus sign (U+2212), en dash (U+2013: what Word and Excel make of a typed "-").
MINUS_SIGNS = "-\u2212\u2013"
_SIGN = re.compile(rf"^(?P<sign>[+{re.escape(MINUS_SIGNS)}]?)\s*(?P<body>.*?)(?:\s*kr\.?)?$", re.IGNORECASE | re.DOTALL)
_BODY = re.compile(rf"^(?P<whole>\d{{1,3}}(?:[{GROUP_SEPARATORS}]\d{{3}})+|\d+)(?:(?P<point>[,.])(?P<fraction>\d+))?$")
_GROUPING = re.compile(f"[{GROUP_SEPARATORS}]")

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

Key = tuple[int, int, int]  # (year, code id, account group id)


class AmountError(ValueError):
    """An amount that cannot be read; the message is Swedish and quotes the cell."""


class FileError(ValueError):
    """A file that cannot be read at all (garbage, empty, wrong header)."""


def unreadable_message() -> str:
    return _("Filen går inte att läsa som CSV eller Excel (xlsx).")


# --- amounts ------------------------------------------------------------------------------------------------------


def parse_amount(text: str) -> Decimal:
    """An amount in kronor written the Swedish way, exactly (never through float).

    Accepted: "−3 170 000", "-3170000", "1 234,50", "+12", "12 kr", "– 4 134". Thousands are grouped in threes by
    a space, no-break space, narrow no-break space or thin space, or not grouped. The decimal separator is a comma;
    a point is accepted too when one or two digits follow it ("1234.5", as an English export writes it), but not
    with three ("1.234" might mean 1 234 in a German export, so it is refused as ambiguous). More decimals than öre
    are refused unless they are zeros. The minus may be "-", "−" or "–". Empty is 0 kr. Anything starting with "#"
    is an Excel error value (#DIVISION/0!, #VÄRDEFEL!, #SAKNAS! …) and is refused with its own message.
    """
    text = text.strip()
    if not text:
        return Decimal(0)
    if text.isascii() and text.isdigit() and len(text) <= 13:  # the common case of an export: plain kronor
        return Decimal(text)
    if text.startswith("#"):
        raise AmountError(_("Excel-felvärde ”%(value)s” i stället för ett belopp.") % {"value": text})
    match = _SIGN.match(text)
    body = match["body"] if match else ""
    parts = _BODY.match(body)
    if parts is None:
        if body.count(",") == 1 and _GROUPING.search(body.partition(",")[2]):
            reason = _("mellanrum i decimalerna")
        elif _GROUPING.search(body) and re.fullmatch(rf"[\d{GROUP_SEPARATORS}]+(?:,\d+)?", body):
            reason = _("mellanrummen ska skilja tusental, tre siffror i varje grupp (1 234 567)")
        else:
            reason = ""
        if reason:
            raise AmountError(_("”%(value)s” är inget belopp: %(reason)s.") % {"value": text, "reason": reason})
        raise AmountError(_("”%(value)s” är inget belopp.") % {"value": text})
    whole = _GROUPING.sub("", parts["whole"])
    fraction = parts["fraction"] or ""
    if parts["point"] == "." and len(fraction) > 2:
        raise AmountError(
            _("”%(value)s” är tvetydigt: skriv decimaler med komma (1 234,56) och tusental med mellanslag.")
            % {"value": text}
        )
    if len(fraction) > 2 and fraction[2:].strip("0"):
        raise AmountError(_("”%(value)s” har fler än två decimaler (öre).") % {"value": text})
    value = Decimal(f"{whole}.{fraction[:2]}" if fraction else whole)
    if abs(value) >= _LIMIT:
        raise AmountError(_("”%(value)s” är ett för stort belopp.") % {"value": text})
    if match["sign"] and match["sign"] != "+" and value:
        value = -value
    return value


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


def parse_year(value) -> int:
    text = _text(value)
    if not (len(text) == 4 and text.isascii() and text.isdigit()) or not YEAR_MIN <= int(text) <= YEAR_MAX:
        raise AmountError(_("”%(value)s” är inget år (fyra siffror, t.ex. 2021).") % {"value": text})
    return int(text)


# --- reading the file -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None  # the column's header name, e.g. "Utfall"
    message: str

    def __str__(self) -> str:
        if self.row is None:
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
    """What a file says: amounts summed per (year, code id, group id), with the rows they came from."""

    lines: dict[Key, tuple[Decimal, Decimal]] = field(default_factory=dict)  # (budget, outcome) in kronor
    row_count: int = 0  # rows with data (blank rows and the header not counted)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    first_row: dict[tuple[int, int], int] = field(default_factory=dict)  # (year, code id) → its first row
    year_rows: dict[int, int] = field(default_factory=dict)  # year → its first row
    kind: str = ""  # "csv" or "xlsx", for the summary

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row, column, message))

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


def _decode(content: bytes) -> str:
    try:
        return decode_csv(content)
    except NotText as error:
        raise FileError(unreadable_message()) from error


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise FileError(unreadable_message()) from error


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook

    try:
        # data_only: the values Excel computed and stored, not the formulas.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike for a broken file
        raise FileError(unreadable_message()) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise FileError(unreadable_message())
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except FileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileError(unreadable_message()) from error
    finally:
        workbook.close()


def _rows(content: bytes) -> tuple[str, Iterator[tuple[int, Iterable]]]:
    if not content.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileError(_("Filen är tom."))
    if content.startswith(XLSX_MAGIC):
        return "xlsx", _xlsx_rows(content)
    if content.startswith(OLE2_MAGIC):
        raise FileError(
            unreadable_message() + " " + _("Gamla Excel-filer (.xls) behöver sparas som .xlsx eller CSV först.")
        )
    return "csv", _csv_rows(_decode(content))


def _header(row: Iterable, number: int) -> dict[str, int]:
    found = [_text(cell) for cell in row]
    positions: dict[str, int] = {}
    for index, name in enumerate(found):
        column = COLUMNS.get(name.casefold())
        if column is None:
            continue
        if column in positions:
            raise FileError(
                _("Rubrikraden (rad %(row)s) har kolumnen %(column)s två gånger.")
                % {"row": number, "column": LABELS[column]}
            )
        positions[column] = index
    missing = [LABELS[column] for column in REQUIRED if column not in positions]
    if missing:
        shown = [name for name in found if name] or [_("(ingenting)")]
        raise FileError(
            _(
                "Rubrikraden (rad %(row)s) saknar %(missing)s. Den ska vara År;Ansvar;Ansvarsbenämning;Kontogrupp;"
                "Budget;Utfall (Ansvarsbenämning får utelämnas, ordningen är fri). Hittade: %(found)s."
            )
            % {"row": number, "missing": _join(missing), "found": "; ".join(shown[:12])}
        )
    return positions


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return _("kolumnen %(name)s") % {"name": names[0]}
    return _("kolumnerna %(names)s och %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


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
    try:
        result.kind, rows = _rows(content)
        _read_rows(result, rows, codes, groups, on_progress)
    except FileError as error:
        result.add_error(None, None, str(error))
    return result


def _read_rows(result: ParsedLedger, rows, codes, groups, on_progress) -> None:
    positions: dict[str, int] | None = None
    lines: dict[Key, list[Decimal]] = {}
    years: dict[object, int] = {}  # cell value → year, as most rows repeat a few years
    label_year, label_code, label_group = LABELS["year"], LABELS["code"], LABELS["group"]
    label_budget, label_outcome = LABELS["budget"], LABELS["outcome"]
    for number, row in rows:
        if positions is None:
            if any(_text(cell) for cell in row):
                positions = _header(row, number)
                width = max(positions.values()) + 1
                at_year, at_code, at_group = positions["year"], positions["code"], positions["group"]
                at_budget, at_outcome = positions["budget"], positions["outcome"]
            continue
        row = list(row)
        if not any(cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in row):
            continue  # a blank row
        if len(row) < width:
            row.extend([None] * (width - len(row)))
        result.row_count += 1
        if on_progress is not None and result.row_count % PROGRESS_EVERY == 0:
            on_progress(result.row_count)
        failed = False

        year_cell = row[at_year]
        year = years.get(year_cell)
        if year is None:
            try:
                year = parse_year(year_cell)
                years[year_cell] = year
            except AmountError as error:
                result.add_error(number, label_year, str(error))
                failed = True

        code_text = _text(row[at_code])
        code_id = codes.get(code_text) or codes.get(code_text.upper())
        if code_id is None:
            failed = True
            if code_text:
                result.add_error(number, label_code, _("okänt ansvar ”%(code)s”.") % {"code": code_text})
            else:
                result.add_error(number, label_code, _("ansvar saknas."))

        group_text = _GROUPING.sub("", _text(row[at_group])).upper()
        group_id = groups.get(group_text)
        if group_id is None:
            failed = True
            if group_text:
                result.add_error(
                    number,
                    label_group,
                    _("okänd kontogrupp ”%(group)s” (giltiga: %(valid)s).")
                    % {"group": group_text, "valid": ", ".join(groups)},
                )
            else:
                result.add_error(number, label_group, _("kontogrupp saknas."))

        amounts = []
        for at, label in ((at_budget, label_budget), (at_outcome, label_outcome)):
            cell = row[at]
            try:
                amounts.append(parse_amount(cell) if isinstance(cell, str) else amount_from_cell(cell))
            except AmountError as error:
                result.add_error(number, label, str(error))
                failed = True
        if failed:
            continue

        key = (year, code_id, group_id)
        line = lines.get(key)
        if line is None:
            lines[key] = amounts
            result.first_row.setdefault((year, code_id), number)
            result.year_rows.setdefault(year, number)
        else:  # the same year, code and group again: summed
            line[0] += amounts[0]
            line[1] += amounts[1]
    if positions is None:
        raise FileError(_("Filen är tom."))
    if result.row_count == 0:
        raise FileError(_("Filen har bara en rubrikrad och inga rader med belopp."))
    for key, (budget, outcome) in lines.items():
        if abs(budget) >= _LIMIT or abs(outcome) >= _LIMIT:
            result.add_error(
                result.first_row[key[:2]], None, _("summan av raderna för samma år, ansvar och kontogrupp är för stor.")
            )
    result.lines = {key: (budget, outcome) for key, (budget, outcome) in lines.items()}
