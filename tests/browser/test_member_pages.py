"""A citizen finds who sits on Kommunstyrelsen, filters the list without JavaScript and reads a member's page with
their attendance, votes and reservations; axe checks every page and each reflows at 320 px."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendance, Ballot, Body, Membership, Statement, Vote
from tests.browser.helpers import assert_reflows_at_320_px
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    PersonFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member(body, name, slug, party, role=Membership.Role.MEMBER, *, is_example=False):
    person = PersonFactory(name=name, slug=slug, party=PartyFactory(abbreviation=party), is_example=is_example)
    return MembershipFactory(person=person, body=body, role=role, start=dt.date(2023, 1, 1), end=None)


@pytest.fixture
def world():
    # Real time, not frozen: a frozen clock would also stop the browser's own timers.
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    anna = _member(board, "Anna Berg", "anna-berg", "S", Membership.Role.CHAIR)
    ola = _member(board, "Ola Ek", "ola-ek", "M")
    bo = _member(board, "Bo Lind", "bo-lind", "M")
    erik = _member(board, "Erik Holm", "erik-holm", "S", Membership.Role.SUBSTITUTE)
    held = timezone.localdate() - dt.timedelta(days=14)
    meeting = MeetingFactory(body=board, start=local(held.year, held.month, held.day))
    protocol = posted_protocol(posted_on=timezone.localdate() - dt.timedelta(days=5), meeting=meeting)
    Attendance.objects.create(protocol=protocol, membership=anna, is_chair=True, position=1)
    Attendance.objects.create(protocol=protocol, membership=ola, is_adjuster=True, position=2)
    Attendance.objects.create(protocol=protocol, membership=bo, status=Attendance.Status.ABSENT, position=3)
    Attendance.objects.create(protocol=protocol, membership=erik, serving_for=bo, position=4)
    paragraph = ProtocolParagraphFactory(protocol=protocol, number=112, title="Bidrag till föreningen Ekbacken")
    vote = Vote.objects.create(
        paragraph=paragraph,
        question="Ja för ordförandens förslag, nej för Moderaternas yrkande",
        yes_count=2,
        no_count=1,
        outcome="Kommunstyrelsen bifaller ordförandens förslag.",
    )
    for membership, choice in ((anna, "yes"), (erik, "yes"), (ola, "no")):
        Ballot.objects.create(vote=vote, membership=membership, choice=choice)
    Statement.objects.create(
        paragraph=paragraph,
        membership=ola,
        kind=Statement.Kind.RESERVATION,
        text="Moderaterna reserverar sig till förmån för eget yrkande.",
    )
    committee = BodyFactory(name="Kommunstyrelsens trygghetsutskott", slug="trygghetsutskottet", parent=board)
    _member(committee, "Vera Exempeldotter", "vera-exempeldotter", "KD", Membership.Role.CHAIR, is_example=True)
    return {"board": board, "meeting": meeting, "ola": ola}


def test_citizen_goes_from_the_body_page_to_the_list_and_a_members_votes(page, world, check_accessibility):
    page.goto("/organ/kommunstyrelsen/")
    roster = page.locator("section", has=page.get_by_role("heading", name="Ledamöter och ersättare", exact=True))
    expect(roster.get_by_role("listitem").first).to_have_text("Anna Berg (S), ordförande")
    expect(roster).to_contain_text("Erik Holm (S)")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    roster.get_by_role("link", name="Ledamöter och ersättare i Kommunstyrelsen per parti").click()
    expect(page).to_have_url(re.compile(r"/ledamoter/\?organ=kommunstyrelsen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledamöter och ersättare")
    expect(page.get_by_role("heading", name="Moderaterna (M)")).to_be_visible()
    expect(page.get_by_text("4 personer har uppdrag i dag")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("link", name="Ola Ek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ola Ek")
    attendance = page.get_by_role("table", name="Närvaro vid sammanträden, det senaste först")
    expect(attendance).to_contain_text("Närvarande")
    expect(attendance).to_contain_text("justerare")
    votes = page.get_by_role("table", name="Röster, den senaste först")
    expect(votes.get_by_role("row").nth(1)).to_contain_text("Nej")
    expect(votes).to_contain_text("2 ja, 1 nej, 0 avstår")
    reservations = page.locator(
        "section", has=page.get_by_role("heading", name="Reservationer och protokollsanteckningar")
    )
    expect(reservations).to_contain_text("Moderaterna reserverar sig till förmån för eget yrkande.")
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    votes.get_by_role("link", name="§ 112 Bidrag till föreningen Ekbacken").click()
    expect(page).to_have_url(re.compile(rf"/sammantraden/{world['meeting'].pk}/protokoll/#paragraf-112$"))
    expect(page.get_by_role("heading", name="§ 112 Bidrag till föreningen Ekbacken")).to_be_in_viewport()


def test_an_ersattare_page_names_whom_they_served_for(page, world, check_accessibility):
    page.goto("/ledamoter/erik-holm/")
    expect(page.get_by_role("table", name="Närvaro vid sammanträden, det senaste först")).to_contain_text(
        "tjänstgjorde för Bo Lind"
    )
    page.get_by_role("link", name="Bo Lind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bo Lind")
    expect(page.get_by_role("table", name="Närvaro vid sammanträden, det senaste först")).to_contain_text("Frånvarande")
    check_accessibility(page)


def test_list_filters_without_javascript_and_names_a_bad_value_at_its_field(browser, live_server, world, axe_source):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.goto("/ledamoter/")
    page.get_by_label("Parti").select_option(label="Moderaterna")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"parti=M"))
    expect(page.get_by_text("2 personer har uppdrag i dag")).to_be_visible()
    expect(page.get_by_role("link", name="Anna Berg")).to_have_count(0)
    page.goto("/ledamoter/?datum=2024-13-45")
    expect(page.get_by_text("Uppdrag den: skriv datumet som år-månad-dag, t.ex. 2024-06-03.")).to_be_visible()
    context.close()


def test_an_invented_person_is_labelled_as_an_example(page, world, check_accessibility):
    page.goto("/organ/trygghetsutskottet/")
    expect(page.get_by_text("Namnen är påhittade exempel.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Vera Exempeldotter").click()
    expect(page.get_by_role("note")).to_contain_text("Det här är en påhittad person.")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.goto("/ledamoter/?tidigare=on&organ=kommunstyrelsen&parti=S&datum=2024-01-01")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.goto("/ledamoter/?organ=finns-inte")
    expect(page.get_by_text("Organ: det finns inget sådant organ. Välj ett i listan.")).to_be_visible()
    check_accessibility(page)
