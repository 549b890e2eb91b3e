"""iCalendar files read back with the icalendar library: LOCATION, DESCRIPTION and SUMMARY come from the public
projection, masked like the meeting page."""

import icalendar
import pytest

from meetings.models import Meeting

from .dirty import (
    assert_clean,
)

pytestmark = pytest.mark.django_db


def _events(client, url) -> tuple[str, list]:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def _unfolded(raw: str) -> str:
    # RFC 5545 folds long lines (CRLF and a space) and escapes commas and line breaks in text values.
    return raw.replace("\r\n ", "").replace("\\,", ",").replace("\\n", "\n").replace("\\;", ";")


@pytest.mark.parametrize("which", ["meeting", "body", "all"])
def test_calendar_masks_place_status_note_and_body_name(client, board, dirty_meeting, dirt, which):
    board.name = dirt("body name", "Kommunstyrelsen ")
    board.save()
    url = {
        "meeting": f"/sammantraden/{dirty_meeting.pk}/kalender.ics",
        "body": "/organ/kommunstyrelsen/kalender.ics",
        "all": "/sammantraden/kalender.ics",
    }[which]
    raw, (event,) = _events(client, url)
    assert_clean(_unfolded(raw), dirt, survivors=("019-21 10 00",), where="the calendar")
    assert str(event["LOCATION"]) == "Rådhuset, rum [personnummer maskerat] [personuppgift maskerad], tel 019-21 10 00"
    assert str(event["DESCRIPTION"]).startswith(
        "Lokalen är upptagen, [personnummer maskerat] [personuppgift maskerad]."
    )
    assert str(event["SUMMARY"]) == "Kommunstyrelsen [personnummer maskerat] [personuppgift maskerad] – sammanträde"
    for word in ("Vivallagården", "Köpeskilling"):
        assert word not in raw


def test_a_cancellation_reason_is_masked_in_the_description(client, board, dirt):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(body=board, place="")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.CANCELLED, status_note=dirt("cancellation", "Inställt: ", ", se Ks 181/2022.")
    )
    raw, (event,) = _events(client, f"/sammantraden/{meeting.pk}/kalender.ics")
    assert_clean(_unfolded(raw), dirt, survivors=("Ks 181/2022",), where="the calendar")
    assert str(event["SUMMARY"]).startswith("INSTÄLLT:")
    assert "LOCATION" not in event
