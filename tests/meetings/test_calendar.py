"""iCalendar files (RFC 5545), read back with the icalendar library as a calendar app would."""

import datetime as dt
import zoneinfo

import icalendar
import pytest

from meetings.models import Body
from meetings.services import meeting_cancel, meeting_move
from tests.factories import BodyFactory, MeetingFactory, local

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _calendar(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


def test_body_calendar_has_events_in_stockholm_time_with_a_timezone_definition(client, board):
    winter = MeetingFactory(body=board, start=local(2024, 1, 16), place="Rådhuset")
    MeetingFactory(body=board, start=local(2024, 6, 3))
    MeetingFactory(body=BodyFactory(), start=local(2024, 6, 4))  # another body's meeting is not included
    calendar = _calendar(client, "/organ/kommunstyrelsen/kalender.ics")
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    first = events[0]
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None and str(first["DTSTART"].params["TZID"]) == "Europe/Stockholm"
    assert start.astimezone(STOCKHOLM).replace(tzinfo=None) == dt.datetime(2024, 1, 16, 14, 15)
    assert str(first["UID"]) == f"sammantrade-{winter.pk}@politik.orebro.se"
    assert str(first["URL"]) == f"http://testserver/sammantraden/{winter.pk}/"
    assert str(first["SUMMARY"]) == "Kommunstyrelsen – sammanträde"
    assert str(first["LOCATION"]) == "Rådhuset"
    assert str(first["STATUS"]) == "CONFIRMED"
    summer = events[1].decoded("DTSTART").astimezone(STOCKHOLM)
    assert (summer.hour, summer.minute, summer.utcoffset()) == (14, 15, dt.timedelta(hours=2))


def test_uid_is_stable_and_cancelling_raises_sequence(client, board):
    meeting = MeetingFactory(body=board, start=local(2024, 4, 9))
    before = _calendar(client, f"/sammantraden/{meeting.pk}/kalender.ics").walk("VEVENT")[0]
    meeting_cancel(meeting=meeting, reason="Inga ärenden.")
    after = _calendar(client, f"/sammantraden/{meeting.pk}/kalender.ics").walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
    assert str(after["SUMMARY"]).startswith("INSTÄLLT:")
    assert "Inga ärenden." in str(after["DESCRIPTION"])


def test_moving_a_meeting_moves_the_event_and_raises_sequence(client, board):
    meeting = MeetingFactory(body=board, start=local(2024, 4, 9))
    meeting_move(meeting=meeting, start=local(2024, 4, 10, 9, 0), reason="Ny tid.")
    event = _calendar(client, "/organ/kommunstyrelsen/kalender.ics").walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(STOCKHOLM).replace(tzinfo=None) == dt.datetime(2024, 4, 10, 9, 0)
    assert event.decoded("SEQUENCE") == 1
    assert str(event["STATUS"]) == "CONFIRMED"


def test_all_bodies_calendar_holds_every_meeting(client, board):
    MeetingFactory(body=board)
    MeetingFactory(body=BodyFactory())
    assert len(_calendar(client, "/sammantraden/kalender.ics").walk("VEVENT")) == 2


def test_empty_calendar_is_still_valid(client, board):
    calendar = _calendar(client, "/organ/kommunstyrelsen/kalender.ics")
    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


def test_pages_announce_their_calendar_in_the_head(client, board):
    html = client.get("/organ/kommunstyrelsen/").content.decode()
    head = html.split("</head>")[0]
    assert '<link rel="alternate" type="text/calendar"' in head and 'href="/organ/kommunstyrelsen/kalender.ics"' in head
    assert 'href="/sammantraden/kalender.ics"' in client.get("/sammantraden/").content.decode().split("</head>")[0]


def test_meetings_on_the_first_and_last_day_of_the_portals_range_are_in_the_calendar(client, board):
    # The time zone rules are added a year either side of the events: at the edges this stays within `datetime`.
    MeetingFactory(body=board, start=dt.datetime(1900, 1, 1, 0, 0, tzinfo=STOCKHOLM))
    MeetingFactory(body=board, start=dt.datetime(2200, 12, 31, 23, 0, tzinfo=STOCKHOLM))
    events = _calendar(client, "/organ/kommunstyrelsen/kalender.ics").walk("VEVENT")
    assert [event.decoded("DTSTART").astimezone(STOCKHOLM).date() for event in events] == [
        dt.date(1900, 1, 1),
        dt.date(2200, 12, 31),
    ]
