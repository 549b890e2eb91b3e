"""The public budget pages show the årsberättelse's tables: rows, totals, "–", notices, 404s and the comparison form.

The books are built as lines and then published (`publish_all`): the pages show the published copy only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from budget.models import FiscalYear, LedgerLine, Unit
from budget.services.figures import fiscal_year_close
from budget.services.publishing import figures_publish
from tests.factories import (
    FiscalYearFactory,
    ResponsibilityCodeFactory,
    UnitFactory,
    administrator,
    ledger_line,
    publish_all,
)
from tests.html import ParsedTable, table_with_caption, tables_in

pytestmark = pytest.mark.django_db

MINUS = "\u2212"


def tkr(text: str) -> int:
    """ "−3 170" → -3170 (the page's number back as an int)."""
    return int(text.replace(MINUS, "-").replace("\u00a0", "").replace(" ", ""))


# --- Data: a small Kommunstyrelsen in kronor ---------------------------------------------------------------------


@pytest.fixture
def books():
    """Kommunstyrelsen with Kommunledning (KLC, KLFÖ, KLKD) and Stadsrevisionen, whose lines are a derived split,
    2020 and 2021, published (both years open: preliminära siffror)."""
    ks = UnitFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", position=0)
    kl = UnitFactory(name="Kommunledning", slug="kommunledning", parent=ks, position=1)
    sr = UnitFactory(name="Stadsrevisionen", slug="stadsrevisionen", position=2)
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=kl)
    klfo = ResponsibilityCodeFactory(code="KLFÖ", name="Kommunledn Fördelning", unit=kl)
    klkd = ResponsibilityCodeFactory(code="KLKD", name="Kansli Kristdemokraterna", unit=kl)
    srx = ResponsibilityCodeFactory(code="SRX", name="Stadsrevisionen", unit=sr, is_placeholder=True)
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    ledger_line(year=2020, code=klfo, group="7", outcome=0)
    ledger_line(year=2021, code=klfo, group="7", outcome=0, budget=0)
    ledger_line(year=2020, code=klkd, group="5", outcome=-2_000_000)
    ledger_line(year=2020, code=klkd, group="4", outcome=-738_000)
    ledger_line(year=2021, code=klkd, group="5", outcome=-2_000_400, budget=-3_000_000)
    ledger_line(year=2021, code=klkd, group="4", outcome=-496_600, budget=-709_000)
    ledger_line(year=2020, code=srx, group="5", outcome=-1_111_000)
    ledger_line(year=2021, code=srx, group="5", outcome=-1_185_000, budget=-1_394_000)
    LedgerLine.objects.filter(code=srx).update(derived=True)
    publish_all()
    return {"ks": ks, "kl": kl, "sr": sr, "klc": klc, "klfo": klfo, "klkd": klkd, "srx": srx}


def _row(table: ParsedTable, label: str) -> list[str]:
    rows = [row for row in table.body if row[0] == label]
    assert len(rows) == 1, f"{label!r} among {[row[0] for row in table.body]}"
    return rows[0]


# --- The unit page -------------------------------------------------------------------------------------------------


def test_unit_page_shows_the_ansvar_rows_as_in_the_arsberattelse(client, books):
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    table = table_with_caption(html, "per ansvar")
    assert table.head == [
        ["Ansvar", "Bokslut 2020", "Utfall 2021", "Budget 2021", "Avvikelse", "Förändring % 2020–2021"]
    ]
    assert _row(table, "KLC Kansli Centerpartiet") == [
        "KLC Kansli Centerpartiet",
        f"{MINUS}3 495",
        f"{MINUS}3 170",
        f"{MINUS}4 134",
        "964",
        f"{MINUS}9,3",
    ]
    assert _row(table, "KLKD Kansli Kristdemokraterna") == [
        "KLKD Kansli Kristdemokraterna",
        f"{MINUS}2 738",
        f"{MINUS}2 497",
        f"{MINUS}3 709",
        "1 212",
        f"{MINUS}8,8",
    ]


def test_a_change_from_zero_shows_a_dash(client, books):
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    assert _row(table_with_caption(html, "per ansvar"), "KLFÖ Kommunledn Fördelning") == [
        "KLFÖ Kommunledn Fördelning",
        "0",
        "0",
        "0",
        "0",
        "\u2013",
    ]


