"""The search page in a real browser: a citizen searches, narrows the hits with a filter, opens a hit; axe-core finds
no WCAG 2.1 AA violation and the Content Security Policy blocks nothing. Runs on SQLite (the word-matching
fallback) as well as on PostgreSQL."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import AgendaItemFactory, BodyFactory, CommitmentFactory, MeetingFactory, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content():
    ks = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    meeting = MeetingFactory(body=ks, start=local(2024, 3, 12), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, title="Ny förskola i Vivalla", proposal="Förskola med sex avdelningar.")
    AgendaItemFactory(
        meeting=MeetingFactory(body=ks, start=local(2024, 4, 2), agenda_published_at=None), title="Förskola i Lillån"
    )
    CommitmentFactory(text="Fler förskoleplatser i Vivalla och Brickebacken.")
    return meeting


def test_a_citizen_searches_filters_and_opens_a_hit(anonymous_page, content, check_accessibility):
    page = anonymous_page
    page.goto("/sok/")
    check_accessibility(page)

    page.get_by_label(re.compile("^Sök bland")).fill("Vivalla")
    page.get_by_role("button", name="Sök", exact=True).click()

    expect(page.get_by_role("status")).to_have_text("2 träffar för ”Vivalla”")
    expect(page.get_by_role("link", name="Ny förskola i Vivalla")).to_be_visible()
    expect(page.locator("mark").first).to_have_text(re.compile("Vivalla", re.IGNORECASE))
    expect(page.get_by_text("Lillån")).to_have_count(0)  # on an agenda that is not published
    check_accessibility(page)

    page.get_by_label("Typ").select_option(label="Ärende (1)")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("status")).to_have_text("1 träff för ”Vivalla”")
    check_accessibility(page)

    page.get_by_role("link", name="Ny förskola i Vivalla").click()
    expect(page).to_have_url(re.compile(rf"/sammantraden/{content.pk}/$"))


def test_no_hits_page_is_accessible(anonymous_page, content, check_accessibility):
    anonymous_page.goto("/sok/?q=zyxwv")
    expect(anonymous_page.get_by_role("status")).to_have_text("0 träffar för ”zyxwv”")
    expect(anonymous_page.get_by_role("heading", name="Tips")).to_be_visible()
    check_accessibility(anonymous_page)
