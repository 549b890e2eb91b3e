"""Rendering a report's PDF in a Celery worker: queued by `reports.services.report_pdf_request`, stored in the row.

Idempotent, so it may be delivered twice (`acks_late`: a worker lost mid-render gets the task again):
- a READY row is left alone;
- the finished file is stored only if the row is still RUNNING under the same content hash (a conditional UPDATE);
  otherwise, or on any error, the file just written is deleted again: never a half-stored PDF.

A row stands for one content hash. If the report changed between the request and the rendering, the content that was
asked for no longer exists: the row is marked FAILED with a message and the current content is requested anew (its
own row, its own hash). Storing today's content under yesterday's hash would break the rule that a stored PDF is
served exactly while the data it was made from is unchanged.
"""

from __future__ import annotations

import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.utils import timezone

from orebro_portal.celery import app
from orebro_portal.lib.tasks import QueueUnavailable

from .content import content_fingerprint, report_document
from .models import ReportPdf
from .pdf import report_pdf_build, report_pdf_filename

logger = logging.getLogger(__name__)

# The demo report renders in a few seconds; a render still going after two minutes is stuck, not slow.
SOFT_TIME_LIMIT = 120
TIME_LIMIT = 150
CHANGED_MESSAGE = "Årsberättelsen ändrades innan pdf:en hann skapas; en ny pdf har beställts för det nya innehållet."


def _fail(pdf_id: int, message: str) -> None:
    ReportPdf.objects.filter(pk=pdf_id).exclude(status=ReportPdf.Status.READY).update(
        status=ReportPdf.Status.FAILED, error=message[:2000]
    )


@app.task(
    name="reports.report_pdf_render",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def report_pdf_render(pdf_id: int) -> str | None:
    """Render and store the PDF of row `pdf_id`; returns the row's final status (None if the row is gone).

    Errors are recorded in the row (FAILED, with the message), not raised: the status page shows them and a new
    request queues the row again. Raising would only make an eager call fail the web request that queued it.
    """
    pdf = ReportPdf.objects.select_related("report__body", "report__adopted_meeting__body").filter(pk=pdf_id).first()
    if pdf is None:
        return None
    if pdf.status == ReportPdf.Status.READY:
        return pdf.status
    ReportPdf.objects.filter(pk=pdf_id).exclude(status=ReportPdf.Status.READY).update(
        status=ReportPdf.Status.RUNNING, error=""
    )
    report = pdf.report
    stored_name = ""
    started = time.perf_counter()
    try:
        document = report_document(report)
        if content_fingerprint(report, document) != pdf.content_hash:
            _fail(pdf_id, CHANGED_MESSAGE)
            _request_current(report)
            return ReportPdf.Status.FAILED
        rendered = report_pdf_build(report, document)
        seconds = time.perf_counter() - started
        field = pdf.file.field
        filename = report_pdf_filename(report).replace(".pdf", f"-{pdf.content_hash[:12]}.pdf")
        stored_name = field.storage.save(field.generate_filename(pdf, filename), ContentFile(rendered.data))
        stored = ReportPdf.objects.filter(
            pk=pdf_id, status=ReportPdf.Status.RUNNING, content_hash=pdf.content_hash
        ).update(
            status=ReportPdf.Status.READY,
            file=stored_name,
            size=len(rendered.data),
            pages=rendered.pages,
            rendered_at=timezone.now(),
            render_seconds=round(seconds, 3),
            error="",
        )
        if not stored:  # another delivery of this task finished first: keep its file, drop ours
            field.storage.delete(stored_name)
        logger.info("report %s: PDF %s rendered in %.2f s (%s pages)", report.pk, pdf_id, seconds, rendered.pages)
        return ReportPdf.objects.values_list("status", flat=True).get(pk=pdf_id)
    except SoftTimeLimitExceeded:
        _cleanup(stored_name, pdf)
        _fail(pdf_id, f"Pdf:en tog längre tid än {SOFT_TIME_LIMIT} sekunder att skapa och avbröts.")
        logger.error("report %s: PDF %s stopped at the soft time limit", report.pk, pdf_id)
        return ReportPdf.Status.FAILED
    except Exception as exc:
        _cleanup(stored_name, pdf)
        _fail(pdf_id, f"{type(exc).__name__}: {exc}")
        logger.exception("report %s: PDF %s failed", report.pk, pdf_id)
        return ReportPdf.Status.FAILED


def _request_current(report) -> None:
    """Ask for the PDF of the report's current content. With the queue down nothing is asked for (the request undoes
    its row): the next reader's request asks again, so the failure is only logged here."""
    from .services import report_pdf_request

    try:
        report_pdf_request(report=report)
    except QueueUnavailable:
        logger.warning("report %s: the PDF of its new content could not be queued", report.pk)


def _cleanup(stored_name: str, pdf: ReportPdf) -> None:
    """Delete a file written by this run unless the row points at it (then it is the stored PDF, not ours to drop)."""
    if stored_name and not ReportPdf.objects.filter(pk=pdf.pk, file=stored_name).exists():
        pdf.file.field.storage.delete(stored_name)
