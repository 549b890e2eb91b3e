"""In a real browser, without OCR on the server: a secretary sees on the meeting's page that a scanned page cannot be
checked, opens the confirmation, is refused until she ticks the box, confirms, and the warning is gone. axe-core
checks the page, with and without its error, and it reflows on a 320 px screen."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import pdf
from meetings.models import Document
from meetings.services import document_add
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import BodyFactory, MeetingFactory, secretary_of
from tests.meetings.test_document_check import scanned

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RISK = (
    "Sidan 2 i ”Inskannad bilaga” har ingen textrad som kan läsas; portalen kan inte se om den innehåller personnummer."
)


@pytest.fixture
def document(monkeypatch, eager_celery, django_capture_on_commit_callbacks) -> Document:
    monkeypatch.setattr(pdf, "ocr_available", lambda: False)
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    secretary_of(body, username="karin", first_name="Karin", last_name="Lund")
    meeting = MeetingFactory(body=body, start=timezone.now() + dt.timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):  # the extraction finds page 2 without text
        return document_add(
            title="Inskannad bilaga",
            kind=Document.Kind.ATTACHMENT,
            content=scanned("Ansökan om bygglov"),
            meeting=meeting,
        )


def test_the_secretary_confirms_a_scanned_page_before_it_can_be_published(page, document, check_accessibility):
    log_in(page, "karin", next_path=f"/redigera/sammantraden/{document.meeting_id}/")
    expect(page.get_by_text(RISK)).to_be_visible()
    page.get_by_role("link", name="Granska sidorna i ”Inskannad bilaga”").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Granska sidorna i ”Inskannad bilaga”")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text("Kryssa i rutan när du har läst sidorna.").first).to_be_visible()
    check_accessibility(page)
    assert Document.objects.get().unread_pages_confirmed_at is None

    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text(RISK)).to_have_count(0)
    assert Document.objects.get().unread_pages_confirmed_by.username == "karin"
