"""The personnummer check on PDFs, at every moment a document becomes public.

Each dirty PDF (letter-spaced, broken over a line, split across table cells, only in the metadata, in a comment,
on a scanned page) is refused on each route — publishing the agenda, publishing a document, uploading under a
published agenda, making a secret item public, posting the protocol — with the document and the page named, and
nothing becomes public. The PDFs are built when the test runs: WeasyPrint for the pages, pikepdf for the metadata
and comments, Pillow for the scan (a picture of text, so the page has no text layer).
"""

import base64
import io
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import pdf
from meetings.models import AgendaItem, Document, Meeting, Posting
from meetings.services import (
    agenda_item_update,
    agenda_publish,
    document_add,
    document_update,
    protocol_post,
)
from tests.conftest import require_service
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    secretary_of,
)

pytestmark = pytest.mark.django_db

TITLE = "Bilaga 1"
PAGE_ONE = "<p>Kommunstyrelsen behandlar ärendet Ks 181/2022 vid sammanträdet den 2 maj 2024.</p>"
# What must survive the check: case numbers, dates, amounts, phone numbers, postal codes, organisation numbers.
CLEAN = (
    "Ks 181/2022, Bn 1234/2023, beslut 2024-05-02 och 2024-12-31, 1 234 567 kr, 12 500 kr, "
    "telefon 019-21 10 00 och 070-123 45 67, 702 10 Örebro, organisationsnummer 212000-1876"
)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def weasyprint(page_two: str, *, head_title: str = "Bilaga") -> bytes:
    """Two pages: a clean first page, and `page_two` (HTML) on the second."""
    from weasyprint import HTML

    return HTML(
        string=f'<html lang="sv"><head><title>{head_title}</title></head><body>{PAGE_ONE}'
        f'<div style="break-before: page">{page_two}</div></body></html>'
    ).write_pdf()


