"""Posting a protocol while the task queue (Redis) is down.

The subscribers' mails can only leave through the queue: when they cannot be queued the posting is undone, the
secretary is told in Swedish on the posting page, and posting again once the queue is back posts it and mails them.
The public PDF is different: the download renders it when none is stored, so a posting whose PDF task could not be
queued stands.

Transactional tests: the tasks are sent when the posting commits, as in production.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from meetings.models import Meeting, Posting, Protocol
from meetings.services import protocol_adjust, protocol_create
from meetings.tasks import protocol_pdf_render
from tests.factories import (
    STOCKHOLM,
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    SubscriptionFactory,
    local,
    secretary_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

NOT_QUEUED = "Inget är sparat som väntande"


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False):
        yield


@pytest.fixture(autouse=True)
def _no_mails_remembered():
    # The alert task remembers sent mails in the cache by primary key; a transactional test reuses primary keys.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def body():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def secretary(client, body):
    user = secretary_of(body, username="karin")
    client.force_login(user)
    return user


@pytest.fixture
def adjusted(body, secretary) -> Protocol:
    meeting = MeetingFactory(body=body, start=local(2024, 5, 28), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Budget 2025", proposal="Att anta budgeten.")
    protocol = protocol_create(meeting=meeting, user=secretary)
    Protocol.objects.filter(pk=protocol.pk).update(
        chair="Marie Johansson (S)", secretary="Karin Lund", adjusters="Jan Berg (M)", members="Marie Johansson (S)"
    )
    protocol.refresh_from_db()
    return protocol_adjust(protocol=protocol, adjusted_on=dt.date(2024, 5, 30), user=secretary)


@pytest.fixture
def subscriber(body):
    return SubscriptionFactory(email="anna.berg@example.org", body=body)


def post_url(protocol: Protocol) -> str:
    return reverse("staff:protocol_post", args=[protocol.pk])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_posting_with_the_queue_down_is_undone_and_the_page_offers_to_post_again(
    client, adjusted, subscriber, broker_down
):
    status_before = adjusted.meeting.status

    response = client.post(post_url(adjusted))

    assert response.status_code == 200
    text = text_of(response)
    assert "Protokollet kan inte anslås ännu" in text
    assert NOT_QUEUED in text
    assert re.search(r'<form method="post">.*?Anslå på anslagstavlan', response.content.decode(), re.S)
    assert not Posting.objects.exists()
    assert Meeting.objects.get(pk=adjusted.meeting_id).status == status_before
    assert mail.outbox == []


def test_posting_again_once_the_queue_is_back_posts_and_mails_the_subscribers(
    client, adjusted, subscriber, broker_down
):
    client.post(post_url(adjusted))

    broker_down.conf.task_always_eager = True  # the queue is back (here: tasks run in the process)
    response = client.post(post_url(adjusted))

    assert response.status_code == 302
    assert Posting.objects.get().protocol == adjusted
    assert [message.to for message in mail.outbox] == [["anna.berg@example.org"]]


def test_a_pdf_task_that_cannot_be_queued_leaves_the_posting_and_the_download_renders_it(
    client, adjusted, subscriber, eager_celery, monkeypatch
):
    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(protocol_pdf_render, "apply_async", refused)

    response = client.post(post_url(adjusted))

    assert response.status_code == 302
    assert Posting.objects.filter(protocol=adjusted).exists()
    assert len(mail.outbox) == 1
    adjusted.refresh_from_db()
    assert not adjusted.pdf
    download = client.get(reverse("meetings:protocol_pdf", args=[adjusted.meeting_id, adjusted.version]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
