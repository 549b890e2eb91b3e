"""The public budget pages in a real browser: a citizen follows year → unit → ansvar, compares years and downloads a
table; axe-core finds no WCAG 2.1 AA violation on any of them, and a 320 px screen never scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_reflows_at_320_px
from tests.budget.test_public_pages import books  # noqa: F401 (a fixture)

CSV_CODES = re.compile(r"^Ladda ned tabellen som CSV\W+Kommunledning 2021 per ansvar, tkr$")
XLSX_GROUPS = re.compile(r"^Ladda ned tabellen som Excel-fil \(XLSX\)\W+Kommunledning 2021 per kontogrupp, tkr$")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("books"),
]


def test_a_citizen_follows_year_unit_and_ansvar(page, check_accessibility):
    page.goto("/ekonomi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekonomi")
    check_accessibility(page)

    page.get_by_role("link", name="2021", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekonomi 2021")
    expect(page.get_by_role("img", name="Avvikelse per enhet 2021, tkr")).to_be_visible()
    check_accessibility(page)

    page.locator("table").get_by_role("link", name="Kommunledning", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommunledning")
    klc = page.get_by_role("row", name="KLC Kansli Centerpartiet")
    expect(klc).to_contain_text("964")
    expect(page.locator("tfoot").first).to_contain_text("Totalt")
    check_accessibility(page)

    klc.get_by_role("link", name="KLC Kansli Centerpartiet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("KLC Kansli Centerpartiet")
    check_accessibility(page)


def test_parent_unit_and_derived_unit_pages_are_accessible(page, check_accessibility):
    page.goto("/ekonomi/2021/kommunstyrelsen/")
    expect(page.get_by_role("heading", name="Per enhet")).to_be_visible()
    check_accessibility(page)
    page.goto("/ekonomi/2021/stadsrevisionen/")
    expect(page.get_by_text("Fördelningen på kontogrupper är härledd, inte publicerad.")).to_be_visible()
    check_accessibility(page)


def test_a_citizen_compares_years_and_is_told_what_is_wrong(page, check_accessibility):
    page.goto("/ekonomi/jamfor/")
    expect(page.get_by_role("region", name="Kommunstyrelsen 2020–2021 per år, tkr")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Enhet", exact=True).select_option(label="Stadsrevisionen")
    page.get_by_label("Från år", exact=True).select_option("2021")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url("/ekonomi/jamfor/?enhet=stadsrevisionen&fran=2021&till=2021")
    expect(page.get_by_role("row", name="2021")).to_contain_text("209")
    check_accessibility(page)

    page.get_by_label("Till år", exact=True).select_option("2020")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("alert")).to_contain_text("Till-året kan inte vara före från-året (2021).")
    check_accessibility(page)


def test_download_links_give_the_files(page):
    page.goto("/ekonomi/2021/kommunledning/")
    with page.expect_download() as download:
        page.get_by_role("link", name=CSV_CODES).click()
    assert download.value.suggested_filename == "ekonomi-2021-kommunledning-ansvar.csv"
    with page.expect_download() as download:
        page.get_by_role("link", name=XLSX_GROUPS).click()
    assert download.value.suggested_filename == "ekonomi-2021-kommunledning-kontogrupp.xlsx"


@pytest.mark.parametrize(
    "path", ["/ekonomi/", "/ekonomi/2021/", "/ekonomi/2021/kommunledning/", "/ekonomi/2021/kommunledning/ansvar/KLC/"]
)
def test_no_page_level_horizontal_scroll_on_a_320_px_screen(page, check_accessibility, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    scroll_width, width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= width, f"{path}: the page is {scroll_width} px wide on a {width} px screen"
    check_accessibility(page)


def test_a_change_left_out_as_not_comparable_is_explained_accessibly(page, check_accessibility):
    from budget.models import LedgerLine
    from tests.factories import publish_all

    LedgerLine.objects.filter(year_id=2021, code__code="KLC").update(comparable=False)
    publish_all()
    page.goto("/ekonomi/2021/kommunledning/")
    klc = page.get_by_role("table", name="Kommunledning 2021 per ansvar, tkr").get_by_role("row", name="KLC")
    expect(klc.locator("td").last).to_have_text("– (ej jämförbar med föregående år)*")
    expect(page.get_by_text("ej jämförbar med föregående år (t.ex. efter en omorganisation)")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)