def with_metadata(content: bytes, *, info: dict[str, str] | None = None, xmp: dict[str, str] | None = None) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as document:
        for key, value in (info or {}).items():
            document.docinfo[f"/{key}"] = pikepdf.String(value)
        if xmp:
            # update_docinfo=False: the value is in the XMP packet only, not copied into the Info dictionary too.
            with document.open_metadata(update_docinfo=False, set_pikepdf_as_editor=False) as meta:
                for key, value in xmp.items():
                    meta[key] = value
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def with_comment(content: bytes, text: str) -> bytes:
    """A sticky-note comment on page 2, which every PDF reader shows."""
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as document:
        note = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[50, 700, 80, 730], Contents=pikepdf.String(text)
        )
        document.pages[1].obj.Annots = document.make_indirect(pikepdf.Array([document.make_indirect(note)]))
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def scanned(*lines: str) -> bytes:
    """A PDF whose second page is a picture of `lines`, like a scanner makes it: no text layer on that page."""
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("L", (1240, 200 + 90 * len(lines)), 255)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(FONT, 40)
    for number, line in enumerate(lines):
        draw.text((90, 100 + 90 * number), line, font=font, fill=0)
    png = io.BytesIO()
    picture.save(png, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    return weasyprint(f'<img alt="" style="width: 100%" src="{uri}">')


def needs_ocr() -> None:
    require_service(pdf.ocr_available(), f"OCR behövs för inskannade sidor: {pdf.OCR_MISSING}")


@dataclass(frozen=True)
class Dirty:
    build: Callable[[], bytes]
    where: str  # how the refusal names the place
    ocr: bool = False


PAGE_TWO = "på sidan 2"
DIRTY = {
    "letter-spaced": Dirty(lambda: weasyprint('<p style="letter-spacing: .5em">Sökande 811218-9876</p>'), PAGE_TWO),
    "broken-over-a-line": Dirty(
        lambda: weasyprint('<p style="width: 5em; word-break: break-all; font-size: 14pt">19811218-9876</p>'),
        PAGE_TWO,
    ),
    "broken-over-three-lines": Dirty(
        lambda: weasyprint('<p style="width: 3em; word-break: break-all; font-size: 14pt">Nr 8112189876</p>'),
        PAGE_TWO,
    ),
    "two-table-cells": Dirty(
        lambda: weasyprint("<table><tr><td>Sökande</td><td>811218</td><td>9876</td></tr></table>"), PAGE_TWO
    ),
    "cells-split-inside-the-date": Dirty(
        lambda: weasyprint("<table><tr><td>Personnummer</td><td>8112</td><td>18-9876</td></tr></table>"), PAGE_TWO
    ),
    "metadata-title": Dirty(
        lambda: with_metadata(weasyprint("<p>Yttrande.</p>"), info={"Title": "Yttrande från 811218-9876"}),
        "i dokumentets metadata (Title)",
    ),
    "metadata-author": Dirty(
        lambda: with_metadata(weasyprint("<p>Yttrande.</p>"), info={"Author": "Anna Andersson 19811218-9876"}),
        "i dokumentets metadata (Author)",
    ),
    "metadata-keywords": Dirty(
        lambda: with_metadata(weasyprint("<p>Yttrande.</p>"), info={"Keywords": "bygglov; 811218 9876; Ks 1/2024"}),
        "i dokumentets metadata (Keywords)",
    ),
    "metadata-xmp": Dirty(
        lambda: with_metadata(weasyprint("<p>Yttrande.</p>"), xmp={"dc:description": "Sökande 811218-9876"}),
        "i dokumentets metadata (XMP)",
    ),
    "comment-on-the-page": Dirty(lambda: with_comment(weasyprint("<p>Yttrande.</p>"), "Ring 811218-9876"), PAGE_TWO),
    "scanned-page": Dirty(lambda: scanned("Ansökan om bygglov", "Sökande: 811218-9876"), PAGE_TWO, ocr=True),
}
_BUILT: dict[str, bytes] = {}


def content_of(kind: str) -> bytes:
    if kind not in _BUILT:
        _BUILT[kind] = DIRTY[kind].build() if kind in DIRTY else CLEAN_PDFS[kind]()
    return _BUILT[kind]


CLEAN_PDFS = {
    "clean-text": lambda: weasyprint(f"<p>{CLEAN}</p>"),
    "clean-letter-spaced": lambda: weasyprint(f'<p style="letter-spacing: .5em">{CLEAN}</p>'),
    "clean-narrow": lambda: weasyprint(f'<p style="width: 6em; word-break: break-all">{CLEAN}</p>'),
    "clean-table": lambda: weasyprint(
        "<table><tr><td>Ks 181/2022</td><td>2024-05-02</td><td>019-21 10 00</td><td>702 10</td></tr>"
        "<tr><td>212000-1876</td><td>12 500</td><td>070-123 45 67</td><td>1 234 567</td></tr></table>"
    ),
    "clean-metadata": lambda: with_metadata(
        weasyprint(f"<p>{CLEAN}</p>"),
        info={"Title": "Ks 181/2022 beslut 2024-05-02", "Author": "Kommunstyrelsen", "Keywords": "019-21 10 00"},
        xmp={"dc:description": CLEAN},
    ),
}


# --- The routes -------------------------------------------------------------------------------------------------------


@pytest.fixture
def body():
    return BodyFactory(name="Byggnadsnämnden", slug="byggnadsnamnden")


@pytest.fixture
def secretary(body):
    return secretary_of(body, username="karin", first_name="Karin", last_name="Lund")


def stored_unread(content: bytes, **where) -> Document:
    """A document as the upload form stores it when it is not public at once: the text is left to the Celery task,
    which (no worker in these tests) has not run yet."""
    document = document_add(title=TITLE, kind=Document.Kind.ATTACHMENT, content=content, **where)
    assert document.text_extracted_at is None
    return document


def publish_agenda(body, secretary, content):
    meeting = MeetingFactory(body=body)
    item = AgendaItem.objects.create(meeting=meeting, position=1, number="1", title="Bygglov")
    stored_unread(content, agenda_item=item, is_published=True)

    def act():
        agenda_publish(meeting=meeting)

    def nothing_public():
        assert Meeting.objects.get(pk=meeting.pk).agenda_published_at is None

    return act, nothing_public


def publish_document(body, secretary, content):
    meeting = MeetingFactory(body=body, agenda_published_at=timezone.now())
    document = stored_unread(content, meeting=meeting)

    def act():
        document_update(document=document, title=TITLE, kind=Document.Kind.ATTACHMENT, is_published=True)

    def nothing_public():
        assert not Document.objects.get(pk=document.pk).is_published

    return act, nothing_public


def upload_under_published_agenda(body, secretary, content):
    item = AgendaItemFactory(meeting=MeetingFactory(body=body, agenda_published_at=timezone.now()))
    files_before = stored_files()

    def act():
        document_add(title=TITLE, kind=Document.Kind.ATTACHMENT, content=content, agenda_item=item, is_published=True)

    def nothing_public():
        assert not Document.objects.exists()
        assert stored_files() == files_before

    return act, nothing_public


def make_secret_item_public(body, secretary, content):
    item = AgendaItemFactory(
        meeting=MeetingFactory(body=body, agenda_published_at=timezone.now()), is_public=False, title="Bygglov"
    )
    stored_unread(content, agenda_item=item, is_published=True)  # published, but behind the secrecy

    def act():
        item.refresh_from_db()
        agenda_item_update(item=item, title="Bygglov", is_public=True)

    def nothing_public():
        assert not AgendaItem.objects.get(pk=item.pk).is_public

    return act, nothing_public


def post_protocol(body, secretary, content):
    meeting = MeetingFactory(body=body)
    stored_unread(content, meeting=meeting, is_published=True)  # stored before the agenda was out: not read yet
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    protocol = ProtocolFactory(meeting=meeting, adjusted_on=timezone.localdate())
    ProtocolParagraphFactory(protocol=protocol, number=1, title="Bygglov")

    def act():
        protocol_post(protocol=protocol, user=secretary)

    def nothing_public():
        assert not Posting.objects.exists()
        assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED

    return act, nothing_public


ROUTES = {
    "publish-agenda": publish_agenda,
    "publish-document": publish_document,
    "upload-under-published-agenda": upload_under_published_agenda,
    "secret-item-made-public": make_secret_item_public,
    "post-protocol": post_protocol,
}


def stored_files() -> list[str]:
    folder = os.path.join(settings.MEDIA_ROOT, "dokument")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def public_documents() -> list[Document]:
    return list(Document.objects.public())


# --- Tests ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("kind", DIRTY)
def test_a_dirty_pdf_is_refused_on_every_route_naming_document_and_page(body, secretary, route, kind):
    if DIRTY[kind].ocr:
        needs_ocr()
    act, nothing_public = ROUTES[route](body, secretary, content_of(kind))
    before = public_documents()

    with pytest.raises(ValidationError) as error:
        act()

    assert error.value.messages == [
        f"Dokumentet ”{TITLE}” innehåller ett personnummer eller samordningsnummer {DIRTY[kind].where}. "
        + (
            "Maskera det i PDF-filen och ladda upp den igen."
            if DIRTY[kind].where == PAGE_TWO
            else "Ta bort det ur PDF-filen och ur filens egenskaper (metadata) och ladda upp den igen."
        )
    ]
    nothing_public()
    assert public_documents() == before


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("kind", CLEAN_PDFS)
def test_clean_pdfs_with_case_numbers_dates_and_phone_numbers_pass(body, secretary, route, kind):
    act, _nothing_public = ROUTES[route](body, secretary, content_of(kind))
    act()  # no ValidationError
    assert Document.objects.get().text_extracted_at is not None  # read by the check, as the task had not run


def test_the_refusal_names_every_page_and_field(body):
    from weasyprint import HTML

    content = with_metadata(
        HTML(
            string='<html lang="sv"><title>Bilaga</title><p>Sökande 811218-9876.</p>'
            '<p style="break-before: page">Rent.</p><p style="break-before: page">Medsökande 701063-2391.</p></html>'
        ).write_pdf(),
        info={"Author": "811218-9876"},
    )
    item = AgendaItemFactory(meeting=MeetingFactory(body=body, agenda_published_at=timezone.now()))
    with pytest.raises(ValidationError) as error:
        document_add(title=TITLE, kind=Document.Kind.ATTACHMENT, content=content, agenda_item=item, is_published=True)
    [message] = error.value.messages
    assert "på sidorna 1 och 3 och i dokumentets metadata (Author)." in message


def test_reading_variants_close_letter_spacing_and_join_numbers_broken_over_lines():
    assert "Sökande  811218-9876  bor" in pdf.reading_variants("S ö k a n d e  8 1 1 2 1 8 - 9 8 7 6  b o r")
    assert "Nr\n811218-9876" in pdf.reading_variants("Nr\n8112\n18-9876")
    assert not pdf.holds_identity_number(
        "K s  1 8 1 / 2 0 2 2 ,  0 1 9 - 2 1  1 0  0 0\nKs\n181/2022\n2024-05-02\n019-21\n10 00"
    )


# --- Scanned pages ----------------------------------------------------------------------------------------------------


def test_the_extraction_task_reads_a_scanned_page_by_ocr_so_it_is_searchable(
    body, eager_celery, django_capture_on_commit_callbacks
):
    needs_ocr()
    meeting = MeetingFactory(body=body)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_add(
            title=TITLE,
            kind=Document.Kind.ATTACHMENT,
            content=scanned("Ansökan om bygglov", "Storgatan 12 i Örebro"),
            meeting=meeting,
        )
    document.refresh_from_db()
    first, second = document.text.split("\f")
    assert "Ks 181/2022" in first
    assert "bygglov" in second and "Storgatan 12" in second  # the scan, read by Tesseract
    assert document.unread_pages == []


@pytest.fixture
def no_ocr(monkeypatch):
    monkeypatch.setattr(pdf, "ocr_available", lambda: False)


RISK = "Sidan 2 i ”Bilaga 1” har ingen textrad som kan läsas; portalen kan inte se om den innehåller personnummer."


@pytest.mark.parametrize("route", ROUTES)
def test_without_ocr_a_scanned_page_stops_every_route_naming_the_risk(body, secretary, no_ocr, route):
    act, nothing_public = ROUTES[route](body, secretary, content_of("scanned-page"))
    with pytest.raises(ValidationError) as error:
        act()
    [message] = error.value.messages
    assert message.startswith(RISK)
    nothing_public()


def test_without_ocr_the_secretary_confirms_the_pages_and_the_history_says_who(
    client, body, secretary, no_ocr, eager_celery, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    meeting = MeetingFactory(body=body, agenda_published_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # the extraction task runs, finds page 2 unreadable
        document = document_add(
            title=TITLE, kind=Document.Kind.ATTACHMENT, content=scanned("Ansökan om bygglov"), meeting=meeting
        )
    document.refresh_from_db()
    assert document.unread_pages == [2]
    client.force_login(secretary)

    workspace = client.get(reverse("staff:meeting_detail", kwargs={"pk": meeting.pk})).content.decode()
    confirm_url = reverse("staff:document_scan_confirm", kwargs={"pk": document.pk})
    assert "Måste granskas före publicering" in workspace and confirm_url in workspace
    assert RISK in workspace

    page = client.get(confirm_url).content.decode()
    assert RISK in page and reverse("staff:document_file", kwargs={"pk": document.pk}) in page
    refused = client.post(confirm_url, {}).content.decode()  # the box is not ticked
    assert "Kryssa i rutan när du har läst sidorna." in refused
    assert Document.objects.get().unread_pages_confirmed_at is None

    response = client.post(confirm_url, {"confirmed": "on"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.unread_pages_confirmed_by == secretary and document.unread_pages_confirmed_at is not None
    history = client.get(reverse("staff:meeting_history", kwargs={"pk": meeting.pk})).content.decode()
    assert "Sidor utan läsbar text granskade av" in history and "Karin Lund" in history
    assert "Karin Lund bekräftade" in client.get(confirm_url).content.decode()
    assert confirm_url not in client.get(reverse("staff:meeting_detail", kwargs={"pk": meeting.pk})).content.decode()

    document_update(document=document, title=TITLE, kind=Document.Kind.ATTACHMENT, is_published=True)
    assert Document.objects.public().get() == document


def test_a_document_that_ocr_reads_needs_no_confirmation(client, body, secretary):
    needs_ocr()
    from django.urls import reverse

    meeting = MeetingFactory(body=body, agenda_published_at=timezone.now())
    document = stored_unread(scanned("Ansökan om bygglov"), meeting=meeting)
    client.force_login(secretary)
    page = client.get(reverse("staff:document_scan_confirm", kwargs={"pk": document.pk})).content.decode()
    assert "Det finns inget att bekräfta." in page
    document_update(document=document, title=TITLE, kind=Document.Kind.ATTACHMENT, is_published=True)
    assert Document.objects.public().get() == document


def test_a_blank_page_is_not_an_unread_page(body, no_ocr):
    content = weasyprint('<div style="border: 1px solid black; height: 5cm"></div>')
    item = AgendaItemFactory(meeting=MeetingFactory(body=body, agenda_published_at=timezone.now()))
    document = document_add(
        title=TITLE, kind=Document.Kind.ATTACHMENT, content=content, agenda_item=item, is_published=True
    )
    assert document.unread_pages == []


def test_pages_left_unread_without_ocr_are_read_once_ocr_is_installed(
    body, monkeypatch, eager_celery, django_capture_on_commit_callbacks
):
    needs_ocr()
    meeting = MeetingFactory(body=body, agenda_published_at=timezone.now())
    with monkeypatch.context() as without_ocr:
        without_ocr.setattr(pdf, "ocr_available", lambda: False)
        with django_capture_on_commit_callbacks(execute=True):
            document = document_add(
                title=TITLE, kind=Document.Kind.ATTACHMENT, content=content_of("scanned-page"), meeting=meeting
            )
        document.refresh_from_db()
        assert document.unread_pages == [2]

    with pytest.raises(ValidationError) as error:  # OCR is back: the page is read, and what it says is found
        document_update(document=document, title=TITLE, kind=Document.Kind.ATTACHMENT, is_published=True)
    [message] = error.value.messages
    assert "på sidan 2" in message and "ingen textrad" not in message
    assert not Document.objects.get().is_published
