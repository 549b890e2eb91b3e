"""Search by case number: a query that is a diarienummer in any notation shows that case first on /sok/, with its
public title, link and status, whatever the full-text search finds; a case without a public step is not found."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Body, ProtocolParagraph
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
)

pytestmark = pytest.mark.django_db
URL = "/sok/"


def _step(body, start, *, number="Ks 181/2022", title="Detaljplan för Vivalla", public=True, outcome=""):
    meeting = MeetingFactory(body=body, start=start, agenda_published_at=start - dt.timedelta(days=7))
    item = AgendaItemFactory(meeting=meeting, title=title, case_number=number, is_public=public)
    protocol = posted_protocol(posted_on=start.date() + dt.timedelta(days=7), meeting=meeting)
    ProtocolParagraphFactory(
        protocol=protocol, agenda_item=item, title=title, case_number=number, is_public=public, outcome=outcome
    )


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


def best_bet(html: str) -> str:
    start = html.index('<section class="case-best-bet"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("q", ["KS 181/22", "ks-181-2022", "Ks 181/2022", "ks181/2022", " KS 181 2022 "])
def test_a_case_number_in_any_notation_finds_the_case_first(client, board, q):
    _step(board, local(2022, 6, 7), outcome=ProtocolParagraph.Outcome.FINAL, title="Bostäder för 811218-9876")
    AgendaItemFactory(title="Ks 181/2022 nämns i ett annat ärende", case_number="")

    html = client.get(URL, {"q": q}).content.decode()

    bet = best_bet(html)
    assert '<a href="/arenden/ks-181-2022/">Ks 181/2022: Bostäder för [personnummer maskerat]</a>' in bet
    assert "Avgjort" in bet and "7 juni 2022" in bet and "Kommunstyrelsen" in bet
    assert "811218" not in html
    assert html.index('class="case-best-bet"') < html.index('class="search-layout"')


def test_an_ongoing_case_is_shown_as_ongoing(client, board):
    _step(board, local(2022, 6, 7), outcome=ProtocolParagraph.Outcome.FORWARDED)
    bet = best_bet(client.get(URL, {"q": "KS 181/22"}).content.decode())
    assert "Pågående" in bet and "Avgjort" not in bet


def test_a_case_with_only_secret_steps_is_not_found(client, board):
    _step(board, local(2022, 6, 7), public=False, title="Hemlig rubrik")
    html = client.get(URL, {"q": "KS 181/22"}).content.decode()
    assert "case-best-bet" not in html and "/arenden/ks-181-2022/" not in html and "Hemlig rubrik" not in html


def test_words_and_unknown_numbers_give_no_best_bet(client, board):
    _step(board, local(2022, 6, 7))
    for q in ("Vivalla", "Ks 182/2022", "ks-181-2202", "181/2022"):
        assert "case-best-bet" not in client.get(URL, {"q": q}).content.decode(), q


def _queries(client, q: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_best_bet_costs_a_fixed_number_of_queries(client, board):
    _step(board, local(2022, 6, 7))
    words = _queries(client, "Vivalla")
    few = _queries(client, "KS 181/22")
    for n in range(1, 5):
        _step(BodyFactory(), local(2022, 6, 7) + dt.timedelta(days=7 * n))
    assert _queries(client, "KS 181/22") == few
    assert _queries(client, "Vivalla") == words  # a query that is no case number asks nothing more
