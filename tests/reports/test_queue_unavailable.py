"""Requesting a report's PDF while the task queue (Redis) is down: the reader and the secretary are told in Swedish
at once, no row is left "queued" for a render that will never come, and asking again once the queue is back works.

Transactional tests: the task is sent when the request's transaction commits, as in production, so a failure to send
must reach the view that committed it (a test transaction never commits).
"""

import re
import time

import pytest
from django.urls import reverse

from reports import tasks
from reports.content import content_fingerprint
from reports.models import AnnualReport, ReportPdf
from tests.factories import AnnualReportFactory, BodyFactory, SectionFactory, secretary_of

pytestmark = pytest.mark.django_db(transaction=True)

NOT_QUEUED = "Inget är sparat som väntande"


def forget_result_backend(app) -> None:
    # Celery keeps the backend it made from `result_backend`, per process or per thread.
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def redis_down(broker_down):
    """As in production, the result store is the same Redis as the broker: down too."""
    previous = broker_down.conf.result_backend
    broker_down.conf.result_backend = "redis://127.0.0.1:1/1"
    forget_result_backend(broker_down)
    yield broker_down
    broker_down.conf.result_backend = previous
    forget_result_backend(broker_down)


@pytest.fixture
def report():
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    report = AnnualReportFactory(body=body, year=2021, title="Kommunstyrelsens årsberättelse 2021")
    SectionFactory(report=report, number="1", heading="Förslag till beslut", text="Kommunstyrelsen föreslås …")
    return report


def pdf_url(report: AnnualReport) -> str:
    return reverse("reports:pdf", kwargs={"body": report.body.slug, "year": report.year})


def retry_form(html: str) -> re.Match | None:
    return re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)


def test_public_pdf_with_the_queue_down_is_a_swedish_503_page_offering_to_try_again(client, report, redis_down):
    started = time.perf_counter()
    response = client.get(pdf_url(report))
    seconds = time.perf_counter() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert NOT_QUEUED in html
    assert "<h1>" in html and "Kommunstyrelsens årsberättelse 2021" in html  # the report page, not an error page
    form = retry_form(html)
    assert form.group(1) == pdf_url(report)
    assert "csrfmiddlewaretoken" in form.group(2) and "<button" in form.group(2)
    assert not ReportPdf.objects.exists()
    assert seconds < 3, f"the refusal took {seconds:.1f} s"  # it took 19 s: the result store's 20 reconnects


def test_retrying_a_failed_pdf_with_the_queue_down_leaves_it_failed(client, report, broker_down):
    failed = ReportPdf.objects.create(
        report=report, content_hash=content_fingerprint(report), status=ReportPdf.Status.FAILED, error="Typsnitt"
    )

    response = client.post(pdf_url(report))

    assert response.status_code == 503
    assert NOT_QUEUED in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.error) == (ReportPdf.Status.FAILED, "Typsnitt")
    assert ReportPdf.objects.count() == 1


def test_the_pdf_is_made_when_asked_again_once_the_queue_is_back(client, report, broker_down):
    assert client.get(pdf_url(report)).status_code == 503

    broker_down.conf.task_always_eager = True  # the queue is back (here: tasks run in the process)
    response = client.post(pdf_url(report))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert ReportPdf.objects.get().status == ReportPdf.Status.READY


def test_secretary_requesting_the_pdf_with_the_queue_down_is_told_and_can_try_again(client, report, broker_down):
    client.force_login(secretary_of(report.body, username="karin"))
    url = reverse("reports_staff:pdf_request", args=[report.pk])

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("reports_staff:edit", args=[report.pk]) + "#pdf", 302)]
    html = response.content.decode()
    assert NOT_QUEUED in html
    assert retry_form(html).group(1) == url and "Skapa pdf" in html
    assert not ReportPdf.objects.exists()

    broker_down.conf.task_always_eager = True
    html = client.post(url, follow=True).content.decode()
    assert "Pdf:en är klar." in html
    assert ReportPdf.objects.get().status == ReportPdf.Status.READY


def test_a_render_that_finds_new_content_leaves_nothing_queued_when_the_queue_is_down(report, broker_down):
    """The worker asks for the new content's PDF itself; with the queue down that request is undone too."""
    old = ReportPdf.objects.create(report=report, content_hash="inaktuell", status=ReportPdf.Status.QUEUED)

    assert tasks.report_pdf_render(old.pk) == ReportPdf.Status.FAILED

    old.refresh_from_db()
    assert old.status == ReportPdf.Status.FAILED
    assert not ReportPdf.objects.exclude(pk=old.pk).exists()
