"""An analyst's indicator values in a real browser: the grid, an error next to its cell, the history, the CSV
import with its preview; axe on each page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from goals.models import IndicatorValue
from tests.browser.helpers import log_in
from tests.factories import analyst_of, sick_leave_indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sick_leave():
    indicator = sick_leave_indicator()
    owner = indicator.owner
    analyst_of(owner, username="anna", first_name="Anna", last_name="Analys")
    return indicator


def test_an_analyst_edits_a_value_sees_an_error_and_the_history(page, sick_leave, check_accessibility):
    log_in(page, "anna")
    # The log-in leads an analyst through /redigera/start/ to the goals staff index.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål: indikatorer och åtaganden")
    assert page.url.endswith("/redigera/mal/")
    expect(page.get_by_role("row", name="Sjukfrånvaro")).to_contain_text("2020")
    check_accessibility(page)

    page.get_by_role("link", name="Sjukfrånvaro", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sjukfrånvaro")
    expect(page.get_by_label("2020, Kvinnor")).to_have_value("4,4")
    check_accessibility(page)

    page.get_by_label("2020, Kvinnor").fill("4,3")
    page.get_by_label("2021, Totalt").fill("3,4")
    page.get_by_label("2021, Kvinnor").fill("4,3")
    page.get_by_label("2021, Män").fill("1,5")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Sparat: 4 ändrade värden.")
    expect(page.get_by_label("2021, Män")).to_have_value("1,5")
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2020, gender="K").value == Decimal("4.3")

    # A bad value: nothing is saved, the summary names the cell and the error sits next to it.
    page.get_by_label("2021, Kvinnor").fill("4,4,1")
    page.get_by_label("2020, Totalt").fill("3,9")
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ingenting sparades")
    expect(summary.get_by_role("link", name="2021, Kvinnor: ”4,4,1” är inget tal")).to_be_visible()
    bad = page.get_by_label("2021, Kvinnor")
    expect(bad).to_have_value("4,4,1")
    expect(bad).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{bad.get_attribute('aria-describedby')}")).to_have_text("”4,4,1” är inget tal")
    expect(page.get_by_label("2020, Totalt")).to_have_value("3,9")  # kept as typed, not saved
    check_accessibility(page)
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2020, gender="T").value == Decimal("3.8")

    page.get_by_role("link", name="Ångra osparade ändringar").click()
    page.get_by_role("link", name="Ändringshistorik för Sjukfrånvaro").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ändringshistorik för Sjukfrånvaro")
    history = page.get_by_role("table")
    expect(history).to_contain_text("Anna Analys")
    by_anna = history.locator("tbody tr").filter(has_text="Anna Analys")
    changed = by_anna.filter(has_text="2020").filter(has_text="Kvinnor")
    expect(changed).to_contain_text("4,4")
    expect(changed).to_contain_text("4,3")
    check_accessibility(page)


def test_an_analyst_imports_a_file_after_a_preview(page, sick_leave, check_accessibility, tmp_path):
    csv_file = tmp_path / "sjukfranvaro-2021.csv"
    csv_file.write_text("Indikator;År;Kön;Värde\nsjukfranvaro;2021;T;3,4\nN00090;2021;K;4,3\n", encoding="utf-8")
    bad_file = tmp_path / "fel.csv"
    bad_file.write_text("Indikator;År;Kön;Värde\nsjukfranvaro;2021;T;4,4,1\n", encoding="utf-8")

    log_in(page, "anna", next_path="/redigera/mal/indikatorer/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Läs in indikatorvärden")
    check_accessibility(page)

    page.get_by_label("Fil med indikatorvärden (CSV)").set_input_files(str(bad_file))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("alert")).to_contain_text("Rad 2, Värde: ”4,4,1” är inget tal")
    check_accessibility(page)

    page.get_by_label("Fil med indikatorvärden (CSV)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förhandsgranskning av ”sjukfranvaro-2021.csv”")
    expect(page.get_by_role("table")).to_contain_text("Nytt")
    check_accessibility(page)
    assert not IndicatorValue.objects.filter(indicator=sick_leave, year=2021).exists()

    page.get_by_role("button", name="Bekräfta och spara").click()
    expect(page.get_by_role("status")).to_contain_text("”sjukfranvaro-2021.csv” är inläst: 2 värden ändrades.")
    assert IndicatorValue.objects.filter(indicator=sick_leave, year=2021).count() == 2
