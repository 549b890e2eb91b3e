"""Reading the rows: each cell checked, lines summed, total rows compared with the rows above."""

from __future__ import annotations

import csv
import itertools
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_kronor
from orebro_portal.lib.numbers import NotAnAmount
from orebro_portal.lib.numbers import parse_amount as read_amount

from ..models import AMOUNT, AccountGroup, ResponsibilityCode
from .cells import (
    _GROUPING,
    _LIMIT,
    _SPLIT_FRACTION,
    _SPLIT_WHOLE,
    _TOTAL,
    LABELS,
    REQUIRED,
    TOTAL_NOTES_KEPT,
    AmountError,
    FileError,
    Key,
    _blank,
    _text,
    amount_from_cell,
    parse_amount,
    parse_year,
)
from .result import ParsedLedger
from .sources import _join, _read_as, _Table, _table, _xlsx_unreadable

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
        _Reader(result, table, codes, groups).read()
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

    def __init__(self, result: ParsedLedger, table: _Table, codes, groups):
        self.result, self.table, self.codes, self.groups = result, table, codes, groups
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
                self.result.row_count += 1
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
        self.result.row_count += 1
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
        self.result.row_count += 1

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
                % {"total": sv_kronor(amount), "sum": sv_kronor(above)},
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
