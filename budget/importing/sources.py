"""Where the rows come from: the header row and the table of a text file or of an XLSX sheet."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from orebro_portal.lib.spreadsheets import DELIMITERS, NotText, csv_delimiter, decode_text

from .cells import (
    _AMOUNT_HEADER,
    COLUMNS,
    DELIMITER_NAMES,
    HEADER_SEARCH_ROWS,
    LABELS,
    OLE2_MAGIC,
    REQUIRED,
    UNITS,
    XLSX_MAGIC,
    FileError,
    _blank,
    _text,
    unreadable_message,
)
from .result import ParsedLedger, RowError

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
