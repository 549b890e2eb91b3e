"""A meeting lies between 1 January 1900 and 31 December 2200 (orebro_portal.lib.bounds): refused at the field in the
staff forms, by the services and by the database; and a row that got past all three anyway never breaks a calendar
or a feed for everyone else."""

import contextlib
import datetime as dt
import importlib
import logging

import feedparser
import icalendar
import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from meetings.models import Meeting, Protocol
from meetings.services import meeting_create, meeting_move, meeting_update
from orebro_portal.lib.bounds import DateRangeValidator, datetime_in_range, local_date
from tests.factories import (
    STOCKHOLM,
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
    secretary_of,
)

pytestmark = pytest.mark.django_db

RANGE_MESSAGE = "Datumet måste ligga mellan 1 januari 1900 och 31 december 2200."
OUT_OF_RANGE_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"]


def _noon(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12, 0), tzinfo=STOCKHOLM)


@pytest.fixture
def body():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", default_start_time=dt.time(8, 30))


@pytest.fixture
def secretary(client, body):
    user = secretary_of(body)
    client.force_login(user)
    return user


def _field_error(response, field: str) -> str:
    """The page came back with the form and the message next to the field (field.html gives it this id)."""
    assert response.status_code == 200
    html = response.content.decode()
    marker = f'id="id_{field}_error">'
    assert marker in html, f"no error at {field}"
    return html.split(marker, 1)[1].split("<", 1)[0]


# Staff forms -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", OUT_OF_RANGE_DAYS)
def test_creating_a_meeting_outside_the_range_is_refused_at_the_date(client, body, secretary, day):
    response = client.post(reverse("staff:meeting_create"), {"body": body.pk, "day": day, "end_time": "10:00"})
    assert _field_error(response, "day") == RANGE_MESSAGE
    assert not Meeting.objects.exists()


def test_a_year_with_five_digits_is_refused_at_the_date(client, body, secretary):
    response = client.post(reverse("staff:meeting_create"), {"body": body.pk, "day": "10000-01-01"})
    assert _field_error(response, "day")
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", ["1900-01-01", "2200-12-31"])
def test_the_first_and_last_day_of_the_range_are_accepted(client, body, secretary, day):
    response = client.post(reverse("staff:meeting_create"), {"body": body.pk, "day": day, "end_time": "23:59"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.start == dt.datetime.combine(dt.date.fromisoformat(day), dt.time(8, 30), tzinfo=STOCKHOLM)


@pytest.mark.parametrize("day", OUT_OF_RANGE_DAYS)
def test_editing_a_meeting_to_a_date_outside_the_range_is_refused(client, body, secretary, day):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 7))
    response = client.post(
        reverse("staff:meeting_edit", kwargs={"pk": meeting.pk}), {"day": day, "start_time": "09:00"}
    )
    assert _field_error(response, "day") == RANGE_MESSAGE
    assert Meeting.objects.get().start == local(2024, 5, 7)


@pytest.mark.parametrize("day", [*OUT_OF_RANGE_DAYS, "10000-01-01"])
def test_moving_a_meeting_outside_the_range_is_refused(client, body, secretary, day):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 7), agenda_published_at=local(2024, 4, 30))
    response = client.post(
        reverse("staff:meeting_move", kwargs={"pk": meeting.pk}),
        {"day": day, "start_time": "09:00", "end_time": "10:00", "reason": "Ny lokal."},
    )
    message = _field_error(response, "day")
    if day != "10000-01-01":
        assert message == RANGE_MESSAGE
    stored = Meeting.objects.get()
    assert (stored.start, stored.status, stored.sequence) == (local(2024, 5, 7), Meeting.Status.PLANNED, 0)


def test_a_protocol_cannot_be_adjusted_on_a_date_outside_the_range(client, body, secretary):
    protocol = ProtocolParagraphFactory(
        protocol__meeting__body=body, protocol__meeting__start=local(2024, 5, 7)
    ).protocol
    url = reverse("staff:protocol_adjust", kwargs={"pk": protocol.pk})
    with time_machine.travel(local(2024, 5, 20), tick=False):
        for day in ["0001-01-01", "1899-12-31"]:
            assert _field_error(client.post(url, {"adjusted_on": day}), "adjusted_on") == RANGE_MESSAGE
    assert Protocol.objects.get().adjusted_on is None


