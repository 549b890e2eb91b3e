"""Issue 14's must-show for publishing: a controller imports 2022 in a real browser; the public pages and the API
show nothing of it; the controller publishes from the staff area, and the figures appear with the state named. Axe
passes on the new pages and they reflow at 320 px."""

import re

import pytest
from playwright.sync_api import expect

from budget.models import FigurePublication, FiscalYear, LedgerLine
from budget.services.figures import fiscal_year_close
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import ResponsibilityCodeFactory, UnitFactory, administrator, ledger_line, unit_controller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall"


@pytest.fixture
def books():
    """Kommunledning with KLC and KLKD, whose 2021 bokslut is fastställt (and so published); no 2022 yet."""
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    klkd = ResponsibilityCodeFactory(code="KLKD", name="Kansli Kristdemokraterna", unit=unit)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    ledger_line(year=2021, code=klkd, group="5", outcome=-2_000_400, budget=-3_000_000)
    fiscal_year_close(year=FiscalYear.objects.get(pk=2021), user=administrator(username="central"))
    unit_controller(unit, username="eva", first_name="Eva", last_name="Ek")
    return unit


def _api_count(page, year: int) -> int:
    return page.request.get(f"/api/v1/budget/figures/?year={year}").json()["count"]


def test_a_controller_imports_2022_and_the_public_sees_it_only_once_published(
    page, anonymous_page, books, tmp_path, check_accessibility
):
    ledger = tmp_path / "delår 2022.csv"
    ledger.write_bytes(
        "\r\n".join(
            [
                HEADER,
                "2022;KLC;Kansli Centerpartiet;5;-4 200 000;-3 300 000",
                "2022;KLKD;Kansli Kristdemokraterna;5;-3 100 000;-2 100 000",
                "",
            ]
        ).encode("cp1252")
    )
    log_in(page, "eva")
    page.goto("/redigera/ekonomi/import/")
    page.get_by_label("Fil med huvudboken").set_input_files(str(ledger))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("delår 2022.csv")
    for box in page.locator("main form input[type=checkbox]").all():
        box.check()  # the new year 2022 (and any warning) confirmed, as the preview asks
    page.get_by_role("button", name="Bekräfta och läs in").click()
    expect(page.get_by_role("heading", name="Filen är inläst")).to_be_visible()
    assert LedgerLine.objects.filter(year_id=2022).count() == 2

    # Saved is not public: no page, no download, no list entry, no API row of 2022.
    citizen = anonymous_page
    for path in ("/ekonomi/2022/", "/ekonomi/2022/kommunledning/", "/ekonomi/2022/kommunledning/ansvar.csv"):
        assert citizen.request.get(path).status == 404, path
    citizen.goto("/ekonomi/")
    expect(citizen.get_by_role("link", name="2022", exact=True)).to_have_count(0)
    expect(citizen.get_by_role("link", name="2021", exact=True)).to_be_visible()
    assert _api_count(citizen, 2022) == 0

    # The staff index says so and leads to publishing.
    page.goto("/redigera/ekonomi/")
    years = page.get_by_role("region", name="Räkenskapsår").or_(page.locator("section[aria-labelledby=ar]"))
    expect(years.get_by_role("listitem").filter(has_text="2022")).to_contain_text("Utkast – inte publicerat.")
    check_accessibility(page)
    page.get_by_role("link", name="Publicera siffrorna för 2022").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Publicera siffrorna för 2022")
    expect(page.get_by_text("2022 har 2 rader i huvudboken.")).to_be_visible()
    comparison = page.get_by_role("table", name=re.compile("^Summor per enhet 2022"))
    expect(comparison.get_by_role("row", name=re.compile("^Kommunledning"))).to_contain_text("\u22125\u00a0400")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_label("Anteckning (frivillig)").fill("Delårsrapport augusti")
    page.get_by_role("button", name="Publicera siffrorna för 2022").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Siffrorna för 2022 är publicerade: 2 rader visas nu för allmänheten."
    )
    expect(page.get_by_role("listitem").filter(has_text="2022")).to_contain_text("(preliminära siffror: Delårsrapport")
    check_accessibility(page)
    assert FigurePublication.objects.filter(year_id=2022, kind=FigurePublication.Kind.INTERIM).count() == 1

    # Now the citizen sees 2022, and which state it is in.
    citizen.goto("/ekonomi/")
    citizen.get_by_role("link", name="2022", exact=True).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Ekonomi 2022")
    expect(
        citizen.get_by_text(re.compile(r"^Preliminära siffror, publicerade .*: Delårsrapport augusti\."))
    ).to_be_visible()
    check_accessibility(citizen)
    citizen.locator("table").get_by_role("link", name="Kommunledning", exact=True).click()
    klc = citizen.get_by_role("table", name="Kommunledning 2022 per ansvar, tkr").get_by_role("row", name="KLC")
    expect(klc.locator("td")).to_have_text(["\u22123\u00a0170", "\u22123\u00a0300", "\u22124\u00a0200", "900", "4,1"])
    expect(citizen.get_by_text("Siffrorna kan ändras tills bokslutet är fastställt.")).to_be_visible()
    check_accessibility(citizen)
    assert_reflows_at_320_px(citizen)
    assert _api_count(citizen, 2022) == 2


def test_the_grid_says_what_is_public_and_the_closed_years_publish_page_says_it_is_final(
    page, books, check_accessibility
):
    FiscalYear.objects.create(year=2022)
    log_in(page, "eva")
    page.goto("/redigera/ekonomi/2022/kommunledning/")
    expect(page.get_by_text("Siffrorna för 2022 visas inte för allmänheten förrän de publiceras.")).to_be_visible()
    page.get_by_label("KLC Kansli Centerpartiet: ej jämförbar med föregående år").check()
    page.get_by_label("KLC Kansli Centerpartiet, kontogrupp 5 Personalkostnader, utfall").fill("−1 000")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Sparat: 1 ändring.")
    expect(page.get_by_label("KLC Kansli Centerpartiet: ej jämförbar med föregående år")).to_be_checked()
    check_accessibility(page)
    assert not LedgerLine.objects.get(year_id=2022).comparable

    page.goto("/redigera/ekonomi/2021/publicera/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bokslutet för 2021 är fastställt")
    expect(page.get_by_role("button")).to_have_count(1)  # the log-out button of the staff header only
    check_accessibility(page)
    assert_reflows_at_320_px(page)