def test_both_tables_end_in_the_same_total_which_is_the_sum_of_their_rows(client, books):
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    codes, groups = table_with_caption(html, "per ansvar"), table_with_caption(html, "per kontogrupp")
    assert (
        codes.foot
        == groups.foot
        == [["Totalt", f"{MINUS}6 233", f"{MINUS}5 667", f"{MINUS}7 843", "2 176", f"{MINUS}9,1"]]
    )
    assert [row[0] for row in groups.body] == [
        "4 Inköp tillg o vhet samt bidrag",
        "5 Personalkostnader",
        "7 Övriga kostnader",
    ]
    for table in (codes, groups):
        for column in range(1, 5):
            assert sum(tkr(row[column]) for row in table.body) == tkr(table.foot[0][column])


def test_table_markup_is_regular_one_row_header_and_five_cells(client, books):
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    assert '<th scope="col"' in html and "<caption" in html and "<tfoot>" in html
    for table in (table_with_caption(html, "per ansvar"), table_with_caption(html, "per kontogrupp")):
        assert all(len(row) == 6 for row in table.body + table.foot)
        assert all(scope == "row" for scope, _ in table.row_headers)
    assert 'class="table-scroll" tabindex="0" role="region" aria-labelledby="tabell-ansvar"' in html


def test_ansvar_rows_link_to_their_kontogrupp_breakdown(client, books):
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    assert f'href="{reverse("budget:code", args=[2021, "kommunledning", "KLC"])}"' in html
    assert 'href="/ekonomi/2021/kommunledning/ansvar/KLF%C3%96/"' in html  # Ö is quoted in the address


def test_the_page_explains_deviation_and_the_dash_and_links_other_years(client, books):
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    assert "Avvikelse = utfall − budget" in html
    assert "– betyder att värdet inte kan räknas ut" in html
    assert 'href="/ekonomi/2020/kommunledning/"' in html
    assert "Preliminära siffror, publicerade " in html


