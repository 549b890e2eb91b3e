"""The public pages of the annual reports: all reports by body and year, one report as a page with a contents list,
its PDF and the PDF's state.

Drafts are public too, marked "Utkast – inte fastställd": the report is a public document from the moment it is
written (offentlighetsprincipen) and citizens follow it towards adoption; only an adopted one is the body's decision.

The PDF is made by a Celery task. `/…/<år>.pdf` serves the stored PDF when it is ready for the report as it is now;
otherwise it asks for one and sends the reader to the report page, which shows the state (and, with JavaScript,
follows it through `/…/pdf-status/`). The page and the status run a fixed number of queries however many sections
there are: `report_document()` prefetches, and its result also feeds the content fingerprint.

The templates are given public projections (`reports.public`, `meetings.public`), never the models: the report's
title, diarienummer and sections are masked like every staff-written text.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field

from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from meetings.public import PublicBody
from orebro_portal.lib.formatting import sv_filesize
from orebro_portal.lib.tasks import QueueUnavailable

from ..content import RenderedSection, content_fingerprint, report_document
from ..models import AnnualReport, ReportPdf
from ..public import PublicReport
from ..services import queue_unavailable_message, report_pdf_current, report_pdf_request

logger = logging.getLogger(__name__)

PDF_CONTENT_TYPE = "application/pdf"
# The contents list nests this deep; a deeper section (4.1.1.1) is listed under its level-3 ancestor.
CONTENTS_DEPTH = 3
# A stopped Redis is usually back within a minute (a restart, a failover).
RETRY_AFTER_SECONDS = 60


def _report_or_404(body: str, year: int) -> AnnualReport:
    return get_object_or_404(
        AnnualReport.objects.select_related("body", "adopted_meeting__body"), body__slug=body, year=year
    )


def pdf_filename(report: AnnualReport) -> str:
    return f"{report.body.slug}-arsberattelse-{report.year}.pdf"


# --- /arsberattelser/ ------------------------------------------------------------------------------------------------


@require_safe
def report_list(request):
    reports = AnnualReport.objects.select_related("body").order_by("body__position", "body__name", "-year")
    bodies = [
        (PublicBody(body), [PublicReport(report) for report in items])
        for body, items in itertools.groupby(reports, key=lambda report: report.body)
    ]
    return render(request, "reports/list.html", {"bodies": bodies})


# --- /arsberattelser/<organ>/<år>/ -----------------------------------------------------------------------------------


@dataclass
class Chapter:
    """A section as the page shows it: the rendered section and the heading element its level gets."""

    rendered: RenderedSection
    tag: str  # "h2" for "2", "h3" for "2.1", "h4" for "4.1.3" (the report's title is the h1)


@dataclass
class ContentsEntry:
    rendered: RenderedSection
    children: list[ContentsEntry] = field(default_factory=list)


def _contents(document: list[RenderedSection]) -> list[ContentsEntry]:
    """The sections as a tree by their numbers' depth, for a nested <ol>. A section whose parent level is missing
    (a "4.1.1" right after "4") hangs under the nearest shallower one."""
    roots: list[ContentsEntry] = []
    stack: list[tuple[int, ContentsEntry]] = []
    for rendered in document:
        level = min(rendered.level, CONTENTS_DEPTH)
        entry = ContentsEntry(rendered)
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(entry)
        stack.append((level, entry))
    return roots


@dataclass
class PdfState:
    """What the page and the status JSON say about the PDF of the report as it is now."""

    # A ReportPdf.Status value; "none" when no PDF was requested for this content; "unavailable" when asking for one
    # failed because the task queue is down.
    status: str
    url: str
    message: str
    link_text: str

    @property
    def working(self) -> bool:
        return self.status in (ReportPdf.Status.QUEUED, ReportPdf.Status.RUNNING)

    def as_json(self) -> dict:
        return {"status": self.status, "url": self.url, "message": self.message, "link_text": self.link_text}


def _pdf_state(report: AnnualReport, pdf: ReportPdf | None) -> PdfState:
    url = reverse("reports:pdf", kwargs={"body": report.body.slug, "year": report.year})
    link_text = _("Ladda ner årsberättelsen som PDF")
    if pdf is None:
        return PdfState("none", url, "", link_text)
    if pdf.status == ReportPdf.Status.READY:
        details = []
        if pdf.pages:
            details.append(ngettext("%(count)s sida", "%(count)s sidor", pdf.pages) % {"count": pdf.pages})
        if pdf.size:
            details.append(sv_filesize(pdf.size))
        if details:
            link_text = _("%(text)s (PDF, %(details)s)") % {
                "text": _("Ladda ner årsberättelsen"),
                "details": ", ".join(details),
            }
        return PdfState(pdf.status, url, _("PDF:en är klar."), link_text)
    if pdf.status == ReportPdf.Status.FAILED:
        return PdfState(pdf.status, url, _("PDF:en kunde inte skapas."), link_text)
    return PdfState(pdf.status, url, _("PDF:en skapas …"), link_text)


def _detail_page(request, report: AnnualReport, *, pdf_state: PdfState | None = None, pdf_asked: bool, status=200):
    document = report_document(report)
    if pdf_state is None:
        pdf_state = _pdf_state(
            report, report_pdf_current(report=report, fingerprint=content_fingerprint(report, document))
        )
    return render(
        request,
        "reports/detail.html",
        {
            "report": PublicReport(report),
            "chapters": [Chapter(rendered, f"h{min(rendered.level + 1, 6)}") for rendered in document],
            "contents": _contents(document),
            "pdf_state": pdf_state,
            "pdf_asked": pdf_asked,
        },
        status=status,
    )


@require_safe
def report_detail(request, body, year):
    return _detail_page(request, _report_or_404(body, year), pdf_asked=request.GET.get("pdf") == "1")


# --- /arsberattelser/<organ>/<år>.pdf --------------------------------------------------------------------------------


def _state_page(report: AnnualReport) -> HttpResponseRedirect:
    url = reverse("reports:detail", kwargs={"body": report.body.slug, "year": report.year}) + "?pdf=1"
    return HttpResponseRedirect(url, status=303)


def _queue_unavailable_page(request, report: AnnualReport, error: QueueUnavailable):
    """The report page saying why no PDF was asked for, with the button to ask again: 503 with Retry-After, so a
    crawler or a proxy knows the address itself is fine and comes back later."""
    state = _pdf_state(report, None)
    state.status = "unavailable"
    state.message = queue_unavailable_message(error)
    response = _detail_page(request, report, pdf_state=state, pdf_asked=True, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def report_pdf(request, body, year):
    """The stored PDF when it is ready; else request it and show its state on the report page (303).

    Only the retry button (a POST) queues a failed PDF again: a GET — a link followed, a crawler — shows the failure
    instead of starting the same failing render over and over. When the task queue is down the report page itself
    answers (503), saying so, with the button to ask again; nothing is left waiting."""
    report = _report_or_404(body, year)
    # The fingerprint is computed once per request: for a draft it runs every block's queries.
    fingerprint = content_fingerprint(report)
    try:
        if request.method == "POST":
            pdf = report_pdf_request(report=report, fingerprint=fingerprint)
        else:
            pdf = report_pdf_current(report=report, fingerprint=fingerprint)
            if pdf is None or pdf.status not in (ReportPdf.Status.FAILED, ReportPdf.Status.READY):
                pdf = report_pdf_request(report=report, fingerprint=fingerprint)
    except QueueUnavailable as error:
        return _queue_unavailable_page(request, report, error)
    pdf.refresh_from_db()  # without a broker (eager Celery) the task has already run, and changed the row
    if pdf.status != ReportPdf.Status.READY or not pdf.file:
        return _state_page(report)
    try:
        handle = pdf.file.open("rb")
    except FileNotFoundError as exc:
        logger.error("report PDF %s has no file at %s", pdf.pk, pdf.file.name)
        raise Http404 from exc
    response = FileResponse(handle, content_type=PDF_CONTENT_TYPE, filename=pdf_filename(report))
    # The address stays the same while a draft's content changes: a cache must ask again every time.
    response["Cache-Control"] = "public, max-age=3600" if report.is_adopted else "no-cache"
    response["ETag"] = f'"{pdf.content_hash}"'
    return response


# --- /arsberattelser/<organ>/<år>/pdf-status/ ------------------------------------------------------------------------


@never_cache
@require_safe
def pdf_status(request, body, year):
    """The state of the PDF of the report as it is now, for the page's script; asks for nothing."""
    report = _report_or_404(body, year)
    return JsonResponse(_pdf_state(report, report_pdf_current(report=report)).as_json())
