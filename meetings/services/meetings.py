"""Workflows of the meetings app: meetings and their agendas. Each is atomic and keyword-only (see CONVENTIONS.md);
the documents' are in `documents.py`.

A published agenda can still change (an item added, edited, moved or removed, a document published or removed):
each such change goes through `agenda_change_record`, so citizens see "Ändrad" with the date on the meeting's page
and in the feed, and the subscribers are told (the alert task decides how often a subscriber is mailed)."""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from orebro_portal.lib.tasks import QueueUnavailable, enqueue

from ..models import AgendaItem, Body, Document, Meeting
from .documents import documents_check_personal_data, documents_read_unread
from .notices import meeting_notice_follow, meeting_notice_post, meeting_notice_withdraw

__all__ = [
    "agenda_change_record",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_publish",
    "meeting_cancel",
    "meeting_create",
    "meeting_move",
    "meeting_update",
]

logger = logging.getLogger(__name__)


def _revise(meeting: Meeting, **changes) -> list[str]:
    """Apply what citizens see; raise the calendar SEQUENCE once if anything of it changed. Returns the fields."""
    if any(getattr(meeting, field) != value for field, value in changes.items()):
        meeting.sequence += 1
    for field, value in changes.items():
        setattr(meeting, field, value)
    return [*changes, "sequence", "updated_at"]


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting; the reason is shown to citizens and calendars receive STATUS:CANCELLED."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    fields = _revise(meeting, status=Meeting.Status.CANCELLED, status_note=reason)
    meeting.save(update_fields=fields)
    return meeting


@transaction.atomic
def meeting_move(*, meeting: Meeting, start: datetime, end: datetime | None = None, reason: str) -> Meeting:
    """Move a meeting to a new time; calendars that subscribed see the new time (raised SEQUENCE)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    fields = _revise(meeting, start=start, end=end, status=Meeting.Status.MOVED, status_note=reason)
    meeting.full_clean()
    meeting.save(update_fields=fields)
    meeting_notice_follow(meeting=meeting)  # a council meeting's notice stays up until the new day has passed
    return meeting


@transaction.atomic
def meeting_create(
    *, body: Body, start: datetime, end: datetime | None = None, place: str = "", is_public: bool = False
) -> Meeting:
    """A planned meeting; citizens see its date at once, its agenda only when published."""
    meeting = Meeting(body=body, start=start, end=end, place=place, is_public=is_public)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, **changes) -> Meeting:
    """Change what the form allows (place, end, public, and the start before the agenda is out); calendars that
    subscribed get the change through a raised SEQUENCE."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if "start" in changes and meeting.has_agenda and changes["start"] != meeting.start:
        raise ValidationError(
            _("Ärendelistan är publicerad: använd ”Flytta” och skriv varför, så ser medborgarna det.")
        )
    fields = _revise(meeting, **changes)
    meeting.full_clean()
    meeting.save(update_fields=fields)
    return meeting


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(highest=Max("position"))["highest"] or 0) + 1


def agenda_change_record(meeting_id: int) -> bool:
    """Record that a published agenda has changed: `Meeting.agenda_changed_at` is now, and the alert task
    ("agenda_changed") is queued once the change commits. Nothing happens to an agenda that is not published yet.

    Called inside the changing workflow's transaction, once per change. A broker that cannot take the task does not
    undo or block the change (it is a correction citizens must see whether or not a mail goes out): it is logged.
    Returns whether the agenda was published."""
    meeting = Meeting.objects.select_for_update().filter(pk=meeting_id, agenda_published_at__isnull=False).first()
    if meeting is None:
        return False
    meeting.agenda_changed_at = timezone.now()
    meeting.save(update_fields=["agenda_changed_at", "updated_at"])
    transaction.on_commit(lambda: _agenda_change_alert_queue(meeting_id))
    return True


