"""Every list of the API runs the same number of queries with 3 and with 30 of everything (30 rosters, 30 protocols
with attendance, votes and reservations)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import build_world
from tests.api.test_endpoints import LISTS

pytestmark = pytest.mark.django_db

# Lists that carry a protocol's content: one query for each of its related lists (paragraphs, proposals, votes,
# ballots, statements; the protocol's attendance and approvals), however many rows.
CEILING = {
    "/api/v1/protocols/": 9,
    # The page's cases, their items, the protocols naming them with paragraphs and the paragraphs' parts.
    "/api/v1/cases/": 9,
    "/api/v1/votes/": 8,
    "/api/v1/ballots/": 8,
    "/api/v1/statements/": 8,
}


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
    for url, count in few.items():
        assert count <= CEILING.get(url, 6), url
