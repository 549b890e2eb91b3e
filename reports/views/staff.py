"""The secretaries' pages on annual reports (/redigera/arsberattelser/): the list, a report's sections with the state
of its PDF, editing a section, the preview, requesting the PDF, and adopting (fastställa) the report.

Every view admits only secretaries and administrators (`secretary_required`) and gets its object through
`reports.access`, which answers 403 for a secretary of another body. The workflows are in `reports.services_staff`
and `reports.services`; a refusal from them is shown on the page and nothing is stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings.forms import add_service_errors
from meetings.history import history_entries
from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.tasks import QueueUnavailable

from ..access import editable_reports, report_for_edit, secretary_required, section_for_edit
from ..content import content_fingerprint, report_document
from ..forms import AdoptForm, SectionForm
from ..models import AnnualReport, Block, ReportPdf, Section
from ..services import queue_unavailable_message, report_pdf_current, report_pdf_request
from ..services_staff import report_adopt as adopt_workflow
from ..services_staff import section_update

HISTORY_LIMIT = 50


def _edit_page(report: AnnualReport, anchor: str = ""):
    return redirect(reverse("reports_staff:edit", args=[report.pk]) + anchor)


def _adopted_message(report: AnnualReport) -> str:
    return _("Årsberättelsen fastställdes %(date)s och kan inte ändras längre.") % {"date": sv_date(report.adopted_at)}


@secretary_required
@require_safe
def report_list(request):
    reports = editable_reports(request.user).select_related("body", "adopted_meeting")
    return render(request, "reports/staff/report_list.html", {"reports": list(reports)})


@secretary_required
@require_safe
def report_edit(request, pk: int):
    report = report_for_edit(request.user, pk)
    document = report_document(report)
    pdf = report_pdf_current(report=report, fingerprint=content_fingerprint(report, document))
    return render(
        request,
        "reports/staff/report_edit.html",
        {"report": report, "document": document, "pdf": pdf, "Status": ReportPdf.Status, "Kind": Block.Kind},
    )


@secretary_required
@require_safe
def report_preview(request, pk: int):
    report = report_for_edit(request.user, pk)
    return render(request, "reports/staff/report_preview.html", {"report": report, "document": report_document(report)})


@secretary_required
@require_POST
def pdf_request(request, pk: int):
    report = report_for_edit(request.user, pk)
    try:
        pdf = report_pdf_request(report=report)
    except QueueUnavailable as error:
        # Nothing was left waiting: the edit page shows the "Skapa pdf" button again.
        messages.error(request, queue_unavailable_message(error))
        return _edit_page(report, "#pdf")
    pdf.refresh_from_db()  # an eager task (no Redis) has already rendered it
    if pdf.status == ReportPdf.Status.READY:
        messages.success(request, _("Pdf:en är klar."))
    elif pdf.status == ReportPdf.Status.FAILED:
        messages.error(request, _("Pdf:en kunde inte skapas. Försök igen eller kontakta en administratör."))
    else:
        messages.info(request, _("Pdf:en skapas. Ladda om sidan om en stund för att se om den är klar."))
    return _edit_page(report, "#pdf")


@secretary_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_adopt(request, pk: int):
    report = report_for_edit(request.user, pk)
    if report.is_adopted:
        messages.info(request, _adopted_message(report))
        return _edit_page(report)
    meetings = report.body.meetings.order_by("-start")
    form = AdoptForm(request.POST if request.method == "POST" else None, meetings=meetings)
    if form.is_bound and form.is_valid():
        try:
            adopt_workflow(report=report, user=request.user, meeting=form.cleaned_data["meeting"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Årsberättelsen är fastställd. Tabellerna är nu frysta."))
            return _edit_page(report)
    blocks = (
        Block.objects.filter(section__report=report)
        .select_related("section", "unit")
        .order_by("section__position", "position")
    )
    return render(request, "reports/staff/report_adopt.html", {"report": report, "form": form, "blocks": blocks})


@secretary_required
@require_http_methods(["GET", "HEAD", "POST"])
def section_edit(request, pk: int):
    section = section_for_edit(request.user, pk)
    report = section.report
    if report.is_adopted:
        if request.method == "POST":
            messages.error(request, _adopted_message(report))
            return redirect("reports_staff:section_edit", pk=section.pk)
        form = None
    else:
        form = SectionForm(
            request.POST if request.method == "POST" else None,
            initial={"heading": section.heading, "text": section.text},
        )
        if form.is_bound and form.is_valid():
            try:
                changed = section_update(section=section, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Avsnitt %(number)s är sparat.") % {"number": section.number}
                    if changed
                    else _("Inget ändrades: texten var redan densamma."),
                )
                return _edit_page(report, f"#avsnitt-{section.pk}")
    entries = history_entries(
        Section.history.filter(id=section.pk),
        limit=HISTORY_LIMIT,
        labels={Section: lambda record: _("Avsnitt %(number)s") % {"number": record.number}},
    )
    return render(
        request,
        "reports/staff/section_edit.html",
        {"report": report, "section": section, "form": form, "entries": entries, "blocks": section.blocks.all()},
    )
