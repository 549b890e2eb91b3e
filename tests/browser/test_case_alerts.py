"""A citizen follows a case ("bevaka ärendet") in a real browser: the form, the answer, confirming from the mail."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from meetings.models import Case, Subscription
from tests.browser.helpers import assert_reflows_at_320_px
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "/arenden/ks-181-2022/bevaka/"


@pytest.fixture
def case(eager_celery, mailoutbox):
    """Ks 181/2022 on Kommunstyrelsen's published agenda, a public item with a long title (for the reflow)."""
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")
    meeting = MeetingFactory(body=board, start=local(2024, 6, 3), agenda_published_at=local(2024, 5, 27, 9, 0))
    AgendaItemFactory(
        meeting=meeting,
        title="Detaljplan för Vivalla 3:1 med samrådsredogörelse och granskningsutlåtande",
        case_number="Ks 181/2022",
    )
    return Case.objects.get(key="ks-181-2022")


def link_in(message, name: str) -> str:
    (url,) = re.findall(rf"https?://\S+/bevakning/[\w-]+/{name}/", message.body)
    return urlsplit(url).path


def test_follow_a_case_and_confirm(page, case, mailoutbox, check_accessibility):
    page.goto(FORM)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevaka ärende Ks 181/2022")
    expect(page.locator("p.lead")).to_have_text(
        "Detaljplan för Vivalla 3:1 med samrådsredogörelse och granskningsutlåtande"
    )
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_label("Din e-postadress").fill("anna@example.org")
    page.get_by_role("main").get_by_role("button", name="Bevaka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta din bevakning")
    expect(
        page.get_by_text("Om adressen kan ta emot bevakningar skickar vi ett mejl till anna@example.org")
    ).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    subscription = Subscription.objects.get()
    assert (subscription.case, subscription.body, subscription.confirmed_at) == (case, None, None)

    (confirmation,) = mailoutbox
    page.goto(link_in(confirmation, "bekrafta"))
    page.get_by_role("button", name="Bekräfta bevakningen").click()
    expect(page.get_by_text("Klart! Du får ett mejl när ärende Ks 181/2022")).to_be_visible()
    check_accessibility(page)
    assert Subscription.objects.get().is_confirmed


def test_a_mistyped_address_is_named_on_the_case_form(page, case, check_accessibility):
    page.goto(FORM)
    page.get_by_label("Din e-postadress").fill("anna.example.org")
    page.get_by_role("main").get_by_role("button", name="Bevaka").click()

    field = page.get_by_label("Din e-postadress")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Din e-postadress: E-postadressen ser inte ut att stämma")
    check_accessibility(page)
    assert not Subscription.objects.exists()
