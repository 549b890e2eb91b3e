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

from .. import pdf as _pdf
from ..models import AgendaItem, Body, Document, Meeting
from ..pdf import PAGE_BREAK, PdfError, PdfInfo, count_pages, identity_number_places, read_pdf

__all__ = [
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_publish",
    "document_add",
    "document_delete",
    "document_extract",
    "document_personal_data_problems",
    "document_unread_pages_confirm",
    "document_unread_pages_risk",
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
        # Public the moment it is stored: read it now (OCR included), so a personnummer in it is caught before anyone
        # sees it.
        _apply_reading(document, read_pdf(content))
        documents_check_personal_data(documents=[document], uploading=True)
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


def _apply_reading(document: Document, info: PdfInfo) -> None:
    document.pages, document.text, document.text_extracted_at = info.pages, info.text, timezone.now()
    document.metadata, document.unread_pages = info.metadata, list(info.unread_pages)


def document_extract(*, document: Document) -> Document:
    """Read a stored PDF: page count, text (scanned pages by OCR, where installed), metadata and the pages nobody
    could read. Idempotent; run by the Celery task after upload, and by the check when it finds a document unread."""
    with document.file.open("rb") as handle:
        info = read_pdf(handle.read())
    _apply_reading(document, info)
    # Saved, not update()d, so whatever follows saves (the search index) sees the text; no history row for it.
    document.skip_history_when_saving = True
    try:
        document.save(update_fields=["pages", "text", "text_extracted_at", "metadata", "unread_pages"])
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


def documents_check_personal_data(*, documents, uploading: bool = False) -> None:
    """Refuse to make PDFs public that still contain a personnummer or samordningsnummer, or that have pages nobody
    could read (a scan where OCR is not installed) which no secretary has looked at yet.

    Called at every moment a document becomes public: the agenda published, a document published or uploaded under
    a published agenda, a secret item made public, the protocol posted. Raises ValidationError with one Swedish
    message per finding, naming the document and the page (or the metadata field). A document whose text has not been
    extracted yet (the Celery task is still queued) is read here, so the check never passes merely because a worker
    was slow. `uploading`: the document is not stored yet, so the message says how to store it for a confirmation.
    """
    problems = []
    for document in documents:
        # Read again when OCR has been installed since the task found pages it could not read: no confirmation is
        # needed for what the machine can now check itself. (A document being uploaded has just been read.)
        ocr_since = document.pk is not None and document.needs_unread_pages_confirmation and _pdf.ocr_available()
        if document.text_extracted_at is None or ocr_since:
            try:
                document = document_extract(document=document)
            except PdfError as exc:
                problems.append(
                    ValidationError(
                        _("Dokumentet ”%(title)s” kan inte läsas: %(reason)s")
                        % {"title": document.title, "reason": exc}
                    )
                )
                continue
        problems.extend(document_personal_data_problems(document))
        if document.needs_unread_pages_confirmation:
            problems.append(ValidationError(_unread_pages_refusal(document, uploading=uploading), code="unread_pages"))
    if problems:
        raise ValidationError(problems)


def _listed(values: list[str]) -> str:
    if len(values) == 1:
        return values[0]
    return _("%(values)s och %(last)s") % {"values": ", ".join(values[:-1]), "last": values[-1]}


def document_personal_data_problems(document: Document) -> list[ValidationError]:
    """The pages and metadata fields of the (extracted) document that hold a personnummer, in one error naming them
    all ("på sidan 2 och i dokumentets metadata (Title)"); no error for a clean document."""
    places = identity_number_places(document.text.split(PAGE_BREAK), document.metadata or {})
    if not places:
        return []
    pages = [str(place.page) for place in places if place.page is not None]
    fields = [place.metadata_field for place in places if place.page is None]
    where = []
    if pages:
        where.append(
            (_("på sidan %(pages)s") if len(pages) == 1 else _("på sidorna %(pages)s")) % {"pages": _listed(pages)}
        )
    if fields:
        where.append(_("i dokumentets metadata (%(fields)s)") % {"fields": ", ".join(fields)})
    advice = (
        _("Maskera det i PDF-filen och ladda upp den igen.")
        if not fields
        else _("Ta bort det ur PDF-filen och ur filens egenskaper (metadata) och ladda upp den igen.")
    )
    message = _("Dokumentet ”%(title)s” innehåller ett personnummer eller samordningsnummer %(where)s. %(advice)s") % {
        "title": document.title,
        "where": _listed(where),
        "advice": advice,
    }
    return [ValidationError(message, code="personal_data")]


def document_unread_pages_risk(document: Document) -> str:
    """The risk a secretary takes on by confirming a document's unread pages, in one Swedish sentence."""
    pages = [str(page) for page in document.unread_pages]
    if len(pages) == 1:
        where = _("Sidan %(page)s i ”%(title)s” har") % {"page": pages[0], "title": document.title}
    else:
        where = _("Sidorna %(pages)s i ”%(title)s” har") % {"pages": _listed(pages), "title": document.title}
    return _("%(where)s ingen textrad som kan läsas; portalen kan inte se om den innehåller personnummer.") % {
        "where": where
    }


def _unread_pages_refusal(document: Document, *, uploading: bool) -> str:
    if uploading:  # not stored yet, so there is nothing to confirm: say how to get there
        then = _(
            "Ladda upp filen utan att publicera den, läs sidorna och bekräfta på sammanträdets sida att de inte "
            "innehåller personnummer; publicera den sedan."
        )
    else:
        then = _(
            "Läs sidorna och bekräfta på sammanträdets sida (”Granska sidorna”) att de inte innehåller "
            "personnummer innan dokumentet publiceras."
        )
    return f"{document_unread_pages_risk(document)} {then}"


@transaction.atomic
def document_unread_pages_confirm(*, document: Document, user) -> Document:
    """A secretary has looked at the pages no machine could read and says they hold no personnummer: recorded, with
    who and when, in the document's history; from now on they do not stop the document from becoming public."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.text_extracted_at is None:
        document = document_extract(document=document)
    if not document.unread_pages:
        raise ValidationError(_("Alla sidor i dokumentet kan läsas; det finns inget att bekräfta."), code="nothing")
    if document.unread_pages_confirmed_at is not None:
        return document
    document.unread_pages_confirmed_by, document.unread_pages_confirmed_at = user, timezone.now()
    document._history_user = user
    document.save(update_fields=["unread_pages_confirmed_by", "unread_pages_confirmed_at"])
    return document


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
    """Change an item. Making a secret item of a published agenda public makes its published documents public: they
    are checked for personnummer first, and the item stays secret if one is found."""
    # Compared with what is stored: a ModelForm has already written the new values into `item`.
    was_public = AgendaItem.objects.select_for_update().filter(pk=item.pk).values_list("is_public", flat=True).first()
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    if item.is_public and was_public is False and item.meeting.has_agenda:
        documents_check_personal_data(documents=Document.objects.filter(agenda_item=item, is_published=True))
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
