"""A published agenda changed afterwards: "Ändrad" with the date on the meeting's page, the feed entry updated, and
the alert task queued once per change when it commits (a broker outage never blocks the change)."""

import datetime as dt
import logging
import re
import time

import feedparser
import pytest
import time_machine
from django.urls import reverse

from meetings import services
from meetings.models import Body, Document, Meeting
from meetings.tasks import publication_alert_send
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, local, make_document, secretary_of

pytestmark = pytest.mark.django_db

PUBLISHED = local(2024, 5, 27, 9, 0)
CHANGED = local(2024, 5, 29, 10, 30)


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


@pytest.fixture
def meeting(board):
    """Kommunstyrelsen's meeting of 3 June 2024, its agenda published on 27 May."""
    meeting = MeetingFactory(body=board, start=local(2024, 6, 3), agenda_published_at=PUBLISHED)
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Förskola i Vivalla")
    AgendaItemFactory(meeting=meeting, position=2, number="2", title="Budget 2025")
    return meeting


@pytest.fixture
def queued(monkeypatch):
    """The (kind, pk) of every alert task handed to the broker."""
    sent = []
    monkeypatch.setattr(
        publication_alert_send, "apply_async", lambda args=(), kwargs=None, **options: sent.append(tuple(args))
    )
    return sent


def _edit_title(client, item, title: str):
    return client.post(
        reverse("staff:item_edit", kwargs={"pk": item.pk}),
        {"number": item.number, "title": title, "case_number": item.case_number, "is_public": "on"},
    )


def test_an_item_edited_on_a_published_agenda_shows_as_changed_on_the_page_and_in_the_feed(
    client, board, meeting, queued, django_capture_on_commit_callbacks
):
    client.force_login(secretary_of(board))
    item = meeting.items.get(number="2")
    with time_machine.travel(CHANGED, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert _edit_title(client, item, "Budget 2025 med flerårsplan").status_code == 302

    meeting.refresh_from_db()
    assert meeting.agenda_changed_at == CHANGED
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert re.search(
        r"<dt>Ärendelistan publicerad</dt><dd><time [^>]*>måndag 27 maj 2024</time>, "
        r'<strong class="agenda-changed">Ändrad <time [^>]*>onsdag 29 maj 2024</time></strong>',
        page,
    )
    assert "Budget 2025 med flerårsplan" in page

    feed = feedparser.parse(client.get("/flode/").content)
    (entry,) = feed.entries
    assert entry.title == "Ärendelista: Kommunstyrelsen, måndag 3 juni 2024 (ändrad)"
    assert dt.datetime(*entry.updated_parsed[:6], tzinfo=dt.UTC) == CHANGED
    assert dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC) == PUBLISHED
    assert "Ärendelistan ändrades onsdag 29 maj 2024 kl. 10.30." in entry.summary
    assert dt.datetime(*feed.feed.updated_parsed[:6], tzinfo=dt.UTC) == CHANGED
    assert queued == [("agenda_changed", meeting.pk)]


