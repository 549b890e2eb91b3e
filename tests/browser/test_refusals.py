"""What a citizen sees when the portal refuses: an address it cannot read (the 400 page), and the pages that answer
while the task queue is down (the report's PDF, the alert form) — each in Swedish, with a way on, accessible (axe,
WCAG 2.1 AA) and reflowing at 320 px."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Subscription
from reports.models import ReportPdf
from tests.browser.helpers import assert_reflows_at_320_px
from tests.factories import AnnualReportFactory, BodyFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE_DOWN = "Bakgrundstjänsten kan inte nås just nu"


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")


@pytest.mark.parametrize("query", ["?ar=%C2%B2", "?ar=%00"])
def test_an_address_the_portal_cannot_read_gets_a_swedish_page_with_a_way_on(
    anonymous_page, board, check_accessibility, query
):
    page = anonymous_page
    response = page.goto("/organ/kommunstyrelsen/" + query)

    assert response.status == 400
    expect(page.get_by_role("heading", name="Sidan kan inte visas", level=1)).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.get_by_role("link", name="Till startsidan").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))


def test_the_report_pdf_asked_for_while_the_queue_is_down_says_so_and_offers_to_ask_again(
    anonymous_page, board, broker_down, check_accessibility
):
    report = AnnualReportFactory(body=board, year=2021, title="Kommunstyrelsens årsberättelse 2021")
    SectionFactory(report=report, number="1", heading="Förslag till beslut", text="Årets arbete.", position=1)
    page = anonymous_page
    page.goto("/arsberattelser/kommunstyrelsen/2021/")
    href = page.get_by_role("link", name="Ladda ner årsberättelsen som PDF").get_attribute("href")

    response = page.goto(href)

    assert response.status == 503
    expect(page.get_by_text(QUEUE_DOWN)).to_be_visible()
    expect(page.get_by_role("button", name="Be om PDF:en igen")).to_be_visible()
    assert not ReportPdf.objects.exists()  # nothing left "queued"
    check_accessibility(page)
    assert_reflows_at_320_px(page)


def test_following_a_body_while_the_queue_is_down_keeps_the_address_and_offers_to_try_again(
    anonymous_page, board, broker_down, check_accessibility
):
    page = anonymous_page
    page.goto("/organ/kommunstyrelsen/bevaka/")
    page.get_by_label("Din e-postadress").fill("anna@example.org")
    page.get_by_role("button", name="Bevaka").click()

    expect(page.get_by_text(QUEUE_DOWN)).to_be_visible()
    expect(page.get_by_label("Din e-postadress")).to_have_value("anna@example.org")
    assert not Subscription.objects.exists()
    check_accessibility(page)
    assert_reflows_at_320_px(page)
