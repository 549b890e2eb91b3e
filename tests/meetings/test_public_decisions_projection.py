"""The public projections of the elected, attendance, votes and justering: what a secret paragraph, a closed vote or an
earlier round of justering shows (nothing), and that names are masked like any staff text."""

import datetime as dt

import pytest

from meetings.models import AdjustmentApproval, Attendance, Ballot, Protocol, Statement, Vote
from meetings.public import PublicPerson, PublicProtocol
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    PersonFactory,
    ProtocolParagraphFactory,
    UserFactory,
    local,
    posted_protocol,
    roster,
)

pytestmark = pytest.mark.django_db

NUMBER = "811218-9876"


@pytest.fixture
def protocol_with_parts():
    body = BodyFactory()
    chair, member, substitute = roster(body, members=2, substitutes=1)
    protocol = posted_protocol(
        posted_on=dt.date(2024, 6, 5), meeting=MeetingFactory(body=body, start=local(2024, 6, 3))
    )
    for position, membership in enumerate((chair, member, substitute)):
        Attendance.objects.create(
            protocol=protocol,
            membership=membership,
            position=position,
            is_chair=membership == chair,
            is_adjuster=membership == member,
        )
    public, secret = (
        ProtocolParagraphFactory(protocol=protocol, number=1, is_public=True),
        ProtocolParagraphFactory(protocol=protocol, number=2, is_public=False),
    )
    for paragraph in (public, secret):
        vote = Vote.objects.create(paragraph=paragraph, question="Ja för förslaget", yes_count=1, no_count=1)
        Ballot.objects.create(vote=vote, membership=chair, choice=Ballot.Choice.YES)
        Ballot.objects.create(vote=vote, membership=member, choice=Ballot.Choice.NO)
        Statement.objects.create(
            paragraph=paragraph, membership=member, kind=Statement.Kind.RESERVATION, text=f"Reserverar sig, {NUMBER}"
        )
    return protocol, chair, member


def test_a_secret_paragraph_shows_no_votes_and_no_reservations(protocol_with_parts):
    protocol, _chair, _member = protocol_with_parts
    public, secret = PublicProtocol.of(protocol).paragraphs
    assert [vote.yes_count for vote in public.votes] == [1]
    assert [ballot.get_choice_display() for ballot in public.votes[0].ballots] == ["Ja", "Nej"]
    assert public.reservation_statements[0].text == "Reserverar sig, [personnummer maskerat]"
    assert secret.votes == [] and secret.statements == [] and secret.proposals == []


def test_a_closed_vote_shows_its_counts_but_no_ballots(protocol_with_parts):
    protocol, _chair, _member = protocol_with_parts
    Vote.objects.filter(paragraph__protocol=protocol).update(is_secret=True)
    vote = PublicProtocol.of(protocol).paragraphs[0].votes[0]
    assert (vote.yes_count, vote.no_count, vote.ballots) == (1, 1, [])


def test_the_justering_shown_is_the_approvals_of_the_round_that_adjusted_a_digital_protocol(protocol_with_parts):
    protocol, chair, member = protocol_with_parts
    user = UserFactory()
    for round_, person, decision in (
        (1, member.person, AdjustmentApproval.Decision.RETURNED),
        (2, chair.person, AdjustmentApproval.Decision.APPROVED),
        (2, member.person, AdjustmentApproval.Decision.APPROVED),
    ):
        AdjustmentApproval.objects.create(
            protocol=protocol,
            round=round_,
            person=person,
            role="adjuster",
            user=user,
            decision=decision,
            digest="0" * 64,
        )
    assert PublicProtocol.of(protocol).approvals == []  # adjusted on paper: no digital approvals to show
    Protocol.objects.filter(pk=protocol.pk).update(
        adjustment_method=Protocol.AdjustmentMethod.DIGITAL, adjustment_round=2
    )
    protocol.refresh_from_db()
    approvals = PublicProtocol.of(protocol).approvals
    assert [approval.person.name for approval in approvals] == [chair.person.name, member.person.name]


def test_a_persons_name_is_masked_like_any_staff_text():
    person = PersonFactory(name=f"Anna Berg {NUMBER}")
    assert PublicPerson(person).name == "Anna Berg [personnummer maskerat]"
