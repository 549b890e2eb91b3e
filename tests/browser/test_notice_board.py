"""The notice board in a real browser: a citizen reads today's board (a council meeting notice, a protocol with where
it is kept, a delegation decision, a plan notice), one notice, the appeal guide and the archive; a secretary posts a
delegation decision. Every page is checked by axe-core and reflows at 320 px."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import AgendaItem, Body
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import BodyFactory, MeetingFactory, NoticeFactory, local, make_pdf, posted_protocol, secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT_AT = "Kommunstyrelsens kansli, Stadshuset, Drottninggatan 5, 702 10 Örebro"


@pytest.fixture
def world():
    # Real time, not frozen: a frozen clock would also stop the browser's own timers.
    today = timezone.localdate()
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD, protocol_kept_at=KEPT_AT)
    council = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)
    day = today + dt.timedelta(days=10)
    meeting = MeetingFactory(body=council, start=local(day.year, day.month, day.day, 18, 0), place="Sessionssalen")
    AgendaItem.objects.create(meeting=meeting, position=1, number="1", title="Årsredovisning", case_number="Ks 5/2024")
    AgendaItem.objects.create(meeting=meeting, position=2, number="2", title="Markförvärv", is_public=False)
    services.agenda_publish(meeting=meeting)
    held = today - dt.timedelta(days=3)
    posted_protocol(posted_on=today, meeting=MeetingFactory(body=board, start=local(held.year, held.month, held.day)))
    services.delegation_notice_create(
        body=board,
        title="Avskrivning av fordran",
        text="Fordran skrivs av.",
        case_number="Ks 77/2024",
        decided_on=today,
        decided_by="Ekonomidirektör",
        posted_on=today,
        user=None,
    )
    services.other_notice_create(
        title="Granskning av detaljplan för kvarteret Hjorten",
        text="Planförslaget finns att granska.",
        legal_basis="Plan- och bygglagen 5 kap. 18 §",
        posted_on=today,
        taken_down_on=today + dt.timedelta(days=28),
        file=make_pdf("Plankarta kvarteret Hjorten"),
        user=None,
    )
    a_year_ago = today - dt.timedelta(days=365)
    NoticeFactory(title="Lokala trafikföreskrifter", posted_on=a_year_ago, taken_down_on=a_year_ago + dt.timedelta(7))
    services.notice_board_take_down()
    return {"board": board, "meeting": meeting}


def test_a_citizen_reads_the_notice_board_and_how_to_appeal(page, world, check_accessibility):
    page.goto("/")
    page.get_by_role("region", name="Anslagstavlan").get_by_role("link", name="Anslagstavlan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anslagstavla")
    expect(page.get_by_text("Officiell anslagstavla")).to_be_visible()
    meetings = page.get_by_role("region", name="Kungörelser av fullmäktiges sammanträden")
    expect(meetings).to_contain_text("Sessionssalen")
    expect(meetings.get_by_role("link", name="1. Årsredovisning")).to_be_visible()
    expect(meetings).to_contain_text("2. Sekretessärende")
    row = page.get_by_role("table", name=re.compile("Justerade protokoll på anslagstavlan")).locator("tbody tr")
    expect(row).to_contain_text(KEPT_AT)
    expect(page.get_by_role("region", name="Delegationsbeslut")).to_contain_text("Ekonomidirektör")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("link", name="Granskning av detaljplan för kvarteret Hjorten", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kungörelse enligt annan lag")
    expect(page.get_by_text("Planförslaget finns att granska.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Kungörelsen som PDF"))).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("link", name=re.compile("^Så överklagar du i ärendet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Så överklagar du ett beslut")
    expect(page.locator("address")).to_contain_text("Box 568")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("link", name="Arkiv över nedtagna anslag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anslagstavlans arkiv")
    page.get_by_label("Sök", exact=True).fill("trafik")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("status")).to_have_text("1 nedtaget anslag")
    expect(page.get_by_role("link", name="Lokala trafikföreskrifter", exact=True)).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)


def test_a_council_meeting_notice_lists_its_matters(page, world, check_accessibility):
    page.goto("/anslagstavla/")
    page.get_by_role("link", name=re.compile("^Kungörelse: Kommunfullmäktige sammanträder")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kungörelse av fullmäktiges sammanträde")
    page.get_by_role("link", name="1. Årsredovisning").click()
    expect(page).to_have_url(re.compile(rf"/sammantraden/{world['meeting'].pk}/#arende-\d+$"))
    page.go_back()
    check_accessibility(page)
    assert_reflows_at_320_px(page)


def test_a_secretary_posts_a_delegation_decision(page, world, check_accessibility):
    secretary_of(world["board"], username="karin", first_name="Karin", last_name="Lund")
    log_in(page, "karin")
    page.goto("/redigera/anslag/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anslagstavlan")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("link", name="Nytt delegationsbeslut").click()
    page.get_by_role("button", name="Spara anslaget").click()  # empty: the summary names the fields
    expect(page.get_by_role("alert")).to_contain_text("Rubrik")
    check_accessibility(page)
    page.get_by_label("Rubrik").fill("Parkeringsförbud på Storgatan")
    page.get_by_label("Beslutat av (befattning)").fill("Trafikingenjör")
    page.get_by_label("Beslutsdatum").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Spara anslaget").click()
    expect(page.get_by_role("status")).to_contain_text("Anslaget är sparat.")
    expect(page.get_by_role("table")).to_contain_text("Parkeringsförbud på Storgatan")
    check_accessibility(page)

    page.get_by_role("link", name="Ändra ”Parkeringsförbud på Storgatan”").click()
    expect(page.get_by_label("Anslaget publicerat")).to_be_disabled()
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.goto("/redigera/anslag/kungorelse/ny/")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.goto("/anslagstavla/")
    expect(page.get_by_role("region", name="Delegationsbeslut")).to_contain_text("Parkeringsförbud på Storgatan")
