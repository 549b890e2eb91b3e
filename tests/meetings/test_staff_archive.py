"""The secretary's archive on the dashboard: every meeting of their bodies, from any year, by body and year and found
by a title or a diarienummer in any notation, so an old meeting can be reached and corrected."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Body, Meeting
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    secretary_of,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/redigera/"


@pytest.fixture
def ks():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


@pytest.fixture
def secretary(ks, client):
    user = secretary_of(ks)
    client.force_login(user)
    return user


@pytest.fixture
def old_meeting(ks):
    """A meeting of 2019 with the item citizens asked about."""
    meeting = MeetingFactory(body=ks, start=local(2019, 4, 9), agenda_published_at=local(2019, 4, 2, 9, 0))
    AgendaItemFactory(
        meeting=meeting, position=1, number="1", title="Detaljplan för Ekbacken", case_number="Ks 181/2019"
    )
    return meeting


def _archive(client, **query) -> str:
    response = client.get(DASHBOARD, query)
    assert response.status_code == 200
    return response.content.decode().split('id="rubrik-arkiv"', 1)[1]


def _link(meeting: Meeting) -> str:
    return f'href="{reverse("staff:meeting_detail", kwargs={"pk": meeting.pk})}"'


def test_a_2019_meeting_is_found_by_its_year(client, secretary, ks, old_meeting):
    MeetingFactory(body=ks, start=local(2024, 6, 3))
    archive = _archive(client, ar="2019")
    assert _link(old_meeting) in archive and "tisdag 9 april 2019 kl. 14.15" in archive
    assert "1 sammanträde" in archive
    assert '<option value="2024">2024</option>' in archive  # the years that have meetings are offered


@pytest.mark.parametrize("q", ["ks 181/2019", "KS 181/19", "Ks-181-2019", "181/2019", "ekbacken"])
def test_a_2019_meeting_is_found_by_its_case_number_in_any_notation_or_a_word_of_the_title(
    client, secretary, ks, old_meeting, q
):
    other = MeetingFactory(body=ks, start=local(2024, 6, 3))
    AgendaItemFactory(meeting=other, title="Budget 2025", case_number="Ks 7/2024")
    archive = _archive(client, q=q)
    assert _link(old_meeting) in archive
    assert _link(other) not in archive
    assert "Ärende 1: Detaljplan för Ekbacken" in archive


def test_a_paragraph_of_the_protocol_is_found_too(client, secretary, ks):
    meeting = MeetingFactory(body=ks, start=local(2018, 11, 6))
    protocol = ProtocolFactory(meeting=meeting)
    paragraph = ProtocolParagraphFactory(protocol=protocol, number=201, title="Ny simhall", case_number="Ks 55/2018")
    archive = _archive(client, q="ks 55/2018")
    assert _link(meeting) in archive
    assert f'href="{reverse("staff:protocol_detail", kwargs={"pk": protocol.pk})}#paragraf-{paragraph.pk}"' in archive


def test_only_the_secretarys_bodies_are_listed(client, secretary, old_meeting):
    other_body = BodyFactory(name="Valnämnden", slug="valnamnden")
    theirs = MeetingFactory(body=other_body, start=local(2019, 5, 2))
    AgendaItemFactory(meeting=theirs, title="Detaljplan för Ekbacken", case_number="Ks 181/2019")

    archive = _archive(client, q="ks 181/2019")
    assert _link(old_meeting) in archive and _link(theirs) not in archive
    assert "Valnämnden" not in archive

    # Asking for the other body by its slug is refused at the field, and lists nothing.
    archive = _archive(client, organ="valnamnden")
    assert "Välj ett giltigt alternativ" in archive
    assert _link(old_meeting) not in archive and _link(theirs) not in archive


def test_the_body_filter_narrows_to_one_of_the_secretarys_bodies(client, ks, old_meeting):
    utskott = BodyFactory(name="Personalutskottet", slug="personalutskottet", kind=Body.Kind.SUB_COMMITTEE, parent=ks)
    theirs = MeetingFactory(body=utskott, start=local(2019, 5, 2))
    client.force_login(secretary_of(ks, utskott))
    archive = _archive(client, organ="personalutskottet")
    assert _link(theirs) in archive and _link(old_meeting) not in archive


def test_the_archive_is_paged_by_25(client, secretary, ks):
    first = local(2015, 1, 1)
    Meeting.objects.bulk_create(Meeting(body=ks, start=first + dt.timedelta(days=7 * n)) for n in range(30))
    page_one = _archive(client)
    assert page_one.count('<th scope="row">') == 25 and "Sida 1 av 2" in page_one
    page_two = _archive(client, sida="2")
    assert page_two.count('<th scope="row">') == 5 and "Sida 2 av 2" in page_two


@pytest.mark.parametrize("query", [{}, {"q": "ks 181/2019"}, {"ar": "2019", "organ": "kommunstyrelsen"}])
def test_the_query_count_is_the_same_for_1_and_30_meetings(client, secretary, ks, old_meeting, query):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD, query).status_code == 200
        return len(queries)

    ProtocolParagraphFactory(protocol=ProtocolFactory(meeting=old_meeting), case_number="Ks 181/2019")
    few = count()
    for n in range(29):
        meeting = MeetingFactory(body=ks, start=local(2019, 5, 1) + dt.timedelta(days=n), agenda_published_at=None)
        AgendaItemFactory(meeting=meeting, title=f"Ärende {n}", case_number="Ks 181/2019")
        ProtocolParagraphFactory(protocol=ProtocolFactory(meeting=meeting), case_number="Ks 181/2019")
    assert Meeting.objects.filter(body=ks).count() == 30
    assert count() == few


def test_the_recent_meetings_stay_above_the_archive(client, secretary, ks):
    soon = MeetingFactory(body=ks, start=timezone.now() + dt.timedelta(days=3))
    page = client.get(DASHBOARD).content.decode()
    recent, archive = page.split('id="rubrik-arkiv"', 1)
    assert _link(soon) in recent and _link(soon) in archive
