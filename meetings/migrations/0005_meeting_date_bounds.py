# Meetings lie between 1 January 1900 and 31 December 2200 (orebro_portal.lib.bounds): validators on the fields (and on
# a protocol's adjustment date, which a secretary types), and CHECK constraints on the meetings table (the same range
# widened by a day on each side, in UTC, so they need no time zone).
#
# A database may already hold meetings outside the range (before this change the form accepted 9999-12-31, and the
# admin anything). They are kept, not deleted (they may have items, documents and protocols) and the migration does
# not stop for them: each is moved to the nearest edge of the range — 12:00 on 1 January 1900 or on 31 December 2200,
# a minute further inside for each meeting of the same body already there — with its end cleared (it belonged to the
# old date); an end alone outside the range is cleared too. Its calendar SEQUENCE is raised and a history record
# ("Ändrad", by "Systemet") shows the secretary the old and the new start, so the meeting can be given its real date
# or removed.
# The pks are logged as a warning. Not reversible: the old values are in the history.
import datetime
import logging

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

import orebro_portal.lib.bounds

logger = logging.getLogger("meetings.migrations")

FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)
# Meetings near the ends of the range, read back and checked in local time (the rest cannot be outside it).
NEAR_FIRST = datetime.datetime(1900, 1, 2, tzinfo=datetime.UTC)
NEAR_LAST = datetime.datetime(2200, 12, 30, tzinfo=datetime.UTC)
REASON = "Datumet låg utanför 1900–2200 och flyttades till gränsen."


def _outside(value: datetime.datetime | None) -> bool:
    return value is not None and not orebro_portal.lib.bounds.datetime_in_range(value)


def clamp_out_of_range_meetings(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    HistoricalMeeting = apps.get_model("meetings", "HistoricalMeeting")
    near_edges = Q(start__lt=NEAR_FIRST) | Q(start__gte=NEAR_LAST) | Q(end__lt=NEAR_FIRST) | Q(end__gte=NEAR_LAST)
    moved = []
    for meeting in Meeting.objects.filter(near_edges).order_by("pk"):
        if not _outside(meeting.start) and not _outside(meeting.end):
            continue
        if _outside(meeting.start):
            early = orebro_portal.lib.bounds.local_date(meeting.start) < FIRST_DAY
            day, step = (FIRST_DAY, 1) if early else (LAST_DAY, -1)
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))
            while Meeting.objects.filter(body_id=meeting.body_id, start=start).exclude(pk=meeting.pk).exists():
                start += datetime.timedelta(minutes=step)
            meeting.start, meeting.end = start, None
        if _outside(meeting.end):
            meeting.end = None
        meeting.sequence += 1
        meeting.save(update_fields=["start", "end", "sequence", "updated_at"])
        HistoricalMeeting.objects.create(
            **{
                field.attname: getattr(meeting, field.attname)
                for field in HistoricalMeeting._meta.fields
                if not field.name.startswith("history_") and hasattr(meeting, field.attname)
            },
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=REASON[:100],
        )
        moved.append(meeting.pk)
    if moved:
        logger.warning("Meetings moved into the range 1900–2200 (their old dates are in the history): %s", moved)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_document_metadata_unread_pages")]

    operations = [
        migrations.RunPython(clamp_out_of_range_meetings, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalmeeting",
            name="end",
            field=models.DateTimeField(
                blank=True,
                null=True,
                validators=[orebro_portal.lib.bounds.DateRangeValidator("Slut")],
                verbose_name="slut",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmeeting",
            name="start",
            field=models.DateTimeField(
                validators=[orebro_portal.lib.bounds.DateRangeValidator("Början")], verbose_name="början"
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="end",
            field=models.DateTimeField(
                blank=True,
                null=True,
                validators=[orebro_portal.lib.bounds.DateRangeValidator("Slut")],
                verbose_name="slut",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="start",
            field=models.DateTimeField(
                validators=[orebro_portal.lib.bounds.DateRangeValidator("Början")], verbose_name="början"
            ),
        ),
        migrations.AlterField(
            model_name="historicalprotocol",
            name="adjusted_on",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[orebro_portal.lib.bounds.DateRangeValidator("Justeringsdatum")],
                verbose_name="justerat den",
            ),
        ),
        migrations.AlterField(
            model_name="protocol",
            name="adjusted_on",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[orebro_portal.lib.bounds.DateRangeValidator("Justeringsdatum")],
                verbose_name="justerat den",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start__gte", datetime.datetime(1899, 12, 31, 0, 0, tzinfo=datetime.UTC)),
                    ("start__lt", datetime.datetime(2201, 1, 2, 0, 0, tzinfo=datetime.UTC)),
                ),
                name="meeting_start_in_range",
                violation_error_message="Sammanträdet måste ligga mellan år 1900 och 2200.",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end__isnull", True),
                    models.Q(
                        ("end__gte", datetime.datetime(1899, 12, 31, 0, 0, tzinfo=datetime.UTC)),
                        ("end__lt", datetime.datetime(2201, 1, 2, 0, 0, tzinfo=datetime.UTC)),
                    ),
                    _connector="OR",
                ),
                name="meeting_end_in_range",
                violation_error_message="Sammanträdet måste ligga mellan år 1900 och 2200.",
            ),
        ),
    ]
