"""What CI proves on the real services: PostgreSQL, Redis as cache, and a Celery worker consuming from Redis."""

import json
import os
import time

import pytest
from django.core.cache import cache
from django.db import connection

from meetings.models import Document
from meetings.services import document_add
from orebro_portal.celery import app as celery_app
from tests.conftest import require_service
from tests.factories import MeetingFactory, make_pdf

REDIS_HINT = "Redis behövs: starta redis-server och sätt REDIS_URL=redis://127.0.0.1:6379/0"


@pytest.mark.django_db
def test_database_is_postgresql():
    require_service(
        connection.vendor == "postgresql",
        "PostgreSQL behövs: sätt DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres",
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 150000


@pytest.mark.django_db
def test_cache_and_broker_are_redis(client):
    require_service(bool(os.environ.get("REDIS_URL")), REDIS_HINT)
    cache.set("portal-test", {"å": 1}, 30)
    assert cache.get("portal-test") == {"å": 1}
    checks = json.loads(client.get("/halsa/").content)["checks"]
    assert checks["cache"] == {"ok": True, "backend": "RedisCache"}
    assert checks["broker"]["ok"] and checks["broker"]["backend"] == "redis"


@pytest.mark.django_db(transaction=True)
def test_document_text_is_extracted_by_a_real_worker_over_redis():
    require_service(bool(os.environ.get("REDIS_URL")), REDIS_HINT)
    import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the worker's start check)
    from celery.contrib.testing.worker import start_worker

    assert celery_app.conf.task_always_eager is False
    assert celery_app.conf.broker_url.startswith("redis://")
    with start_worker(celery_app, pool="solo", perform_ping_check=True, shutdown_timeout=20):
        document = document_add(
            title="Ärendelista",
            kind=Document.Kind.AGENDA,
            content=make_pdf("Förskola i Vivalla"),
            meeting=MeetingFactory(),
            is_published=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            document.refresh_from_db()
            if document.text:
                break
            time.sleep(0.1)
    assert document.pages == 1, "the worker never processed the queued task"
    assert "Förskola i Vivalla" in document.text
