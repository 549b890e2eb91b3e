"""The annual report as an accessible PDF (DOS-lagen): tagged PDF/UA-1, language sv, titled, real text, embedded font.

Made from the same `report_document()` as the HTML page, with the same block templates, so the two always agree.
A4 with a cover, a table of contents whose page numbers WeasyPrint resolves from the chapter headings
(`target-counter`), a bookmark per chapter, a running title, "Sida X av Y", and tables whose header row repeats on
every page. Only the portal's own static files (the stylesheet and the fonts in `static/fonts/`) can be fetched.

Like the page, the PDF — its text and its metadata (title, subject, keywords) — is made from public projections only
(`reports.public`, `meetings.public`): every staff-written text in it is masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint.urls import FatalURLFetchingError

from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.pdf import PDF_VARIANT, StaticFilesFetcher

from .content import RenderedSection, report_document
from .models import AnnualReport
from .public import PublicReport


class ReportPdfError(RuntimeError):
    """The PDF could not be made."""


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def report_pdf_filename(report: AnnualReport) -> str:
    """ "arsberattelse-kommunstyrelsen-2021.pdf"."""
    return f"arsberattelse-{report.body.slug}-{report.year}.pdf"


def _status_text(report: PublicReport) -> str:
    if not report.is_adopted:
        return _("Utkast")
    if report.adopted_meeting is not None:
        return _("Fastställd av %(body)s %(date)s") % {
            "body": report.adopted_meeting.body.name.line,
            "date": sv_date(report.adopted_meeting.start),
        }
    return _("Fastställd %(date)s") % {"date": sv_date(report.adopted_at)}


def report_pdf_html(report: AnnualReport, document: list[RenderedSection] | None = None) -> str:
    """The HTML the PDF is made from (Swedish whatever the request's language)."""
    document = report_document(report) if document is None else document
    public = PublicReport(report)
    body_name = public.body.name.line
    base_url = settings.PORTAL_BASE_URL + "/"
    with translation.override("sv"):
        subject = _("%(body)ss årsberättelse för %(year)s") % {"body": body_name, "year": public.year}
        if public.case_number:
            subject = _("%(subject)s, diarienummer %(case)s") % {"subject": subject, "case": public.case_number.line}
        return render_to_string(
            "reports/pdf.html",
            {
                "report": public,
                "document": document,
                "subject": subject,
                "keywords": ", ".join([_("årsberättelse"), _("Örebro kommun"), body_name, str(public.year)]),
                "status_text": _status_text(public),
                "page_url": urljoin(
                    base_url, reverse("reports:detail", kwargs={"body": report.body.slug, "year": report.year})
                ),
            },
        )


def report_pdf_build(report: AnnualReport, document: list[RenderedSection] | None = None) -> RenderedPdf:
    """Render the report as PDF/UA-1; returns the bytes and the number of pages."""
    base_url = settings.PORTAL_BASE_URL + "/"
    html = report_pdf_html(report, document)
    source = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url))
    try:
        rendered = source.render(pdf_variant=PDF_VARIANT)
        return RenderedPdf(data=rendered.write_pdf(pdf_variant=PDF_VARIANT), pages=len(rendered.pages))
    except FatalURLFetchingError as exc:
        # A BaseException: turned into an ordinary error so that the task's error handling sees it.
        raise ReportPdfError(f"report {report.pk}: {exc}") from exc


def report_pdf_bytes(report: AnnualReport) -> bytes:
    """The report as an accessible PDF (see the module docstring)."""
    return report_pdf_build(report).data
