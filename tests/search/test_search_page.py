"""The search page /sok/: the form, hits, filters with counts, the no-hits page, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from search.models import SearchEntry
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, local

pytestmark = pytest.mark.django_db
URL = reverse("search:search")


def test_search_url_is_sok():
    assert URL == "/sok/"


def test_empty_query_shows_only_the_form(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="search"' in html and '<label for="sokord">' in html
    assert "träff" not in html and "Avgränsa sökningen" not in html
    assert not [q for q in queries.captured_queries if "search_searchentry" in q["sql"]]


def test_hits_show_type_title_link_date_body_and_marked_snippet(client):
    body = BodyFactory(name="Kommunstyrelsen")
    meeting = MeetingFactory(body=body, start=local(2024, 3, 12), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, title="Brandstation i Vivalla", proposal="Ny brandstation byggs i Vivalla.")

    response = client.get(URL, {"q": "vivalla", "typ": "agenda_item"})

    html = response.content.decode()
    assert "1 träff för ”vivalla”" in html
    assert "Ärende" in html and "Kommunstyrelsen" in html and "12 mars 2024" in html
    assert f'href="{meeting.get_absolute_url()}"' in html
    assert "<mark>Vivalla</mark>" in html


def test_filters_offer_choices_with_counts(client):
    board, school = BodyFactory(name="Kommunstyrelsen"), BodyFactory(name="Förskolenämnden")
    for body, year in ((board, 2023), (board, 2024), (school, 2024)):
        meeting = MeetingFactory(body=body, start=local(year, 3, 1), agenda_published_at=timezone.now())
        AgendaItemFactory(meeting=meeting, title="Lokaler för förskola")

    response = client.get(URL, {"q": "förskola", "ar": "2024"})

    html = response.content.decode()
    assert "2 träffar" in html
    assert ">Ärende (2)</option>" in html
    assert ">Kommunstyrelsen (1)</option>" in html and ">Förskolenämnden (1)</option>" in html
    assert ">2023 (1)</option>" in html and 'value="2024" selected>2024 (2)</option>' in html


def test_no_hits_page_gives_tips(client):
    response = client.get(URL, {"q": "zyxwv"})

    html = response.content.decode()
    assert "0 träffar" in html and "Vi hittade inget som matchar ”zyxwv”" in html and "Tips" in html


def test_malformed_filters_are_ignored(client):
    AgendaItemFactory(title="Simhall")
    response = client.get(URL, {"q": "simhall", "typ": "nonsense", "ar": "20x4", "sida": "999"})
    assert response.status_code == 200 and "1 träff" in response.content.decode()


def test_the_query_is_escaped(client):
    response = client.get(URL, {"q": '<script>alert("x")</script>'})
    html = response.content.decode()
    assert '<script>alert("x")' not in html and "&lt;script&gt;" in html


def _entries(count: int) -> None:
    bodies = [BodyFactory() for _ in range(5)]
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind=SearchEntry.Kind.values[n % len(SearchEntry.Kind.values)],
            object_id=n,
            body=bodies[n % 5],
            year=2018 + n % 7,
            title=f"Budget för förskola {n}",
            text="Förskolan i Vivalla behöver fler platser.",
            url=f"/x/{n}/",
        )
        for n in range(count)
    )
    from search.indexing import search_vectors_update

    search_vectors_update()


@pytest.mark.parametrize("params", [{"q": "förskola"}, {"q": "förskola", "typ": "meeting", "ar": "2018"}])
def test_query_count_does_not_grow_with_the_entries(client, params):
    _entries(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, params).status_code == 200
    SearchEntry.objects.all().delete()
    _entries(50)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(many) == len(few) <= 7
