"""A citizen follows a body in a real browser: the feed link, the e-mail form, confirming and unsubscribing."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from meetings.models import Subscription
from tests.factories import BodyFactory, MeetingFactory, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def board(eager_celery, mailoutbox):
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")
    MeetingFactory(body=body, start=local(2024, 6, 3), agenda_published_at=local(2024, 5, 27, 9, 0))
    return body


def link_in(message, name: str) -> str:
    (url,) = re.findall(rf"https?://\S+/bevakning/[\w-]+/{name}/", message.body)
    return urlsplit(url).path


def test_follow_confirm_and_unsubscribe(page, board, mailoutbox, check_accessibility):
    page.goto("/organ/kommunstyrelsen/")
    panel = page.get_by_role("region", name="Följ Kommunstyrelsen")
    expect(panel).to_be_visible()
    feed = page.locator('head link[rel="alternate"][type="application/atom+xml"][href="/organ/kommunstyrelsen/flode/"]')
    expect(feed).to_have_count(1)
    expect(panel.get_by_role("link", name="Nyhetsflöde (Atom) med ärendelistor och protokoll")).to_have_attribute(
        "href", "/organ/kommunstyrelsen/flode/"
    )
    check_accessibility(page)

    panel.get_by_label("Din e-postadress").fill("anna@example.org")
    panel.get_by_role("button", name="Bevaka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta din bevakning")
    expect(
        page.get_by_text("Om adressen kan ta emot bevakningar skickar vi ett mejl till anna@example.org")
    ).to_be_visible()
    check_accessibility(page)
    assert Subscription.objects.get().confirmed_at is None

    (confirmation,) = mailoutbox
    page.goto(link_in(confirmation, "bekrafta"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta bevakningen")
    check_accessibility(page)
    page.get_by_role("button", name="Bekräfta bevakningen").click()
    expect(page.get_by_text("Klart! Du får ett mejl när Kommunstyrelsen publicerar")).to_be_visible()
    check_accessibility(page)
    assert Subscription.objects.get().is_confirmed

    page.goto(f"/bevakning/{Subscription.objects.get().token}/avsluta/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Avsluta bevakningen")
    check_accessibility(page)
    page.get_by_role("button", name="Avsluta bevakningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevakningen är avslutad")
    check_accessibility(page)
    assert not Subscription.objects.exists()


def test_a_mistyped_address_is_named_on_the_form_page(page, board, check_accessibility):
    page.goto("/organ/kommunstyrelsen/bevaka/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevaka Kommunstyrelsen")
    check_accessibility(page)

    page.get_by_label("Din e-postadress").fill("anna.example.org")
    page.get_by_role("main").get_by_role("button", name="Bevaka").click()
    field = page.get_by_label("Din e-postadress")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("E-postadressen ser inte ut att stämma"))
    expect(page.get_by_role("alert")).to_contain_text("Din e-postadress: E-postadressen ser inte ut att stämma")
    check_accessibility(page)
    assert not Subscription.objects.exists()


def test_an_unknown_link_gets_a_friendly_page(page, board, check_accessibility):
    response = page.goto("/bevakning/finns-inte/avsluta/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevakningen finns inte")
    check_accessibility(page)
