"""The demo's 2021 unit pages reproduce every row and total the årsberättelse printed, to the tkr, in both tables.

The expected strings are built here from the printed integers (not with the portal's own formatting), so a wrong
thousands separator, a hyphen for a minus or a wrong rounding fails.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from budget.demo import load_budget_demo
from budget.demo_data.published_2021 import DIVISION_ERROR, UNITS, PublishedRow

NBSP = "\u00a0"
MINUS = "\u2212"


class _Tables(HTMLParser):
    """Each <table> as its caption and rows; a row is its header cell's text followed by its data cells' texts."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = None
        self._rows = None
        self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td") and self._rows is not None:
            self._cell = ""
        elif tag == "span" and self._cell is not None and ("class", "visually-hidden") in attrs:
            self._cell += "\x00"  # screen-reader-only text is cut off below

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            # Collapse ASCII white space only: the no-break space between thousands is part of what is tested.
            self._rows[-1].append(re.sub(r"[ \t\r\n]+", " ", self._cell.split("\x00")[0]).strip(" \t\r\n"))
            self._cell = None
        elif tag == "table":
            self.tables[self._caption.strip()] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def tkr(value: int) -> str:
    text = f"{abs(value):,}".replace(",", NBSP)
    return MINUS + text if value < 0 else text


def change(printed: str) -> str:
    """ "−9,3"; "477 317,7" printed with a space between thousands is shown with a no-break space."""
    return "–" if printed == DIVISION_ERROR else printed.replace("-", MINUS).replace(" ", NBSP)


def expected_cells(row: PublishedRow) -> list[str]:
    """The five figures as the page must show them; "–" where the source prints no percentage."""
    figures = [tkr(row.previous_outcome), tkr(row.outcome), tkr(row.budget), tkr(row.deviation)]
    return [*figures, "–" if row.change is None else change(row.change)]


def assert_row(shown: list[str], row: PublishedRow, where: str) -> None:
    for column, (cell, want) in enumerate(zip(shown[1:], expected_cells(row), strict=True)):
        assert cell == want, f"{where}, kolumn {column + 2}: sidan visar {cell!r}, årsberättelsen {want!r}"


NOT_COMPARABLE = "(ej jämförbar med föregående år)"


TABLES = [
    (unit, kind, rows)
    for unit in UNITS
    for kind, rows in (("ansvar", unit.code_rows), ("kontogrupp", unit.group_rows))
    if rows is not None
]


@pytest.fixture
def demo(db):
    load_budget_demo()


@pytest.mark.parametrize(("unit", "kind", "rows"), TABLES, ids=[f"{u.slug}-{k}" for u, k, _ in TABLES])
def test_every_published_row_and_total_is_on_the_unit_page(client, demo, unit, kind, rows):
    response = client.get(reverse("budget:unit", args=[2021, unit.slug]))
    assert response.status_code == 200
    caption = f"{unit.name} 2021 per {kind}, tkr"
    shown = tables_of(response.content.decode())[caption]
    header, *body = shown
    assert header[1:] == ["Bokslut 2020", "Utfall 2021", "Budget 2021", "Avvikelse", "Förändring % 2020–2021"]
    by_key = {cells[0].split(" ", 1)[0]: cells for cells in body[:-1]}
    for row in rows:
        assert row.key in by_key, f"{unit.name}, {kind} {row.key} saknas på sidan"
        assert_row(by_key[row.key], row, f"{unit.name}, {kind} {row.key}")
    total = body[-1]
    assert total[0] == "Totalt"
    assert_row(total, unit.total, f"{unit.name}, {kind}, totalraden")


def test_kommunledning_shows_klc_and_the_total_as_the_issue_says(client, demo):
    html = client.get(reverse("budget:unit", args=[2021, "kommunledning"])).content.decode()
    rows = tables_of(html)["Kommunledning 2021 per ansvar, tkr"]
    klc = next(cells for cells in rows if cells[0].startswith("KLC "))
    assert klc[1:] == [f"{MINUS}3{NBSP}495", f"{MINUS}3{NBSP}170", f"{MINUS}4{NBSP}134", "964", f"{MINUS}9,3"]
    klfo = next(cells for cells in rows if cells[0].startswith("KLFÖ "))
    assert klfo[-1] == "–"
    assert rows[-1][1:] == [
        f"{MINUS}40{NBSP}548",
        f"{MINUS}43{NBSP}495",
        f"{MINUS}56{NBSP}286",
        f"12{NBSP}791",
        "7,3",
    ]


def test_the_year_page_shows_each_units_printed_total(client, demo):
    html = client.get(reverse("budget:year", args=[2021])).content.decode()
    rows = {cells[0]: cells for cells in tables_of(html)["Alla enheter 2021, tkr"][1:]}
    for unit in UNITS:
        if unit.total is not None:
            assert_row(rows[unit.name], unit.total, f"årssidan, {unit.name}")


def test_the_four_changes_the_source_leaves_out_are_dashes_explained_and_no_other_cell_is(client, demo):
    """Kommunledning's 6A, KGHR, KGOS and Stadsrevisionen's 3: "–" with its reason for screen readers and a marker
    pointing to the footnote under the table; every other 2021 table of the demo shows no such cell."""
    explained = {}
    for unit in UNITS:
        html = client.get(reverse("budget:unit", args=[2021, unit.slug])).content.decode()
        explained[unit.slug] = html.count(NOT_COMPARABLE)
        cells = re.findall(r'<td class="num">([^<]*)<span class="visually-hidden"> \(ej jämförbar', html)
        assert all(cell == "–" for cell in cells), unit.slug
        if cells:
            assert "ej jämförbar med föregående år (t.ex. efter en omorganisation), så ingen förändring visas." in html
    assert explained == {
        "kommunstyrelsen": 0,
        "kommunledning": 1,
        "kommungemensam-niva": 2,
        "kommunstyrelseforvaltning": 0,
        "stadsrevisionen": 1,
        "valnamnden": 0,
    }
    year_page = client.get(reverse("budget:year", args=[2021])).content.decode()
    assert NOT_COMPARABLE not in year_page


def test_the_derived_note_is_shown_for_the_demo_years_only_where_a_derived_line_is_shown(client, demo):
    for path in ("/ekonomi/2021/kommunledning/", "/ekonomi/2021/kommunledning/ansvar/KLC/"):
        assert "Fördelningen på kontogrupper är härledd" in client.get(path).content.decode(), path


def test_every_2021_page_names_the_bokslut_it_shows(client, demo):
    for unit in UNITS:
        html = client.get(reverse("budget:unit", args=[2021, unit.slug])).content.decode()
        assert "Bokslut 2021, fastställt torsdag 31 mars 2022." in html, unit.slug
