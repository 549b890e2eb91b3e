"""The alert mail is sent through the real Celery worker in CI: queued over Redis, run by a worker, mail delivered."""

import os

import pytest
from django.core.cache import cache

from meetings import alerts
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