def test_a_paragraph_number_beyond_any_year_is_refused_at_the_field(client, body, secretary):
    protocol = ProtocolFactory(meeting__body=body)
    response = client.post(
        reverse("staff:paragraph_create", kwargs={"pk": protocol.pk}),
        {"number": "1000000", "title": "Budget", "decision": "Beslutar att anta budgeten.", "is_public": "on"},
    )
    assert _field_error(response, "number") == "Paragrafnumret får vara högst 9999."
    assert not protocol.paragraphs.exists()


# Services ----------------------------------------------------------------------------------------------------------

EXTREMES = [
    *(_noon(day) for day in OUT_OF_RANGE_DAYS),
    dt.datetime(1, 1, 1, tzinfo=STOCKHOLM),  # its UTC time would be in year 0
    dt.datetime.max.replace(tzinfo=STOCKHOLM),
    dt.datetime.min.replace(tzinfo=dt.UTC),
    dt.datetime.max.replace(tzinfo=dt.UTC),  # in Stockholm, year 10000
    dt.datetime(1899, 12, 31, 23, 59, tzinfo=STOCKHOLM),
    dt.datetime(2201, 1, 1, 0, 0, tzinfo=STOCKHOLM),
    dt.datetime(2200, 12, 31, 23, 30, tzinfo=dt.UTC),  # 00:30 on 1 January 2201 in Stockholm
]


@pytest.mark.parametrize("start", EXTREMES, ids=str)
def test_the_service_refuses_a_start_outside_the_range(body, start):
    with pytest.raises(ValidationError) as refused:
        meeting_create(body=body, start=start)
    assert refused.value.message_dict["start"] == [
        "Början: datumet måste ligga mellan 1 januari 1900 och 31 december 2200."
    ]
    assert not Meeting.objects.exists()


def test_the_service_refuses_an_end_outside_the_range(body):
    with pytest.raises(ValidationError) as refused:
        meeting_create(body=body, start=local(2200, 12, 31), end=local(2201, 1, 1, 9, 0))
    assert list(refused.value.message_dict) == ["end"]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "start",
    [dt.datetime(1900, 1, 1, 0, 0, tzinfo=STOCKHOLM), dt.datetime(2200, 12, 31, 23, 59, tzinfo=STOCKHOLM)],
    ids=str,
)
def test_the_service_accepts_the_edges_of_the_range(body, start):
    assert meeting_create(body=body, start=start).start == start


@pytest.mark.parametrize("start", EXTREMES[:4], ids=str)
def test_updating_and_moving_to_a_start_outside_the_range_are_refused(body, start):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 7))
    with pytest.raises(ValidationError):
        meeting_update(meeting=meeting, start=start)
    with pytest.raises(ValidationError):
        meeting_move(meeting=meeting, start=start, reason="Ny tid.")
    stored = Meeting.objects.get()
    assert (stored.start, stored.sequence, stored.status) == (local(2024, 5, 7), 0, Meeting.Status.PLANNED)


def test_the_range_checks_never_overflow_at_the_ends_of_what_python_holds():
    for value in (dt.datetime.min, dt.datetime.max):
        for tz in (dt.UTC, STOCKHOLM, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12))):
            assert not datetime_in_range(value.replace(tzinfo=tz))
            local_date(value.replace(tzinfo=tz))
    with pytest.raises(ValidationError) as refused:
        DateRangeValidator()(dt.date(1, 1, 1))
    assert refused.value.messages == [RANGE_MESSAGE]
    DateRangeValidator()(dt.date(2200, 12, 31))


# Database ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"start": dt.datetime(9999, 12, 31, tzinfo=dt.UTC)},
        {"start": dt.datetime(1, 1, 1, tzinfo=dt.UTC)},
        {"start": dt.datetime(1800, 6, 1, tzinfo=dt.UTC)},
        {"end": dt.datetime(9999, 12, 31, tzinfo=dt.UTC)},
    ],
    ids=str,
)
def test_the_database_refuses_a_row_written_past_the_validators(body, values):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 7))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(**values)


# Calendars and feeds with a row that got past everything -----------------------------------------------------------


