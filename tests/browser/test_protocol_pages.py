"""A citizen reads a posted protocol, its PDF and the notice board in a real browser; axe checks each page."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.models import Body
from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.statutory_time import appeal_last_day, notice_taken_down_on
from tests.browser.helpers import assert_reflows_at_320_px
from tests.factories import BodyFactory, MeetingFactory, ProtocolParagraphFactory, local, posted_protocol
from tests.meetings.test_attendance import posted_with_roster

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONNUMMER = "19811218-9876"


@pytest.fixture
def meeting():
    # Real time, not frozen: a frozen clock would also stop the browser's own timers.
    held = timezone.localdate() - dt.timedelta(days=14)
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    return MeetingFactory(body=board, start=local(held.year, held.month, held.day))


@pytest.fixture
def protocols(meeting):
    today = timezone.localdate()
    first = posted_protocol(posted_on=today - dt.timedelta(days=7), meeting=meeting)
    second = posted_protocol(posted_on=today, meeting=meeting, version=2, correction_note="Beslutet i § 112 rättat.")
    for protocol, decision in ((first, "bevilja 40 000 kronor"), (second, "bevilja 50 000 kronor")):
        ProtocolParagraphFactory(
            protocol=protocol,
            number=112,
            title="Bidrag till föreningen Ekbacken",
            matter=f"Föreningens ordförande, {PERSONNUMMER}, har ansökt om bidrag.",
            decision=f"Kommunstyrelsen beslutar att {decision}.",
        )
    return first, second


def test_citizen_goes_from_the_meeting_to_the_protocol_and_its_pdf(page, meeting, protocols, check_accessibility):
    page.goto(meeting.get_absolute_url())
    section = page.locator("section", has=page.get_by_role("heading", name="Protokoll", exact=True))
    expect(section).to_contain_text("Sista dag för överklagande")
    check_accessibility(page)

    section.get_by_role("link", name="Protokollet från sammanträdet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Protokoll – Kommunstyrelsen, {sv_date(meeting.start)}")
    expect(page.get_by_role("heading", name="§ 112 Bidrag till föreningen Ekbacken")).to_be_visible()
    expect(page.get_by_text("Kommunstyrelsen beslutar att bevilja 50 000 kronor.")).to_be_visible()
    expect(page.get_by_text("Föreningens ordförande, [personnummer maskerat], har ansökt")).to_be_visible()
    expect(page.get_by_text("Rättad version 2, anslagen")).to_be_visible()
    assert PERSONNUMMER not in page.content() and "811218" not in page.content()
    check_accessibility(page)

    pdf_link = page.get_by_role("link", name="Protokollet som pdf")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "[personnummer" in text and "Kommunstyrelsen beslutar att bevilja 50 000 kronor." in text
    assert "811218" not in text.replace("-", "")

    page.reload()  # the stored PDF now has a size to show
    expect(page.get_by_text(re.compile(r"\(Pdf, [0-9]+,[0-9]\s?kB\)"))).to_be_visible()


def test_older_version_says_it_has_been_replaced(page, meeting, protocols, check_accessibility):
    page.goto(f"/sammantraden/{meeting.pk}/protokoll/")
    page.get_by_role("link", name=re.compile(r"^Version 1, anslagen")).click()
    expect(page).to_have_url(re.compile(rf"/sammantraden/{meeting.pk}/protokoll/1/$"))
    expect(page.get_by_text("Det här är en äldre version.")).to_be_visible()
    expect(page.get_by_text("Kommunstyrelsen beslutar att bevilja 40 000 kronor.")).to_be_visible()
    assert PERSONNUMMER not in page.content()
    check_accessibility(page)

    page.get_by_role("link", name="version 2", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/sammantraden/{meeting.pk}/protokoll/2/$"))
    expect(page.get_by_text("Det här är en äldre version.")).to_have_count(0)


def test_notice_board_lists_the_postings_with_their_dates(page, meeting, protocols, check_accessibility):
    first, second = protocols
    page.goto("/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Anslagstavla").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anslagstavla")
    table = page.get_by_role("table", name=re.compile("Justerade protokoll på anslagstavlan"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    newest = rows.nth(0)
    posted_on = second.posting.posted_on
    expect(newest).to_contain_text("rättad version 2")
    expect(newest.locator("td").nth(2)).to_have_text(sv_date(posted_on))
    expect(newest.locator("td").nth(3)).to_have_text(sv_date(appeal_last_day(posted_on)))
    expect(newest.locator("td").nth(4)).to_have_text(sv_date(notice_taken_down_on(posted_on)))
    expect(rows.nth(1).locator("td").nth(3)).to_have_text(sv_date(first.posting.appeal_last_day))
    check_accessibility(page)

    newest.get_by_role("link", name=re.compile("^Protokoll")).click()
    expect(page).to_have_url(re.compile(rf"/sammantraden/{meeting.pk}/protokoll/2/$"))


def test_citizen_reads_who_attended_in_the_attendance_table(page, check_accessibility):
    protocol, _people = posted_with_roster(
        BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD), example=True
    )
    page.goto(protocol.get_absolute_url())
    expect(page.get_by_role("note")).to_contain_text("Namnen är påhittade exempel.")
    table = page.get_by_role("table", name="Ledamöter och ersättare i Kommunstyrelsen vid sammanträdet")
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(table.get_by_role("row", name="Per Lind")).to_contain_text("Närvarande, tjänstgör för Lena Holm")
    expect(table.get_by_role("row", name="Jan Ek")).to_contain_text("Närvarande från § 4")
    expect(table.get_by_role("row", name="Anna Berg")).to_contain_text("Ordförande")
    expect(table.get_by_role("link", name="Anna Berg")).to_have_attribute("href", "/ledamoter/anna-berg/")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    table.get_by_role("link", name="Per Lind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Per Lind")
