"""The annual report as PDF: tagged PDF/UA-1 in Swedish with real page numbers in its contents, the tables from the
books, an embedded font, and rendered once per content: stored and served again while nothing it shows has changed."""

import io
import re
from unittest import mock

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.models import QuerySet
from pypdf import PdfReader

from reports import tasks
from reports.models import Block, ReportPdf
from reports.pdf import ReportPdfError, report_pdf_build, report_pdf_bytes
from reports.services import report_pdf_request
from tests.factories import (
    AnnualReportFactory,
    BodyFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    UnitFactory,
    ledger_line,
    publish_all,
)

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000/"
LONG = "Kommunen har kunnat upprätthålla en fungerande verksamhet trots stora osäkerheter i omvärlden. " * 9
ANALYSIS = "Årets skatteintäkter blev markant bättre än budgeterat, främst genom en snabb återhämtning."
CHAPTERS = [
    ("1", "Förslag till beslut"),
    ("2", "Kommundirektörens bedömning och analys"),
    ("2.1", "Kommundirektörens analys av verksamhetens resultat"),
    ("2.1.1", "Skatteintäkter och statsbidrag"),
    ("2.2", "Förändringar i omvärlden"),
    ("6", "Kostnadsutveckling och budgetavvikelse"),
]


@pytest.fixture
def report():
    """A small report whose chapter 6 holds Kommunledning's tables, long enough to need several pages."""
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")
    report = AnnualReportFactory(body=board, year=2021, title="Kommunstyrelsens årsberättelse 2021")
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    kls = ResponsibilityCodeFactory(code="KLS", name="Kansli Socialdemokraterna", unit=unit)
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    ledger_line(year=2020, code=kls, group="7", outcome=-37_053_000)
    ledger_line(year=2021, code=kls, group="7", outcome=-40_325_000, budget=-52_152_000)
    publish_all()
    texts = {"2.1": "\n\n".join([ANALYSIS, LONG, LONG, LONG]), "2": ""}
    for position, (number, heading) in enumerate(CHAPTERS):
        section = SectionFactory(
            report=report, number=number, heading=heading, text=texts.get(number, LONG), position=position
        )
    Block.objects.create(section=section, kind=Block.Kind.UNIT_TABLES, unit=unit, year=2021)
    return report


def _pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _contents(pages: list[str]) -> dict[str, int]:
    """{"2.1": 4, …}: the page number the contents prints after each chapter (leader dots between)."""
    page = next(text for text in pages if text.startswith("Innehåll"))
    found = {}
    for number, heading in CHAPTERS:
        match = re.search(re.escape(f"{number} {heading}") + r"[ .]*?(\d+)(?!\d)", page)
        assert match, f"{number} {heading} saknas i innehållsförteckningen"
        found[number] = int(match.group(1))
    return found


def test_the_contents_gives_the_page_each_chapter_heading_is_really_on(report):
    pages = _pages(report_pdf_bytes(report))
    printed = _contents(pages)
    contents_index = next(index for index, text in enumerate(pages) if text.startswith("Innehåll"))
    for number, heading in CHAPTERS:
        # The first page after the contents whose text holds the heading (later pages repeat it in the header).
        actual = next(
            index + 1 for index, text in enumerate(pages) if index > contents_index and f"{number} {heading}" in text
        )
        assert printed[number] == actual, number
    assert len(set(printed.values())) > 2  # the report really spans pages: the check is not trivial


def test_cover_text_table_total_and_page_furniture(report):
    pages = _pages(report_pdf_bytes(report))
    assert pages[0].startswith("Örebro kommun Kommunstyrelsen Kommunstyrelsens årsberättelse 2021")
    assert "Diarienummer Ks 181/2022" in pages[0]
    assert "Utkast" in pages[0]
    text = " ".join(pages)
    assert ANALYSIS in text
    # Swedish numbers: a real minus sign, a (no-break) space between thousands, a decimal comma.
    assert "Totalt −40 548 −43 495 −56 286 12 791 7,3" in text.replace("\u00a0", " ")
    assert "KLC Kansli Centerpartiet −3 495 −3 170 −4 134 964 −9,3" in text.replace("\u00a0", " ")
    assert f"Sida 2 av {len(pages)}" in pages[1]
    assert "Kommunstyrelsens årsberättelse 2021" in pages[-1]  # the running header


def test_the_pdf_is_tagged_in_swedish_titled_with_bookmarks_and_embedded_fonts(report):
    data = report_pdf_bytes(report)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang).lower().startswith("sv")
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "Kommunstyrelsens årsberättelse 2021"
        assert str(pdf.docinfo.Author) == "Örebro kommun"
        assert "Ks 181/2022" in str(pdf.docinfo.Subject)
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == "Kommunstyrelsens årsberättelse 2021"
            assert xmp.get("pdfuaid:part") == "1"

        titles = []
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop(0)
                titles.append(" ".join(item.title.split()))
                stack[:0] = list(item.children)
        assert titles == [f"{number} {heading}" for number, heading in CHAPTERS]

        fonts = {}
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                fonts[str(font.BaseFont)] = font
        assert fonts
        for name, font in fonts.items():
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name
            assert "Rapport-Sans" in name  # the @font-face of static/fonts/, not whatever the machine has
        assert pdf.check_pdf_syntax() == []


