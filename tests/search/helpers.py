"""Shared builders for the search tests."""

from meetings.models import Document
from search.models import SearchEntry
from tests.factories import make_document


def document_with_text(text: str, **where) -> Document:
    """A published document whose extracted text is `text` (pages separated by form feeds).

    Extraction runs in a task after commit and writes with `QuerySet.update()`; here the text is saved like the
    proposed `document_extract` change does, so the index receivers see it."""
    document = make_document(**where)
    document.text = text
    document.save(update_fields=["text"])
    return document


def indexed(kind=None, **filters) -> list[SearchEntry]:
    entries = SearchEntry.objects.all()
    if kind:
        entries = entries.filter(kind=kind)
    return list(entries.filter(**filters).order_by("kind", "object_id", "page"))
