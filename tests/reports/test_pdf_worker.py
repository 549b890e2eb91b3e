"""In CI the report's PDF is made by a real Celery worker over Redis; asking again for unchanged data is served from
storage without rendering again."""

import os
import time
from unittest import mock

import pytest

from orebro_portal.celery import app as celery_app
from reports import tasks
from reports.models import Block, ReportPdf
from reports.pdf import report_pdf_build
from reports.services import report_pdf_request
from tests.conftest import require_service
from tests.factories import (
    AnnualReportFactory,
    BodyFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    UnitFactory,
    ledger_line,
)

REDIS_HINT = "Redis behövs: starta redis-server och sätt REDIS_URL=redis://127.0.0.1:6379/0"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_made_by_a_real_worker_and_then_served_from_storage():
    require_service(bool(os.environ.get("REDIS_URL")), REDIS_HINT)
    import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the worker's start check)
    from celery.contrib.testing.worker import start_worker

    assert celery_app.conf.task_always_eager is False
    assert celery_app.conf.broker_url.startswith("redis://")
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")
    report = AnnualReportFactory(body=board, title="Kommunstyrelsens årsberättelse 2021")
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    SectionFactory(report=report, number="1", heading="Förslag till beslut", position=0)
    section = SectionFactory(report=report, number="6", heading="Kostnadsutveckling", position=1)
    Block.objects.create(section=section, kind=Block.Kind.UNIT_TABLES, unit=unit, year=2021)

    with (
        mock.patch.object(tasks, "report_pdf_build", wraps=report_pdf_build) as renders,
        start_worker(celery_app, pool="solo", perform_ping_check=True, shutdown_timeout=30),
    ):
        # Outside any transaction the request queues the task at once (on_commit runs immediately).
        pdf = report_pdf_request(report=report)
        assert pdf.status == ReportPdf.Status.QUEUED
        pdf = _wait_until_done(pdf)
        assert pdf.status == ReportPdf.Status.READY, pdf.error
        assert renders.call_count == 1  # the worker thread runs in this process: the spy sees its call

        again = report_pdf_request(report=report)
        assert again.pk == pdf.pk and again.status == ReportPdf.Status.READY
        assert again.file.name == pdf.file.name
    assert renders.call_count == 1
    with pdf.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def _wait_until_done(pdf: ReportPdf, timeout: float = 60) -> ReportPdf:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pdf.refresh_from_db()
        if pdf.status in (ReportPdf.Status.READY, ReportPdf.Status.FAILED):
            return pdf
        time.sleep(0.2)
    raise AssertionError(f"the worker did not finish the PDF within {timeout} s (status {pdf.status})")
