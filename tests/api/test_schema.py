"""Schemathesis against /api/v1/schema/: for every operation, generated requests never get a server error and every
response matches the schema. Runs on SQLite locally and on PostgreSQL in CI (whatever DATABASE_URL says).

The schema is loaded when the module is imported (it needs no database); the data comes from a fixture, created once
per operation and shared by its examples. (`schemathesis.pytest.from_fixture` does not work with pytest 9.)
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from orebro_portal.wsgi import application
from tests.api.conftest import build_world

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def api_data(db):
    # Schemathesis calls the WSGI application itself, not Django's test client: like the client, keep Django from
    # closing the test's connection (inside its transaction) at the start and end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield build_world(n=2, documents=False)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, api_data):
    # Like DRF's own pagination, the API is lenient with what it can ignore (`?page_size=null` gives the default
    # page size, an unknown parameter is ignored): accepting such a request is not a fault, so that check is off.
    case.call_and_validate(excluded_checks=[schemathesis.checks.negative_data_rejection])
