"""In a real browser: a secretary sends Kommunstyrelsen's decision on to Kommunfullmäktige, and finds an old meeting
in the dashboard's archive by its diarienummer. axe-core checks each page, and each reflows at 320 px."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem, Body, ProtocolParagraph
from orebro_portal.lib.formatting import sv_datetime
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    secretary_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    ks = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    kf = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)
    secretary_of(ks, username="karin", first_name="Karin", last_name="Lund")
    now = timezone.now().replace(microsecond=0)
    meeting = MeetingFactory(body=ks, start=now - dt.timedelta(days=3), agenda_published_at=now - dt.timedelta(days=10))
    protocol = ProtocolFactory(meeting=meeting)
    paragraph = ProtocolParagraphFactory(
        protocol=protocol,
        number=112,
        title="Detaljplan för Ekbacken",
        case_number="Ks 181/2024",
        decision="Kommunstyrelsen föreslår kommunfullmäktige att anta detaljplanen.",
    )
    council_meeting = MeetingFactory(body=kf, start=now + dt.timedelta(days=12))
    return {"protocol": protocol, "paragraph": paragraph, "council_meeting": council_meeting, "ks": ks}


def test_secretary_sends_a_decision_on_to_the_council(page, world, check_accessibility):
    protocol, paragraph = world["protocol"], world["paragraph"]
    log_in(page, "karin", next_path=f"/redigera/protokoll/{protocol.pk}/")
    page.get_by_role("link", name="Skicka vidare § 112", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skicka § 112 Detaljplan för Ekbacken vidare")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    when = sv_datetime(world["council_meeting"].start)
    page.get_by_label("Sammanträde").select_option(label=when)
    page.get_by_role("button", name="Skicka vidare").click()

    expect(page.get_by_role("status")).to_contain_text("§ 112 är skickad vidare som ärende 1 till Kommunfullmäktige")
    expect(page.get_by_role("heading", name="Beslutet är skickat vidare")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    item = AgendaItem.objects.get(meeting=world["council_meeting"])
    assert item.case_id == ProtocolParagraph.objects.get(pk=paragraph.pk).case_id

    page.get_by_role("link", name="Tillbaka till protokollet").click()
    expect(page.get_by_text("Skickad vidare: ärende 1, Kommunfullmäktige")).to_be_visible()


def test_secretary_finds_a_2019_meeting_in_the_archive_by_its_case_number(page, world, check_accessibility):
    old = MeetingFactory(body=world["ks"], start=local(2019, 4, 9), agenda_published_at=local(2019, 4, 2, 9, 0))
    AgendaItemFactory(meeting=old, position=1, number="1", title="Ny simhall", case_number="Ks 55/2019")
    log_in(page, "karin", next_path="/redigera/")
    expect(page.get_by_role("heading", name="Alla sammanträden")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_label("Sök i rubriker och diarienummer").fill("ks 55/2019")
    page.get_by_role("button", name="Visa").click()
    archive = page.locator("#arkiv")
    expect(archive.get_by_role("status")).to_have_text("1 sammanträde")
    expect(archive.get_by_text("Ärende 1: Ny simhall")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    archive.get_by_role("link", name="tisdag 9 april 2019 kl. 14.15").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("9 april 2019")
