"""Uploads through the staff form: PDF only, judged by content; every refusal has its own Swedish message and
leaves nothing behind, neither a row nor a file."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from meetings.models import Document
from tests.factories import MeetingFactory, make_pdf, secretary_of

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


REFUSED = "Filen ”Ärendelista” kan inte användas:"


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("Hemlig"))))
    writer.encrypt(user_password="hemligt", owner_password="hemligt")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stored_files() -> list[str]:
    folder = os.path.join(settings.MEDIA_ROOT, "dokument")
    return os.listdir(folder) if os.path.isdir(folder) else []


@pytest.fixture
def meeting(client):
    meeting = MeetingFactory()
    client.force_login(secretary_of(meeting.body))
    return meeting


def upload(client, meeting, name: str, content: bytes):
    return client.post(
        reverse("staff:document_create", kwargs={"pk": meeting.pk}),
        {
            "title": "Ärendelista",
            "kind": "arendelista",
            "file": SimpleUploadedFile(name, content),
            "is_published": "on",
        },
    )


def test_a_real_pdf_is_stored_with_pages_and_checksum(client, meeting):
    response = upload(client, meeting, "arendelista.pdf", make_pdf("Ärendelista"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.pages == 1 and len(document.sha256) == 64
    assert document.file.name.startswith("dokument/") and "arendelista" not in document.file.name  # not guessable


@pytest.mark.parametrize(
    # Built when the test runs, not when pytest collects the module: collection stays fast.
    ("name", "build", "message"),
    [
        ("bild.pdf", lambda: PNG, f"{REFUSED} filen är inte en PDF."),
        ("tom.pdf", lambda: b"", "Den skickade filen är tom."),
        (
            "trasig.pdf",
            lambda: make_pdf("Trasig")[:300],
            "Filen ”Ärendelista” kan inte användas: PDF-filen är trasig och kan inte läsas.",
        ),
        (
            "hemlig.pdf",
            encrypted_pdf,
            "Filen ”Ärendelista” kan inte användas: PDF-filen är krypterad eller lösenordsskyddad.",
        ),
    ],
    ids=["renamed-png", "empty", "truncated", "encrypted"],
)
def test_bad_files_are_refused_with_their_own_message_and_nothing_is_stored(client, meeting, name, build, message):
    before = stored_files()
    response = upload(client, meeting, name, build())
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "PDF-fil" in page  # the message sits at the file field
    assert not Document.objects.exists()
    assert stored_files() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, meeting, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024 * 1024
    before = stored_files()
    content = make_pdf("Stor") + b"%" + b"0" * (1024 * 1024)
    response = upload(client, meeting, "stor.pdf", content)
    assert "Filen ”stor.pdf” är för stor: högst 1 MB är tillåtet." in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files() == before


def test_the_form_names_the_limit(client, meeting):
    page = client.get(reverse("staff:document_create", kwargs={"pk": meeting.pk})).content.decode()
    assert "Bara PDF, högst 50 MB och 2000 sidor." in page
