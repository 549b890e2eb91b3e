"""Workflows of the annual report that touch several models: requesting its PDF, adopting it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from orebro_portal.lib.tasks import QueueUnavailable, enqueue_on_commit

from .content import content_fingerprint
from .models import AnnualReport, ReportPdf


def report_pdf_current(*, report: AnnualReport, fingerprint: str | None = None) -> ReportPdf | None:
    """The PDF made (or being made) from the report as it is now; None if none was requested for this content."""
    fingerprint = fingerprint or content_fingerprint(report)
    return ReportPdf.objects.filter(report=report, content_hash=fingerprint).first()


def report_pdf_request(*, report: AnnualReport, fingerprint: str | None = None) -> ReportPdf:
    """The PDF of the report as it is now: the stored one when its content has not changed since, else a new one
    queued for rendering by the Celery task (sent when this commits). A failed one is queued again. Idempotent.

    Raises QueueUnavailable (`orebro_portal.lib.tasks`) when the task cannot be queued, after putting the row back
    as it was: a new row is deleted, a failed one is failed again with its message. No row is left "queued" for a
    render that will never come.

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
            undo = _undo_new(pdf.pk)
        elif pdf.status == ReportPdf.Status.FAILED:
            undo = _undo_retry(pdf.pk, pdf.error)
            ReportPdf.objects.filter(pk=pdf.pk).update(status=ReportPdf.Status.QUEUED, error="")
            pdf.refresh_from_db()
        else:
            return pdf
        enqueue_on_commit(report_pdf_render, pdf.pk, undo=undo)
    return pdf


# The undos touch the row only while it is still "queued": nothing else can have changed it, since no task was sent.


def _undo_new(pk: int):
    return lambda: ReportPdf.objects.filter(pk=pk, status=ReportPdf.Status.QUEUED).delete()


def _undo_retry(pk: int, error: str):
    return lambda: ReportPdf.objects.filter(pk=pk, status=ReportPdf.Status.QUEUED).update(
        status=ReportPdf.Status.FAILED, error=error
    )


def queue_unavailable_message(error: QueueUnavailable) -> str:
    """What the reader and the secretary are told when report_pdf_request raised QueueUnavailable."""
    return _("PDF:en kunde inte beställas. %(reason)s") % {"reason": error.message}