def _agenda_change_alert_queue(meeting_id: int) -> None:
    from ..tasks import publication_alert_send  # tasks.py imports the services: a cycle

    try:
        enqueue(publication_alert_send, "agenda_changed", meeting_id)
    except QueueUnavailable:
        logger.warning("meeting %s: the agenda changed, but the alert task could not be queued", meeting_id)


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, **fields) -> AgendaItem:
    """Add an item last on the agenda."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one writer of positions at a time
    item = AgendaItem(meeting=meeting, position=_next_position(meeting), **fields)
    item.full_clean()
    item.save()
    agenda_change_record(meeting.pk)
    return item


def agenda_item_update(*, item: AgendaItem, **fields) -> AgendaItem:
    """Change an item. Making a secret item of a published agenda public makes its published documents public: they
    are checked for personnummer first (read before, outside the transaction, if not read yet), and the item stays
    secret if one is found or cannot be read."""
    published = Document.objects.filter(agenda_item=item, is_published=True)
    if fields.get("is_public") and item.meeting.has_agenda:
        documents_read_unread(published)
    with transaction.atomic():
        # Compared with what is stored: a ModelForm has already written the new values into `item`.
        stored = AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
        was_public = stored.is_public if stored is not None else None
        for name, value in fields.items():
            setattr(item, name, value)
        item.full_clean()
        if item.is_public and was_public is False and item.meeting.has_agenda:
            documents_check_personal_data(documents=published.all(), reread=False)
        item.save()
        if stored is not None and _visible_change(stored, item, fields):
            agenda_change_record(item.meeting_id)
    return item


def _visible_change(stored: AgendaItem, item: AgendaItem, fields: dict) -> bool:
    """Does the change show on the public agenda? Of an item that is secret before and after, only the number does
    (the rest reads "Sekretessärende"); a form saved unchanged changes nothing."""
    names = fields if stored.is_public or item.is_public else [name for name in fields if name == "number"]
    return any(getattr(stored, name) != getattr(item, name) for name in names)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap an item with its neighbour above or below; at the top or bottom nothing happens."""
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    item = AgendaItem.objects.get(pk=item.pk)
    siblings = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        return item
    # (meeting, position) is unique and checked row by row: park one item on a free position while swapping.
    mine, theirs = item.position, neighbour.position
    item.position = _next_position(item.meeting)
    item.save(update_fields=["position"])
    neighbour.position = mine
    neighbour.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    agenda_change_record(item.meeting_id)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    """Remove an item and its documents (their files too, once the deletion has committed)."""
    files = [document.file for document in item.documents.all()]
    meeting_id = item.meeting_id
    item.delete()
    agenda_change_record(meeting_id)
    for file in files:
        transaction.on_commit(lambda file=file: file.delete(save=False))


def agenda_publish(*, meeting: Meeting, urgent: bool = False) -> Meeting:
    """Make the agenda public: the items, and the published documents of the meeting and of its public items.

    Refused when the meeting is cancelled, has no items and no documents, or when a PDF that would become public
    still contains a personnummer or cannot be read (named; documents that stay hidden do not matter). Documents not
    read yet are read first, outside the transaction, so what is found is kept either way.

    Subscribers of the body get a mail: the task is queued once the publication has committed. If the broker cannot
    take it, the publication is undone and refused with a Swedish message to try again, rather than left public
    with nobody ever told (the agenda was public for that moment; publishing again sends the mails). Call this outside
    a transaction.
    """
    documents_read_unread(Document.objects.published_for(meeting))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.has_agenda:
            raise ValidationError(_("Ärendelistan är redan publicerad."))
        if meeting.is_cancelled:
            raise ValidationError(_("Sammanträdet är inställt; dess ärendelista kan inte publiceras."))
        if not meeting.items.exists() and not meeting.documents.exists():
            raise ValidationError(_("Ärendelistan är tom: lägg till ärenden eller ladda upp ärendelistan som PDF."))
        documents_check_personal_data(documents=Document.objects.published_for(meeting), reread=False)
        meeting.agenda_published_at = timezone.now()
        meeting.save(update_fields=["agenda_published_at", "updated_at"])
        # A council meeting is announced on the notice board with its matters (Kommunallagen 5 kap.; docs/0016).
        meeting_notice_post(meeting=meeting, urgent=urgent)

    from ..tasks import publication_alert_send

    try:
        enqueue(publication_alert_send, "agenda", meeting.pk, undo=lambda: _agenda_withdraw(meeting))
    except QueueUnavailable as exc:
        raise ValidationError(
            _(
                "Ärendelistan är inte publicerad: bakgrundstjänsten som skickar mejl till dem som bevakar organet "
                "kan inte nås just nu. Försök igen om en stund."
            ),
            code="queue_unavailable",
        ) from exc
    return meeting


def _agenda_withdraw(meeting: Meeting) -> None:
    """Undo agenda_publish when its alerts could not be queued (saved, so history and search index follow)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.agenda_published_at = None
        meeting.save(update_fields=["agenda_published_at", "updated_at"])
        meeting_notice_withdraw(meeting=meeting)
