"""The public annual report pages: the list by body and year, a report with its contents and chapters, the PDF
(served when ready, else its state on the page) and the status JSON."""

import re
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reports.content import content_fingerprint
from reports.models import AnnualReport, Block, ReportPdf
from reports.tasks import report_pdf_render
from tests.factories import (
    AnnualReportFactory,
    BodyFactory,
    MeetingFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    UnitFactory,
    ledger_line,
    local,
    make_pdf,
    publish_all,
)
from tests.html import tables_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def ks():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def report(ks):
    report = AnnualReportFactory(body=ks, year=2021, title="Kommunstyrelsens årsberättelse 2021")
    SectionFactory(report=report, number="1", heading="Förslag till beslut", text="Kommunstyrelsen föreslås …")
    chapter = SectionFactory(report=report, number="2", heading="Kommundirektörens bedömning och analys", text="")
    SectionFactory(
        report=report,
        parent=chapter,
        number="2.1",
        heading="Kommundirektörens analys av verksamhetens resultat",
        text="Året präglades av **pandemin**.\n\n<script>alert('x')</script>\n\n[länk](javascript:alert(1))",
    )
    return report


@pytest.fixture
def no_worker():
    """Requests send the task after commit; here nothing runs it (what a task does is tested elsewhere)."""
    sent = mock.Mock()

    def send(args=(), kwargs=None, **options):
        sent(*args, **(kwargs or {}))

    with mock.patch.object(report_pdf_render, "apply_async", side_effect=send):
        yield sent


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a request and then what it left for after its commit (the test's own transaction never commits)."""

    def run(method, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return method(*args, **kwargs)

    return run


def detail_url(report: AnnualReport) -> str:
    return reverse("reports:detail", kwargs={"body": report.body.slug, "year": report.year})


def pdf_url(report: AnnualReport) -> str:
    return reverse("reports:pdf", kwargs={"body": report.body.slug, "year": report.year})


def status_url(report: AnnualReport) -> str:
    return reverse("reports:pdf_status", kwargs={"body": report.body.slug, "year": report.year})


def stored_pdf(report: AnnualReport, status=ReportPdf.Status.READY, content: bytes | None = None) -> ReportPdf:
    pdf = ReportPdf.objects.create(report=report, content_hash=content_fingerprint(report), status=status)
    if content is not None:
        pdf.file.save("arsberattelse.pdf", ContentFile(content), save=False)
        pdf.size, pdf.pages, pdf.rendered_at = len(content), 12, timezone.now()
        pdf.save()
    return pdf


# --- the list ---------------------------------------------------------------------------------------------------------


def test_list_shows_reports_by_body_and_year_with_drafts_marked(client, ks, report):
    AnnualReportFactory(body=ks, year=2020, status=AnnualReport.Status.ADOPTED, adopted_at=local(2021, 4, 12, 13, 0))
    other = AnnualReportFactory(body=BodyFactory(name="Fritidsnämnden", slug="fritidsnamnden"), year=2021)

    response = client.get("/arsberattelser/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="organ-kommunstyrelsen">Kommunstyrelsen</h2>' in html
    assert '<h2 id="organ-fritidsnamnden">Fritidsnämnden</h2>' in html
    assert html.index(detail_url(report)) < html.index("/arsberattelser/kommunstyrelsen/2020/")  # newest first
    assert detail_url(other) in html
    assert "Fastställd 12 april 2021" in html
    assert html.count("Utkast – inte fastställd") == 2


def test_list_without_reports_says_so(client):
    response = client.get("/arsberattelser/")
    assert "Det finns inga årsberättelser publicerade ännu." in response.content.decode()


# --- one report -------------------------------------------------------------------------------------------------------


def test_detail_has_contents_linking_to_every_chapter_with_its_number_and_heading(client, report):
    response = client.get(detail_url(report))

    assert response.status_code == 200
    html = response.content.decode()
    nav = re.search(r'<nav class="report-contents" aria-labelledby="innehall-rubrik">(.*?)</nav>', html, re.S).group(1)
    links = re.findall(r'<a href="#([^"]+)"><span class="report-number">([^<]+)</span> ([^<]+)</a>', nav)
    assert links == [
        ("kapitel-1", "1", "Förslag till beslut"),
        ("kapitel-2", "2", "Kommundirektörens bedömning och analys"),
        ("kapitel-2-1", "2.1", "Kommundirektörens analys av verksamhetens resultat"),
    ]
    # 2.1 is nested under 2 in the list
    assert re.search(r'href="#kapitel-2">.*?</a>\s*<ol>\s*<li><a href="#kapitel-2-1"', nav, re.S)
    # every link has its target, at the heading level its depth gives
    assert '<h2 id="kapitel-1" class="report-section__heading"><span class="report-number">1</span> Förslag' in html
    assert '<h2 id="kapitel-2" class="report-section__heading">' in html
    assert '<h3 id="kapitel-2-1" class="report-section__heading"><span class="report-number">2.1</span>' in html
    assert "Utkast – inte fastställd" in html


def test_detail_shows_the_markdown_text_sanitised(client, report):
    html = client.get(detail_url(report)).content.decode()

    assert "<p>Året präglades av <strong>pandemin</strong>.</p>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_detail_shows_a_unit_tables_block_with_its_total_row(client, report):
    unit = UnitFactory(name="Kommunledning")
    code = ResponsibilityCodeFactory(unit=unit, code="1100", name="Kommunledningskontoret")
    ledger_line(year=2020, code=code, group="5", outcome=-40_548_000)
    ledger_line(year=2021, code=code, group="5", outcome=-43_495_000, budget=-56_286_000)
    publish_all()
    section = report.sections.get(number="2.1")
    Block.objects.create(section=section, kind=Block.Kind.UNIT_TABLES, unit=unit, year=2021)

    tables = tables_in(client.get(detail_url(report)).content.decode())

    assert [table.caption for table in tables] == [
        "Kommunledning 2021 per ansvar, tkr",
        "Kommunledning 2021 per kontogrupp, tkr",
    ]
    assert tables[0].head[0][0] == "Ansvar"
    assert tables[0].foot == [["Totalt", "−40 548", "−43 495", "−56 286", "12 791", "7,3"]]


def test_adopted_report_shows_its_date_and_meeting_and_no_draft_banner(client, ks, report):
    meeting = MeetingFactory(body=ks, start=local(2022, 4, 5, 13, 0))
    AnnualReport.objects.filter(pk=report.pk).update(
        status=AnnualReport.Status.ADOPTED, adopted_at=local(2022, 4, 5, 15, 0), adopted_meeting=meeting
    )

    html = client.get(detail_url(report)).content.decode()

    assert "Fastställd 5 april 2022" in html
    assert f'<a href="{reverse("meetings:meeting_detail", args=[meeting.pk])}">Kommunstyrelsens sammanträde' in html
    assert "Utkast – inte fastställd" not in html


@pytest.mark.parametrize("path", ["/arsberattelser/kommunstyrelsen/1999/", "/arsberattelser/okant/2021/"])
def test_unknown_body_or_year_is_the_swedish_404(client, report, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.parametrize("suffix", [".pdf", "/pdf-status/"])
def test_pdf_urls_of_an_unknown_year_are_404(client, report, suffix):
    assert client.get(f"/arsberattelser/kommunstyrelsen/1999{suffix}").status_code == 404


# --- the PDF ----------------------------------------------------------------------------------------------------------


def test_ready_pdf_is_served_inline_from_storage(client, report, no_worker, committed):
    content = make_pdf("Kommunstyrelsens årsberättelse 2021")
    pdf = stored_pdf(report, content=content)

    response = committed(client.get, pdf_url(report))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="kommunstyrelsen-arsberattelse-2021.pdf"'
    assert response["Cache-Control"] == "no-cache"  # a draft changes under the same address
    assert response["ETag"] == f'"{pdf.content_hash}"'
    no_worker.assert_not_called()
    assert ReportPdf.objects.count() == 1


def test_requesting_the_pdf_queues_it_and_shows_the_state_on_the_page(client, report, no_worker, committed):
    response = committed(client.get, pdf_url(report))

    assert response.status_code == 303
    assert response["Location"] == detail_url(report) + "?pdf=1"
    pdf = ReportPdf.objects.get()
    assert pdf.status == ReportPdf.Status.QUEUED
    no_worker.assert_called_once_with(pdf.pk)

    html = client.get(response["Location"]).content.decode()
    assert "PDF:en skapas …" in html
    assert 'data-status="queued"' in html
    assert "js/report-pdf-status.js" in html
    assert re.search(r'<a href="[^"]*\?pdf=1#pdf">Uppdatera</a>', html)


def test_a_second_request_while_queued_queues_nothing_more(client, report, no_worker, committed):
    committed(client.get, pdf_url(report))
    committed(client.get, pdf_url(report))

    assert ReportPdf.objects.count() == 1
    assert no_worker.call_count == 1


def test_failed_pdf_shows_a_retry_button_and_only_the_post_queues_it_again(client, report, no_worker, committed):
    pdf = stored_pdf(report, status=ReportPdf.Status.FAILED)

    response = committed(client.get, pdf_url(report))
    assert response.status_code == 303
    no_worker.assert_not_called()
    html = client.get(response["Location"]).content.decode()
    assert "PDF:en kunde inte skapas." in html
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert form.group(1) == pdf_url(report)
    assert "csrfmiddlewaretoken" in form.group(2)
    assert "js/report-pdf-status.js" not in html

    response = committed(client.post, pdf_url(report))

    assert response.status_code == 303
    pdf.refresh_from_db()
    assert pdf.status == ReportPdf.Status.QUEUED
    no_worker.assert_called_once_with(pdf.pk)


def test_retry_without_csrf_token_is_refused(report, no_worker):
    from django.test import Client

    stored_pdf(report, status=ReportPdf.Status.FAILED)
    response = Client(enforce_csrf_checks=True).post(pdf_url(report))
    assert response.status_code == 403
    no_worker.assert_not_called()


def test_page_links_a_ready_pdf_with_its_size_and_pages(client, report):
    stored_pdf(report, content=make_pdf())

    html = client.get(detail_url(report)).content.decode()

    assert re.search(
        rf'<a id="pdf-lank" href="{re.escape(pdf_url(report))}" type="application/pdf">Ladda ner årsberättelsen '
        r"\(PDF, 12 sidor, [\d,]+\xa0kB\)</a>",
        html,
    )
    assert "js/report-pdf-status.js" not in html


def test_a_changed_section_makes_the_stored_pdf_stale(client, report, no_worker, committed):
    stored_pdf(report, content=make_pdf())
    report.sections.filter(number="1").update(text="Ny text.")

    assert client.get(status_url(report)).json()["status"] == "none"
    response = committed(client.get, pdf_url(report))

    assert response.status_code == 303
    assert ReportPdf.objects.count() == 2
    no_worker.assert_called_once()


# --- the status JSON --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ReportPdf.Status.QUEUED, "PDF:en skapas …"),
        (ReportPdf.Status.RUNNING, "PDF:en skapas …"),
        (ReportPdf.Status.READY, "PDF:en är klar."),
        (ReportPdf.Status.FAILED, "PDF:en kunde inte skapas."),
    ],
)
def test_status_json_tells_the_state_of_the_current_pdf(client, report, status, message):
    stored_pdf(report, status=status)

    response = client.get(status_url(report))

    assert response.status_code == 200
    assert response.json()["status"] == status
    assert response.json()["url"] == pdf_url(report)
    assert response.json()["message"] == message
    assert "no-cache" in response["Cache-Control"]


def test_status_json_requests_nothing(client, report, no_worker):
    response = client.get(status_url(report))

    assert response.json() == {
        "status": "none",
        "url": pdf_url(report),
        "message": "",
        "link_text": "Ladda ner årsberättelsen som PDF",
    }
    assert not ReportPdf.objects.exists()
    no_worker.assert_not_called()
