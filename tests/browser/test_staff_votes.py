"""A secretary records a paragraph's vote, 7–4 with one abstention, and a reservation in a real browser; axe-core
checks every page on the way and each reflows at 320 px. The vote form also works without JavaScript."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Ballot, Posting, Protocol, Statement, Vote
from meetings.services.votes import proposal_add, statement_add
from orebro_portal.lib.statutory_time import appeal_last_day, notice_taken_down_on
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import secretary_of
from tests.meetings.test_votes import ABSTAIN, NO, YES, Board, name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABEL = {YES: "Ja", NO: "Nej", ABSTAIN: "Avstår"}


@pytest.fixture
def board() -> Board:
    """Twelve serving at § 5 of a draft: eleven ledamöter and an ersättare serving for the twelfth, who was away."""
    board = Board()
    secretary_of(board.body, username="karin", first_name="Karin", last_name="Lund")
    return board


def choose(page, board: Board) -> None:
    for membership, choice in board.ballots(7, 4, 1).items():
        member = next(m for m in board.serving if m.pk == membership)
        group = page.get_by_role("group", name=re.compile("^" + re.escape(name(member))))
        group.get_by_label(LABEL[choice], exact=True).check()


def counts(page):
    return page.get_by_role("group", name="Antal röster")


def test_secretary_records_a_7_to_4_vote_and_a_reservation(page, board, check_accessibility):
    log_in(page, "karin", next_path=f"/redigera/protokoll/{board.protocol.pk}/")
    expect(page.get_by_text("Inga yrkanden, omröstningar eller reservationer.")).to_be_visible()
    page.get_by_role("link", name="Yrkanden, omröstningar och reservationer i § 5").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Yrkanden, omröstningar och reservationer")
    expect(page.get_by_text("12 ledamöter tjänstgjorde vid § 5")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("link", name="Registrera omröstning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Registrera omröstning i § 5")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.get_by_label("Propositionsordning").fill("Ja för ordförandens förslag, nej för Moderaternas yrkande.")
    choose(page, board)
    # The running tally, and the counts typed wrong on purpose: one too many ja.
    expect(page.locator("[data-vote-tally]")).to_contain_text("Enligt rösterna: 7 ja, 4 nej, 1 avstår. 12 av 12")
    counts(page).get_by_label("Ja").fill("8")
    counts(page).get_by_label("Nej").fill("4")
    counts(page).get_by_label("Avstår").fill("1")
    page.get_by_role("button", name="Spara omröstningen").click()

    expect(page.get_by_role("alert")).to_contain_text("Ja: 8 angivna men 7 ledamöter röstade ja.")
    expect(page.locator("#id_yes_count_error")).to_have_text("8 angivna men 7 ledamöter röstade ja.")
    expect(page.locator("#antal-fel")).to_have_text("12 tjänstgjorde vid § 5 men rösterna är 13.")
    assert not Vote.objects.exists()
    check_accessibility(page)
    # The ballots chosen are still there; the button copies their tally into the counts.
    page.get_by_role("button", name="Fyll i antalen från rösterna").click()
    expect(counts(page).get_by_label("Ja")).to_have_value("7")
    page.get_by_role("button", name="Spara omröstningen").click()

    expect(page.get_by_text("Omröstningen i § 5 är registrerad.")).to_be_visible()
    expect(page.get_by_text("Resultat: 7 ja, 4 nej, 1 avstår")).to_be_visible()
    vote = Vote.objects.get()
    assert (vote.yes_count, vote.no_count, vote.abstain_count) == (7, 4, 1)
    assert dict(vote.ballots.values_list("membership_id", "choice")) == board.ballots(7, 4, 1)
    page.get_by_text("Visa hur var och en röstade").click()
    expect(page.get_by_role("table", name="Röster i § 5").get_by_role("row")).to_have_count(13)
    check_accessibility(page)

    # A reservation: first by the ersättare who was there without serving (refused), then by one who voted no.
    page.get_by_role("link", name="Lägg till reservation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lägg till reservation i § 5")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    page.get_by_label("Ledamot").select_option(str(board.bystander.pk))
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_membership_error")).to_contain_text(
        f"{name(board.bystander)} tjänstgjorde inte vid § 5 och kan inte reservera sig."
    )
    check_accessibility(page)
    dissenter = next(m for m, choice in board.ballots(7, 4, 1).items() if choice == NO)
    page.get_by_label("Ledamot").select_option(str(dissenter))
    page.get_by_label("Text", exact=True).fill("Till förmån för Moderaternas yrkande.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text(re.compile(r"Reservation av .* är tillagd i § 5\."))).to_be_visible()
    assert Statement.objects.get().membership_id == dissenter

    page.get_by_role("link", name="Tillbaka till protokollet").click()
    expect(page.get_by_text("omröstning 7–4 (1 avstår) · 1 reservation")).to_be_visible()


def test_the_vote_form_works_without_javascript(browser, live_server, board):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    log_in(page, "karin", next_path=f"/redigera/paragrafer/{board.paragraph.pk}/beslut/omrostningar/ny/")
    expect(page.locator("[data-vote-tally]")).to_be_hidden()
    page.get_by_label("Propositionsordning").fill("Ja för bifall, nej för avslag.")
    choose(page, board)
    counts(page).get_by_label("Ja").fill("7")
    counts(page).get_by_label("Nej").fill("4")
    counts(page).get_by_label("Avstår").fill("1")
    page.get_by_role("button", name="Spara omröstningen").click()
    expect(page.get_by_text("Omröstningen i § 5 är registrerad.")).to_be_visible()
    assert Ballot.objects.count() == 12
    context.close()


def test_a_visitor_reads_the_vote_per_member_and_the_reservation_on_the_protocol_page(
    anonymous_page, board, check_accessibility
):
    board.paragraph.procedure = "Ordföranden ställer proposition på förslagen och finner bifall till sitt eget."
    board.paragraph.save()
    proposal_add(paragraph=board.paragraph, membership=board.serving[1], text="Yrkar avslag.")
    board.vote(outcome="Kommunstyrelsen bifaller ordförandens förslag.")
    dissenter = next(m for m in board.serving if board.ballots()[m.pk] == NO)
    statement_add(paragraph=board.paragraph, membership=dissenter, kind="reservation", text="Till förmån för M.")
    today = timezone.localdate()
    Protocol.objects.filter(pk=board.protocol.pk).update(adjusted_on=today - dt.timedelta(days=1))
    Posting.objects.create(
        protocol=board.protocol,
        posted_on=today,
        appeal_last_day=appeal_last_day(today),
        taken_down_on=notice_taken_down_on(today),
    )

    page = anonymous_page
    page.goto(f"/sammantraden/{board.meeting.pk}/protokoll/1/")
    table = page.get_by_role("table", name="Så röstade ledamöterna i § 5")
    expect(table.get_by_role("row")).to_have_count(13)
    expect(table.get_by_role("row", name=re.compile(re.escape(dissenter.person.name)))).to_contain_text("Nej")
    expect(page.get_by_role("heading", name="Reservationer")).to_be_visible()
    expect(page.get_by_text("Till förmån för M.")).to_be_visible()
    expect(page.get_by_text("Resultat: 7 ja, 4 nej, 1 avstår.")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)