@contextlib.contextmanager
def _checks_off():
    """Write as an old database (from before the constraint) or a hand-made UPDATE would: past the CHECK."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        else:  # PostgreSQL: dropped inside the test's transaction, which is rolled back afterwards
            table = Meeting._meta.db_table
            # The rows just made have deferred foreign-key checks pending, and PostgreSQL alters no table with
            # pending trigger events: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in ("meeting_start_in_range", "meeting_end_in_range"):
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{name}"')
            yield


BAD_STARTS = [
    dt.datetime(9999, 12, 31, 14, 15, tzinfo=STOCKHOLM),  # what the form accepted before
    dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC),  # cannot even be shown in Stockholm time
    dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC),
]


def _extreme(meeting: Meeting, start: dt.datetime) -> Meeting:
    with _checks_off():
        end = start + dt.timedelta(hours=2) if start.year == 1 else None  # after start: that check stays on
        Meeting.objects.filter(pk=meeting.pk).update(start=start, end=end)
    return meeting


@pytest.fixture
def good(body):
    return MeetingFactory(body=body, start=local(2024, 6, 3), agenda_published_at=local(2024, 5, 27))


def _events(client, url) -> list:
    response = client.get(url)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


@pytest.mark.parametrize("start", BAD_STARTS, ids=str)
def test_calendars_skip_a_meeting_whose_time_cannot_be_shown_and_list_the_rest(client, body, good, start, caplog):
    bad = _extreme(MeetingFactory(body=body, start=local(2024, 9, 1)), start)
    other_body = MeetingFactory(start=local(2024, 6, 4))

    with caplog.at_level(logging.WARNING, logger="meetings.ical"):
        everyone = _events(client, "/sammantraden/kalender.ics")
    assert {str(event["UID"]).split("@")[0] for event in everyone} == {
        f"sammantrade-{good.pk}",
        f"sammantrade-{other_body.pk}",
    }
    assert f"{bad.pk}" in caplog.text
    assert len(_events(client, f"/organ/{body.slug}/kalender.ics")) == 1
    assert _events(client, f"/sammantraden/{bad.pk}/kalender.ics") == []


@pytest.mark.parametrize("start", BAD_STARTS, ids=str)
def test_feeds_skip_a_meeting_whose_time_cannot_be_shown_and_list_the_rest(client, body, good, start):
    bad = MeetingFactory(body=body, start=local(2024, 9, 1), agenda_published_at=local(2024, 8, 25))
    posted_protocol(posted_on=dt.date(2024, 9, 9), meeting=bad)
    _extreme(bad, start)

    for url in ("/flode/", reverse("meetings:feed_body", kwargs={"slug": body.slug})):
        response = client.get(url)
        assert response.status_code == 200
        titles = [entry.title for entry in feedparser.parse(response.content).entries]
        assert titles == ["Ärendelista: Kommunstyrelsen, måndag 3 juni 2024"]


# An existing database ----------------------------------------------------------------------------------------------


def test_the_migration_moves_meetings_outside_the_range_to_its_edges_and_keeps_them(body):
    inside = MeetingFactory(body=body, start=local(2024, 5, 7))
    late = MeetingFactory(body=body, start=local(2024, 5, 8))
    also_late = MeetingFactory(body=body, start=local(2024, 5, 9))
    early = MeetingFactory(body=body, start=local(2024, 5, 10), end=local(2024, 5, 10, 16, 0))
    bad_end = MeetingFactory(body=body, start=local(2024, 5, 11))
    with _checks_off():
        Meeting.objects.filter(pk=late.pk).update(start=dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC))
        Meeting.objects.filter(pk=also_late.pk).update(start=dt.datetime(9999, 12, 31, 13, 15, tzinfo=STOCKHOLM))
        Meeting.objects.filter(pk=early.pk).update(start=dt.datetime(1, 1, 1, tzinfo=dt.UTC))
        Meeting.objects.filter(pk=bad_end.pk).update(end=dt.datetime(9999, 1, 1, tzinfo=dt.UTC))

    migration = importlib.import_module("meetings.migrations.0005_meeting_date_bounds")
    migration.clamp_out_of_range_meetings(apps, None)

    stored = {meeting.pk: meeting for meeting in Meeting.objects.all()}
    assert len(stored) == 5
    assert stored[inside.pk].start == local(2024, 5, 7) and stored[inside.pk].sequence == 0
    assert stored[late.pk].start == dt.datetime(2200, 12, 31, 12, 0, tzinfo=STOCKHOLM)
    assert stored[also_late.pk].start == dt.datetime(2200, 12, 31, 11, 59, tzinfo=STOCKHOLM)  # same body: a minute in
    assert (stored[early.pk].start, stored[early.pk].end) == (dt.datetime(1900, 1, 1, 12, 0, tzinfo=STOCKHOLM), None)
    assert (stored[bad_end.pk].start, stored[bad_end.pk].end) == (local(2024, 5, 11), None)
    assert all(stored[pk].sequence == 1 for pk in (late.pk, also_late.pk, early.pk, bad_end.pk))
    for meeting in stored.values():
        meeting.full_clean()  # what a secretary may save again
    assert Meeting.history.filter(id=late.pk, history_change_reason__startswith="Datumet låg utanför").exists()
