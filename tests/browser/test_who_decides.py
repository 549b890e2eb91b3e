"""Issue 15's must-show, in real browsers from start to end: the secretary builds the attendance from the roster with
an ersättare serving for an absent ledamot, records a vote of 7–4 with one abstention and a reservation, and sends
the protocol for justering; the chair and two adjusters log in, each in a browser of their own, and approve; the
protocol is adjusted and posted; an anonymous visitor sees the attendance table, each member's vote and the
reservation on the protocol page and on the member's page, and pypdf finds the justering block in the PDF. axe-core
checks every page on the way, staff and public."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.models import Attendance, Membership, Protocol
from tests.browser.conftest import _new_page
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    PersonFactory,
    UserFactory,
    secretary_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Twelve ledamöter (the first chairs) and two ersättare; parties in turn. Names are invented for the test.
LEDAMOTER = [
    ("Anna Exempelsson", "S"),
    ("Bo Exempelsson", "M"),
    ("Cecilia Exempeldotter", "C"),
    ("David Exempelsson", "S"),
    ("Eva Exempeldotter", "M"),
    ("Filip Exempelsson", "V"),
    ("Greta Exempeldotter", "S"),
    ("Hugo Exempelsson", "KD"),
    ("Ida Exempeldotter", "L"),
    ("Jonas Exempelsson", "MP"),
    ("Karin Exempeldotter", "SD"),
    ("Lars Exempelsson", "S"),
]
ERSATTARE = [("Maja Exempeldotter", "S"), ("Nils Exempelsson", "M")]
# How the twelve who serve vote: Lars is away and Maja serves for him.
VOTES = {
    "Anna Exempelsson": "Ja",
    "Cecilia Exempeldotter": "Ja",
    "David Exempelsson": "Ja",
    "Greta Exempeldotter": "Ja",
    "Maja Exempeldotter": "Ja",
    "Ida Exempeldotter": "Ja",
    "Jonas Exempelsson": "Ja",
    "Bo Exempelsson": "Nej",
    "Eva Exempeldotter": "Nej",
    "Hugo Exempelsson": "Nej",
    "Karin Exempeldotter": "Nej",
    "Filip Exempelsson": "Avstår",
}
DISSENTER = "Eva Exempeldotter"
ACCOUNTS = {"Anna Exempelsson": "anna", "Bo Exempelsson": "bo", "Cecilia Exempeldotter": "cecilia"}


@pytest.fixture
def world(eager_celery):
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    secretary_of(body, username="sekreterare", first_name="Karin", last_name="Lund")
    start = dt.date(2023, 1, 1)
    memberships = {}
    for index, (name, party) in enumerate(LEDAMOTER + ERSATTARE):
        role = Membership.Role.CHAIR if index == 0 else Membership.Role.MEMBER
        if index >= len(LEDAMOTER):
            role = Membership.Role.SUBSTITUTE
        person = PersonFactory(name=name, slug=name.lower().replace(" ", "-"), party=PartyFactory(abbreviation=party))
        if name in ACCOUNTS:
            person.user = UserFactory(username=ACCOUNTS[name], email=f"{ACCOUNTS[name]}@orebro.se")
            person.save()
        memberships[name] = MembershipFactory(person=person, body=body, role=role, start=start, end=None)
    # Held three days ago, its agenda published: an item whose proposal the protocol's decision starts from.
    meeting = MeetingFactory(
        body=body,
        start=timezone.now() - dt.timedelta(days=3),
        agenda_published_at=timezone.now() - dt.timedelta(days=9),
    )
    AgendaItemFactory(
        meeting=meeting,
        position=1,
        number="1",
        title="Budget 2025",
        proposal="Kommunstyrelsen föreslår att budgeten antas.",
    )
    return meeting, memberships


def label(memberships, name: str) -> str:
    membership = memberships[name]
    return f"{name} ({membership.party.abbreviation})"


def test_the_secretary_records_who_decided_the_adjusters_approve_and_a_visitor_reads_it(
    browser, live_server, page, anonymous_page, world, check_accessibility
):
    meeting, memberships = world

    # --- The secretary writes the protocol; the attendance comes from the roster ---
    log_in(page, "sekreterare", next_path=f"/redigera/sammantraden/{meeting.pk}/")
    page.get_by_role("button", name="Skriv protokoll").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll")
    page.get_by_role("link", name="Ändra uppgifterna om protokollet").click()
    page.get_by_label("Sekreterare").fill("Karin Lund")
    page.get_by_role("button", name="Spara").click()

    narvaro = page.locator("section", has=page.get_by_role("heading", name="Närvaro", exact=True))
    narvaro.get_by_role("link", name="Ändra närvaron").click()
    expect(page.get_by_label(f"{label(memberships, 'Anna Exempelsson')}, ordförande")).to_be_checked()
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.get_by_label(f"{label(memberships, 'Lars Exempelsson')}, närvaro").select_option(label="Frånvarande")
    page.get_by_label(f"{label(memberships, 'Maja Exempeldotter')}, närvaro").select_option(label="Närvarande")
    page.get_by_label(f"{label(memberships, 'Maja Exempeldotter')}, tjänstgör för").select_option(
        label=label(memberships, "Lars Exempelsson")
    )
    for adjuster in ("Bo Exempelsson", "Cecilia Exempeldotter"):
        page.get_by_label(f"{label(memberships, adjuster)}, justerare").check()
    page.get_by_role("button", name="Spara närvaron").click()
    expect(page.get_by_text("Närvaron är sparad.")).to_be_visible()
    narvaro = page.locator("section", has=page.get_by_role("heading", name="Närvaro", exact=True))
    expect(narvaro.get_by_role("row", name=label(memberships, "Maja Exempeldotter"))).to_contain_text(
        "tjänstgör för Lars Exempelsson"
    )

    # --- The vote, 7–4 with one abstention, and a reservation ---
    page.get_by_role("link", name=re.compile(r"Yrkanden, omröstningar och reservationer i § \d+")).click()
    expect(page.get_by_text(re.compile(r"12 ledamöter tjänstgjorde vid § \d+"))).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Registrera omröstning").click()
    page.get_by_label("Propositionsordning").fill("Ja för ordförandens förslag, nej för Moderaternas yrkande.")
    for name, choice in VOTES.items():
        group = page.get_by_role("group", name=re.compile("^" + re.escape(label(memberships, name))))
        group.get_by_label(choice, exact=True).check()
    counts = page.get_by_role("group", name="Antal röster")
    for field, value in (("Ja", "7"), ("Nej", "4"), ("Avstår", "1")):
        counts.get_by_label(field).fill(value)
    check_accessibility(page)
    page.get_by_role("button", name="Spara omröstningen").click()
    expect(page.get_by_text("Resultat: 7 ja, 4 nej, 1 avstår")).to_be_visible()

    page.get_by_role("link", name="Lägg till reservation").click()
    page.get_by_label("Ledamot").select_option(str(memberships[DISSENTER].pk))
    page.get_by_label("Text", exact=True).fill("Till förmån för Moderaternas yrkande om en lägre skattesats.")
    check_accessibility(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text(re.compile(r"Reservation av .* är tillagd"))).to_be_visible()

    page.get_by_role("link", name="Tillbaka till protokollet").click()
    expect(page.get_by_text("omröstning 7–4 (1 avstår) · 1 reservation")).to_be_visible()
    page.get_by_role("button", name="Skicka för justering").click()
    expect(page.get_by_text("Protokollet är skickat för justering")).to_be_visible()
    protocol = Protocol.objects.get(meeting=meeting)
    assert protocol.status == Protocol.Status.SENT

    # --- The chair and the two adjusters approve, each in a browser of their own ---
    for index, username in enumerate(("anna", "bo", "cecilia")):
        context, approver = _new_page(browser, live_server.url)
        try:
            log_in(approver, username)
            expect(approver.get_by_role("heading", level=1)).to_have_text("Protokoll att justera")
            approver.get_by_role("link", name="Kommunstyrelsen").first.click()
            expect(approver.get_by_role("heading", level=1)).to_contain_text("Justera protokollet")
            if index == 0:
                check_accessibility(approver)
            approver.get_by_role("button", name="Godkänn protokollet").click()
            expect(approver.locator(".messages")).to_contain_text("Du har godkänt protokollet.")
        finally:
            context.close()
        protocol.refresh_from_db()
        assert protocol.is_adjusted == (index == 2), "adjusted only when the chair and every adjuster approved"
    assert protocol.adjustment_method == Protocol.AdjustmentMethod.DIGITAL

    # --- Posted on the notice board ---
    page.goto(f"/redigera/protokoll/{protocol.pk}/")
    page.get_by_role("link", name="Anslå på anslagstavlan").click()
    page.get_by_role("button", name="Anslå på anslagstavlan").click()
    expect(page.get_by_text("Protokollet är anslaget på anslagstavlan.")).to_be_visible()

    # --- What an anonymous visitor reads ---
    visitor = anonymous_page
    visitor.goto(f"/sammantraden/{meeting.pk}/protokoll/")
    attendance = visitor.get_by_role("table", name=re.compile("Ledamöter och ersättare i Kommunstyrelsen"))
    expect(attendance.get_by_role("row", name=re.compile("Maja Exempeldotter"))).to_contain_text(
        "Tjänstgör för Lars Exempelsson", ignore_case=True
    )
    expect(attendance.get_by_role("row", name=re.compile("^Lars Exempelsson"))).to_contain_text("Frånvarande")
    ballots = visitor.get_by_role("table", name=re.compile("Så röstade ledamöterna"))
    expect(ballots.locator("tbody tr")).to_have_count(12)
    for name, choice in VOTES.items():
        expect(ballots.get_by_role("row", name=re.compile(re.escape(name)))).to_contain_text(choice)
    expect(visitor.get_by_text("Till förmån för Moderaternas yrkande om en lägre skattesats.")).to_be_visible()
    expect(visitor.get_by_text(re.compile("Justerat digitalt av Anna Exempelsson"))).to_be_visible()
    check_accessibility(visitor)
    assert_reflows_at_320_px(visitor)

    visitor.get_by_role("link", name=DISSENTER).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(DISSENTER)
    expect(visitor.get_by_text("Till förmån för Moderaternas yrkande om en lägre skattesats.")).to_be_visible()
    expect(visitor.get_by_role("cell", name="Nej", exact=True).first).to_be_visible()
    check_accessibility(visitor)
    assert_reflows_at_320_px(visitor)
    visitor.goto("/ledamoter/")
    expect(visitor.get_by_role("link", name=DISSENTER)).to_be_visible()
    check_accessibility(visitor)

    pdf = visitor.request.get(f"/sammantraden/{meeting.pk}/protokoll/{protocol.version}.pdf")
    assert pdf.ok
    text = " ".join(" ".join(page_.extract_text().split()) for page_ in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Justerat digitalt av Anna Exempelsson (ordförande)" in text
    assert "Bo Exempelsson" in text and "Cecilia Exempeldotter" in text
    assert Attendance.objects.get(protocol=protocol, membership=memberships["Maja Exempeldotter"]).serving_for_id == (
        memberships["Lars Exempelsson"].pk
    )
