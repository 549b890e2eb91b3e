"""Full-text search on PostgreSQL: Swedish stemming, ranking, highlighting and facets."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from search.models import SearchEntry
from search.query import search
from tests.conftest import require_service
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
)
from tests.search.test_public_gate import assert_nothing_personal_is_indexed_or_found, build_indexed_world

pytestmark = [pytest.mark.services, pytest.mark.django_db]
Kind = SearchEntry.Kind


@pytest.fixture(autouse=True)
def _postgres():
    require_service(
        connection.vendor == "postgresql",
        "PostgreSQL behövs: sätt DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres",
    )


def test_budgeten_finds_an_agenda_item_titled_with_budget():
    item = AgendaItemFactory(title="Budget 2025 för räddningstjänsten")

    result = search("budgeten")

    assert [hit.entry.object_id for hit in result.hits if hit.entry.kind == Kind.AGENDA_ITEM] == [item.pk]


def test_stop_words_alone_find_nothing_and_do_not_fail():
    AgendaItemFactory(title="Budget och och för")
    assert search("och för").count == 0


def test_masked_personnummer_and_unpublished_item_give_no_hit():
    protocol = posted_protocol(posted_on=dt.date(2024, 3, 4))
    ProtocolParagraphFactory(protocol=protocol, matter="Sökande 811218-9876 ansöker om färdtjänst.")
    AgendaItemFactory(meeting=MeetingFactory(agenda_published_at=None), title="Hemlig simhall")

    assert search("811218-9876").count == 0
    assert search("simhall").count == 0
    assert search("färdtjänst").count == 1


def test_title_matches_rank_above_text_matches_and_newer_first_among_equals():
    old = MeetingFactory(start=local(2022, 5, 1), agenda_published_at=timezone.now())
    new = MeetingFactory(start=local(2024, 5, 1), agenda_published_at=timezone.now())
    in_text = AgendaItemFactory(meeting=new, title="Övrigt", proposal="Frågan gäller förskola i Vivalla.")
    title_old = AgendaItemFactory(meeting=old, title="Förskola i Vivalla")
    title_new = AgendaItemFactory(meeting=new, title="Förskola i Vivalla")

    ids = [hit.entry.object_id for hit in search("förskola Vivalla", kind=Kind.AGENDA_ITEM).hits]

    assert ids == [title_new.pk, title_old.pk, in_text.pk]


def test_snippets_highlight_the_match_and_escape_the_text():
    AgendaItemFactory(title="Simhall", proposal="Om <script>alert(1)</script> och en ny simhall för 5 < 7 mnkr & mer.")

    [hit] = search("simhallen").hits

    assert "<mark>simhall</mark>" in hit.snippet_html
    assert "<script" not in hit.snippet_html  # ts_headline drops tags; what is left is escaped
    assert "5 &lt; 7" in hit.snippet_html
    assert hit.title_html == "<mark>Simhall</mark>"


def test_facets_count_per_kind_body_and_year_under_the_other_filters():
    board, school = BodyFactory(name="Kommunstyrelsen"), BodyFactory(name="Förskolenämnden")
    for body, year in ((board, 2023), (board, 2024), (school, 2024)):
        meeting = MeetingFactory(body=body, start=local(year, 3, 1), agenda_published_at=timezone.now())
        AgendaItemFactory(meeting=meeting, title="Lokaler för förskola")

    result = search("förskola", kind=Kind.AGENDA_ITEM, year=2024)

    assert result.count == 2
    assert [(f.value, f.count) for f in result.facets["kind"]] == [(Kind.AGENDA_ITEM, 2)]
    assert {f.label: f.count for f in result.facets["body"]} == {"Förskolenämnden": 1, "Kommunstyrelsen": 1}
    assert [(f.value, f.count) for f in result.facets["year"]] == [("2024", 2), ("2023", 1)]
    # Only the item: snowball does not split compounds, so the meeting "Förskolenämnden, …" is no match.
    assert search("förskola", body=school.slug).count == 1


def test_no_personnummer_or_marked_name_in_any_field_is_found_or_shown_in_a_headline():
    world = build_indexed_world()

    assert_nothing_personal_is_indexed_or_found(world)
    # Swedish stemming finds the words around the masked spans; ts_headline shows the masked text only.
    [hit] = search("bidraget").hits
    assert "<mark>bidraget</mark>" in hit.snippet_html and "[personuppgift maskerad]" in hit.snippet_html
    assert search("maskerat").count > 0  # the labels are what is indexed
