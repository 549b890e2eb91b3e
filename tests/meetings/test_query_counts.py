"""List pages run a fixed number of queries however many meetings there are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Body, Document, Meeting
from tests.factories import BodyFactory, local, make_document

pytestmark = pytest.mark.django_db


def _add_meetings(body: Body, count: int, *, offset: int = 0) -> None:
    first = local(2024, 1, 1)
    Meeting.objects.bulk_create(
        Meeting(body=body, start=first + dt.timedelta(hours=7 * n), agenda_published_at=timezone.now())
        for n in range(offset, offset + count)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def board():
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    for n in range(3):
        BodyFactory(name=f"Utskott {n}", kind=Body.Kind.SUB_COMMITTEE, parent=board)
    return board


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/organ/",
        "/organ/kommunstyrelsen/?ar=2024",
        "/sammantraden/",
        "/sammantraden/?organ=kommunstyrelsen&ar=2024&arendelista=on",
    ],
)
def test_page_runs_the_same_queries_with_10_and_1000_meetings(client, board, url, django_assert_max_num_queries):
    _add_meetings(board, 10)
    make_document(meeting=Meeting.objects.first())
    few = _queries(client, url)
    _add_meetings(board, 990, offset=10)
    for meeting in Meeting.objects.order_by("-start")[:5]:
        make_document(title="Ärendelista", kind=Document.Kind.AGENDA, meeting=meeting)
    many = _queries(client, url)
    assert Meeting.objects.count() == 1000
    assert many == few
    with django_assert_max_num_queries(8):
        client.get(url)


def test_meeting_page_queries_do_not_grow_with_items_and_documents(client, board, django_assert_max_num_queries):
    from tests.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(body=board, agenda_published_at=timezone.now())
    for n in range(2):
        item = AgendaItemFactory(meeting=meeting, position=n + 1, number=str(n + 1))
        make_document(title=f"Bilaga {n}", kind=Document.Kind.ATTACHMENT, agenda_item=item)
    few = _queries(client, meeting.get_absolute_url())
    for n in range(2, 40):
        item = AgendaItemFactory(meeting=meeting, position=n + 1, number=str(n + 1))
        make_document(title=f"Bilaga {n}", kind=Document.Kind.ATTACHMENT, agenda_item=item)
    assert _queries(client, meeting.get_absolute_url()) == few
    with django_assert_max_num_queries(5):
        client.get(meeting.get_absolute_url())
