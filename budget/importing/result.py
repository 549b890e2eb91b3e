"""What the reader returns: the summed lines, the errors with their rows and the notes on how the file was read."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .cells import _CENT, ERRORS_SHOWN, MAX_ERRORS_KEPT, Key

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
