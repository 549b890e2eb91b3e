"""Every list of the API runs the same number of queries with 3 and with 30 of everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import build_world
from tests.api.test_endpoints import LISTS

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("suffix", ["", "?format=csv"])
def test_every_list_runs_a_constant_number_of_queries(client, suffix):
    build_world(n=3)
    few = {url: _queries(client, url + suffix) for url in LISTS}
    build_world(n=27)
    many = {url: _queries(client, url + suffix) for url in LISTS}
    assert client.get("/api/v1/meetings/").json()["count"] == 60
    assert many == few
    assert max(few.values()) <= 6
