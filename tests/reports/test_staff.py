"""The secretaries' report pages: editing a section, the errors at the field, requesting the PDF, adopting the report
(which freezes its tables) and the read-only report afterwards."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budget.models import LedgerLine
from reports.blocks import block_data
from reports.models import AnnualReport, Block, ReportPdf, Section
from reports.services_staff import report_adopt, section_update
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    return AnnualReportFactory(body=body, title="Kommunstyrelsens årsberättelse 2021")


@pytest.fixture
def section(report):
    return SectionFactory(
        report=report, number="2.1", heading="Kommundirektörens analys", text="Året var svårt.", position=1
    )


@pytest.fixture
def block(report):
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    publish_all()
    chapter = SectionFactory(report=report, number="6", heading="Budgetavvikelse", position=10)
    return Block.objects.create(section=chapter, kind=Block.Kind.UNIT_TABLES, unit=unit, year=2021)


@pytest.fixture
def secretary(client, report):
    user = secretary_of(report.body, username="karin")
    client.force_login(user)
    return user


def edit_url(section: Section) -> str:
    return reverse("reports_staff:section_edit", args=[section.pk])


# --- editing a section -------------------------------------------------------------------------------------------


def test_a_secretary_edits_a_section_and_the_history_says_who(client, secretary, section):
    response = client.post(edit_url(section), {"heading": "  Kommundirektörens  analys ", "text": "Nytt stycke.\r\n"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reports_staff:edit", args=[section.report.pk]) + f"#avsnitt-{section.pk}"
    section.refresh_from_db()
    assert (section.heading, section.text) == ("Kommundirektörens analys", "Nytt stycke.")
    latest = section.history.first()
    assert latest.history_user == secretary and latest.text == "Nytt stycke."
    page = client.get(edit_url(section)).content.decode()
    assert "Nytt stycke." in page and secretary.get_full_name() in page  # the history on the page


def test_saving_unchanged_text_records_no_history(client, secretary, section):
    before = section.history.count()
    client.post(edit_url(section), {"heading": section.heading, "text": section.text})
    assert section.history.count() == before


def test_the_edit_page_lists_the_sections_in_order_with_their_blocks(client, secretary, section, block):
    page = client.get(reverse("reports_staff:edit", args=[section.report.pk])).content.decode()
    assert page.index("2.1 Kommundirektörens analys") < page.index("6 Budgetavvikelse")
    assert "Budgettabeller för en enhet (per ansvar och per kontogrupp): Kommunledning, 2021" in page
    assert reverse("reports_staff:section_edit", args=[section.pk]) in page
    assert "Skapa pdf" in page and "Fastställ" in page


@pytest.mark.parametrize(
    ("heading", "message"),
    [
        ("", "Skriv en rubrik."),
        ("   ", "Skriv en rubrik."),
        ("R" * 301, "Rubriken får vara högst 300 tecken (nu 301)."),
    ],
)
def test_a_bad_heading_is_refused_at_the_field_in_swedish(client, secretary, section, heading, message):
    response = client.post(edit_url(section), {"heading": heading, "text": "Ändrad text"})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="id_heading_error"' in page and "Formuläret har fel" in page
    assert "Ändrad text" in page  # what was typed stays
    section.refresh_from_db()
    assert section.text == "Året var svårt."


def test_the_service_refuses_an_empty_heading_naming_the_field(section):
    with pytest.raises(ValidationError) as error:
        section_update(section=section, heading=" ", text="x", user=None)
    assert error.value.message_dict == {"heading": ["Rubrik: skriv en rubrik."]}


def test_the_preview_shows_the_text_and_the_tables(client, secretary, section, block):
    page = client.get(reverse("reports_staff:preview", args=[section.report.pk])).content.decode()
    assert "<p>Året var svårt.</p>" in page
    assert 'href="#kapitel-2-1"' in page and 'id="kapitel-2-1"' in page
    assert "Kommunledning 2021 per ansvar, tkr" in page
    assert "−3\u00a0170" in page


# --- the PDF -----------------------------------------------------------------------------------------------------


def test_requesting_the_pdf_queues_one_for_the_current_content(client, secretary, report, section):
    url = reverse("reports_staff:pdf_request", args=[report.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)  # the task is queued on commit, which the test transaction never reaches
    assert response.status_code == 302
    assert response["Location"] == reverse("reports_staff:edit", args=[report.pk]) + "#pdf"
    pdf = ReportPdf.objects.get(report=report)
    assert pdf.status == ReportPdf.Status.QUEUED
    client.post(url)
    assert ReportPdf.objects.filter(report=report).count() == 1  # the same content: the same PDF
    page = client.get(reverse("reports_staff:edit", args=[report.pk])).content.decode()
    assert "I kö" in page and "Skapa pdf" not in page


def test_a_ready_pdf_is_linked_from_the_edit_page(client, secretary, report, section):
    from reports.content import content_fingerprint

    ReportPdf.objects.create(
        report=report, content_hash=content_fingerprint(report), status=ReportPdf.Status.READY, pages=12
    )
    page = client.get(reverse("reports_staff:edit", args=[report.pk])).content.decode()
    assert reverse("reports:pdf", args=[report.body.slug, report.year]) in page
    assert "12 sidor" in page


# --- adopting ----------------------------------------------------------------------------------------------------


def test_adopting_freezes_the_blocks_and_later_ledger_changes_do_not_reach_the_report(client, secretary, report, block):
    meeting = MeetingFactory(body=report.body, start=local(2022, 4, 6))
    page = client.get(reverse("reports_staff:adopt", args=[report.pk])).content.decode()
    assert "Kommunledning" in page and "Tabeller som fryses" in page

    response = client.post(reverse("reports_staff:adopt", args=[report.pk]), {"meeting": meeting.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.ADOPTED
    assert report.adopted_by == secretary and report.adopted_meeting == meeting and report.adopted_at

    block.refresh_from_db()
    assert block.frozen is not None
    before = block_data(block)
    LedgerLine.objects.filter(year_id=2021).update(outcome=Decimal(-9_000_000))
    publish_all()
    block.refresh_from_db()
    assert block_data(block) == before
    assert block_data(block)["tables"][0]["rows"][0]["cells"][1] == "−3\u00a0170"


def test_a_meeting_of_another_body_cannot_be_chosen(client, secretary, report):
    other = MeetingFactory(body=BodyFactory(name="Valnämnden", slug="valnamnden"), start=local(2022, 4, 6))
    response = client.post(reverse("reports_staff:adopt", args=[report.pk]), {"meeting": other.pk})
    assert response.status_code == 200
    assert "Välj ett av organets sammanträden i listan." in response.content.decode()
    report.refresh_from_db()
    assert not report.is_adopted


def test_adopting_without_a_meeting_is_allowed(client, secretary, report):
    client.post(reverse("reports_staff:adopt", args=[report.pk]), {"meeting": ""})
    report.refresh_from_db()
    assert report.is_adopted and report.adopted_meeting is None


def test_an_adopted_report_cannot_be_adopted_again(report, secretary):
    report_adopt(report=report, user=secretary)
    with pytest.raises(ValidationError, match="fastställd"):
        report_adopt(report=report, user=secretary)


def test_an_adopted_report_is_read_only(client, secretary, report, section):
    report_adopt(report=report, user=secretary)
    page = client.get(edit_url(section)).content.decode()
    assert 'name="heading"' not in page and 'name="text"' not in page
    assert "Årsberättelsen är fastställd" in page and "Året var svårt." in page

    response = client.post(edit_url(section), {"heading": "Ändrad", "text": "Ändrad"}, follow=True)
    assert "kan inte ändras längre" in response.content.decode()
    section.refresh_from_db()
    assert (section.heading, section.text) == ("Kommundirektörens analys", "Året var svårt.")

    with pytest.raises(ValidationError):
        section_update(section=section, heading="Ändrad", text="", user=secretary)

    response = client.get(reverse("reports_staff:adopt", args=[report.pk]))
    assert response.status_code == 302  # nothing left to adopt
    edit_page = client.get(reverse("reports_staff:edit", args=[report.pk])).content.decode()
    assert "Visa" in edit_page and reverse("reports_staff:adopt", args=[report.pk]) not in edit_page


def test_the_list_shows_the_secretarys_reports_only(client, secretary, report, django_assert_max_num_queries):
    AnnualReportFactory(body=BodyFactory(name="Valnämnden", slug="valnamnden"), title="Valnämndens årsberättelse")
    AnnualReportFactory(body=report.body, year=2022, title="Kommunstyrelsens årsberättelse 2022")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reports_staff:list")).content.decode()
    assert "Kommunstyrelsens årsberättelse 2021" in page and "Kommunstyrelsens årsberättelse 2022" in page
    assert "Valnämndens" not in page
