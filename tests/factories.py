"""Builders for tests (factory_boy). No fixtures with hard-coded ids."""

import datetime as dt
import zoneinfo

import factory
from django.utils import timezone

from meetings.models import AgendaItem, Body, Document, Meeting
from meetings.services import document_add

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def local(year, month, day, hour=14, minute=15) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Testnämnd {n}")
    slug = factory.Sequence(lambda n: f"testnamnd-{n}")
    kind = Body.Kind.COMMITTEE
    contact_email = "testnamnd@example.org"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    start = factory.Sequence(lambda n: local(2024, 1, 1) + dt.timedelta(days=n))
    place = "Rådhuset, sessionssalen"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory, agenda_published_at=factory.LazyFunction(timezone.now))
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda item: str(item.position))
    title = factory.Sequence(lambda n: f"Ärende {n}")
    case_number = factory.Sequence(lambda n: f"Ks {n + 1}/2024")


def make_pdf(text: str = "Testhandling") -> bytes:
    """A real, small PDF with `text` on its single page."""
    from weasyprint import HTML

    return HTML(string=f'<html lang="sv"><title>{text}</title><p>{text}</p></html>').write_pdf()


_PDF_CACHE: dict[str, bytes] = {}


def make_document(*, title="Ärendelista", kind=Document.Kind.AGENDA, text=None, **where) -> Document:
    key = text or title
    if key not in _PDF_CACHE:
        _PDF_CACHE[key] = make_pdf(key)
    return document_add(title=title, kind=kind, content=_PDF_CACHE[key], is_published=True, **where)
