"""The public annual report pages in a real browser: a citizen finds the report in the list, follows the contents to
a chapter, and gets the PDF — once while it is being made (the page follows it and shows the link when it is ready,
without reloading) and once straight from the link (eager Celery renders it in the request). axe-core finds no
WCAG 2.1 AA violation on the list or the report, in any state of the PDF, and the CSP blocks nothing."""

import re

import pytest
from playwright.sync_api import expect

from reports.content import content_fingerprint
from reports.models import Block, ReportPdf
from reports.tasks import report_pdf_render
from tests.factories import (
    AnnualReportFactory,
    BodyFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    UnitFactory,
    ledger_line,
    publish_all,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TEXT = "\n\n".join(["Ett stycke om årets arbete i förvaltningen, med mål, medel och resultat."] * 12)


@pytest.fixture
def report():
    ks = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    report = AnnualReportFactory(body=ks, year=2021, title="Kommunstyrelsens årsberättelse 2021")
    SectionFactory(report=report, number="1", heading="Förslag till beslut", text=LONG_TEXT, position=1)
    two = SectionFactory(report=report, number="2", heading="Kommundirektörens bedömning", text=LONG_TEXT, position=2)
    SectionFactory(
        report=report,
        parent=two,
        number="2.1",
        heading="Kommundirektörens analys av verksamhetens resultat",
        text="Året präglades av **pandemin**.\n\n" + LONG_TEXT,
        position=3,
    )
    six = SectionFactory(report=report, number="6", heading="Kostnadsutveckling och budgetavvikelse", position=4)
    unit = UnitFactory(name="Kommunledning")
    code = ResponsibilityCodeFactory(unit=unit, code="1100", name="Kommunledningskontoret")
    ledger_line(year=2020, code=code, group="5", outcome=-40_548_000)
    ledger_line(year=2021, code=code, group="5", outcome=-43_495_000, budget=-56_286_000)
    publish_all()  # the report shows published figures
    Block.objects.create(section=six, kind=Block.Kind.UNIT_TABLES, unit=unit, year=2021)
    return report


def test_citizen_finds_the_report_and_follows_the_contents(anonymous_page, report, check_accessibility):
    page = anonymous_page
    page.goto("/arsberattelser/")
    expect(page.get_by_role("heading", name="Årsberättelser", level=1)).to_be_visible()
    expect(page.get_by_text("Utkast – inte fastställd")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name=re.compile("Kommunstyrelsens årsberättelse 2021")).click()
    expect(page.get_by_role("heading", name=re.compile("Kommunstyrelsens årsberättelse 2021"), level=1)).to_be_visible()
    check_accessibility(page)

    contents = page.get_by_role("navigation", name="Innehåll")
    contents.get_by_role("link", name=re.compile("2.1 Kommundirektörens analys")).click()
    expect(page).to_have_url(re.compile(r"#kapitel-2-1$"))
    expect(page.get_by_role("heading", name=re.compile("2.1 Kommundirektörens analys"), level=3)).to_be_in_viewport()

    total = page.get_by_role("table", name="Kommunledning 2021 per ansvar, tkr").locator("tfoot tr > *")
    cells = [text.replace("\xa0", " ") for text in total.all_inner_texts()]
    assert cells == ["Totalt", "−40 548", "−43 495", "−56 286", "12 791", "7,3"]


def test_page_follows_a_pdf_being_made_and_shows_the_link_when_ready(anonymous_page, report, check_accessibility):
    page = anonymous_page
    pdf = ReportPdf.objects.create(report=report, content_hash=content_fingerprint(report))  # queued, no worker yet

    page.goto("/arsberattelser/kommunstyrelsen/2021/?pdf=1")
    status = page.locator("#pdf-meddelande")
    expect(status).to_have_text("PDF:en skapas …")
    expect(page.get_by_text("Sidan uppdateras av sig själv när PDF:en är klar.")).to_be_visible()
    expect(page.get_by_role("link", name="Uppdatera")).to_be_hidden()  # the script follows the state instead
    check_accessibility(page)

    assert report_pdf_render(pdf.pk) == ReportPdf.Status.READY  # the worker, here

    link = page.get_by_role("link", name=re.compile(r"Ladda ner årsberättelsen \(PDF, \d+ sidor"))
    expect(link).to_be_visible(timeout=10_000)
    expect(status).to_have_text("PDF:en är klar.")
    check_accessibility(page)
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_requesting_the_pdf_with_eager_celery_ends_with_a_download(
    anonymous_page, report, eager_celery, check_accessibility
):
    page = anonymous_page
    page.goto("/arsberattelser/kommunstyrelsen/2021/")
    expect(page.get_by_text("PDF:en skapas när någon ber om den")).to_be_visible()
    href = page.get_by_role("link", name="Ladda ner årsberättelsen som PDF").get_attribute("href")

    response = page.request.get(href)  # the task runs in the request: the PDF itself comes back, no state page

    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="kommunstyrelsen-arsberattelse-2021.pdf"' in response.headers["content-disposition"]
    assert response.body().startswith(b"%PDF-")

    page.reload()
    expect(page.get_by_role("link", name=re.compile(r"Ladda ner årsberättelsen \(PDF, \d+ sidor"))).to_be_visible()
    check_accessibility(page)
    again = page.request.get(href)
    assert again.body() == response.body()
    assert ReportPdf.objects.filter(report=report).count() == 1
