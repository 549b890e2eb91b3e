"""A secretary's annual report in a real browser: edit a section (an error at the field first), preview, request the
PDF and see it ready, a citizen downloads it; then adopt the report. axe on every staff page of reports.

Celery runs eagerly here (the `eager_celery` fixture, also in CI where Redis is set), so the task renders inside the
request that asks for the PDF, and the page the secretary is sent back to already shows it ready.
"""

import pytest
from playwright.sync_api import expect

from reports.models import AnnualReport, Block, ReportPdf
from tests.browser.helpers import log_in
from tests.factories import (
    AnnualReportFactory,
    BodyFactory,
    MeetingFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    UnitFactory,
    ledger_line,
    local,
    publish_all,
    secretary_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_TEXT = "Året präglades av pandemin.\n\n- Sjukfrånvaron steg\n- Budgeten höll"


@pytest.fixture
def report():
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    secretary_of(body, username="karin", first_name="Karin", last_name="Sekreterare")
    report = AnnualReportFactory(body=body, title="Kommunstyrelsens årsberättelse 2021")
    SectionFactory(report=report, number="1", heading="Inledning", text="Kommunstyrelsen leder kommunen.", position=0)
    SectionFactory(report=report, number="2.1", heading="Kommundirektörens analys", text="Året var svårt.", position=1)
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    publish_all()  # the report shows published figures
    chapter = SectionFactory(report=report, number="6", heading="Budgetavvikelse", text="", position=2)
    Block.objects.create(section=chapter, kind=Block.Kind.UNIT_TABLES, unit=unit, year=2021)
    MeetingFactory(body=body, start=local(2022, 4, 6))
    return report


def test_a_secretary_edits_a_section_requests_the_pdf_and_a_citizen_downloads_it(
    page, anonymous_page, report, eager_celery, check_accessibility
):
    log_in(page, "karin", next_path="/redigera/arsberattelser/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Årsberättelser")
    check_accessibility(page)

    page.get_by_role("link", name="Kommunstyrelsens årsberättelse 2021", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommunstyrelsens årsberättelse 2021")
    expect(page.get_by_text("(per ansvar och per kontogrupp): Kommunledning")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Redigera avsnitt 2.1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2.1 Kommundirektörens analys")
    check_accessibility(page)

    # An empty heading: nothing saved, the summary links to the field, the error sits at it.
    page.get_by_label("Rubrik").fill("")
    page.get_by_label("Text").fill(NEW_TEXT)
    page.get_by_role("button", name="Spara avsnittet").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Formuläret har fel")
    expect(summary.get_by_role("link", name="Rubrik: Skriv en rubrik.")).to_be_visible()
    expect(page.locator("#id_heading_error")).to_have_text("Skriv en rubrik.")
    expect(page.get_by_label("Text")).to_have_value(NEW_TEXT)
    check_accessibility(page)

    page.get_by_label("Rubrik").fill("Kommundirektörens analys av året")
    page.get_by_role("button", name="Spara avsnittet").click()
    expect(page.get_by_role("status")).to_contain_text("Avsnitt 2.1 är sparat.")
    expect(page.get_by_role("heading", name="2.1 Kommundirektörens analys av året")).to_be_visible()

    page.get_by_role("link", name="Förhandsgranska").first.click()
    expect(page.get_by_role("heading", name="2.1 Kommundirektörens analys av året")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Sjukfrånvaron steg")).to_be_visible()
    expect(page.get_by_role("table", name="Kommunledning 2021 per ansvar, tkr")).to_contain_text("−3\u00a0170")
    check_accessibility(page)
    page.get_by_role("link", name="Tillbaka till redigeringen").click()

    page.get_by_role("button", name="Skapa pdf").click()
    expect(page.get_by_role("status")).to_contain_text("Pdf:en är klar.")
    pdf_link = page.get_by_role("link", name="Ladda ned Kommunstyrelsens årsberättelse 2021 (pdf)")
    expect(pdf_link).to_be_visible()
    assert ReportPdf.objects.get(report=report).status == ReportPdf.Status.READY
    check_accessibility(page)

    response = anonymous_page.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert not page.csp_errors


def test_a_secretary_adopts_the_report_and_it_becomes_read_only(page, report, check_accessibility):
    log_in(page, "karin", next_path=f"/redigera/arsberattelser/{report.pk}/")
    page.get_by_role("link", name="Fastställ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fastställ årsberättelsen")
    expect(page.get_by_role("table", name="Tabeller som fryses")).to_contain_text("Kommunledning")
    check_accessibility(page)

    page.get_by_label("Sammanträde").select_option(label="onsdag 6 april 2022 kl. 14.15")
    page.get_by_role("button", name="Fastställ årsberättelsen").click()
    expect(page.get_by_role("status")).to_contain_text("Årsberättelsen är fastställd.")
    expect(page.get_by_text("fryst", exact=True)).to_be_visible()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.ADOPTED and report.adopted_meeting is not None

    page.get_by_role("link", name="Visa avsnitt 2.1").click()
    expect(page.get_by_text("Årsberättelsen är fastställd. Avsnittet kan inte ändras längre.")).to_be_visible()
    expect(page.get_by_label("Rubrik")).to_have_count(0)
    check_accessibility(page)
    assert not page.csp_errors