def test_the_header_row_repeats_when_a_table_runs_over_a_page():
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")
    report = AnnualReportFactory(body=board)
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    for n in range(70):
        code = ResponsibilityCodeFactory(code=f"K{n:02d}", name=f"Ansvar {n}", unit=unit)
        ledger_line(year=2021, code=code, group="5", outcome=-1_000_000, budget=-1_100_000)
    publish_all()
    section = SectionFactory(report=report, number="6", heading="Tabeller", text="")
    Block.objects.create(section=section, kind=Block.Kind.UNIT_TABLES, unit=unit, year=2021)
    table_pages = [text for text in _pages(report_pdf_bytes(report)) if re.search(r"\bK\d\d Ansvar", text)]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert "Ansvar Bokslut 2020 Utfall 2021 Budget 2021 Avvikelse" in text


# --- Rendering once per content: the task and the stored file --------------------------------------------------------


@pytest.fixture
def renders():
    """Counts the real renderings (the task's call of report_pdf_build)."""
    with mock.patch.object(tasks, "report_pdf_build", wraps=report_pdf_build) as spy:
        yield spy


def _request(report, capture):
    with capture(execute=True):
        pdf = report_pdf_request(report=report)
    pdf.refresh_from_db()
    return pdf


def test_a_second_request_for_unchanged_data_is_served_from_storage(
    report, renders, eager_celery, django_capture_on_commit_callbacks
):
    first = _request(report, django_capture_on_commit_callbacks)
    assert first.status == ReportPdf.Status.READY
    assert first.pages >= 4 and first.size == first.file.size and first.render_seconds > 0
    assert first.file.name.startswith("reports/pdf/") and first.file.name.endswith(".pdf")
    with first.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert renders.call_count == 1

    again = _request(report, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and again.file.name == first.file.name
    assert renders.call_count == 1

    tasks.report_pdf_render(first.pk)  # a duplicate delivery of the task leaves a READY row alone
    assert renders.call_count == 1


def test_a_changed_section_gives_a_new_fingerprint_and_a_new_render(
    report, renders, eager_celery, django_capture_on_commit_callbacks
):
    first = _request(report, django_capture_on_commit_callbacks)
    section = report.sections.get(number="2.1")
    section.text = "Ny text om skatteintäkterna."
    section.save()
    second = _request(report, django_capture_on_commit_callbacks)
    assert second.pk != first.pk and second.content_hash != first.content_hash
    assert second.status == ReportPdf.Status.READY and renders.call_count == 2
    with second.file.open("rb") as handle:
        assert "Ny text om skatteintäkterna." in " ".join(_pages(handle.read()))


def test_content_changed_while_queued_fails_that_row_and_requests_the_new_content(
    report, renders, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # queued, but no worker has taken it yet
        queued = report_pdf_request(report=report)
    report.sections.filter(number="1").update(text="Ändrat förslag.")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.report_pdf_render(queued.pk)
    queued.refresh_from_db()
    assert queued.status == ReportPdf.Status.FAILED and queued.error == tasks.CHANGED_MESSAGE and not queued.file
    current = ReportPdf.objects.exclude(pk=queued.pk).get(report=report)
    assert current.status == ReportPdf.Status.READY and renders.call_count == 1


def test_a_failing_render_leaves_failed_and_no_file_and_a_new_request_tries_again(
    report, eager_celery, django_capture_on_commit_callbacks
):
    before = _stored_files()
    with mock.patch.object(tasks, "report_pdf_build", side_effect=ReportPdfError("typsnittet saknas")):
        pdf = _request(report, django_capture_on_commit_callbacks)
    assert pdf.status == ReportPdf.Status.FAILED
    assert "typsnittet saknas" in pdf.error and not pdf.file and pdf.size is None
    assert _stored_files() == before

    retried = _request(report, django_capture_on_commit_callbacks)
    assert retried.pk == pdf.pk and retried.status == ReportPdf.Status.READY and retried.error == ""


def test_a_failure_after_the_file_was_written_deletes_it_again(
    report, eager_celery, django_capture_on_commit_callbacks
):
    real_update = QuerySet.update

    def update_failing_when_marked_ready(queryset, **values):
        if values.get("status") == ReportPdf.Status.READY:
            raise DatabaseError("databasen svarar inte")
        return real_update(queryset, **values)

    before = _stored_files()
    with mock.patch.object(QuerySet, "update", update_failing_when_marked_ready):
        pdf = _request(report, django_capture_on_commit_callbacks)
    assert pdf.status == ReportPdf.Status.FAILED and not pdf.file and "databasen svarar inte" in pdf.error
    assert _stored_files() == before


def _stored_files() -> set[str]:
    folder = "reports/pdf"
    found = set()
    if not default_storage.exists(folder):
        return found
    for year in default_storage.listdir(folder)[0]:
        found.update(f"{year}/{name}" for name in default_storage.listdir(f"{folder}/{year}")[1])
    return found


def test_the_fetcher_serves_the_shipped_font_and_the_report_stylesheet():
    from orebro_portal.lib.pdf import StaticFilesFetcher

    fetcher = StaticFilesFetcher(BASE)
    font = fetcher(BASE + "static/fonts/DejaVuSans.ttf")
    assert font.content_type == "font/ttf"
    assert b"@font-face" in fetcher(BASE + "static/css/report-pdf.css").read()
    with pytest.raises((ValueError, OSError)):
        fetcher.fetch("file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
