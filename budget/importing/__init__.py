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

The package: `cells` (amounts, years, text, the errors), `result` (what the reader returns), `sources` (the header
and the table of a text file or a sheet), `reader` (`parse_ledger`).
"""

from .cells import AmountError, FileError, Key, amount_from_cell, parse_amount, parse_year, unreadable_message
from .reader import code_lookup, group_lookup, parse_ledger
from .result import ParsedLedger, RowError, lines_digest

__all__ = [
    "AmountError",
    "FileError",
    "Key",
    "ParsedLedger",
    "RowError",
    "amount_from_cell",
    "code_lookup",
    "group_lookup",
    "lines_digest",
    "parse_amount",
    "parse_ledger",
    "parse_year",
    "unreadable_message",
]
