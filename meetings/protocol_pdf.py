"""The public protocol as a PDF: tagged (PDF/UA-1), in Swedish, with personal data masked.

A posted protocol never changes, so its PDF is rendered once, on the first request, and kept in `Protocol.pdf`.
The HTML it is made from is given the protocol's public projection (`PublicProtocol`), exactly like the web page, so
the PDF's text layer and its metadata hold nothing the page does not show. Its links point at the portal's
configured address (`PORTAL_BASE_URL`): the PDF is made by a worker that has no request to take a host from.
"""

import logging
from urllib.parse import urljoin

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint.urls import FatalURLFetchingError

from orebro_portal.lib.formatting import sv_date, sv_file_label
from orebro_portal.lib.pdf import PDF_CONTENT_TYPE, PDF_VARIANT, StaticFilesFetcher
from orebro_portal.lib.pdf import static_file_path as _static_file_path

from .models import Protocol
from .public import PublicProtocol, protocol_prefetch

logger = logging.getLogger(__name__)


class ProtocolPdfError(RuntimeError):
    """The PDF could not be made; nothing was stored."""


def protocol_title(protocol: PublicProtocol) -> str:
    """ "Protokoll – Kommunstyrelsen, måndag 3 juni 2024": the heading of the page and the PDF."""
    return _("Protokoll – %(body)s, %(date)s") % {
        "body": protocol.meeting.body.name.line,
        "date": sv_date(protocol.meeting.start),
    }


def shows_example_people(protocol: PublicProtocol) -> bool:
    """Does the protocol name any invented person (`Person.is_example`, the demo rosters)? Then the page and the PDF
    say so. Reads only what `protocol_prefetch()` has fetched: the attendance, the approvals and each paragraph's
    proposals, ballots and statements."""
    memberships = [row.membership for row in protocol.attendance]
    people = [membership.person for membership in memberships]
    people += [approval.person for approval in protocol.approvals]
    for paragraph in protocol.paragraphs:
        people += [proposal.membership.person for proposal in paragraph.proposals if proposal.membership]
        people += [ballot.membership.person for vote in paragraph.votes for ballot in vote.ballots]
        people += [statement.membership.person for statement in paragraph.statements]
    return any(person.is_example for person in people)


def protocol_document_title(protocol: PublicProtocol) -> str:
    """The PDF's document title; a corrected version says so, as its file may be saved next to the first one."""
    title = protocol_title(protocol)
    if protocol.version > 1:
        title = _("%(title)s, rättad version %(version)s") % {"title": title, "version": protocol.version}
    return title


def pdf_filename(protocol: Protocol) -> str:
    """ "protokoll-kommunstyrelsen-2024-06-03-v1.pdf"."""
    day = timezone.localtime(protocol.meeting.start).date()
    return f"protokoll-{protocol.meeting.body.slug}-{day:%Y-%m-%d}-v{protocol.version}.pdf"


def pdf_file_label(protocol: Protocol) -> str:
    """ "Pdf, 45,2 kB" once the PDF is stored; "" before, or if the stored file has gone missing."""
    if not protocol.pdf:
        return ""
    try:
        size = protocol.pdf.size
    except OSError:
        return ""
    return sv_file_label(PDF_CONTENT_TYPE, size)


def protocol_pdf_bytes(protocol: Protocol) -> bytes:
    """The public PDF of a posted `protocol`: PDF/UA-1, language sv, titled, with page numbers, personal data masked."""
    # One query per table, not per member or paragraph; none for what the caller has already prefetched.
    prefetch_related_objects([protocol], *protocol_prefetch())
    public = PublicProtocol.of(protocol)
    if public is None:
        raise ValueError("only a posted protocol has a public PDF")
    base_url = settings.PORTAL_BASE_URL + "/"
    with translation.override("sv"):
        html = render_to_string(
            "meetings/protocol_pdf.html",
            {
                "protocol": public,
                "meeting": public.meeting,
                "posting": public.posting,
                "paragraphs": public.paragraphs,
                "title": protocol_title(public),
                "document_title": protocol_document_title(public),
                "example_people": shows_example_people(public),
                "page_url": urljoin(base_url, public.get_absolute_url()),
            },
        )
    # `_static_file_path` is looked up here, at call time, so that a test can patch it in this module.
    fetcher = StaticFilesFetcher(base_url, find=_static_file_path)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    try:
        return document.write_pdf(pdf_variant=PDF_VARIANT)
    except FatalURLFetchingError as exc:
        # A BaseException: turned into an ordinary error so that Django's error handling sees it.
        raise ProtocolPdfError(f"protocol {protocol.pk}: {exc}") from exc


def protocol_pdf_store(*, protocol: Protocol) -> None:
    """Render the PDF of a posted protocol into `protocol.pdf`, unless it is stored already.

    Stored once and for good: a posted protocol is never edited (a correction is a new version). The row is updated
    with `update()`, not `save()`: the file is derived data, so it should neither add a history record nor move
    `updated_at`. Two requests racing to store the first copy both render; the one that loses keeps the winner's.
    """
    if not protocol.is_posted:
        raise ValueError("only a posted protocol has a public PDF")
    previous = protocol.pdf.name or ""
    if previous and protocol.pdf.storage.exists(previous):
        return
    if previous:
        logger.error("stored PDF of protocol %s is missing at %s; rendering it again", protocol.pk, previous)
    data = protocol_pdf_bytes(protocol)
    protocol.pdf.save(pdf_filename(protocol), ContentFile(data), save=False)
    stored = Protocol.objects.filter(pk=protocol.pk, pdf=previous).update(pdf=protocol.pdf.name)
    if not stored:
        protocol.pdf.storage.delete(protocol.pdf.name)
        protocol.pdf = Protocol.objects.values_list("pdf", flat=True).get(pk=protocol.pk)
