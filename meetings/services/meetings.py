"""Workflows of the meetings app: each is atomic and keyword-only (see CONVENTIONS.md)."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AgendaItem, Document, Meeting
from ..pdf import PdfError, count_pages, read_pdf

__all__ = [
    "document_add",
    "document_extract",
    "documents_check_personal_data",
    "meeting_cancel",
    "meeting_move",
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
    document.file.save(document.filename, ContentFile(content), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)  # no orphan file when the row could not be written
        raise

    from ..tasks import document_extract_text  # tasks.py imports this module: a top-level import would be a cycle

    document_extract_text.delay_on_commit(document.pk)
    return document


def document_extract(*, document: Document) -> Document:
    """Fill in the text (and re-check the page count) of a stored PDF; idempotent."""
    with document.file.open("rb") as handle:
        info = read_pdf(handle.read())
    extracted_at = timezone.now()
    Document.objects.filter(pk=document.pk).update(pages=info.pages, text=info.text, text_extracted_at=extracted_at)
    document.pages, document.text, document.text_extracted_at = info.pages, info.text, extracted_at
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
                        _("Dokumentet ”%(title)s” innehåller ett personnummer eller samordningsnummer på sidan "
                          "%(page)s. Maskera det i PDF-filen och ladda upp den igen.")
                        % {"title": document.title, "page": page_number}
                    )
                )
                break
    if problems:
        raise ValidationError(problems)
