import os

import pytest


def require_service(available: bool, what: str) -> None:
    """Skip a test whose service is missing, naming what to install; under REQUIRE_SERVICES=1 (CI) fail instead."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {what}", pytrace=False)
    pytest.skip(what)


@pytest.fixture(autouse=True)
def _swedish(settings):
    """Every test runs in Swedish, as every request does."""
    from django.utils import translation

    with translation.override("sv"):
        yield


@pytest.fixture
def eager_celery():
    """Run tasks in-process for tests about what a task does, not how it travels (test_services covers that)."""
    from orebro_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous


@pytest.fixture
def broker_down():
    """The broker refuses every connection, as when Redis is down: tasks are sent, not run eagerly, and every send
    fails. Yields the Celery app."""
    from orebro_portal.celery import app

    def fresh_pools():
        # The pools keep connections to the broker they were made for, in kombu's global registry keyed by
        # connection: changing broker_url needs new ones, and closing one without clearing the registry would leave
        # it there, closed, for every later apply_async.
        import kombu.pools

        app._pool = None
        app.amqp._producer_pool = None
        kombu.pools.reset()

    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # port 1: nothing listens, the connection is refused at once
    fresh_pools()
    yield app
    app.conf.task_always_eager, app.conf.broker_url = previous
    fresh_pools()
