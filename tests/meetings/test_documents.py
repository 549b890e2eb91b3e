import hashlib

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Document
from meetings.services import document_add
from tests.factories import MeetingFactory, make_pdf

pytestmark = pytest.mark.django_db


def test_adding_a_pdf_records_size_hash_pages_and_text(django_capture_on_commit_callbacks, eager_celery):
    content = make_pdf("Budget för trygghetsarbetet")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = document_add(
            title="Ärendelista", kind=Document.Kind.AGENDA, content=content, meeting=MeetingFactory()
        )
    assert len(callbacks) == 1  # the extraction is queued only once the document is committed
    document.refresh_from_db()
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.pages == 1  # counted at upload; the text comes from the extraction task (eager here)
    assert "Budget för trygghetsarbetet" in document.text
    assert document.file.name.startswith("dokument/") and "arendelista" not in document.file.name


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "filen är tom"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "filen är inte en PDF"),
        (b"%PDF-1.7\n1 0 obj\n<<", "trasig"),
    ],
)
def test_non_pdfs_are_refused_and_nothing_is_stored(content, message):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as error:
        document_add(title="Bilaga", kind=Document.Kind.ATTACHMENT, content=content, meeting=meeting)
    assert message in str(error.value) and "Bilaga" in str(error.value)
    assert Document.objects.count() == 0


def test_document_belongs_to_a_meeting_or_an_item_not_both_nor_neither():
    with pytest.raises(ValidationError):
        document_add(title="Lös", kind=Document.Kind.ATTACHMENT, content=make_pdf())
    assert Document.objects.count() == 0


def test_a_body_cannot_be_its_own_ancestor():
    from tests.factories import BodyFactory

    board = BodyFactory()
    committee = BodyFactory(parent=board)
    board.parent = committee
    with pytest.raises(ValidationError) as error:
        board.full_clean()
    assert "under sig självt" in str(error.value)
