"""Downloads are exactly the tables shown: CSV for Swedish Excel (BOM, `;`, decimal comma) and XLSX with numbers."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.budget.test_public_pages import books, tkr  # noqa: F401 (books is a fixture)
from tests.html import table_with_caption

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books")]

BOM = b"\xef\xbb\xbf"

DOWNLOADS = [
    # (page, its table's caption, the download without extension, the file name without extension)
    ("/ekonomi/2021/", "Alla enheter 2021", "/ekonomi/2021/enheter", "ekonomi-2021-enheter"),
    (
        "/ekonomi/2021/kommunledning/",
        "per ansvar",
        "/ekonomi/2021/kommunledning/ansvar",
        "ekonomi-2021-kommunledning-ansvar",
    ),
    (
        "/ekonomi/2021/kommunledning/",
        "per kontogrupp",
        "/ekonomi/2021/kommunledning/kontogrupp",
        "ekonomi-2021-kommunledning-kontogrupp",
    ),
    ("/ekonomi/2021/kommunstyrelsen/", "per enhet", "/ekonomi/2021/kommunstyrelsen/enheter", None),
    (
        "/ekonomi/2021/kommunledning/ansvar/KLKD/",
        "per kontogrupp",
        "/ekonomi/2021/kommunledning/ansvar/KLKD/kontogrupp",
        "ekonomi-2021-kommunledning-KLKD-kontogrupp",
    ),
    (
        "/ekonomi/jamfor/?enhet=kommunledning&fran=2020&till=2021",
        "per år",
        "/ekonomi/jamfor/jamforelse",
        "ekonomi-jamforelse-kommunledning-2020-2021",
    ),
]


def _query(page: str) -> str:
    return "?" + page.split("?", 1)[1] if "?" in page else ""


def _shown(client, page: str, caption: str) -> list[list[str]]:
    """The table as the page shows it: header, rows, total; numbers back as plain values ("–" as empty)."""
    table = table_with_caption(client.get(page).content.decode(), caption)
    rows = []
    rows.extend(table.head)
    for row in table.body + table.foot:
        rows.append([row[0], *(_plain(cell) for cell in row[1:])])
    return rows


def _plain(text: str) -> str:
    if text == "\u2013":
        return ""
    return text.replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(("page", "caption", "download", "filename"), DOWNLOADS)
def test_csv_holds_exactly_the_rows_and_values_shown(client, page, caption, download, filename):
    shown = _shown(client, page, caption)
    response = client.get(f"{download}.csv{_query(page)}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    if filename:
        assert response["Content-Disposition"] == f'attachment; filename="{filename}.csv"'
    content = response.content
    assert content.startswith(BOM)
    assert b";" in content.splitlines()[0]
    assert _csv_rows(content) == shown


def test_csv_numbers_are_what_excel_reads_as_numbers(client):
    rows = _csv_rows(client.get("/ekonomi/2021/kommunledning/ansvar.csv").content)
    klc = next(row for row in rows if row[0] == "KLC Kansli Centerpartiet")
    assert klc[1:] == ["-3495", "-3170", "-4134", "964", "-9,3"]  # ASCII minus, no grouping, decimal comma
    klfo = next(row for row in rows if row[0].startswith("KLFÖ"))
    assert klfo[5] == ""  # "–" on the page: an empty cell
    assert rows[-1][0] == "Totalt"
    assert rows[0][5] == "Förändring % 2020–2021"


@pytest.mark.parametrize(("page", "caption", "download", "filename"), DOWNLOADS)
def test_xlsx_has_the_same_numbers_as_numeric_cells(client, page, caption, download, filename):
    shown = _shown(client, page, caption)
    response = client.get(f"{download}.xlsx{_query(page)}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if filename:
        assert response["Content-Disposition"] == f'attachment; filename="{filename}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert caption in values[0][0]  # the title row
    header, *rows = values[1 : 1 + len(shown)]
    assert list(header) == shown[0]
    for row, expected in zip(rows, shown[1:], strict=True):
        assert row[0] == expected[0]
        for cell, text in zip(row[1:], expected[1:], strict=True):
            if text == "":
                assert cell is None
            else:
                assert isinstance(cell, int | float) and not isinstance(cell, bool)
                assert Decimal(str(cell)) == Decimal(text.replace(",", "."))


def test_xlsx_formats_numbers_and_makes_the_total_row_bold(client):
    sheet = load_workbook(io.BytesIO(client.get("/ekonomi/2021/kommunledning/ansvar.xlsx").content)).active
    total = next(row for row in sheet.iter_rows() if row[0].value == "Totalt")
    assert all(cell.font.bold for cell in total)
    assert total[1].number_format == "#,##0"
    assert total[5].number_format == "0.0"
    assert total[1].value == tkr("−6 233")
    klc = next(row for row in sheet.iter_rows() if row[0].value == "KLC Kansli Centerpartiet")
    assert not klc[0].font.bold
    assert sheet.title == "Kommunledning 2021 ansvar"


def test_placeholder_code_is_marked_in_the_download_too(client):
    rows = _csv_rows(client.get("/ekonomi/2021/stadsrevisionen/ansvar.csv").content)
    assert rows[1][0] == "SRX Stadsrevisionen (platshållare – koden är inte publicerad)"


def test_a_label_excel_would_run_as_a_formula_is_written_as_text():
    from budget.exports import Cell, Column, Table, TableRow, csv_bytes

    table = Table(
        key="x",
        caption="x",
        first_heading="Ansvar",
        columns=[Column("Utfall", "outcome")],
        rows=[TableRow(label="=HYPERLINK(1)", cells=[Cell(Decimal(1), "1")])],
        total=None,
        filename="x",
    )
    assert _csv_rows(csv_bytes(table))[1][0] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    "path",
    [
        "/ekonomi/2019/enheter.csv",
        "/ekonomi/2021/kommunledning/enheter.csv",  # not a parent: no per-subunit table
        "/ekonomi/2021/stadsrevisionen/ansvar/KLC/kontogrupp.xlsx",
        "/ekonomi/jamfor/jamforelse.csv?fran=1999",
    ],
)
def test_downloads_of_tables_that_are_not_shown_are_404(client, path):
    assert client.get(path).status_code == 404


def test_unit_page_links_each_table_to_its_downloads(client):
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    for href in (
        "/ekonomi/2021/kommunledning/ansvar.csv",
        "/ekonomi/2021/kommunledning/ansvar.xlsx",
        "/ekonomi/2021/kommunledning/kontogrupp.csv",
        "/ekonomi/2021/kommunledning/kontogrupp.xlsx",
    ):
        assert f'href="{href}"' in html
    assert "Ladda ned tabellen som CSV" in html


# --- formula injection: a label a spreadsheet would run is written as text, in CSV and XLSX alike -----------------

FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def _formula_table(labels: list[str]):
    from budget.exports import Cell, Column, Table, TableRow

    return Table(
        key="x",
        caption="x",
        first_heading="Ansvar",
        columns=[Column("Utfall", "outcome")],
        rows=[TableRow(label=label, cells=[Cell(Decimal(-1), "−1")]) for label in labels],
        total=None,
        filename="x",
        sheet_title="x",
    )


def test_labels_excel_would_run_as_formulas_are_text_in_csv_and_xlsx():
    from budget.exports import csv_bytes, xlsx_bytes

    table = _formula_table(FORMULAS)
    rows = _csv_rows(csv_bytes(table))[1:]
    assert [row[0] for row in rows] == ["'" + label for label in FORMULAS]
    assert [row[1] for row in rows] == ["-1"] * len(FORMULAS)  # the amount stays a number: no apostrophe

    sheet = load_workbook(io.BytesIO(xlsx_bytes(table))).active
    labels = [row[0] for row in sheet.iter_rows(min_row=3, max_row=2 + len(FORMULAS))]
    amounts = [row[1] for row in sheet.iter_rows(min_row=3, max_row=2 + len(FORMULAS))]
    assert all(cell.data_type == "s" for cell in labels)
    assert [cell.value.replace("\n", "\r") for cell in labels] == ["'" + label for label in FORMULAS]
    assert all(cell.data_type == "n" and cell.value == -1 for cell in amounts)


def test_unit_names_that_look_like_formulas_are_neutralised_in_the_downloads(client):
    from budget.models import Unit
    from tests.factories import ResponsibilityCodeFactory, UnitFactory, ledger_line, publish_all

    board = Unit.objects.get(slug="kommunstyrelsen")
    for position, name in enumerate(FORMULAS, start=10):
        unit = UnitFactory(name=name, parent=board, position=position)
        code = ResponsibilityCodeFactory(unit=unit, name=name)
        ledger_line(year=2021, code=code, group="5", outcome=-1_000, budget=-2_000)
    publish_all()

    for path in ("/ekonomi/2021/kommunstyrelsen/enheter", "/ekonomi/2021/enheter"):
        csv_labels = [row[0] for row in _csv_rows(client.get(f"{path}.csv").content)]
        for name in FORMULAS:
            assert "'" + name in csv_labels, (path, name)
            assert name not in csv_labels
        sheet = load_workbook(io.BytesIO(client.get(f"{path}.xlsx").content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        texts = {cell.value.replace("\n", "\r") for cell in cells if isinstance(cell.value, str)}
        for name in FORMULAS:
            assert "'" + name in texts, (path, name)


def test_a_change_left_out_as_not_comparable_is_an_empty_cell_explained_in_the_xlsx(client, books):  # noqa: F811
    from budget.models import LedgerLine
    from tests.factories import publish_all

    LedgerLine.objects.filter(year_id=2021, code=books["klc"]).update(comparable=False)
    publish_all()
    rows = {row[0]: row for row in _csv_rows(client.get("/ekonomi/2021/kommunledning/ansvar.csv").content)}
    assert rows["KLC Kansli Centerpartiet"][1:] == ["-3495", "-3170", "-4134", "964", ""]
    assert rows["KLKD Kansli Kristdemokraterna"][-1] == "-8,8"
    sheet = load_workbook(io.BytesIO(client.get("/ekonomi/2021/kommunledning/ansvar.xlsx").content)).active
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert texts[-1] == (
        "Tom förändring på en rad med utfall: ej jämförbar med föregående år (t.ex. efter en omorganisation)."
    )
    untouched = load_workbook(io.BytesIO(client.get("/ekonomi/2021/kommunledning/kontogrupp.xlsx").content)).active
    assert "ej jämförbar" not in " ".join(str(cell.value) for row in untouched.iter_rows() for cell in row)
