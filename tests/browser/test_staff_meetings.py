"""The secretary's pages for meetings, agendas and documents in a real browser, each checked by axe-core."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.browser.helpers import log_in
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, make_document, secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def body():
    return BodyFactory(
        name="Kommunstyrelsens trygghetsutskott",
        slug="trygghetsutskottet",
        default_start_time=dt.time(8, 30),
        default_place="Stadshuset, rum 301",
    )


def test_log_in_and_lock_out_pages(page, body, check_accessibility):
    secretary_of(body, username="karin")
    page.goto("/logga-in/")
    check_accessibility(page)
    for _ in range(4):
        log_in(page, "karin", "fel")
        expect(page.get_by_role("alert")).to_contain_text("Ange ett korrekt användarnamn och lösenord")
    check_accessibility(page)
    log_in(page, "karin", "fel")
    expect(page.get_by_role("heading", level=1)).to_have_text("För många misslyckade inloggningar")
    check_accessibility(page)


def test_a_secretary_prepares_a_meeting(page, body, check_accessibility):
    secretary_of(body, username="karin", first_name="Karin", last_name="Lund")
    log_in(page, "karin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina organ")
    check_accessibility(page)

    page.get_by_role("link", name="Nytt sammanträde för Kommunstyrelsens trygghetsutskott").click()
    expect(page.get_by_label("Starttid")).to_have_value("08:30")
    page.get_by_role("button", name="Skapa sammanträdet").click()  # no date: the error summary names the field
    expect(page.get_by_role("alert")).to_contain_text("Datum")
    check_accessibility(page)
    page.get_by_label("Datum").fill("2024-06-03")
    page.get_by_role("button", name="Skapa sammanträdet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sammanträde måndag 3 juni 2024 kl. 08.30")
    check_accessibility(page)

    page.get_by_role("link", name="Lägg till ärende").click()
    check_accessibility(page)
    page.get_by_label("Rubrik").fill("Trygghetsskapande åtgärder")
    page.get_by_role("button", name="Lägg till och skriv nästa").click()
    expect(page.locator("#id_number")).to_have_value("2")
    page.get_by_label("Rubrik").fill("Lägesrapport")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    page.get_by_role("button", name="Flytta upp ärende 2").click()
    expect(page.locator(".staff-agenda h3").first).to_contain_text("Lägesrapport")

    page.get_by_role("link", name="Ändra ärende 2").click()
    page.get_by_label("Diarienummer").fill("fel")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text("Diarienumret ska skrivas som")
    check_accessibility(page)
    page.get_by_role("link", name="Avbryt").click()

    page.get_by_role("link", name="Ta bort ärende 2").click()
    check_accessibility(page)
    page.get_by_role("link", name="Avbryt").click()

    page.get_by_role("link", name="Ladda upp handling", exact=True).click()
    check_accessibility(page)
    meeting = Meeting.objects.get()
    page.get_by_role("link", name="Avbryt").click()

    page.get_by_role("link", name="Publicera ärendelistan").click()
    check_accessibility(page)
    page.get_by_role("button", name="Publicera ärendelistan").click()
    expect(page.get_by_role("status")).to_contain_text("Ärendelistan är publicerad.")
    meeting.refresh_from_db()
    assert meeting.has_agenda

    page.get_by_role("link", name="Historik").click()
    expect(page.get_by_role("main")).to_contain_text("Karin Lund")
    check_accessibility(page)


def test_move_cancel_edit_and_document_pages(page, body, check_accessibility):
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting)
    document = make_document(title="Tjänsteskrivelse", agenda_item=item)
    secretary_of(body, username="karin")
    log_in(page, "karin")
    for path in [
        f"/redigera/sammantraden/{meeting.pk}/andra/",
        f"/redigera/sammantraden/{meeting.pk}/flytta/",
        f"/redigera/dokument/{document.pk}/andra/",
        f"/redigera/dokument/{document.pk}/ta-bort/",
    ]:
        page.goto(path)
        check_accessibility(page)

    page.goto(f"/redigera/sammantraden/{meeting.pk}/stall-in/")
    page.get_by_role("button", name="Ställ in sammanträdet").click()
    expect(page.get_by_role("alert")).to_contain_text("Detta fält måste fyllas i.")
    check_accessibility(page)
    page.get_by_label("Meddelande till allmänheten").fill("Inga ärenden att behandla.")
    page.get_by_role("button", name="Ställ in sammanträdet").click()
    expect(page).to_have_url(re.compile(rf"/redigera/sammantraden/{meeting.pk}/$"))
    expect(page.locator(".status--cancelled")).to_have_text("Inställt")


def test_a_secretary_of_another_body_gets_a_swedish_403_page(page, body, check_accessibility):
    meeting = MeetingFactory(body=body)
    secretary_of(BodyFactory(name="Valnämnden"), username="olle")
    log_in(page, "olle")
    response = page.goto(f"/redigera/sammantraden/{meeting.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har inte behörighet till sidan")
    check_accessibility(page)
