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
