"""The Atom feeds of published agendas and posted protocols, read the way a feed reader reads them."""

import datetime as dt
import time

import feedparser
import pytest
import time_machine
from django.urls import reverse

from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    local,
    posted_protocol,
)

pytestmark = pytest.mark.django_db

FEED_ALL = "/flode/"


def read_feed(client, url=FEED_ALL):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def utc(parsed: time.struct_time) -> dt.datetime:
    return dt.datetime(*parsed[:6], tzinfo=dt.UTC)


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")


@pytest.fixture
def agenda(board):
    """Kommunstyrelsen's meeting of 3 June 2024, its agenda published on 27 May with one item that is not public."""
    meeting = MeetingFactory(
        body=board,
        start=local(2024, 6, 3),
        place="Rådhuset, sessionssalen",
        agenda_published_at=local(2024, 5, 27, 9, 0),
    )
    AgendaItemFactory(meeting=meeting, title="Förskola i Vivalla")
    AgendaItemFactory(meeting=meeting, title="Anställning av Anna Andersson", is_public=False)
    AgendaItemFactory(meeting=meeting, title="Budget 2025")
    return meeting


@pytest.fixture
def protocol(agenda):
    with time_machine.travel(local(2024, 6, 10, 8, 30), tick=False):
        return posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=agenda)


def test_feed_lists_published_agenda_and_posted_protocol_newest_first(client, agenda, protocol):
    feed = read_feed(client)

    assert feed.feed.title == "Örebro kommun – ärendelistor och protokoll"
    assert feed.feed.language == "sv"
    assert feed.feed.author == "Örebro kommun"
    assert [entry.title for entry in feed.entries] == [
        "Protokoll: Kommunstyrelsen, måndag 3 juni 2024",
        "Ärendelista: Kommunstyrelsen, måndag 3 juni 2024",
    ]
    protocol_entry, agenda_entry = feed.entries
    assert protocol_entry.link == f"http://testserver/sammantraden/{agenda.pk}/protokoll/1/"
    assert agenda_entry.link == f"http://testserver/sammantraden/{agenda.pk}/"
    assert utc(protocol_entry.updated_parsed) == local(2024, 6, 10, 8, 30)
    assert utc(agenda_entry.updated_parsed) == local(2024, 5, 27, 9, 0)
    assert "Anslaget på anslagstavlan måndag 10 juni 2024" in protocol_entry.summary
    assert "sista dag för överklagande måndag 1 juli 2024" in protocol_entry.summary


def test_entries_have_stable_unique_ids(client, agenda, protocol):
    first = [entry.id for entry in read_feed(client).entries]
    again = [entry.id for entry in read_feed(client).entries]

    assert first == again
    assert len(set(first)) == 2
    assert all(entry_id.startswith("tag:politik.orebro.se,") for entry_id in first)


def test_agenda_entry_counts_public_items_and_never_names_a_non_public_one(client, agenda):
    (entry,) = read_feed(client).entries

    assert "2 offentliga ärenden" in entry.summary
    assert "Rådhuset, sessionssalen" in entry.summary
    assert "Anna Andersson" not in str(client.get(FEED_ALL).content.decode())


def test_corrected_protocol_version_says_so(client, agenda, protocol):
    with time_machine.travel(local(2024, 6, 12, 10, 0), tick=False):
        posted_protocol(
            posted_on=dt.date(2024, 6, 12), meeting=agenda, version=2, correction_note="Rättat namn på justerare."
        )

    titles = [entry.title for entry in read_feed(client).entries]

    assert titles[0] == "Protokoll: Kommunstyrelsen, måndag 3 juni 2024 (rättad version 2)"
    assert titles[1] == "Protokoll: Kommunstyrelsen, måndag 3 juni 2024"


def test_unpublished_agendas_and_unposted_protocols_are_absent(client, board):
    MeetingFactory(body=board, start=local(2024, 9, 17))  # agenda not published
    adjusted_not_posted = MeetingFactory(body=board, start=local(2024, 8, 27), agenda_published_at=local(2024, 8, 20))
    ProtocolFactory(meeting=adjusted_not_posted, adjusted_on=dt.date(2024, 9, 2))
    draft = MeetingFactory(body=board, start=local(2024, 5, 7), agenda_published_at=local(2024, 4, 30))
    ProtocolFactory(meeting=draft)

    titles = [entry.title for entry in read_feed(client).entries]

    assert titles == [
        "Ärendelista: Kommunstyrelsen, tisdag 27 augusti 2024",
        "Ärendelista: Kommunstyrelsen, tisdag 7 maj 2024",
    ]


def test_body_feed_has_only_that_body(client, agenda, protocol):
    other = MeetingFactory(
        body=BodyFactory(name="Kommunstyrelsens trygghetsutskott"),
        start=local(2024, 6, 4),
        agenda_published_at=local(2024, 5, 28),
    )
    posted_protocol(posted_on=dt.date(2024, 6, 11), meeting=other)

    body_feed = read_feed(client, reverse("meetings:feed_body", kwargs={"slug": "kommunstyrelsen"}))
    all_feed = read_feed(client)

    assert body_feed.feed.title == "Kommunstyrelsen – ärendelistor och protokoll"
    assert body_feed.feed.link == "http://testserver/organ/kommunstyrelsen/"
    assert {entry.title.split(":")[0] for entry in body_feed.entries} == {"Protokoll", "Ärendelista"}
    assert all("Kommunstyrelsen, måndag 3 juni 2024" in entry.title for entry in body_feed.entries)
    assert len(all_feed.entries) == 4


def test_unknown_body_feed_is_404(client):
    assert client.get("/organ/finns-inte/flode/").status_code == 404


def test_feed_holds_at_most_50_entries(client, board):
    for day in range(55):
        MeetingFactory(
            body=board,
            start=local(2024, 1, 1) + dt.timedelta(days=day),
            agenda_published_at=local(2023, 12, 1) + dt.timedelta(days=day),
        )

    entries = read_feed(client).entries

    assert len(entries) == 50
    assert entries[0].title == "Ärendelista: Kommunstyrelsen, lördag 24 februari 2024"


def _publish(board, entries: int) -> None:
    """`entries` feed entries: agendas with items, every other one followed by its posted protocol."""
    meeting = None
    for n in range(entries):
        if n % 2 == 0:
            meeting = MeetingFactory(body=board, agenda_published_at=local(2024, 1, 1))
            AgendaItemFactory(meeting=meeting)
        else:
            posted_protocol(posted_on=dt.date(2024, 2, 1), meeting=meeting)


@pytest.mark.parametrize("count", [5, 40])
def test_feed_queries_do_not_grow_with_entries(client, board, count, django_assert_max_num_queries):
    _publish(board, count)

    with django_assert_max_num_queries(2):
        all_feed = read_feed(client)
    with django_assert_max_num_queries(3):
        read_feed(client, "/organ/kommunstyrelsen/flode/")

    assert len(all_feed.entries) == count
