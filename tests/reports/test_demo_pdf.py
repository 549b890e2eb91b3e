"""The issue's must-show on the demo: Kommunstyrelsens årsberättelse 2021 as a PDF, opened and read back."""

import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from reports.demo import load_reports_demo
from reports.models import AnnualReport
from reports.pdf import report_pdf_bytes

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_demo_pdf_is_the_published_report_as_an_accessible_document():
    load_reports_demo()
    report = AnnualReport.objects.get(year=2021, body__slug="kommunstyrelsen")
    sections = list(report.sections.order_by("position"))
    data = report_pdf_bytes(report)
    pages = [squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]
    contents_index = next(index for index, text in enumerate(pages) if text.startswith("Innehåll"))
    contents_end = contents_index  # the contents may run over a page: its pages have the leader dots
    while "....." in pages[contents_end + 1]:
        contents_end += 1
    contents = " ".join(pages[contents_index : contents_end + 1])

    # The contents lists every chapter with the page its heading is really on.
    for section in sections:
        label = squash(f"{section.number} {section.heading}")
        match = re.search(re.escape(label) + r"[ .]*?(\d+)(?!\d)", contents)
        assert match, f"{label} saknas i innehållsförteckningen"
        actual = next((index + 1 for index, text in enumerate(pages) if index > contents_end and label in text), None)
        assert int(match.group(1)) == actual, label

    text = " ".join(pages)
    assert "Totalt −40 548 −43 495 −56 286 12 791 7,3" in text  # Kommunledning's total row, from the books
    analysis = squash(next(s for s in sections if s.number == "2.1").text.split("\n\n")[0])
    assert analysis[:120] in text  # the text of 2.1

    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang).lower().startswith("sv")
        assert str(pdf.docinfo.Title) == "Kommunstyrelsens årsberättelse 2021"
        titles = []
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop(0)
                titles.append(squash(item.title))
                stack[:0] = list(item.children)
        assert titles == [squash(f"{section.number} {section.heading}") for section in sections]
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descriptor = (
                    font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
                )
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, str(font.BaseFont)
