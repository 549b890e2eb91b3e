"""iCalendar (RFC 5545) files for meetings: one body's, everyone's, or a single meeting.

Built from the meetings' public projections (`PublicMeeting`): the place and the note on a cancellation or a move are
masked like on the meeting page, since a calendar file is published as much as the page is.

A meeting whose times lie outside the portal's dates (orebro_portal.lib.bounds) is left out and logged, not clamped:
such a row can only have been written past the validators and the database constraint, its date is not a real one,
and moving it to the edge of the range would put a made-up event into every subscriber's calendar. Leaving it out
keeps the file valid for everyone, and keeps the time zone arithmetic below (a year either side of the events) within
what `datetime` can hold.
"""

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .public import PublicMeeting

logger = logging.getLogger(__name__)

PRODID = "-//Örebro kommun//Politik och beslut//SV"


def meeting_uid(meeting: PublicMeeting) -> str:
    return f"sammantrade-{meeting.pk}@{settings.PORTAL_ICAL_DOMAIN}"


def meeting_summary(meeting: PublicMeeting) -> str:
    summary = _("%(body)s – sammanträde") % {"body": meeting.body.name.line}
    if meeting.is_cancelled:
        return _("INSTÄLLT: %(summary)s") % {"summary": summary}
    return summary


def build_calendar(meetings: Iterable[PublicMeeting], *, name: str, build_url) -> bytes:
    """`build_url(path)` makes an absolute URL for the meeting page (the request knows the host)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    tz = timezone.get_default_timezone()
    stamp = datetime.now(UTC)
    first: date | None = None
    last: date | None = None
    for meeting in meetings:
        if not meeting.times_in_range:
            logger.warning("Meeting %s left out of the calendar: its time lies outside the portal's dates", meeting.pk)
            continue
        start = timezone.localtime(meeting.start, tz)
        event = icalendar.Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", stamp)
        event.add("last-modified", meeting.updated_at.astimezone(UTC))
        event.add("dtstart", start)
        if meeting.end:
            event.add("dtend", timezone.localtime(meeting.end, tz))
        event.add("sequence", meeting.sequence)
        event.add("summary", meeting_summary(meeting))
        if meeting.place:
            event.add("location", meeting.place.line)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        event.add("url", build_url(meeting.get_absolute_url()))
        description = [str(meeting.status_note)] if meeting.status_note else []
        if not meeting.is_public:
            description.append(_("Sammanträdet är inte öppet för allmänheten."))
        if description:
            event.add("description", "\n\n".join(description))
        event.add("class", "PUBLIC")
        calendar.add_component(event)
        first = min(first or start.date(), start.date())
        last = max(last or start.date(), start.date())
    if first is not None:
        calendar.add_missing_timezones(first_date=first - timedelta(days=366), last_date=last + timedelta(days=366))
    return calendar.to_ical()
