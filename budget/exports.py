"""The budget tables as the pages show them, and the same tables as CSV and XLSX downloads.

A `Table` holds exactly the rounded numbers a page prints (tkr, half up; change with one decimal), so the page and
both downloads cannot disagree: the views build one `Table` and either render it or hand it to `csv_response` /
`xlsx_response`.

CSV is written for Swedish Excel: `;` between fields, UTF-8 with a byte order mark (so Excel reads å, ä, ö), a decimal
comma, no thousands separator and the ASCII minus (Excel reads "−3 170" with a real minus and spaces as text, not as a
number). A value that cannot be computed ("–" on the page) is an empty cell: Excel then leaves it out of sums instead
of failing on the text "–".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from orebro_portal.lib.formatting import kronor_to_tkr, round_half_up, sv_change, sv_tkr
from orebro_portal.lib.spreadsheets import safe_cell

TKR = "tkr"
CHANGE = "change"

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def not_comparable_note() -> str:
    return _("Tom förändring på en rad med utfall: ej jämförbar med föregående år (t.ex. efter en omorganisation).")


# Number formats of the XLSX cells; Excel shows them with the reader's own separators (space and comma in Swedish).
XLSX_FORMATS = {TKR: "#,##0", CHANGE: "0.0"}


@dataclass(frozen=True)
class Column:
    heading: str
    attr: str  # the attribute of `selectors.Row` shown in the column
    kind: str = TKR


@dataclass(frozen=True)
class Cell:
    number: Decimal | None  # as shown: whole tkr, or per cent with one decimal; None where "–" is shown
    text: str  # as printed on the page: "−3 170", "−9,3", "–"
    not_comparable: bool = False  # a change left out: the row's outcome is not comparable with the year before


@dataclass
class TableRow:
    label: str
    cells: list[Cell]
    href: str | None = None
    note: str = ""  # shown after the label, e.g. that a code is a placeholder
    level: int = 1  # 2 for a subunit under its parent unit
    parent: str = ""  # the parent unit's name, said to screen readers for a subunit row

    @property
    def full_label(self) -> str:
        return f"{self.label} {self.note}" if self.note else self.label


@dataclass
class Table:
    key: str  # unique on the page: the caption's id, and the table's name in the download address
    caption: str
    first_heading: str
    columns: list[Column]
    rows: list[TableRow]
    total: TableRow | None
    filename: str  # without extension: "ekonomi-2021-kommunledning-ansvar"
    sheet_title: str = ""
    download_urls: dict[str, str] = field(default_factory=dict)  # "csv"/"xlsx" → address, set by the view

    @property
    def caption_id(self) -> str:
        return f"tabell-{self.key}"

    @property
    def has_not_comparable(self) -> bool:
        """Some change is left out as not comparable: the page adds the footnote, the XLSX a line."""
        return any(cell.not_comparable for row in _all_rows(self) for cell in row.cells)


def _cell(value: Any, kind: str) -> Cell:
    if value is None:
        return Cell(None, sv_tkr(None))
    number = round_half_up(value, 1) if kind == CHANGE else kronor_to_tkr(value)
    if number == 0:
        number = abs(number)  # no "-0" in a file, as no "−0" on the page
    return Cell(number, sv_change(value) if kind == CHANGE else sv_tkr(value))


def table_row(row, columns: list[Column], *, label: str | None = None, **extra) -> TableRow:
    """A `selectors.Row` as shown: each column's value rounded the way the page prints it. The change of a row whose
    outcome is not comparable with the year before is "–", marked so the page can say why."""
    cells = []
    for column in columns:
        cell = _cell(getattr(row, column.attr), column.kind)
        if column.kind == CHANGE and not getattr(row, "comparable", True):
            cell = Cell(None, cell.text, not_comparable=True)
        cells.append(cell)
    return TableRow(label=row.label if label is None else label, cells=cells, **extra)


def build_table(
    *,
    key: str,
    caption: str,
    first_heading: str,
    columns: list[Column],
    rows: Iterable,
    total=None,
    filename: str,
    sheet_title: str = "",
    describe: Callable[[Any], dict] | None = None,
) -> Table:
    """A table from selector rows; `describe(row)` gives each row's extras (href, note, level, parent)."""
    return Table(
        key=key,
        caption=caption,
        first_heading=first_heading,
        columns=columns,
        rows=[table_row(row, columns, **(describe(row) if describe else {})) for row in rows],
        total=None if total is None else table_row(total, columns, label=_("Totalt")),
        filename=filename,
        sheet_title=sheet_title or caption,
    )


def year_columns(year: int) -> list[Column]:
    """The årsberättelse's columns for a year: Bokslut year−1, Utfall, Budget, Avvikelse, Förändring %."""
    previous = year - 1
    return [
        Column(_("Bokslut %(year)s") % {"year": previous}, "previous_outcome"),
        Column(_("Utfall %(year)s") % {"year": year}, "outcome"),
        Column(_("Budget %(year)s") % {"year": year}, "budget"),
        Column(_("Avvikelse"), "deviation"),
        Column(_("Förändring %% %(previous)s–%(year)s") % {"previous": previous, "year": year}, "change", CHANGE),
    ]


def _all_rows(table: Table) -> list[TableRow]:
    return [*table.rows, *([table.total] if table.total else [])]


def _csv_number(cell: Cell) -> str:
    if cell.number is None:
        return ""
    return str(cell.number).replace(".", ",")  # Decimal's str: ASCII minus, no grouping; 1 decimal for per cent


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(table.first_heading), *(safe_cell(column.heading) for column in table.columns)])
    for row in _all_rows(table):
        writer.writerow([safe_cell(row.full_label), *(_csv_number(cell) for cell in row.cells)])
    return out.getvalue().encode("utf-8-sig")


_SHEET_FORBIDDEN = str.maketrans({character: " " for character in "[]:*?/\\"})


def xlsx_bytes(table: Table) -> bytes:
    """One sheet: a title row, a header row, the rows as numeric cells, a bold total row, and a note."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.sheet_title.translate(_SHEET_FORBIDDEN)[:31]
    bold = Font(bold=True)
    # openpyxl stores a string that begins with "=" as a formula: every text cell goes through `safe_cell`.
    sheet.append([safe_cell(table.caption)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([safe_cell(table.first_heading), *(safe_cell(column.heading) for column in table.columns)])
    for cell in sheet[2]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in _all_rows(table):
        sheet.append([safe_cell(row.full_label), *(None if cell.number is None else cell.number for cell in row.cells)])
        for column, cell in zip(table.columns, sheet[sheet.max_row][1:], strict=True):
            cell.number_format = XLSX_FORMATS[column.kind]
        if row is table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    sheet.append([])
    sheet.append(
        [safe_cell(_("Belopp i tusental kronor (tkr). Avvikelse = utfall − budget. Tom cell: kan inte räknas ut."))]
    )
    if table.has_not_comparable:
        sheet.append([safe_cell(not_comparable_note())])
    sheet.column_dimensions["A"].width = 42
    for letter in "BCDEF"[: len(table.columns)]:
        sheet.column_dimensions[letter].width = 16
    sheet.freeze_panes = "B3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def csv_response(table: Table) -> HttpResponse:
    return _attachment(csv_bytes(table), CSV_CONTENT_TYPE, f"{table.filename}.csv")


def xlsx_response(table: Table) -> HttpResponse:
    return _attachment(xlsx_bytes(table), XLSX_CONTENT_TYPE, f"{table.filename}.xlsx")


def download_response(table: Table, fmt: str) -> HttpResponse:
    return csv_response(table) if fmt == "csv" else xlsx_response(table)
