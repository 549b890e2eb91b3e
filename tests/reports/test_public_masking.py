"""Nothing personal reaches the public annual report: its title, diarienummer, every section's number, heading and
Markdown text, and the goals texts its blocks show (statements, observations, indicator names and footnotes) each
hold a personnummer and a `[[marked name]]`; neither the page nor the PDF (its text and its metadata) shows either,
while case numbers, dates and phone numbers survive. Frozen blocks hold masked text, and old frozen data that does
not is masked when shown."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from goals.models import IndicatorValue, Observation
from reports.blocks import block_data, blocks_freeze
from reports.content import content_fingerprint, report_document
from reports.models import AnnualReport, Block
from reports.pdf import report_pdf_build, report_pdf_html
from reports.public import PublicSection
from tests.factories import (
    AnnualReportFactory,
    BodyFactory,
    GoalAreaFactory,
    IndicatorFactory,
    MeetingFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

PERSONNUMMER = "811218-9876"
FULL_WIDTH = "８１１２１８－９８７６"
NAME = "Anna Marked"


def dirty(label: str, *, full_width: bool = False) -> str:
    number = FULL_WIDTH if full_width else PERSONNUMMER
    return f"{label} {number} gäller [[{NAME}]], se Ks 181/2022, tel 019-21 10 00"


def assert_clean(text: str, where: str) -> None:
    for secret in (PERSONNUMMER, FULL_WIDTH, "8112189876", "９８７６", NAME, "[["):
        assert secret not in text, f"{secret!r} in {where}"


MARKDOWN = "\n\n".join(
    [
        dirty("Stycke"),
        f"# Rubrik i texten [[{NAME}]]",
        f"- punkt {FULL_WIDTH}\n- punkt [[{NAME}]]",
        f"En [länk till {PERSONNUMMER}](https://example.org/{PERSONNUMMER}) och `{PERSONNUMMER}` i kod.",
        f"**[[{NAME}\nAndersson]]** och [[{NAME}]](https://example.org/) efter den 10 januari 2023.",
    ]
)


@pytest.fixture
def report():
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    report = AnnualReportFactory(
        body=body, year=2021, title=dirty("Årsberättelse"), case_number=f"Ks 181/2022 [[{NAME}]] {PERSONNUMMER}"
    )
    SectionFactory(report=report, number="1", heading=dirty("Förslag"), text=MARKDOWN, position=0)
    goals = SectionFactory(
        report=report, number=FULL_WIDTH, heading=dirty("Mål", full_width=True), text=dirty("Inledning"), position=1
    )
    goal_area = GoalAreaFactory(statement=dirty("Målområdet"))
    for kind, text in ((Observation.Kind.POSITIVE, dirty("Positiv")), (Observation.Kind.IMPROVE, dirty("Bättre"))):
        Observation.objects.create(goal_area=goal_area, body=body, year=2021, kind=kind, text=text)
    indicator = IndicatorFactory(
        name=dirty("Indikator"), owner=body, footnotes=f"{dirty('Fotnot')}\n{dirty('Fotnot två', full_width=True)}"
    )
    IndicatorValue.objects.create(indicator=indicator, year=2021, gender="T", value=Decimal("3.4"), note=dirty("Not"))
    Block.objects.create(section=goals, kind=Block.Kind.GOAL_OBSERVATIONS, year=2021, position=0)
    Block.objects.create(section=goals, kind=Block.Kind.INDICATOR_TABLE, year=2021, position=1)
    return report


def detail_url(report: AnnualReport) -> str:
    return reverse("reports:detail", kwargs={"body": report.body.slug, "year": report.year})


def test_the_report_page_shows_no_personnummer_and_no_marked_name(client, report):
    html = client.get(detail_url(report)).content.decode()
    assert_clean(html, "the report page")
    assert "[personnummer maskerat]" in html and "[personuppgift maskerad]" in html
    assert "Ks 181/2022" in html and "019-21 10 00" in html and "10 januari 2023" in html
    # The labels are text, not Markdown links; the link whose address held a personnummer stays a link, masked.
    assert "<p>Stycke [personnummer maskerat] gäller [personuppgift maskerad], se Ks 181/2022" in html
    assert 'href="https://example.org/[personnummer maskerat]"' in html
    assert "<code>[personnummer maskerat]</code>" in html
    assert "<h3>Rubrik i texten [personuppgift maskerad]</h3>" in html
    # The blocks show the goals texts masked.
    assert "Positiv [personnummer maskerat]" in html and "Målområdet [personnummer maskerat]" in html
    assert "Indikator [personnummer maskerat] gäller [personuppgift maskerad], se Ks 181/2022" in html
    assert "Fotnot två [personnummer maskerat]" in html


def test_the_report_list_shows_the_title_and_case_number_masked(client, report):
    html = client.get(reverse("reports:list")).content.decode()
    assert_clean(html, "the report list")
    assert "Ks 181/2022" in html and "Årsberättelse [personnummer maskerat]" in html


def test_the_pdf_text_and_metadata_show_no_personnummer_and_no_marked_name(report):
    reader = PdfReader(io.BytesIO(report_pdf_build(report).data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert_clean(text, "the PDF text")
    assert_clean(text.replace(" ", ""), "the PDF text without spaces")
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    assert_clean(metadata, "the PDF metadata")
    assert "Ks 181/2022" in metadata  # the subject names the diarienummer
    assert "[personnummer maskerat]" in text and "Ks 181/2022" in text and "019-21 10 00" in text
    assert "10 januari 2023" in text


def test_the_pdf_html_reads_projections_only(report):
    html = report_pdf_html(report)
    assert_clean(html, "the PDF's HTML")


def test_frozen_blocks_hold_masked_text(report):
    blocks_freeze(report=report)
    for block in Block.objects.filter(section__report=report):
        assert block.frozen is not None
        assert_clean(repr(block.frozen), f"the frozen {block.kind}")
        assert "[personnummer maskerat]" in repr(block.frozen)


def test_old_frozen_data_with_raw_text_is_masked_when_shown(client, report):
    block = Block.objects.filter(section__report=report, kind=Block.Kind.GOAL_OBSERVATIONS).get()
    block.frozen = {
        "type": "observations",
        "caption": "Iakttagelser",
        "areas": [{"name": dirty("Frusen"), "positive": [dirty("Fryst text")], "improve": []}],
    }
    block.save()
    assert_clean(repr(block_data(block)), "block_data")
    html = client.get(detail_url(report)).content.decode()
    assert_clean(html, "the page")
    assert "Fryst text [personnummer maskerat] gäller [personuppgift maskerad]" in html


def test_the_fingerprint_changes_with_what_is_shown_and_not_with_what_is_masked(report):
    section = report.sections.get(number="1")
    before = content_fingerprint(report)
    section.text = MARKDOWN.replace(NAME, "Bertil Marked")  # another hidden name: the same public text
    section.save()
    assert content_fingerprint(report) == before
    section.text = MARKDOWN + "\n\nEtt nytt stycke."
    section.save()
    assert content_fingerprint(report) != before


def test_the_document_is_made_of_public_sections(report):
    document = report_document(report)
    assert all(isinstance(item.section, PublicSection) for item in document)
    assert document[1].anchor == "kapitel-personnummer-maskerat"


def test_an_adopted_meeting_is_named_through_its_projection(client, report):
    meeting = MeetingFactory(body=report.body, agenda_published_at=timezone.now(), start=timezone.now())
    AnnualReport.objects.filter(pk=report.pk).update(
        status=AnnualReport.Status.ADOPTED, adopted_at=timezone.now() - dt.timedelta(days=1), adopted_meeting=meeting
    )
    html = client.get(detail_url(report)).content.decode()
    assert f"/sammantraden/{meeting.pk}/" in html
    assert_clean(html, "the adopted report's page")
