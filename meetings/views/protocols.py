"""The public protocol (web page and PDF); the notice board (anslagstavla) is in `views.notices`.

Only versions that have been posted on the notice board are public; a draft or an adjusted protocol that is not
posted yet is a 404, as if it did not exist.
"""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from orebro_portal.lib import params

from ..models import Protocol
from ..protocol_pdf import (
    PDF_CONTENT_TYPE,
    pdf_file_label,
    pdf_filename,
    protocol_pdf_store,
    protocol_title,
    shows_example_people,
)
from ..public import PublicProtocol, project, protocol_prefetch

logger = logging.getLogger(__name__)


def _posted_versions(meeting_pk: int) -> list[Protocol]:
    """Every posted version of the meeting's protocol, oldest first, with what the page shows about each.

    The paragraphs of every version come in one query: a correction note is masked with the names marked in its own
    version, so the list of versions needs them too."""
    return list(
        Protocol.objects.posted()
        .filter(meeting_id=params.path_id(meeting_pk))
        .select_related("meeting__body", "posting")
        .prefetch_related(*protocol_prefetch())
        .order_by("version")
    )


def _protocol_page(request, protocol: Protocol, versions: list[Protocol]):
    public_versions = project(PublicProtocol, versions)
    public = next(version for version in public_versions if version.pk == protocol.pk)
    latest = public_versions[-1]
    return render(
        request,
        "meetings/protocol_detail.html",
        {
            "protocol": public,
            "meeting": public.meeting,
            "posting": public.posting,
            "paragraphs": public.paragraphs,
            "versions": public_versions,
            "latest": latest,
            "superseded": public.version < latest.version,
            "title": protocol_title(public),
            "example_people": shows_example_people(public),
            "pdf_label": pdf_file_label(protocol),  # the stored file's size
        },
    )


@require_safe
def protocol_latest(request, pk):
    versions = _posted_versions(pk)
    if not versions:
        raise Http404
    return _protocol_page(request, versions[-1], versions)


@require_safe
def protocol_version(request, pk, version):
    versions = _posted_versions(pk)
    protocol = next((p for p in versions if p.version == version), None)
    if protocol is None:
        raise Http404
    return _protocol_page(request, protocol, versions)


@require_safe
def protocol_pdf(request, pk, version):
    # The bare row: a stored PDF is served as it is, and rendering one fetches what it shows (protocol_pdf_bytes).
    protocol = (
        Protocol.objects.posted()
        .select_related("meeting__body", "posting")
        .filter(meeting_id=params.path_id(pk), version=version)
        .first()
    )
    if protocol is None:
        raise Http404
    protocol_pdf_store(protocol=protocol)
    try:
        handle = protocol.pdf.open("rb")
    except FileNotFoundError as exc:
        logger.error("protocol %s has no PDF file at %s", protocol.pk, protocol.pdf.name)
        raise Http404 from exc
    response = FileResponse(handle, content_type=PDF_CONTENT_TYPE, filename=pdf_filename(protocol))
    # A posted version never changes; a correction gets a new version, and so a new address.
    response["Cache-Control"] = "public, max-age=86400"
    return response
