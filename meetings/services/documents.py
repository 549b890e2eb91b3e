"""Workflows of the meetings app: documents — uploading a PDF, reading its text, checking it before it becomes public,
changing and deleting it. Each is keyword-only (see CONVENTIONS.md).

A document that citizens see appear, change or go under a published agenda is a change of that agenda: it is
recorded by `services.meetings.agenda_change_record` ("Ändrad" on the page and in the feed, the subscribers told)."""

import contextlib
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orebro_portal.lib.pdf_reading import active_content_sentence
from orebro_portal.lib.tasks import QueueUnavailable, enqueue

from .. import pdf as _pdf
from ..models import AgendaItem, Document, Meeting
from ..pdf import PAGE_BREAK, PdfError, PdfInfo, check_upload, identity_number_places, read_pdf

__all__ = [
    "document_add",
    "document_delete",
    "document_extract",
    "document_personal_data_problems",
    "document_unread_pages_confirm",
    "document_unread_pages_risk",
    "document_update",
    "documents_check_personal_data",
    "documents_read_unread",
]


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

    The content is checked before anything is stored: a readable PDF within the limits (meetings.pdf), stored without
    what a PDF reader would run (JavaScript, launch actions, …). Size, sha256 and page count are those of the stored
    file. The same file twice under the same meeting or item is refused, naming the one stored, so an upload sent
    again (a retry, a double click) never makes a duplicate.

    The text (the slow part) is read by a Celery task, queued once the document has committed. Call this outside a
    transaction: then the queueing has happened when it returns. `document.notices` holds what the secretary should be
    told about the stored upload, in Swedish: what was removed from the file, and, when the broker could not take the
    task, that the text is read when the document is published (the check reads every unread document it is given).
    """
    if len(content) > settings.DOCUMENT_MAX_UPLOAD_BYTES:
        raise ValidationError(_("Filen ”%(title)s” är större än vad som tillåts.") % {"title": title})
    try:
        upload = check_upload(content)
    except PdfError as exc:
        raise ValidationError(exc.about(title)) from exc
    document = Document(
        title=title,
        kind=kind,
        meeting=meeting,
        agenda_item=agenda_item,
        size=len(upload.content),
        pages=upload.pages,
        sha256=hashlib.sha256(upload.content).hexdigest(),
        is_published=is_published,
    )
    document.full_clean(exclude=["file"])
    document.notices = []
    if upload.removed:
        document.notices.append(
            _("Ur filen ”%(title)s” togs bort: %(removed)s. Det som står på sidorna är oförändrat.")
            % {"title": title, "removed": active_content_sentence(list(upload.removed))}
        )
    with transaction.atomic():
        # One upload at a time per meeting, so two copies sent at once cannot both pass the duplicate check.
        Meeting.objects.select_for_update().filter(pk=(meeting or agenda_item.meeting).pk).first()
        _refuse_duplicate(document)
        public_at_once = document_is_public_at_once(document)
        if public_at_once:
            # Public the moment it is stored: read it now (OCR included), so a personnummer in it is caught before
            # anyone sees it.
            try:
                _apply_reading(document, read_pdf(upload.content))
            except PdfError as exc:
                raise ValidationError(exc.about(title)) from exc
            documents_check_personal_data(documents=[document], uploading=True)
        document.file.save(document.filename, ContentFile(upload.content), save=False)
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)  # no orphan file when the row could not be written
            raise
        if document.text_extracted_at is None:
            transaction.on_commit(lambda: _queue_text_reading(document))
        if public_at_once:
            _agenda_changed(document)
    return document


def _agenda_changed(document: Document) -> None:
    """The published agenda the document belongs to has changed (what citizens see of it did)."""
    from .meetings import agenda_change_record  # meetings.py imports this module: a top-level import is a cycle

    agenda_change_record(document.meeting_id or document.agenda_item.meeting_id)


def _refuse_duplicate(document: Document) -> None:
    place = {"agenda_item": document.agenda_item} if document.agenda_item else {"meeting": document.meeting}
    existing = Document.objects.filter(sha256=document.sha256, **place).first()
    if existing is not None:
        raise ValidationError(
            _(
                "Filen ”%(title)s” finns redan bland handlingarna här, som ”%(existing)s”, så den laddades inte upp "
                "en gång till. Ändra den handlingen om titel, typ eller publicering ska vara en annan."
            )
            % {"title": document.title, "existing": existing.title},
            code="duplicate",
        )


def _queue_text_reading(document: Document) -> None:
    from ..tasks import document_extract_text  # tasks.py imports this module: a top-level import is a cycle

    try:
        enqueue(document_extract_text, document.pk)
    except QueueUnavailable:
        # The document stays: it is a secretary's upload, complete but for its text, which the check reads whenever
        # the document is to become public. Nothing waits for the task.
        document.notices.append(
            _(
                "Handlingen ”%(title)s” är sparad, men bakgrundstjänsten kan inte nås just nu, så texten i den har "
                "inte lästs ännu. Den läses och kontrolleras när handlingen publiceras; du behöver inte ladda upp "
                "filen igen."
            )
            % {"title": document.title}
        )


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
    document.reading_error = ""


def document_extract(*, document: Document) -> Document:
    """Read a stored PDF: page count, text (scanned pages by OCR, where installed), metadata and the pages nobody
    could read. Idempotent; run by the Celery task after upload, and by the check when it finds a document unread.

    A file that cannot be read (a limit, a broken file) keeps its reason in `reading_error`, which the staff meeting
    page shows beside the document, and PdfError is raised."""
    with document.file.open("rb") as handle:
        content = handle.read()
    try:
        info = read_pdf(content)
    except PdfError as exc:
        document.reading_error = str(exc)
        _save_reading(document, ["reading_error"])
        raise
    _apply_reading(document, info)
    _save_reading(document, ["pages", "text", "text_extracted_at", "metadata", "unread_pages", "reading_error"])
    return document


def _save_reading(document: Document, fields: list[str]) -> None:
    # Saved, not update()d, so whatever follows saves (the search index) sees the text; no history row for it.
    document.skip_history_when_saving = True
    try:
        document.save(update_fields=fields)
    finally:
        del document.skip_history_when_saving


def documents_read_unread(documents) -> None:
    """Read the documents whose text has not been read yet, before a workflow's transaction: the text, or why it
    cannot be read, is kept whatever the workflow then decides, and no lock is held while PDFs are read."""
    for document in documents:
        if document.text_extracted_at is None:
            # A failure is kept in reading_error; the check names the document if it is to become public.
            with contextlib.suppress(PdfError):
                document_extract(document=document)


def _reading_problem(document: Document, reason: str) -> ValidationError:
    return ValidationError(
        _(
            "Handlingen ”%(title)s” kan inte läsas: %(reason)s Den kan inte publiceras förrän en fil som går att "
            "läsa har laddats upp i stället; avpublicera den eller ta bort den för att publicera resten."
        )
        % {"title": document.title, "reason": reason},
        code="unreadable",
    )


def documents_check_personal_data(*, documents, uploading: bool = False, reread: bool = True) -> None:
    """Refuse to make PDFs public that still contain a personnummer or samordningsnummer, or that have pages nobody
    could read (a scan where OCR is not installed) which no secretary has looked at yet.

    Called at every moment a document becomes public: the agenda published, a document published or uploaded under
    a published agenda, a secret item made public, the protocol posted. Raises ValidationError with one Swedish
    message per finding, naming the document and the page (or the metadata field). A document whose text has not been
    extracted yet (the Celery task is still queued) is read here, so the check never passes merely because a worker
    was slow; one that cannot be read is refused, naming it. `uploading`: the document is not stored yet, so the
    message says how to store it for a confirmation. `reread=False`: the caller has just tried to read the unread
    documents (`documents_read_unread`), so one whose reading failed is refused for the reason kept, without reading
    again.
    """
    problems = []
    for document in documents:
        # Read again when OCR has been installed since the task found pages it could not read: no confirmation is
        # needed for what the machine can now check itself. (A document being uploaded has just been read.)
        ocr_since = document.pk is not None and document.needs_unread_pages_confirmation and _pdf.ocr_available()
        if document.is_unreadable and not reread:
            problems.append(_reading_problem(document, document.reading_error))
            continue
        if document.text_extracted_at is None or ocr_since:
            try:
                document = document_extract(document=document)
            except PdfError as exc:
                problems.append(_reading_problem(document, str(exc)))
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
        try:
            document = document_extract(document=document)
        except PdfError as exc:
            raise _reading_problem(document, str(exc)) from exc
    if not document.unread_pages:
        raise ValidationError(_("Alla sidor i dokumentet kan läsas; det finns inget att bekräfta."), code="nothing")
    if document.unread_pages_confirmed_at is not None:
        return document
    document.unread_pages_confirmed_by, document.unread_pages_confirmed_at = user, timezone.now()
    document._history_user = user
    document.save(update_fields=["unread_pages_confirmed_by", "unread_pages_confirmed_at"])
    return document


def document_update(*, document: Document, title: str, kind: str, is_published: bool) -> Document:
    """Rename, retype, publish or withdraw a document; publishing under a public agenda checks for personnummer (the
    file read first, outside the transaction, if it has not been)."""
    was_published = document.is_published
    was_public = document_is_public_at_once(document)
    changed = (document.title, document.kind, document.is_published) != (title, kind, is_published)
    document.title, document.kind, document.is_published = title, kind, is_published
    becomes_public = not was_published and document_is_public_at_once(document)
    if becomes_public:
        documents_read_unread([document])
    with transaction.atomic():
        if becomes_public:
            documents_check_personal_data(documents=[document], reread=False)
        document.full_clean(exclude=["file"])
        document.save(update_fields=["title", "kind", "is_published"])
        if changed and (was_public or document_is_public_at_once(document)):
            _agenda_changed(document)
    return document


@transaction.atomic
def document_delete(*, document: Document) -> None:
    file = document.file
    was_public = document_is_public_at_once(document)
    if was_public:
        _agenda_changed(document)
    document.delete()
    transaction.on_commit(lambda: file.delete(save=False))
