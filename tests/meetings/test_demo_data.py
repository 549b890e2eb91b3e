"""The demo data from seed 000 and 003, as a citizen sees it after `make run`."""

import datetime as dt
import re
import zoneinfo
from io import StringIO

import icalendar
import pytest
from django.core.management import call_command

from meetings.models import Body, Document, Meeting

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")

# Seed 000, "Sammanträden", with the year the page is about.
SEED_DATES = [
    "tisdag 16 januari 2024",
    "tisdag 6 februari 2024",
    "tisdag 12 mars 2024",
    "tisdag 9 april 2024",
    "tisdag 7 maj 2024",
    "måndag 3 juni 2024",
    "tisdag 27 augusti 2024",
    "tisdag 17 september 2024",
    "tisdag 15 oktober 2024",
    "tisdag 12 november 2024",
    "tisdag 3 december 2024",
]


@pytest.fixture
def demo(eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=StringIO())


def test_loading_twice_changes_nothing(demo):
    counts = (Body.objects.count(), Meeting.objects.count(), Document.objects.count())
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert (Body.objects.count(), Meeting.objects.count(), Document.objects.count()) == counts
    assert "inget ändrat" in out.getvalue()


def test_kommunstyrelsen_page_lists_the_eleven_2024_dates_exactly_as_the_seed(client, demo):
    html = client.get("/organ/kommunstyrelsen/?ar=2024").content.decode()
    shown = re.findall(r"<time [^>]*>([^<]+)</time>", html)
    assert shown == [f"{date} kl. 14.15" for date in SEED_DATES]
    assert "Kommunstyrelsens sammanträden är inte öppna för allmänheten." in html
    assert "Sammanträdena börjar kl. 14.15" in html
    for support_area in ["ekonomi", "upphandling", "statistik och analys"]:
        assert re.search(rf"<li>{support_area}\.?</li>", html)
    assert "Kommunledningsförvaltningen" in html
    for committee in ["hållbarhetsutskott", "trygghetsutskott", "personalutskott"]:
        assert f"Kommunstyrelsens {committee}</a>" in html
    assert "mailto:kommunstyrelsen@orebro.se" in html


def test_kommunstyrelsen_page_without_a_year_shows_2024_when_it_is_the_only_year(client, demo):
    html = client.get("/organ/kommunstyrelsen/").content.decode()
    assert "Sammanträden 2024" in html and "måndag 3 juni 2024 kl. 14.15" in html


def test_the_four_agendas_of_the_seed_are_published_documents(client, demo):
    agendas = Document.objects.public().filter(kind=Document.Kind.AGENDA).select_related("meeting__body")
    found = {(d.meeting.body.slug, d.title) for d in agendas}
    assert found == {
        ("kommunstyrelsen", "Ärendelista för 3 juni 2024"),
        ("hallbarhetsutskottet", "Ärendelista för 7 maj 2024"),
        ("trygghetsutskottet", "Ärendelista för 3 juni 2024"),
        ("personalutskottet", "Ärendelista för 1 februari 2024"),
    }
    for document in agendas:
        assert document.meeting.has_agenda
        assert "Demoversion" in document.text  # clearly labelled as a stand-in, also inside the PDF
        response = client.get(document.get_absolute_url())
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_kommunfullmaktige_is_the_council_with_the_seeds_words_and_no_invented_meetings(client, demo):
    council = Body.objects.get(slug="kommunfullmaktige")
    assert (council.name, council.kind, council.parent_id) == ("Kommunfullmäktige", Body.Kind.COUNCIL, None)
    assert council.meetings_public
    assert council.description == (
        "Om Kommunfullmäktige fungerar som örebroarnas ”riksdag”, är Kommunstyrelsen Örebros ”regering”."
    )
    assert "örebroarnas ”riksdag”" in council.summary
    # The seeds give no dates for the council's meetings: none are made up.
    assert not council.meetings.exists()
    ks = Body.objects.get(slug="kommunstyrelsen")
    assert ks.parent_id is None  # Kommunstyrelsen stays where it was
    names = [body.name for body in Body.objects.filter(parent__isnull=True, kind__in=["council", "board"])]
    assert names == ["Kommunfullmäktige", "Kommunstyrelsen"]  # listed before Kommunstyrelsen
    html = client.get("/organ/kommunfullmaktige/").content.decode()
    assert "Om Kommunfullmäktige fungerar som örebroarnas ”riksdag”" in html


def test_no_demo_agenda_reads_as_changed(client, demo):
    # The agenda documents belong to the agendas as published, not to changes made afterwards.
    assert not Meeting.objects.filter(agenda_changed_at__isnull=False).exists()
    meeting = Meeting.objects.get(body__slug="kommunstyrelsen", start__date=dt.date(2024, 6, 3))
    assert meeting.agenda_published_at is not None
    assert "Ändrad" not in client.get(meeting.get_absolute_url()).content.decode()


def test_collaboration_councils_are_bodies_of_their_own(client, demo):
    councils = Body.objects.filter(kind=Body.Kind.COLLABORATION)
    assert "Regionala samverkansrådet" in {c.name for c in councils}
    assert councils.count() == 5 and not councils.filter(parent__isnull=False).exists()
    html = client.get("/organ/").content.decode()
    assert "Specifika samverkansrådet för kultur" in html.split("Regionala samverkansråd</h2>")[1]


def test_kommunstyrelsen_calendar_holds_the_eleven_meetings_at_1415_stockholm_time(client, demo):
    response = client.get("/organ/kommunstyrelsen/kalender.ics")
    calendar = icalendar.Calendar.from_ical(response.content)
    starts = [event.decoded("DTSTART") for event in calendar.walk("VEVENT")]
    assert len(starts) == 11
    for start in starts:
        assert start.tzinfo is not None
        local = start.astimezone(STOCKHOLM)
        assert (local.hour, local.minute) == (14, 15)
    assert [s.astimezone(STOCKHOLM).date() for s in starts][5] == dt.date(2024, 6, 3)
    assert {str(e["DTSTART"].params["TZID"]) for e in calendar.walk("VEVENT")} == {"Europe/Stockholm"}


def test_demo_staff_accounts_are_made_once_and_can_edit_kommunstyrelsen(client, demo):
    from django.urls import reverse

    from meetings.access import can_edit_body

    call_command("load_demo_data", "--staff", stdout=StringIO())
    call_command("load_demo_data", "--staff", stdout=StringIO())
    ks = Body.objects.get(slug="kommunstyrelsen")
    response = client.post(reverse("login"), {"username": "sekreterare", "password": "orebro-demo-2024"})
    assert response.status_code == 302
    assert can_edit_body(response.wsgi_request.user, ks.pk)
    assert not can_edit_body(response.wsgi_request.user, Body.objects.get(slug="regionala-samverkansradet").pk)


def test_without_the_staff_option_no_accounts_are_made(demo):
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()