@time_machine.travel(dt.datetime(2022, 3, 31, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_closed_year_says_bokslut_and_when_it_was_fastställt(client, books):
    fiscal_year_close(year=FiscalYear.objects.get(pk=2021), user=administrator())
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    assert "Bokslut 2021, fastställt torsdag 31 mars 2022." in html and "Preliminära" not in html
    listing = table_with_caption(client.get("/ekonomi/").content.decode(), "År med publicerade siffror")
    assert listing.body[0][:2] == ["2021", "Bokslut fastställt torsdag 31 mars 2022"]


@time_machine.travel(dt.datetime(2021, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False)
def test_an_interim_publication_names_its_date_and_note(client, books):
    figures_publish(year=FiscalYear.objects.get(pk=2021), user=administrator(), note="Delårsrapport augusti")
    for path in ("/ekonomi/2021/", "/ekonomi/2021/kommunledning/", "/ekonomi/2021/kommunledning/ansvar/KLC/"):
        html = client.get(path).content.decode()
        assert "Preliminära siffror, publicerade onsdag 1 september 2021: Delårsrapport augusti." in html, path
    listing = table_with_caption(client.get("/ekonomi/").content.decode(), "År med publicerade siffror")
    assert listing.body[0][1] == "Preliminära siffror, publicerade onsdag 1 september 2021: Delårsrapport augusti"


def test_a_parent_unit_shows_its_subunits_instead_of_ansvar(client, books):
    html = client.get("/ekonomi/2021/kommunstyrelsen/").content.decode()
    subunits = table_with_caption(html, "per enhet")
    assert [row[0] for row in subunits.body] == ["Kommunledning"]
    assert subunits.foot == table_with_caption(html, "per kontogrupp").foot
    assert subunits.body[0][1:] == subunits.foot[0][1:]
    assert "per ansvar" not in html


def test_derived_breakdown_is_announced_on_unit_and_code_pages(client, books):
    html = client.get("/ekonomi/2021/stadsrevisionen/").content.decode()
    assert "Fördelningen på kontogrupper är härledd, inte publicerad." in html
    assert 'href="/ekonomi/#om-hardledd-fordelning"' in html
    assert "SRX Stadsrevisionen (platshållare – koden är inte publicerad)" in [
        row[0] for row in table_with_caption(html, "per ansvar").body
    ]
    code_page = client.get("/ekonomi/2021/stadsrevisionen/ansvar/SRX/").content.decode()
    assert "Fördelningen på kontogrupper är härledd" in code_page
    assert "härledd" not in client.get("/ekonomi/2021/kommunledning/").content.decode()
    assert 'id="om-hardledd-fordelning"' in client.get("/ekonomi/").content.decode()


def test_the_derived_note_follows_the_shown_years_lines_not_the_unit(client, books):
    """A year whose lines were imported (not derived) shows no note, though the year before was a derived split."""
    ledger_line(year=2022, code=books["srx"], group="5", outcome=-1_200_000, budget=-1_300_000)
    publish_all()
    for path in ("/ekonomi/2022/stadsrevisionen/", "/ekonomi/2022/stadsrevisionen/ansvar/SRX/"):
        html = client.get(path).content.decode()
        assert "härledd, inte publicerad" not in html, path
        assert f"{MINUS}1\u00a0185" in html  # the derived 2020 … 2021 figures are shown as Bokslut 2021, without a note


# --- A row not comparable with the year before --------------------------------------------------------------------


def test_a_row_none_of_whose_lines_is_comparable_shows_no_change_and_says_why(client, books):
    LedgerLine.objects.filter(year_id=2021, code=books["klc"]).update(comparable=False)
    publish_all()
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    codes = table_with_caption(html, "per ansvar")
    assert _row(codes, "KLC Kansli Centerpartiet")[1:] == [
        f"{MINUS}3 495",
        f"{MINUS}3 170",
        f"{MINUS}4 134",
        "964",
        "–*",
    ]
    assert '<span class="visually-hidden"> (ej jämförbar med föregående år)</span>' in html
    assert "ej jämförbar med föregående år (t.ex. efter en omorganisation), så ingen förändring visas." in html
    # Group 5 also holds KLKD's comparable line: the row and the total keep their change.
    groups = table_with_caption(html, "per kontogrupp")
    assert _row(groups, "5 Personalkostnader")[-1] == f"{MINUS}5,9"
    assert codes.foot[0][-1] == f"{MINUS}9,1"
    code_page = table_with_caption(client.get("/ekonomi/2021/kommunledning/ansvar/KLC/").content.decode(), "KLC")
    assert code_page.foot[0][-1] == "–*"


def test_an_unpublished_comparability_change_is_not_shown(client, books):
    LedgerLine.objects.filter(year_id=2021, code=books["klc"]).update(comparable=False)
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    assert _row(table_with_caption(html, "per ansvar"), "KLC Kansli Centerpartiet")[-1] == f"{MINUS}9,3"
    assert "ej jämförbar" not in html


# --- The code page -------------------------------------------------------------------------------------------------


def test_code_page_shows_the_codes_kontogrupp_breakdown_with_its_total(client, books):
    html = client.get("/ekonomi/2021/kommunledning/ansvar/KLKD/").content.decode()
    table = table_with_caption(html, "KLKD Kansli Kristdemokraterna 2021 per kontogrupp")
    assert table.body == [
        ["4 Inköp tillg o vhet samt bidrag", f"{MINUS}738", f"{MINUS}497", f"{MINUS}709", "212", f"{MINUS}32,7"],
        ["5 Personalkostnader", f"{MINUS}2 000", f"{MINUS}2 000", f"{MINUS}3 000", "1 000", "0,0"],
    ]
    assert table.foot == [["Totalt", f"{MINUS}2 738", f"{MINUS}2 497", f"{MINUS}3 709", "1 212", f"{MINUS}8,8"]]


# --- The year pages ------------------------------------------------------------------------------------------------


def test_year_list_shows_published_years_newest_first_with_state_and_totals(client, books):
    FiscalYearFactory(year=2022)  # no lines: not listed
    ledger_line(year=2023, code=books["klc"], group="5", outcome=-1)  # lines, never published: not listed
    html = client.get("/ekonomi/").content.decode()
    table = table_with_caption(html, "År med publicerade siffror")
    assert [row[0] for row in table.body] == ["2021", "2020"]
    assert table.body[0][1].startswith("Preliminära siffror, publicerade ")
    assert table.body[0][2:] == [
        f"{MINUS}6 852",
        f"{MINUS}9 237",
        "2 385",
        f"{MINUS}6,7",
    ]
    assert table.body[1][2:] == [f"{MINUS}7 344", "\u2013", "\u2013", "\u2013"]
    assert 'href="/ekonomi/jamfor/"' in html
    assert "tkr" in html and "Utfall" in html and "Avvikelse" in html


def test_year_page_lists_every_unit_as_a_tree_with_a_chart_of_the_same_numbers(client, books):
    html = client.get("/ekonomi/2021/").content.decode()
    table = table_with_caption(html, "Alla enheter 2021")
    assert [row[0] for row in table.body] == ["Kommunstyrelsen", "Kommunledning", "Stadsrevisionen"]
    assert 'class="budget-table__sub"' in html  # the subunit is indented
    assert ", del av Kommunstyrelsen" in html  # and said to be a part, for screen readers
    deviations = {row[0]: row[4] for row in table.body}
    assert deviations == {"Kommunstyrelsen": "2 176", "Kommunledning": "2 176", "Stadsrevisionen": "209"}
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0).replace("\u00a0", " ")
    assert 'role="img"' in svg and "<title" in svg and 'aria-hidden="true"' in svg
    for name, deviation in deviations.items():
        assert f"{name}: {deviation}" in svg
    assert svg.count("<rect") == 3


def test_chart_puts_negative_bars_left_of_the_zero_line(client, books):
    ledger_line(year=2021, code=books["srx"], group="7", outcome=-5_000_000, budget=-1_000_000)
    publish_all()
    html = client.get("/ekonomi/2021/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0).replace("\u00a0", " ")
    zero = float(re.search(r'<line[^>]*x1="([\d.]+)%"', svg).group(1))
    negative = re.search(r'<rect class="chart__bar--negative" x="([\d.]+)%" y="\d+" width="([\d.]+)%"', svg)
    assert negative, svg
    assert abs(float(negative.group(1)) + float(negative.group(2)) - zero) < 0.01
    assert f"Stadsrevisionen: {MINUS}3 791" in svg


def test_an_open_year_page_says_the_figures_are_preliminary(client, books):
    html = client.get("/ekonomi/2021/").content.decode()
    assert "Preliminära siffror, publicerade " in html
    assert "Siffrorna kan ändras tills bokslutet är fastställt." in html


# --- 404s ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/ekonomi/2019/",  # no fiscal year
        "/ekonomi/2022/",  # a fiscal year without lines
        "/ekonomi/2022/kommunledning/",
        "/ekonomi/2023/",  # a year with lines that was never published
        "/ekonomi/2023/kommunledning/",
        "/ekonomi/2023/kommunledning/ansvar/KLC/",
        "/ekonomi/2023/enheter.csv",
        "/ekonomi/2023/kommunledning/ansvar.xlsx",
        "/ekonomi/2021/finns-inte/",
        "/ekonomi/2021/stadsrevisionen/ansvar/KLC/",  # a code of another unit
        "/ekonomi/2021/kommunledning/ansvar/NEJ/",
        "/ekonomi/2021/kommunledning/ansvar.pdf",
    ],
)
def test_unknown_years_units_and_codes_of_another_unit_are_404_in_swedish(client, books, path):
    FiscalYearFactory(year=2022)
    ledger_line(year=2023, code=books["klc"], group="5", outcome=-1)
    response = client.get(path)
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


# --- The comparison -------------------------------------------------------------------------------------------------


def test_comparison_defaults_to_kommunstyrelsen_and_every_year(client, books):
    html = client.get("/ekonomi/jamfor/").content.decode()
    table = table_with_caption(html, "Kommunstyrelsen 2020–2021")
    assert table.head == [["År", "Utfall", "Budget", "Avvikelse", "Förändring % mot året före"]]
    assert table.body == [
        ["2020", f"{MINUS}6 233", "\u2013", "\u2013", "\u2013"],
        ["2021", f"{MINUS}5 667", f"{MINUS}7 843", "2 176", f"{MINUS}9,1"],
    ]


def test_comparison_of_a_chosen_unit_and_range(client, books):
    html = client.get("/ekonomi/jamfor/", {"enhet": "stadsrevisionen", "fran": "2021", "till": "2021"}).content.decode()
    table = table_with_caption(html, "Stadsrevisionen 2021–2021")
    assert table.body == [["2021", f"{MINUS}1 185", f"{MINUS}1 394", "209", "6,7"]]
    assert "enhet=stadsrevisionen&amp;fran=2021&amp;till=2021" in html  # the download keeps the choice


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"enhet": "finns-inte"}, "Välj en enhet i listan."),
        ({"fran": "1999"}, "Välj ett år som har siffror (2020–2021)."),
        ({"fran": "abc"}, "Välj ett år som har siffror (2020–2021)."),
        ({"fran": "2021", "till": "2020"}, "Till-året kan inte vara före från-året (2021)."),
    ],
)
def test_comparison_with_bad_input_says_what_is_wrong_at_the_field(client, books, query, message):
    response = client.get("/ekonomi/jamfor/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert not any("per år" in table.caption for table in tables_in(html))


def test_pages_without_any_figures_say_so(client):
    Unit.objects.create(name="Valnämnden", slug="valnamnden")
    assert "Det finns inga siffror publicerade ännu." in client.get("/ekonomi/").content.decode()
    assert "Det finns inga siffror publicerade ännu." in client.get("/ekonomi/jamfor/").content.decode()
