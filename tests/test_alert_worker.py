"""Alert and confirmation mails are sent through a real Celery worker: queued over Redis in CI (or Celery's in-memory
broker where that will do), run by a worker, mail delivered."""

import os
import time

import pytest
from django.core.cache import cache

from meetings import alerts
from meetings.models import Subscription
from meetings.tasks import publication_alert_send
from orebro_portal.celery import app as celery_app
from tests.conftest import require_service
from tests.factories import BodyFactory, MeetingFactory, SubscriptionFactory, local

REDIS_HINT = "Redis behövs: starta redis-server och sätt REDIS_URL=redis://127.0.0.1:6379/0"


@pytest.mark.django_db(transaction=True)
def test_agenda_alert_is_mailed_by_a_real_worker_over_redis(mailoutbox):
    require_service(bool(os.environ.get("REDIS_URL")), REDIS_HINT)
    import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the worker's start check)
    from celery.contrib.testing.worker import start_worker

    assert celery_app.conf.task_always_eager is False
    assert celery_app.conf.broker_url.startswith("redis://")
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")
    meeting = MeetingFactory(body=board, start=local(2024, 6, 3), agenda_published_at=local(2024, 5, 27, 9, 0))
    follower = SubscriptionFactory(email="anna@example.org", body=board)
    SubscriptionFactory(email="bo@example.org", body=BodyFactory(name="Kommunstyrelsens trygghetsutskott"))

    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=True, shutdown_timeout=20):
            sent = publication_alert_send.delay("agenda", meeting.pk).get(timeout=30)
    finally:
        # The worker remembers sent alerts in Redis for a week; this test's marks are of no use to anyone.
        cache.delete(alerts.alert_sent_key("agenda", meeting.pk, follower))

    assert sent == 1
    (message,) = mailoutbox  # the worker thread delivers to the same locmem outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "Ny ärendelista: Kommunstyrelsen, måndag 3 juni 2024"
    assert f"/bevakning/{follower.token}/avsluta/" in message.extra_headers["List-Unsubscribe"]


@pytest.mark.django_db(transaction=True)
def test_a_request_from_the_alert_form_is_handled_by_a_real_worker(client, mailoutbox, settings):
    """The form only queues; a worker (over Redis in CI, else Celery's in-memory broker) stores and mails."""
    import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the worker's start check)
    from celery.contrib.testing.worker import start_worker

    settings.PORTAL_BASE_URL = "https://politik.orebro.se"
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            response = client.post("/organ/kommunstyrelsen/bevaka/", {"email": "anna@example.org"})
            deadline = time.monotonic() + 30
            while not mailoutbox and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        celery_app.conf.task_always_eager = eager

    assert response.status_code == 200
    (message,) = mailoutbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "Bekräfta din bevakning av Kommunstyrelsen"
    subscription = Subscription.objects.get()
    assert (subscription.body, subscription.confirmed_at) == (board, None)
    assert f"/bevakning/{subscription.token}/bekrafta/" in message.body
