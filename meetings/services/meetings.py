"""Workflows of the meetings app: each is atomic and keyword-only (see CONVENTIONS.md)."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AgendaItem, Body, Document, Meeting
from ..pdf import PdfError, count_pages, read_pdf

__all__ = [
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_publish",
    "document_add",
    "document_delete",
    "document_extract",
    "document_update",
    "documents_check_personal_data",
    "meeting_cancel",
    "meeting_create",
    "meeting_move",
    "meeting_update",
]


@transaction.atomic
def document_add(
    *,
    title: str,
    kind: Document.Kind,
    content: bytes,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    is_published: bool = False,
) -> Document:
    """Store a PDF for a meeting or an agenda item.

    The content is checked to be a readable PDF before anything is stored; size, sha256 and page count are recorded
    at once, the text (the slow part) is extracted by a Celery task once the transaction has committed.
    """
    if len(content) > settings.DOCUMENT_MAX_UPLOAD_BYTES:
        raise ValidationError(_("Filen ”%(title)s” är större än vad som tillåts.") % {"title": title})
    try:
        pages = count_pages(content)
    except PdfError as exc:
        raise ValidationError(
            _("Filen ”%(title)s” kan inte användas: %(reason)s") % {"title": title, "reason": exc}
        ) from exc
    document = Document(
        title=title,
        kind=kind,
        meeting=meeting,
        agenda_item=agenda_item,
        size=len(content),
        pages=pages,
        sha256=hashlib.sha256(content).hexdigest(),
        is_published=is_published,
    )
    document.full_clean(exclude=["file"])
    if document_is_public_at_once(document):
        # Public the moment it is stored: read the text now, so a personnummer in it is caught before anyone sees it.
        info = read_pdf(content)
        document.text, document.text_extracted_at = info.text, timezone.now()
        documents_check_personal_data(documents=[document])
    document.file.save(document.filename, ContentFile(content), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)  # no orphan file when the row could not be written
        raise

    if document.text_extracted_at is None:
        from ..tasks import document_extract_text  # tasks.py imports this module: a top-level import is a cycle

        document_extract_text.delay_on_commit(document.pk)
    return document


def document_is_public_at_once(document: Document) -> bool:
    """Would the document be visible to citizens as soon as it is saved?"""
    if not document.is_published:
        return False
    if document.agenda_item is not None:
        return document.agenda_item.is_public and document.agenda_item.meeting.has_agenda
    return document.meeting.has_agenda


def document_extract(*, document: Document) -> Document:
    """Fill in the text (and re-check the page count) of a stored PDF; idempotent."""
    with document.file.open("rb") as handle:
        info = read_pdf(handle.read())
    extracted_at = timezone.now()
    document.pages, document.text, document.text_extracted_at = info.pages, info.text, extracted_at
    # Saved, not update()d, so whatever follows saves (the search index) sees the text; no history row for it.
    document.skip_history_when_saving = True
    try:
        document.save(update_fields=["pages", "text", "text_extracted_at"])
    finally:
        del document.skip_history_when_saving
    return document


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
    return meeting


def documents_check_personal_data(*, documents) -> None:
    """Refuse to publish PDFs that still contain a personnummer or samordningsnummer.

    Raises ValidationError with one Swedish message per finding, naming the document and the page. A document whose
    text has not been extracted yet (the Celery task is still queued) is read here, so the check never passes
    merely because a worker was slow.
    """
    from ..masking import find_identity_numbers

    problems = []
    for document in documents:
        if document.text_extracted_at is None:
            document = document_extract(document=document)
        for page_number, page_text in enumerate(document.text.split("\f"), start=1):
            if find_identity_numbers(page_text):
                problems.append(
                    ValidationError(
                        _(
                            "Dokumentet ”%(title)s” innehåller ett personnummer eller samordningsnummer på sidan "
                            "%(page)s. Maskera det i PDF-filen och ladda upp den igen."
                        )
                        % {"title": document.title, "page": page_number}
                    )
                )
                break
    if problems:
        raise ValidationError(problems)


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


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, **fields) -> AgendaItem:
    """Add an item last on the agenda."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one writer of positions at a time
    item = AgendaItem(meeting=meeting, position=_next_position(meeting), **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, **fields) -> AgendaItem:
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


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
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    """Remove an item and its documents (their files too, once the deletion has committed)."""
    files = [document.file for document in item.documents.all()]
    item.delete()
    for file in files:
        transaction.on_commit(lambda file=file: file.delete(save=False))


@transaction.atomic
def agenda_publish(*, meeting: Meeting) -> Meeting:
    """Make the agenda public: the items, and the published documents of the meeting and of its public items.

    Refused when the meeting is cancelled, has no items and no documents, or when a PDF that would become public
    still contains a personnummer. Subscribers of the body get a mail once the transaction has committed.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.has_agenda:
        raise ValidationError(_("Ärendelistan är redan publicerad."))
    if meeting.is_cancelled:
        raise ValidationError(_("Sammanträdet är inställt; dess ärendelista kan inte publiceras."))
    if not meeting.items.exists() and not meeting.documents.exists():
        raise ValidationError(_("Ärendelistan är tom: lägg till ärenden eller ladda upp ärendelistan som PDF."))
    documents_check_personal_data(documents=Document.objects.published_for(meeting))
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at", "updated_at"])

    from ..tasks import publication_alert_send

    publication_alert_send.delay_on_commit("agenda", meeting.pk)
    return meeting


@transaction.atomic
def document_update(*, document: Document, title: str, kind: str, is_published: bool) -> Document:
    """Rename, retype, publish or withdraw a document; publishing under a public agenda checks for personnummer."""
    was_published = document.is_published
    document.title, document.kind, document.is_published = title, kind, is_published
    if not was_published and document_is_public_at_once(document):
        documents_check_personal_data(documents=[document])
    document.full_clean(exclude=["file"])
    document.save(update_fields=["title", "kind", "is_published"])
    return document


@transaction.atomic
def document_delete(*, document: Document) -> None:
    file = document.file
    document.delete()
    transaction.on_commit(lambda: file.delete(save=False))