def test_an_unpublished_agenda_is_not_changed_but_written(client, board, queued, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(body=board, agenda_published_at=None)
    client.force_login(secretary_of(board))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:item_create", kwargs={"pk": meeting.pk}), {"number": "1", "title": "Budget"})
        _edit_title(client, meeting.items.get(), "Budget 2025")

    meeting.refresh_from_db()
    assert meeting.agenda_changed_at is None
    assert queued == []
    services.agenda_publish(meeting=meeting)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Ärendelistan publicerad" in page and "Ändrad" not in page


def test_the_alert_is_queued_once_per_change_and_only_when_it_commits(
    meeting, queued, django_capture_on_commit_callbacks
):
    item = meeting.items.get(number="1")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.agenda_item_update(item=item, title="Förskola i Vivalla, ny")
    assert queued == []  # not before the commit: a worker must find the change, a refused one tells no one
    for callback in callbacks:
        callback()
    assert queued == [("agenda_changed", meeting.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_add(meeting=meeting, number="3", title="Övrigt")
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_move(item=item, up=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_delete(item=meeting.items.get(number="3"))
    assert queued == [("agenda_changed", meeting.pk)] * 4


def test_a_form_saved_without_a_change_changes_nothing(meeting, queued, django_capture_on_commit_callbacks):
    item = meeting.items.get(number="1")
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_update(item=item, title=item.title, number=item.number, is_public=True)
    meeting.refresh_from_db()
    assert meeting.agenda_changed_at is None and queued == []


def test_a_secret_item_changes_the_agenda_only_where_citizens_see_it(meeting, queued):
    secret = AgendaItemFactory(meeting=meeting, position=3, number="3", title="Personalärende", is_public=False)
    services.agenda_item_update(item=secret, title="Personalärende, rehabilitering")
    assert Meeting.objects.get(pk=meeting.pk).agenda_changed_at is None  # it reads "Sekretessärende" either way

    services.agenda_item_update(item=secret, number="3a")
    assert Meeting.objects.get(pk=meeting.pk).agenda_changed_at is not None


def test_a_document_published_under_the_agenda_changes_it_an_unpublished_one_does_not(meeting, queued):
    item = meeting.items.get(number="1")
    draft = services.document_add(
        title="Utkast", kind=Document.Kind.REPORT, content=_pdf("Utkast"), agenda_item=item, is_published=False
    )
    assert Meeting.objects.get(pk=meeting.pk).agenda_changed_at is None

    services.document_update(document=draft, title="Tjänsteskrivelse", kind=draft.kind, is_published=True)
    changed = Meeting.objects.get(pk=meeting.pk).agenda_changed_at
    assert changed is not None

    services.document_delete(document=Document.objects.get(pk=draft.pk))
    assert Meeting.objects.get(pk=meeting.pk).agenda_changed_at > changed


def test_a_document_uploaded_published_to_a_published_agenda_changes_it(meeting, queued):
    make_document(title="Bilaga", kind=Document.Kind.ATTACHMENT, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).agenda_changed_at is not None


def _pdf(text: str) -> bytes:
    from tests.factories import make_pdf

    return make_pdf(text)


def test_a_broker_outage_does_not_block_or_undo_the_change(
    client, board, meeting, broker_down, django_capture_on_commit_callbacks, caplog
):
    client.force_login(secretary_of(board))
    item = meeting.items.get(number="2")
    started = time.monotonic()
    with (
        caplog.at_level(logging.WARNING, logger="meetings.services.meetings"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = _edit_title(client, item, "Budget 2025 med flerårsplan")
    assert response.status_code == 302
    assert time.monotonic() - started < 10
    item.refresh_from_db()
    assert item.title == "Budget 2025 med flerårsplan"
    assert Meeting.objects.get(pk=meeting.pk).agenda_changed_at is not None
    assert f"meeting {meeting.pk}: the agenda changed, but the alert task could not be queued" in caplog.text


# --- publishing a council's agenda ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [Body.Kind.COUNCIL, Body.Kind.BOARD])
def test_only_a_council_agenda_can_be_published_as_urgent(client, kind, monkeypatch):
    body = BodyFactory(kind=kind)
    meeting = MeetingFactory(body=body, agenda_published_at=None)
    AgendaItemFactory(meeting=meeting, title="Budget 2025")
    client.force_login(secretary_of(body))
    url = reverse("staff:agenda_publish", kwargs={"pk": meeting.pk})
    label = "Brådskande – kungörs senare än en vecka före sammanträdet"

    page = client.get(url).content.decode()
    assert (label in page) == (kind == Body.Kind.COUNCIL)

    calls = []
    monkeypatch.setattr(services, "agenda_publish", lambda **kwargs: calls.append(kwargs))
    assert client.post(url, {"urgent": "on"}).status_code == 302
    assert client.post(url).status_code == 302
    assert [call["urgent"] for call in calls] == ([True, False] if kind == Body.Kind.COUNCIL else [False, False])
