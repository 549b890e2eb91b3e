"""Nothing personal reaches the public budget pages: a personnummer or a `[[marked name]]` typed into a unit's name or
description, an ansvar's name or an account group's name is masked on every page, in every CSV and XLSX download and
in the report blocks, while the amounts and the codes stay as they are."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from budget import selectors
from reports import blocks
from tests.factories import ResponsibilityCodeFactory, UnitFactory, account_group, ledger_line, publish_all

pytestmark = pytest.mark.django_db

NUMBER = "811218-9876"
FULL_WIDTH = "８１１２１８－９８７６"
MARKED = "Anna Marked"
SECRETS = (NUMBER, FULL_WIDTH, "8112189876", "811218", MARKED, "Marked")
PERSONAL = f" {NUMBER} [[{MARKED}]] {FULL_WIDTH}"


def build_marked_books() -> SimpleNamespace:
    """Kommunstyrelsen with its subunit Kommunledning, whose ansvar KLC has lines in account group 5 for 2020 and
    2021, published; every name (and the description) of each of them holds both personnummer and a marked name."""
    board = UnitFactory(name=f"Kommunstyrelsen{PERSONAL}", slug="kommunstyrelsen", description=f"Styrelsen{PERSONAL}")
    unit = UnitFactory(
        name=f"Kommunledning{PERSONAL}", slug="kommunledning", parent=board, description=f"Ledningen{PERSONAL}"
    )
    code = ResponsibilityCodeFactory(code="KLC", name=f"Kansli Centerpartiet{PERSONAL}", unit=unit)
    group = account_group("5")
    group.name = f"Personalkostnader{PERSONAL}"
    group.save()
    ledger_line(year=2020, code=code, group="5", outcome=-2_900_000, budget=-3_000_000)
    ledger_line(year=2021, code=code, group="5", outcome=-3_170_000, budget=-4_134_000)
    publish_all()
    return SimpleNamespace(board=board, unit=unit, code=code, group=group)


def assert_nothing_personal(where: str, text: str) -> None:
    folded = unicodedata.normalize("NFKC", text)
    for secret in SECRETS:
        assert secret not in text, (where, secret)
        assert unicodedata.normalize("NFKC", secret) not in folded, (where, secret)


def _spaced(text: str) -> str:
    return re.sub(r"\s", " ", text).replace("−", "-")


PAGES = [
    "/ekonomi/",
    "/ekonomi/2021/",
    "/ekonomi/2021/kommunstyrelsen/",
    "/ekonomi/2021/kommunledning/",
    "/ekonomi/2021/kommunledning/ansvar/KLC/",
    "/ekonomi/jamfor/",
    "/ekonomi/jamfor/?enhet=kommunledning&fran=2020&till=2021",
    "/ekonomi/jamfor/?enhet=kommunstyrelsen&fran=2020&till=2021",
]

DOWNLOADS = [
    "/ekonomi/2021/enheter",
    "/ekonomi/2021/kommunstyrelsen/enheter",
    "/ekonomi/2021/kommunstyrelsen/kontogrupp",
    "/ekonomi/2021/kommunledning/ansvar",
    "/ekonomi/2021/kommunledning/kontogrupp",
    "/ekonomi/2021/kommunledning/ansvar/KLC/kontogrupp",
]


@pytest.fixture
def books():
    return build_marked_books()


def test_every_public_budget_page_masks_the_names_and_keeps_codes_and_amounts(client, books):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert_nothing_personal(path, page)
        assert "[personnummer maskerat]" in page or path == "/ekonomi/", path
    unit_page = _spaced(client.get("/ekonomi/2021/kommunledning/").content.decode())
    assert "KLC Kansli Centerpartiet [personnummer maskerat] [personuppgift maskerad]" in unit_page
    assert "Kommunledning [personnummer maskerat]" in unit_page  # the title
    assert "Ledningen [personnummer maskerat]" in unit_page  # the description
    assert "5 Personalkostnader [personnummer maskerat]" in unit_page
    assert "-3 170" in unit_page and "-4 134" in unit_page and "964" in unit_page
    code_page = _spaced(client.get("/ekonomi/2021/kommunledning/ansvar/KLC/").content.decode())
    assert "KLC Kansli Centerpartiet [personnummer maskerat]" in code_page
    assert "-3 170" in code_page


def test_every_csv_download_masks_the_names_and_keeps_codes_and_amounts(client, books):
    paths = [f"{path}.csv" for path in DOWNLOADS]
    paths += [f"/ekonomi/jamfor/jamforelse.csv?enhet={slug}" for slug in ("kommunstyrelsen", "kommunledning")]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode("utf-8-sig")
        assert_nothing_personal(path, text)
        assert "-3170" in text, path
    rows = list(csv.reader(io.StringIO(client.get(paths[3]).content.decode("utf-8-sig")), delimiter=";"))
    masked = "[personnummer maskerat] [personuppgift maskerad] [personnummer maskerat]"
    assert rows[1][0] == f"KLC Kansli Centerpartiet {masked}"
    assert rows[1][1:] == ["-2900", "-3170", "-4134", "964", "9,3"]


def test_every_xlsx_download_masks_the_names_and_keeps_codes_and_amounts(client, books):
    paths = [f"{path}.xlsx" for path in DOWNLOADS]
    paths += [f"/ekonomi/jamfor/jamforelse.xlsx?enhet={slug}" for slug in ("kommunstyrelsen", "kommunledning")]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        workbook = load_workbook(io.BytesIO(response.content))
        values = [
            cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None
        ]
        text = "\n".join(str(value) for value in values) + "\n" + "\n".join(workbook.sheetnames)
        assert_nothing_personal(path, text)
        assert -3170 in values, path
    workbook = load_workbook(io.BytesIO(client.get("/ekonomi/2021/kommunledning/ansvar.xlsx").content))
    assert workbook.active["A3"].value.startswith("KLC Kansli Centerpartiet [personnummer maskerat]")


def test_the_selectors_rows_carry_masked_labels_and_projections(books):
    """The one place the tables get their names: what the report blocks read too."""
    units = selectors.unit_with_children(books.unit)
    labels = [row.label for row in selectors.code_table(2021, units)]
    labels += [row.label for row in selectors.group_table(2021, units)]
    labels += [row.label for row in selectors.unit_rows(2021)]
    labels += [row.label for row in selectors.child_unit_table(2021, books.board, [books.board, books.unit])]
    assert_nothing_personal("rows", "\n".join(labels))
    assert labels[0].startswith("KLC Kansli Centerpartiet")
    row = selectors.code_table(2021, units)[0]
    assert row.obj.is_placeholder is False and row.obj.code == "KLC"


def test_the_report_blocks_show_the_budget_tables_masked(books):
    for kind, unit in (("unit_tables", books.unit), ("unit_tables", books.board), ("deviation_summary", None)):
        data = blocks.block_data(SimpleNamespace(kind=kind, unit=unit, year=2021, frozen=None))
        assert_nothing_personal(f"report block {kind}", repr(data))
        rows = [row for table in data["tables"] for row in table["rows"]]
        assert all("[personnummer maskerat]" in row["label"] for row in rows)
        assert all(row["cells"][1] != "–" for row in rows)
