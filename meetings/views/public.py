"""Public pages about bodies and their meetings. Everything here is readable by anyone.

The templates get projections (`meetings.public`), never model instances: whatever staff wrote reaches them masked.
"""

import logging
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from orebro_portal.lib import params
from orebro_portal.lib.bounds import FIRST_YEAR, LAST_YEAR

from ..filters import MeetingFilter
from ..ical import build_calendar
from ..models import AgendaItem, Body, Document, Meeting, Posting
from ..protocol_pdf import pdf_file_label
from ..public import (
    PublicBody,
    PublicDocument,
    PublicMeeting,
    PublicPosting,
    PublicProtocol,
    project,
    public_documents_prefetch,
)

MEETINGS_PER_PAGE = 50
logger = logging.getLogger(__name__)


def _calendar_links(request, ics_path: str) -> dict:
    """The .ics address, and the same as webcal:// so that a click opens a subscription in the calendar app."""
    absolute = request.build_absolute_uri(ics_path)
    return {"ics_url": ics_path, "webcal_url": "webcal://" + absolute.split("://", 1)[1]}


def _meetings(queryset) -> list[PublicMeeting]:
    return project(PublicMeeting, queryset)


@require_safe
def home(request):
    meetings = Meeting.objects.for_listing()
    upcoming = _meetings(meetings.upcoming()[:6])
    latest = [] if upcoming else _meetings(meetings.latest_first()[:6])
    latest_agendas = _meetings(meetings.with_agenda().order_by("-agenda_published_at", "-start")[:5])
    return render(
        request,
        "meetings/home.html",
        {"upcoming": upcoming, "latest": latest, "latest_agendas": latest_agendas},
    )


@dataclass
class BodyNode:
    """A body in the tree of the body list, with the bodies under it."""

    body: PublicBody
    children: list["BodyNode"] = field(default_factory=list)


@require_safe
def body_list(request):
    bodies = list(Body.objects.all())
    nodes = {body.pk: BodyNode(PublicBody(body)) for body in bodies}
    for body in bodies:
        if body.parent_id in nodes:
            nodes[body.parent_id].children.append(nodes[body.pk])
    roots = [nodes[body.pk] for body in bodies if body.parent_id is None]
    return render(
        request,
        "meetings/body_list.html",
        {
            "organisation": [node for node in roots if not node.body.is_collaboration],
            "collaboration": [node for node in roots if node.body.is_collaboration],
        },
    )


def _meeting_years(body: Body) -> list[dict]:
    return list(
        body.meetings.annotate(year=ExtractYear("start")).values("year").annotate(count=Count("pk")).order_by("-year")
    )


def _chosen_year(requested: int | None, years: list[int]) -> int | None:
    """The year asked for, if it has meetings; else this year if it has; else the nearest coming year; else the
    latest. (A year without meetings is not an error: the page shows the one nearest to now.)"""
    if requested in years:
        return requested
    if not years:
        return None
    this_year = timezone.localdate().year
    if this_year in years:
        return this_year
    coming = [y for y in years if y > this_year]
    return min(coming) if coming else max(years)


@dataclass(frozen=True)
class DocumentRow:
    """A document listed on a body's page, with the meeting it belongs to (the link and the date)."""

    document: PublicDocument
    meeting: PublicMeeting


@require_safe
def body_detail(request, slug):
    from .members import EXAMPLE_NOTICE, body_roster  # here, not at the top: members imports this module

    # A year a meeting can be held in (orebro_portal.lib.bounds), else a 400; one without meetings shows the nearest.
    requested = params.query_year(request.GET, "ar", label=_("Året"), minimum=FIRST_YEAR, maximum=LAST_YEAR)
    body = get_object_or_404(Body.objects.select_related("parent"), slug=slug)
    years = _meeting_years(body)
    year = _chosen_year(requested, [row["year"] for row in years])
    meetings = _meetings(body.meetings.for_listing().filter(start__year=year).order_by("start")) if year else []
    documents = (
        Document.objects.public()
        .filter(meeting__body=body, kind__in=[Document.Kind.AGENDA, Document.Kind.PROTOCOL])
        .select_related("meeting__body")
        .order_by("-meeting__start")[:8]
    )
    postings = (
        Posting.objects.filter(protocol__meeting__body=body)
        .select_related("protocol__meeting__body")
        .order_by("-posted_on", "-pk")[:8]
    )
    public_body = PublicBody(body)
    return render(
        request,
        "meetings/body_detail.html",
        {
            "body": public_body,
            "children": project(PublicBody, body.children.all()),
            "years": years,
            "year": year,
            "meetings": meetings,
            "documents": [
                DocumentRow(public, PublicMeeting(document.meeting))
                for document in documents
                if (public := PublicDocument.of(document)) is not None
            ],
            "postings": project(PublicPosting, postings),
            "roster": body_roster(body),
            "example_notice": EXAMPLE_NOTICE,
            **_calendar_links(request, reverse("meetings:calendar_body", kwargs={"slug": body.slug})),
        },
    )


@require_safe
def meeting_list(request):
    meeting_filter = MeetingFilter(request.GET, queryset=Meeting.objects.for_listing())
    page = Paginator(meeting_filter.qs, MEETINGS_PER_PAGE).get_page(request.GET.get("sida"))
    page.object_list = _meetings(page.object_list)
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "filter": meeting_filter,
            "page": page,
            "query": query.urlencode(),
            **_calendar_links(request, reverse("meetings:calendar_all")),
        },
    )


@require_safe
def meeting_detail(request, pk):
    # The case is selected with the item: each item's diarienummer links to its case page (`case_url`).
    items = AgendaItem.objects.select_related("case").order_by("position").prefetch_related(public_documents_prefetch())
    meeting = get_object_or_404(
        Meeting.objects.select_related("body").prefetch_related(
            public_documents_prefetch(), Prefetch("items", queryset=items, to_attr="agenda_items")
        ),
        pk=pk,
    )
    protocol = meeting.protocols.posted().select_related("posting", "meeting__body").order_by("-version").first()
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": PublicMeeting(meeting),
            "protocol": PublicProtocol.of(protocol),
            "protocol_pdf_label": pdf_file_label(protocol) if protocol else "",
        },
    )


@require_safe
def document_download(request, pk, filename):
    document = get_object_or_404(Document.objects.public(), pk=pk)
    if filename != document.filename:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        logger.error("published document %s has no file at %s", document.pk, document.file.name)
        raise Http404 from exc
    response = FileResponse(handle, content_type=document.content_type, filename=document.filename)
    response["ETag"] = f'"{document.sha256}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _calendar_response(request, meetings, *, name: str, filename: str) -> HttpResponse:
    content = build_calendar(_meetings(meetings), name=name, build_url=request.build_absolute_uri)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
def calendar_all(request):
    meetings = Meeting.objects.select_related("body").order_by("start")
    return _calendar_response(
        request, meetings, name=_("Örebro kommun – politiska sammanträden"), filename="sammantraden.ics"
    )


@require_safe
def calendar_body(request, slug):
    body = get_object_or_404(Body, slug=slug)
    meetings = body.meetings.select_related("body").order_by("start")
    return _calendar_response(
        request,
        meetings,
        name=_("%(body)s – sammanträden") % {"body": PublicBody(body).name.line},
        filename=f"{body.slug}.ics",
    )


@require_safe
def calendar_meeting(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    return _calendar_response(
        request, [meeting], name=PublicBody(meeting.body).name.line, filename=f"sammantrade-{meeting.pk}.ics"
    )
