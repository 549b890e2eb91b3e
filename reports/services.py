"""Workflows of the annual report that touch several models: requesting its PDF, adopting it."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .content import content_fingerprint
from .models import AnnualReport, ReportPdf


def report_pdf_current(*, report: AnnualReport, fingerprint: str | None = None) -> ReportPdf | None:
    """The PDF made (or being made) from the report as it is now; None if none was requested for this content."""
    fingerprint = fingerprint or content_fingerprint(report)
    return ReportPdf.objects.filter(report=report, content_hash=fingerprint).first()


def report_pdf_request(*, report: AnnualReport, fingerprint: str | None = None) -> ReportPdf:
    """The PDF of the report as it is now: the stored one when its content has not changed since, else a new one
    queued for rendering by the Celery task (after commit). A failed one is queued again. Idempotent.

    `fingerprint`: the report's `content_fingerprint`, when the caller has just computed it (it costs the blocks'
    queries)."""
    from .tasks import report_pdf_render

    fingerprint = fingerprint or content_fingerprint(report)
    with transaction.atomic():
        pdf = report_pdf_current(report=report, fingerprint=fingerprint)
        if pdf is None:
            try:
                with transaction.atomic():
                    pdf = ReportPdf.objects.create(report=report, content_hash=fingerprint)
            except IntegrityError:  # a concurrent request created it first
                pdf = ReportPdf.objects.get(report=report, content_hash=fingerprint)
                return pdf
        elif pdf.status == ReportPdf.Status.FAILED:
            ReportPdf.objects.filter(pk=pdf.pk).update(status=ReportPdf.Status.QUEUED, error="")
            pdf.refresh_from_db()
        else:
            return pdf
        transaction.on_commit(lambda: report_pdf_render.delay(pdf.pk))
    return pdf
