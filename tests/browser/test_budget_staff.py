"""A controller's figures in a real browser: the grid, an error, the audit trail, closing the year; axe on each."""

import re

import pytest
from playwright.sync_api import expect

from budget.models import FiscalYear, LedgerLine
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import ResponsibilityCodeFactory, UnitFactory, ledger_line, unit_controller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTCOME_5 = "KLC Kansli Centerpartiet, kontogrupp 5 Personalkostnader, utfall"
OUTCOME_4 = "KLC Kansli Centerpartiet, kontogrupp 4 Inköp tillg o vhet samt bidrag, utfall"


@pytest.fixture
def books():
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ResponsibilityCodeFactory(code="KLFÖ", name="Kansli Folkpartiet", unit=unit)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_000_000, budget=-4_134_000)
    unit_controller(unit, username="eva", first_name="Eva", last_name="Ek")
    return unit, klc


def test_a_controller_enters_figures_sees_the_sums_and_the_history_then_closes_the_year(
    page, books, check_accessibility
):
    _, klc = books
    log_in(page, "eva")
    # The log-in leads a controller through /redigera/start/ to the budget staff index.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekonomi: budget och utfall")
    assert page.url.endswith("/redigera/ekonomi/")
    check_accessibility(page)

    page.get_by_role("link", name="Mata in Kommunledning 2021").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommunledning")
    outcome = page.get_by_label(OUTCOME_5)
    expect(outcome).to_have_value("−3 000 000")
    check_accessibility(page)

    outcome.fill("-3 170 000")
    page.get_by_label(OUTCOME_4).fill("−12 345,50")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Sparat: 2 ändringar.")
    klc_row = page.get_by_role("row", name=re.compile(r"^KLC Kansli"))
    # The row's outcome sum in tkr: −3 170 000 − 12 345,50 = −3 182 345,50 → −3 182.
    expect(klc_row.locator(".figure-grid__sum-cell").nth(1)).to_have_text("−3\u00a0182")
    expect(page.get_by_label(OUTCOME_5)).to_have_value("−3 170 000")
    assert LedgerLine.objects.get(code=klc, group__code="5").outcome == -3_170_000

    # A bad value: nothing is saved, the summary names the cell and the error sits next to it.
    page.get_by_label(OUTCOME_5).fill("abc")
    page.get_by_label(OUTCOME_4).fill("1")
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ingenting sparades")
    expect(summary.get_by_role("link", name="KLC, kontogrupp 5, utfall: ”abc” är inget belopp")).to_be_visible()
    bad = page.get_by_label(OUTCOME_5)
    expect(bad).to_have_value("abc")
    expect(bad).to_have_attribute("aria-invalid", "true")
    described_by = bad.get_attribute("aria-describedby")
    expect(page.locator(f"#{described_by}")).to_have_text("”abc” är inget belopp.")
    expect(page.get_by_label(OUTCOME_4)).to_have_value("1")  # kept as typed, not saved
    check_accessibility(page)
    assert LedgerLine.objects.get(code=klc, group__code="4").outcome == -12_345.50

    page.get_by_role("link", name="Ångra osparade ändringar").click()
    page.get_by_role("link", name="Ändringshistorik för KLC").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ändringshistorik för KLC Kansli Centerpartiet")
    history = page.get_by_role("table")
    expect(history).to_contain_text("Eva Ek")
    expect(history).to_contain_text("För hand")
    first = history.locator("tbody tr").filter(has_text="5 Personalkostnader")
    expect(first).to_contain_text("−3\u00a0000\u00a0000")
    expect(first).to_contain_text("−3\u00a0170\u00a0000")
    check_accessibility(page)

    page.get_by_role("navigation", name="Du är här").get_by_role("link", name="Ekonomi").click()
    page.get_by_role("link", name="Fastställ bokslut för 2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fastställ bokslut 2021")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    # Closing cannot be undone: the button alone does nothing, the year must be typed.
    page.get_by_role("button", name="Fastställ bokslutet för 2021").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv årtalet 2021 för att fastställa bokslutet.")
    confirm = page.get_by_label("Skriv årtalet 2021 för att bekräfta")
    expect(confirm).to_have_attribute("aria-invalid", "true")
    described_by = confirm.get_attribute("aria-describedby")
    expect(page.locator(f"#{described_by}")).to_have_text("Skriv årtalet 2021 för att fastställa bokslutet.")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    assert not FiscalYear.objects.get(pk=2021).is_closed
    confirm.fill("2020")
    page.get_by_role("button", name="Fastställ bokslutet för 2021").click()
    expect(page.get_by_role("alert")).to_contain_text("Det du skrev är inte 2021.")
    assert not FiscalYear.objects.get(pk=2021).is_closed
    page.get_by_label("Skriv årtalet 2021 för att bekräfta").fill("2021")
    page.get_by_role("button", name="Fastställ bokslutet för 2021").click()
    expect(page.get_by_role("status")).to_contain_text("Bokslutet för 2021 är fastställt")
    assert FiscalYear.objects.get(pk=2021).is_closed

    page.get_by_role("link", name="Visa Kommunledning 2021").click()
    expect(page.get_by_text("Siffrorna visas men kan inte ändras")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)
    check_accessibility(page)


def test_the_confirmation_page_of_a_closed_year_says_so(page, books, check_accessibility):
    log_in(page, "eva")
    page.goto("/redigera/ekonomi/2021/stang/")
    page.get_by_label("Skriv årtalet 2021 för att bekräfta").fill("2021")
    page.get_by_role("button", name="Fastställ bokslutet för 2021").click()
    expect(page.get_by_role("status")).to_contain_text("Bokslutet för 2021 är fastställt")
    page.goto("/redigera/ekonomi/2021/stang/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bokslutet för 2021 är fastställt")
    expect(page.get_by_role("button", name=re.compile("Fastställ"))).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    check_accessibility(page)
    assert_reflows_at_320_px(page)
