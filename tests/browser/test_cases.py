"""Issue 16's must-show: a citizen follows case Ks 181/2022 from a committee meeting through Kommunstyrelsen to
Kommunfullmäktige. The list filters without JavaScript, the case page lists the three steps in date order with their
proposals, decisions and documents and marks the final decision; the case's feed parses; search for "KS 181/22"
finds the case. axe-core finds no WCAG 2.1 AA violation and each page reflows at 320 px."""

import datetime as dt
import re

import feedparser
import pytest
from playwright.sync_api import expect

from goals.models import CommitmentStatus, CommitmentUpdate
from meetings.models import Body, Document, ProtocolParagraph
from tests.browser.helpers import assert_reflows_at_320_px
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CommitmentFactory,
    MeetingFactory,
    ProtocolParagraphFactory,
    local,
    make_document,
    posted_protocol,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "Ks 181/2022"
Outcome = ProtocolParagraph.Outcome


def _step(body, start, *, item_number, paragraph_number, outcome, decision, document):
    meeting = MeetingFactory(body=body, start=start, agenda_published_at=start - dt.timedelta(days=7))
    item = AgendaItemFactory(
        meeting=meeting,
        number=item_number,
        title="Detaljplan för Vivalla centrum",
        case_number=NUMBER,
        proposal=f"{body.name} föreslås godkänna detaljplanen.",
    )
    make_document(title=document, kind=Document.Kind.REPORT, agenda_item=item)
    protocol = posted_protocol(posted_on=start.date() + dt.timedelta(days=7), meeting=meeting)
    paragraph = ProtocolParagraphFactory(
        protocol=protocol,
        number=paragraph_number,
        agenda_item=item,
        title="Detaljplan för Vivalla centrum",
        case_number=NUMBER,
        decision=decision,
        outcome=outcome,
    )
    return item, paragraph


@pytest.fixture
def world():
    # Real time, not frozen: a frozen clock would also stop the browser's own timers.
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    committee = BodyFactory(
        name="Kommunstyrelsens planeringsutskott",
        slug="planeringsutskottet",
        kind=Body.Kind.SUB_COMMITTEE,
        parent=board,
    )
    council = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)
    _pu_item, pu = _step(
        committee,
        local(2022, 5, 24),
        item_number="4",
        paragraph_number=51,
        outcome=Outcome.FORWARDED,
        decision="Planeringsutskottet föreslår Kommunstyrelsen att godkänna detaljplanen.",
        document="Tjänsteskrivelse om detaljplanen",
    )
    ks_item, ks = _step(
        board,
        local(2022, 6, 7),
        item_number="12",
        paragraph_number=143,
        outcome=Outcome.FORWARDED,
        decision="Kommunstyrelsen föreslår Kommunfullmäktige att anta detaljplanen.",
        document="Planbeskrivning",
    )
    kf_item, kf = _step(
        council,
        local(2022, 6, 20),
        item_number="8",
        paragraph_number=88,
        outcome=Outcome.FINAL,
        decision="Kommunfullmäktige antar detaljplanen.",
        document="Plankarta",
    )
    update = CommitmentUpdate.objects.create(
        commitment=CommitmentFactory(text="Fler bostäder i Vivalla"),
        date=dt.date(2022, 6, 10),
        status=CommitmentStatus.IN_PROGRESS,
    )
    update.agenda_items.add(ks_item)
    pu.forwarded_to, ks.forwarded_to = ks_item, kf_item
    pu.save()
    ks.save()
    # Another case, only in the committee, still going on.
    meeting = MeetingFactory(body=committee, start=local(2023, 2, 1), agenda_published_at=local(2023, 1, 25))
    AgendaItemFactory(meeting=meeting, title="Ny simhall", case_number="Ks 12/2023")
    return {"kf_protocol": kf.protocol}


