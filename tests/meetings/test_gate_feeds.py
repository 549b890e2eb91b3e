"""The Atom feeds read as a feed reader reads them (feedparser): entries built from the public projections, staff text
masked, and every summary plain text — nothing a secretary typed is ever taken for HTML."""

import datetime as dt

import feedparser
import pytest
import time_machine

from meetings.models import Meeting
from tests.factories import AgendaItemFactory, MeetingFactory, local, posted_protocol

from .dirty import (
    SECRET_WORDS,
    assert_clean,
    build_dirty_protocol,
)

pytestmark = pytest.mark.django_db

FEEDS = ["/flode/", "/organ/kommunstyrelsen/flode/"]


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response.content.decode(), feed


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entries_mask_the_place_and_the_status_note(client, dirty_meeting, dirt, url):
    build_dirty_protocol(dirty_meeting, dirt)
    raw, feed = _feed(client, url)
    assert_clean(raw, dirt, survivors=("019-21 10 00",), where="the feed")
    agenda = next(entry for entry in feed.entries if entry.title.startswith("Ärendelista"))
    assert "Plats: Rådhuset, rum [personnummer maskerat] [personuppgift maskerad], tel 019-21 10 00." in agenda.summary
    assert "Sammanträdet är flyttat. Lokalen är upptagen, [personnummer maskerat]" in agenda.summary
    assert "1 offentligt ärende" in agenda.summary
    for word in SECRET_WORDS:
        assert word not in raw
    assert {entry.title for entry in feed.entries} >= {
        "Protokoll: Kommunstyrelsen, tisdag 4 juni 2024",
        "Protokoll: Kommunstyrelsen, tisdag 4 juni 2024 (rättad version 2)",
    }


def test_a_summary_is_text_and_markup_in_staff_text_arrives_as_text(client, board):
    meeting = MeetingFactory(
        body=board,
        start=local(2024, 6, 3),
        place='<b>Rådhuset</b> <script>alert("x")</script> & <a href="https://evil.example">här</a>',
        agenda_published_at=local(2024, 5, 27, 9, 0),
    )
    AgendaItemFactory(meeting=meeting)
    raw, feed = _feed(client, "/flode/")
    (entry,) = feed.entries
    assert entry.summary_detail.type == "text/plain"
    assert '<b>Rådhuset</b> <script>alert("x")</script> & <a href="https://evil.example">här</a>' in entry.summary
    assert '<summary type="text">' in raw
    assert "<b>" not in raw and "<script>" not in raw  # escaped once by the XML writer, as text is


def test_a_cancelled_meeting_says_so_with_its_reason_masked(client, board, dirt):
    meeting = MeetingFactory(body=board, start=local(2024, 6, 3), agenda_published_at=local(2024, 5, 27, 9, 0))
    AgendaItemFactory(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.CANCELLED, status_note=dirt("cancellation", "Ordföranden är sjuk, ", ".")
    )
    raw, feed = _feed(client, "/flode/")
    assert_clean(raw, dirt, survivors=(), where="the feed")
    assert "Sammanträdet är inställt. Ordföranden är sjuk, [personnummer maskerat]" in feed.entries[0].summary


def test_a_body_name_is_masked_in_the_feed_title(client, board, dirt):
    board.name = dirt("body name", "Nämnden ")
    board.save()
    with time_machine.travel(local(2024, 6, 10, 9, 0), tick=False):
        posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=MeetingFactory(body=board, start=local(2024, 6, 3)))
    raw, feed = _feed(client, "/organ/kommunstyrelsen/flode/")
    assert_clean(raw, dirt, survivors=(), where="the feed")
    assert feed.feed.title.startswith("Nämnden [personnummer maskerat] [personuppgift maskerad]")
