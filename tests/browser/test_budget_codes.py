"""A controller manages the chart of ansvar in a real browser: creates a code (after a refused duplicate), renames it,
retires it; axe and 320 px reflow on each page and state."""

import re

import pytest
from playwright.sync_api import expect

from budget.models import ResponsibilityCode
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import ResponsibilityCodeFactory, UnitFactory, ledger_line, unit_controller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "Ansvar (obligatoriskt)"
NAME = "Ansvarsbenämning (obligatoriskt)"
RETIRED_FROM = "Avvecklat från och med år (obligatoriskt)"


@pytest.fixture
def books():
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    unit_controller(unit, username="eva", first_name="Eva", last_name="Ek")
    return unit


def test_a_controller_creates_renames_and_retires_a_code(page, books, check_accessibility):
    log_in(page, "eva")
    page.goto("/redigera/ekonomi/ansvar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansvar i dina enheter")
    table = page.get_by_role("table", name="Ansvar i Kommunledning")
    expect(table.get_by_role("row", name=re.compile("^KLC"))).to_contain_text("i bruk")
    expect(page.get_by_label("Enhet")).to_have_value(str(books.pk))  # the only unit: chosen already
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    # A code that exists in another case is refused, naming it; nothing is stored.
    page.get_by_label(CODE, exact=True).fill("klc")
    page.get_by_label(NAME, exact=True).fill("Kansli Centern")
    page.get_by_role("button", name="Lägg upp ansvaret").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "Ansvar: KLC finns redan (Kommunledning). Stora och små bokstäver räknas som samma kod, som vid import."
    )
    expect(page.get_by_label(CODE, exact=True)).to_have_value("klc")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    assert ResponsibilityCode.objects.count() == 1

    page.get_by_label(CODE, exact=True).fill("KLNY")
    page.get_by_label(NAME, exact=True).fill("Kansli Nya partiet")
    page.get_by_role("button", name="Lägg upp ansvaret").click()
    expect(page.get_by_role("status")).to_have_text("Ansvaret KLNY Kansli Nya partiet är upplagt i Kommunledning.")
    new_row = page.get_by_role("table", name="Ansvar i Kommunledning").get_by_role("row", name=re.compile("^KLNY"))
    expect(new_row).to_contain_text("Kansli Nya partiet")

    page.get_by_role("link", name="Ändra KLNY").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ansvar KLNY Kansli Nya partiet")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_label(NAME, exact=True).fill("Kansli Nya")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("KLNY heter nu ”Kansli Nya”.")
    history = page.get_by_role("table", name="Historik för ansvaret KLNY")
    latest = history.locator("tbody tr").first
    expect(latest).to_contain_text("Eva Ek")
    expect(latest).to_contain_text("Ansvarsbenämning:")
    expect(latest.get_by_role("deletion")).to_have_text("före: Kansli Nya partiet")  # as a screen reader says it
    expect(latest.get_by_role("insertion")).to_have_text("efter: Kansli Nya")

    page.get_by_label(RETIRED_FROM, exact=True).fill("2023")
    page.get_by_role("button", name="Avveckla ansvaret").click()
    expect(page.get_by_role("status")).to_have_text(
        "KLNY är avvecklat från och med 2023: det tar inte emot siffror för 2023 och senare år. "
        "Tidigare års siffror finns kvar."
    )
    latest = history.locator("tbody tr").first
    expect(latest).to_contain_text("Avvecklat från och med år:")
    expect(latest.get_by_role("deletion")).to_have_text("före: (tomt)")
    expect(latest.get_by_role("insertion")).to_have_text("efter: 2023")
    expect(page.get_by_role("button", name="Ångra avvecklingen")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("link", name="Ansvar", exact=True).click()
    row = page.get_by_role("table", name="Ansvar i Kommunledning").get_by_role("row", name=re.compile("^KLNY"))
    expect(row).to_contain_text("avvecklat från och med 2023")
    code = ResponsibilityCode.objects.get(code="KLNY")
    assert (code.name, code.retired_from) == ("Kansli Nya", 2023)


def test_retiring_a_code_from_a_year_with_figures_is_refused_on_the_page(page, books, check_accessibility):
    log_in(page, "eva")
    page.goto("/redigera/ekonomi/ansvar/KLC/")
    expect(page.get_by_text("KLC har siffror för 2021: det kan avvecklas tidigast från och med 2022.")).to_be_visible()
    page.get_by_label(RETIRED_FROM, exact=True).fill("2021")
    page.get_by_role("button", name="Avveckla ansvaret").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Avvecklat från och med år: KLC har siffror för 2021, och de finns kvar. Ett ansvar kan avvecklas tidigast "
        "året efter det sista året med siffror: 2022."
    )
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    assert ResponsibilityCode.objects.get(code="KLC").retired_from is None