def test_a_citizen_follows_a_case_from_the_committee_to_fullmaktige(anonymous_page, world, check_accessibility):
    page = anonymous_page
    page.goto("/arenden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ärenden")
    expect(page.get_by_role("status")).to_have_text("2 ärenden")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    # Filter without JavaScript: the decided cases handled by Kommunfullmäktige.
    page.get_by_label("Organ").select_option(label="Kommunfullmäktige")
    page.get_by_label("Status").select_option(label="Avgjort")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"/arenden/\?organ=kommunfullmaktige&ar=&status=avgjort$"))
    expect(page.get_by_role("status")).to_have_text("1 ärende")
    table = page.get_by_role("table", name="Ärenden, senast behandlade först")
    expect(table.get_by_role("row")).to_have_count(2)
    row = table.get_by_role("row").nth(1)
    expect(row).to_contain_text("Detaljplan för Vivalla centrum")
    expect(row).to_contain_text("Kommunstyrelsens planeringsutskott, Kommunstyrelsen, Kommunfullmäktige")
    expect(row).to_contain_text("Avgjort")
    check_accessibility(page)

    row.get_by_role("link", name=NUMBER).click()
    expect(page).to_have_url(re.compile(r"/arenden/ks-181-2022/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ärende Ks 181/2022 Detaljplan för Vivalla centrum")
    expect(page.locator(".facts")).to_contain_text("Avgjort måndag 20 juni 2022")

    steps = page.locator("ol.case-steps > li")
    expect(steps).to_have_count(3)
    expected = [
        ("tisdag 24 maj 2022", "Kommunstyrelsens planeringsutskott", "§ 51", "Tjänsteskrivelse om detaljplanen"),
        ("tisdag 7 juni 2022", "Kommunstyrelsen", "§ 143", "Planbeskrivning"),
        ("måndag 20 juni 2022", "Kommunfullmäktige", "§ 88", "Plankarta"),
    ]
    for index, (day, body, paragraph, document) in enumerate(expected):
        current = steps.nth(index)
        expect(current.get_by_role("heading", level=3)).to_have_text(f"{day} {body}")
        expect(current.get_by_role("heading", name="Förslag till beslut")).to_be_visible()
        expect(current.get_by_role("link", name=re.compile(f"^{document}"))).to_have_attribute(
            "href", re.compile(r"^/dokument/\d+/")
        )
        expect(current.get_by_role("link", name=f"{paragraph} i protokollet")).to_be_visible()
    expect(steps.nth(0)).to_contain_text("Planeringsutskottet föreslår Kommunstyrelsen att godkänna detaljplanen.")
    expect(steps.nth(0)).to_contain_text("Förslag till annat organ")
    expect(steps.nth(0).get_by_role("link", name="Kommunstyrelsen", exact=True)).to_be_visible()
    expect(steps.nth(1)).to_contain_text("Förslag till Kommunfullmäktige")
    # The final decision, and only it, is marked.
    expect(page.get_by_text("Slutligt beslut")).to_have_count(1)
    expect(steps.nth(2).get_by_text("Slutligt beslut")).to_be_visible()
    expect(steps.nth(2)).to_contain_text("Kommunfullmäktige antar detaljplanen.")
    expect(steps.nth(2)).to_contain_text("Beslut – ärendet avgjort")
    platform = page.locator("section", has=page.get_by_role("heading", name="Ärendet i den politiska plattformen"))
    expect(platform.get_by_role("link", name="Fler bostäder i Vivalla")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    # The decision links to its paragraph in the protocol.
    steps.nth(2).get_by_role("link", name="§ 88 i protokollet").click()
    expect(page).to_have_url(re.compile(rf"{world['kf_protocol'].get_absolute_url()}#paragraf-88$"))
    page.go_back()

    # The case's own feed, announced in the head and linked on the page.
    feed_link = page.get_by_role("link", name="Följ ärendet som nyhetsflöde (Atom)")
    href = feed_link.get_attribute("href")
    assert page.locator('head link[rel="alternate"][type="application/atom+xml"]').nth(1).get_attribute("href") == href
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 6  # three agendas and three decisions
    assert feed.entries[0].title.startswith("Kommunfullmäktige 20 juni 2022, § 88: Ks 181/2022")

    # Search in any notation finds the case first.
    page.goto("/sok/")
    page.get_by_label(re.compile("^Sök bland")).fill("KS 181/22")
    page.get_by_role("button", name="Sök", exact=True).click()
    best_bet = page.locator("section.case-best-bet")
    expect(best_bet).to_contain_text("Avgjort")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    best_bet.get_by_role("link", name="Ks 181/2022: Detaljplan för Vivalla centrum").click()
    expect(page).to_have_url(re.compile(r"/arenden/ks-181-2022/$"))


def test_a_key_in_another_notation_lands_on_the_case(anonymous_page, world, check_accessibility):
    anonymous_page.goto("/arenden/KS-181-22/")
    expect(anonymous_page).to_have_url(re.compile(r"/arenden/ks-181-2022/$"))
    anonymous_page.goto("/arenden/?status=kanske")
    expect(anonymous_page.get_by_text("Status: välj pågående eller avgjort.")).to_be_visible()
    check_accessibility(anonymous_page)
