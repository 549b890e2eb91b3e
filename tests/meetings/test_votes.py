"""Yrkanden, omröstningar, reservationer and protokollsanteckningar per paragraph (meetings.services.votes): what the
attendance allows, what is refused at which field, what a correction copies and what stops the justering."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Attendance, Ballot, Membership, Posting, Proposal, Protocol, Statement, Vote
from meetings.services import protocol_correct, protocol_missing_for_adjustment
from meetings.services.attendance import attendance_prefill
from meetings.services.votes import (
    paragraph_parts_missing,
    proposal_add,
    proposal_delete,
    proposal_update,
    statement_add,
    statement_delete,
    statement_update,
    vote_delete,
    vote_record,
    vote_update,
)
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    UserFactory,
    local,
    roster,
)

pytestmark = pytest.mark.django_db

YES, NO, ABSTAIN = Ballot.Choice.YES, Ballot.Choice.NO, Ballot.Choice.ABSTAIN


class Board:
    """A body with twelve ledamöter and two ersättare, a draft protocol of a meeting where one ledamot was away and
    an ersättare served for her, and § 5 on it. `serving` are the twelve who decided, in roster order."""

    def __init__(self, *, members: int = 12, substitutes: int = 2, number: int = 5, slug: str = "kommunstyrelsen"):
        self.body = BodyFactory(name=f"Nämnden {slug}", slug=slug)
        self.memberships = roster(self.body, members=members, substitutes=substitutes)
        self.meeting = MeetingFactory(body=self.body, start=local(2024, 5, 28), agenda_published_at=timezone.now())
        self.protocol = ProtocolFactory(meeting=self.meeting)
        attendance_prefill(protocol=self.protocol)
        self.rows = {row.membership_id: row for row in self.protocol.attendance.all()}
        ledamoter = [m for m in self.memberships if m.is_ledamot]
        self.ersattare = [m for m in self.memberships if not m.is_ledamot]
        self.absent = ledamoter[-1]
        self.substitute = self.ersattare[0]  # serves for the absent ledamot
        self.bystander = self.ersattare[1]  # present, not serving
        self.mark(self.absent, status=Attendance.Status.ABSENT)
        self.mark(self.substitute, status=Attendance.Status.PRESENT, serving_for=self.absent)
        self.mark(self.bystander, status=Attendance.Status.PRESENT)
        order = list(self.protocol.attendance.order_by("position", "pk").values_list("membership_id", flat=True))
        serving = [m for m in ledamoter if m != self.absent] + [self.substitute]
        self.serving = sorted(serving, key=lambda m: order.index(m.pk))  # as the attendance list has them
        self.paragraph = ProtocolParagraphFactory(protocol=self.protocol, number=number, title="Budget 2025")

    def mark(self, membership: Membership, **changes) -> None:
        Attendance.objects.filter(protocol=self.protocol, membership=membership).update(**changes)

    def ballots(self, yes: int = 7, no: int = 4, abstain: int = 1) -> dict[int, str]:
        choices = [YES] * yes + [NO] * no + [ABSTAIN] * abstain
        return {membership.pk: choice for membership, choice in zip(self.serving, choices, strict=False)}

    def vote(self, *, yes=7, no=4, abstain=1, ballots=None, is_secret=False, **kwargs) -> Vote:
        return vote_record(
            paragraph=self.paragraph,
            question="Ja för ordförandens förslag, nej för Moderaternas yrkande.",
            is_secret=is_secret,
            yes_count=yes,
            no_count=no,
            abstain_count=abstain,
            ballots=self.ballots(yes, no, abstain) if ballots is None and not is_secret else (ballots or {}),
            **kwargs,
        )


def name(membership: Membership) -> str:
    return f"{membership.person.name} ({membership.party.abbreviation})"


def stored() -> tuple[int, int, int, int]:
    return Proposal.objects.count(), Vote.objects.count(), Ballot.objects.count(), Statement.objects.count()


@pytest.fixture
def board() -> Board:
    return Board()


# --- votes ----------------------------------------------------------------------------------------------------------


def test_an_open_vote_of_7_to_4_with_one_abstention_is_recorded_with_every_members_ballot(board):
    user = UserFactory()
    vote = board.vote(outcome="Kommunstyrelsen bifaller ordförandens förslag.", user=user)

    vote.refresh_from_db()
    assert (vote.yes_count, vote.no_count, vote.abstain_count, vote.is_secret) == (7, 4, 1, False)
    ballots = list(vote.ballots.order_by("pk"))
    # In the order of the attendance list, so that the published table follows the roster.
    assert [ballot.membership_id for ballot in ballots] == [membership.pk for membership in board.serving]
    assert [ballot.choice for ballot in ballots] == [YES] * 7 + [NO] * 4 + [ABSTAIN]
    assert vote.history.get().history_user == user
    assert ballots[0].history.get().history_user == user


def test_a_count_that_disagrees_with_the_ballots_is_refused_at_that_count(board):
    ballots = board.ballots(7, 4, 1)
    with pytest.raises(ValidationError) as refused:
        board.vote(yes=8, no=3, abstain=1, ballots=ballots)
    errors = refused.value.message_dict
    assert errors["yes_count"] == ["Ja: 8 angivna men 7 ledamöter röstade ja."]
    assert errors["no_count"] == ["Nej: 3 angivna men 4 ledamöter röstade nej."]
    assert "abstain_count" not in errors
    assert "counts" not in errors  # 8 + 3 + 1 is still the twelve who served
    assert stored() == (0, 0, 0, 0)


def test_counts_that_do_not_add_up_to_those_serving_are_refused_at_the_counts(board):
    with pytest.raises(ValidationError) as refused:
        board.vote(yes=6, no=4, abstain=1, is_secret=True)
    assert refused.value.message_dict == {"counts": ["Antal röster: 12 tjänstgjorde vid § 5 men rösterna är 11."]}
    assert stored() == (0, 0, 0, 0)


def test_a_ballot_by_an_absent_member_is_refused_at_that_members_field_naming_them(board):
    ballots = board.ballots(7, 4, 1)
    ballots[board.absent.pk] = NO
    with pytest.raises(ValidationError) as refused:
        board.vote(yes=7, no=5, abstain=1, ballots=ballots)
    errors = refused.value.message_dict
    assert errors[f"ballot_{board.absent.pk}"] == [
        f"{name(board.absent)}: var inte närvarande vid § 5 och kan inte rösta."
    ]
    assert errors["counts"] == ["Antal röster: 12 tjänstgjorde vid § 5 men rösterna är 13."]
    assert stored() == (0, 0, 0, 0)


def test_an_ersattare_who_does_not_serve_cannot_vote(board):
    ballots = board.ballots(7, 4, 1)
    ballots[board.bystander.pk] = YES
    with pytest.raises(ValidationError) as refused:
        board.vote(yes=8, no=4, abstain=1, ballots=ballots)
    [message] = refused.value.message_dict[f"ballot_{board.bystander.pk}"]
    assert message.startswith(f"{name(board.bystander)}: var närvarande men tjänstgjorde inte vid § 5")


def test_a_member_who_came_later_votes_only_from_that_paragraph(board):
    late = board.serving[3]
    board.mark(late, from_paragraph=6)
    with pytest.raises(ValidationError) as refused:
        board.vote()
    assert refused.value.message_dict[f"ballot_{late.pk}"] == [
        f"{name(late)}: var inte närvarande vid § 5 och kan inte rösta."
    ]


def test_a_serving_member_without_a_ballot_is_named_at_their_field(board):
    ballots = board.ballots(7, 4, 1)
    missing = board.serving[-1]  # the ersättare serving for the absent ledamot
    del ballots[missing.pk]
    with pytest.raises(ValidationError) as refused:
        board.vote(yes=7, no=4, abstain=0, ballots=ballots)
    errors = refused.value.message_dict
    assert errors[f"ballot_{missing.pk}"] == [f"{name(missing)}: rösten saknas. {name(missing)} tjänstgjorde vid § 5."]
    assert errors["counts"] == ["Antal röster: 12 tjänstgjorde vid § 5 men rösterna är 11."]


def test_a_ballot_must_be_yes_no_or_abstain(board):
    ballots = board.ballots(7, 4, 1)
    ballots[board.serving[0].pk] = "maybe"
    with pytest.raises(ValidationError) as refused:
        board.vote(yes=6, ballots=ballots)
    assert refused.value.message_dict[f"ballot_{board.serving[0].pk}"] == [
        f"{name(board.serving[0])}: välj ja, nej eller avstår."
    ]


def test_a_closed_vote_has_only_counts_which_add_up_to_those_serving(board):
    vote = board.vote(yes=8, no=3, abstain=1, is_secret=True)
    assert vote.is_secret and not vote.ballots.exists()
    with pytest.raises(ValidationError) as refused:
        board.vote(yes=7, no=4, abstain=1, is_secret=True, ballots=board.ballots())
    assert list(refused.value.message_dict) == ["is_secret"]
    assert refused.value.message_dict["is_secret"][0].startswith("Sluten omröstning: en sluten omröstning har inga")


def test_the_question_is_required_and_negative_counts_are_refused(board):
    with pytest.raises(ValidationError) as refused:
        vote_record(
            paragraph=board.paragraph,
            question=" ",
            is_secret=True,
            yes_count=-1,
            no_count=None,
            abstain_count=0,
            ballots={},
        )
    errors = refused.value.message_dict
    assert errors["question"][0].startswith("Propositionsordning: skriv vad ja och nej betyder")
    assert errors["yes_count"] == ["Ja: antalet kan inte vara negativt."]
    assert errors["no_count"] == ["Nej: ange antalet."]


def test_a_vote_needs_an_attendance_list_from_the_roster(board):
    board.protocol.attendance.all().delete()
    with pytest.raises(ValidationError) as refused:
        board.vote(is_secret=True)
    assert "ingen närvarolista" in refused.value.message_dict["counts"][0]


def test_updating_a_vote_changes_its_ballots_and_deleting_it_takes_them_along(board):
    user = UserFactory()
    vote = board.vote()
    ballots = board.ballots(6, 5, 1)
    vote_update(
        vote=vote,
        question=vote.question,
        is_secret=False,
        yes_count=6,
        no_count=5,
        abstain_count=1,
        ballots=ballots,
        outcome="",
        user=user,
    )
    assert dict(vote.ballots.values_list("membership_id", "choice")) == ballots
    changed = Ballot.objects.get(vote=vote, membership=board.serving[6])
    assert changed.choice == NO and changed.history.latest().history_user == user

    vote_update(
        vote=vote,
        question="Val av ordförande",
        is_secret=True,
        yes_count=12,
        no_count=0,
        abstain_count=0,
        ballots={},
        user=user,
    )
    assert not vote.ballots.exists()
    vote_delete(vote=vote, user=user)
    assert stored() == (0, 0, 0, 0)
    assert Vote.history.filter(history_type="-").get().history_user == user


def test_nothing_changes_on_a_protocol_that_is_adjusted_or_out_for_justering(board):
    vote = board.vote()
    Protocol.objects.filter(pk=board.protocol.pk).update(sent_for_adjustment_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        vote_delete(vote=vote)
    assert refused.value.code == "sent_for_adjustment"
    Protocol.objects.filter(pk=board.protocol.pk).update(adjusted_on=dt.date(2024, 5, 30))
    for attempt in (
        lambda: board.vote(),
        lambda: proposal_add(paragraph=board.paragraph, text="Bifall."),
        lambda: statement_add(paragraph=board.paragraph, membership=board.serving[0], kind="reservation"),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code == "adjusted"
    assert stored() == (0, 1, 12, 0)


# --- proposals ------------------------------------------------------------------------------------------------------


def test_a_proposal_is_by_a_member_present_at_the_paragraph_or_by_nobody(board):
    by_member = proposal_add(paragraph=board.paragraph, membership=board.bystander, text="Yrkar bifall.")
    by_nobody = proposal_add(paragraph=board.paragraph, text="Förvaltningens förslag.")
    assert (by_member.position, by_nobody.position) == (1, 2)
    assert by_nobody.membership is None

    with pytest.raises(ValidationError) as refused:
        proposal_add(paragraph=board.paragraph, membership=board.absent, text="Yrkar avslag.")
    assert refused.value.message_dict == {
        "membership": [f"Yrkande av: {name(board.absent)} var inte närvarande vid § 5."]
    }
    with pytest.raises(ValidationError) as refused:
        proposal_update(proposal=by_member, membership=board.bystander, text="  ")
    assert list(refused.value.message_dict) == ["text"]
    with pytest.raises(ValidationError) as refused:
        proposal_update(proposal=by_member, membership=board.bystander, text="Bifall till [[Anna")
    assert "[[" in refused.value.message_dict["text"][0]

    proposal_update(proposal=by_member, membership=board.serving[0], text="Yrkar avslag.")
    by_member.refresh_from_db()
    assert (by_member.membership, by_member.text) == (board.serving[0], "Yrkar avslag.")
    proposal_delete(proposal=by_nobody)
    assert list(board.paragraph.proposals.all()) == [by_member]


def test_a_member_of_another_body_is_not_named(board):
    other = roster(BodyFactory(name="Valnämnden", slug="valnamnden"), members=1, substitutes=0)[0]
    with pytest.raises(ValidationError) as refused:
        proposal_add(paragraph=board.paragraph, membership=other, text="Bifall.")
    assert refused.value.message_dict["membership"] == [
        "Yrkande av: En okänd ledamot finns inte i närvarolistan. Bara den som var närvarande kan yrka."
    ]
    assert other.person.name not in str(refused.value)


# --- reservations and protokollsanteckningar --------------------------------------------------------------------------


def test_only_a_member_who_served_may_reserve(board):
    reservation = statement_add(
        paragraph=board.paragraph, membership=board.substitute, kind="reservation", text="Till förmån för eget yrkande."
    )
    assert reservation.kind == Statement.Kind.RESERVATION

    with pytest.raises(ValidationError) as refused:
        statement_add(paragraph=board.paragraph, membership=board.bystander, kind="reservation")
    [message] = refused.value.message_dict["membership"]
    assert message.startswith(f"Ledamot: {name(board.bystander)} tjänstgjorde inte vid § 5 och kan inte reservera sig.")
    assert "4 kap. 27 § kommunallagen" in message

    with pytest.raises(ValidationError) as refused:
        statement_add(paragraph=board.paragraph, membership=board.absent, kind="reservation")
    assert refused.value.message_dict["membership"][0].startswith(f"Ledamot: {name(board.absent)} tjänstgjorde inte")

    with pytest.raises(ValidationError) as refused:
        statement_add(paragraph=board.paragraph, membership=board.substitute, kind="reservation")
    assert "har redan reserverat sig i § 5" in refused.value.message_dict["membership"][0]
    assert Statement.objects.count() == 1


def test_a_protokollsanteckning_is_by_anyone_present_and_has_a_text(board):
    note = statement_add(
        paragraph=board.paragraph, membership=board.bystander, kind="note", text="Vi vill se en konsekvensanalys."
    )
    assert note.kind == Statement.Kind.NOTE
    with pytest.raises(ValidationError) as refused:
        statement_add(paragraph=board.paragraph, membership=board.absent, kind="note", text="Text.")
    assert refused.value.message_dict["membership"] == [f"Ledamot: {name(board.absent)} var inte närvarande vid § 5."]
    with pytest.raises(ValidationError) as refused:
        statement_add(paragraph=board.paragraph, membership=board.bystander, kind="note", text="")
    assert refused.value.message_dict["text"] == ["Text: skriv protokollsanteckningen."]
    with pytest.raises(ValidationError) as refused:
        statement_update(statement=note, membership=board.bystander, kind="reservation", text="")
    assert "kan inte reservera sig" in refused.value.message_dict["membership"][0]
    statement_update(statement=note, membership=board.serving[0], kind="reservation", text="")
    note.refresh_from_db()
    assert (note.kind, note.membership, note.text) == ("reservation", board.serving[0], "")
    statement_delete(statement=note)
    assert not Statement.objects.exists()


# --- corrections and justering ----------------------------------------------------------------------------------------


def test_a_correction_copies_proposals_votes_ballots_and_statements(board):
    proposal_add(paragraph=board.paragraph, membership=board.serving[1], text="Yrkar avslag.")
    board.vote()
    board.vote(yes=8, no=4, abstain=0, is_secret=True)
    statement_add(paragraph=board.paragraph, membership=board.serving[8], kind="reservation", text="Mot beslutet.")
    statement_add(paragraph=board.paragraph, membership=board.bystander, kind="note", text="En anteckning.")
    Protocol.objects.filter(pk=board.protocol.pk).update(adjusted_on=dt.date(2024, 5, 30))
    Posting.objects.create(
        protocol=board.protocol,
        posted_on=dt.date(2024, 5, 31),
        appeal_last_day=dt.date(2024, 6, 21),
        taken_down_on=dt.date(2024, 6, 24),
    )

    correction = protocol_correct(protocol=Protocol.objects.get(pk=board.protocol.pk), note="Fel i § 5.", user=None)

    copy = correction.paragraphs.get(number=5)
    assert list(copy.proposals.values_list("membership_id", "text")) == [(board.serving[1].pk, "Yrkar avslag.")]
    votes = list(copy.votes.order_by("position"))
    assert [(v.yes_count, v.no_count, v.abstain_count, v.is_secret) for v in votes] == [
        (7, 4, 1, False),
        (8, 4, 0, True),
    ]
    assert dict(votes[0].ballots.values_list("membership_id", "choice")) == board.ballots()
    assert list(copy.statements.values_list("kind", "membership_id")) == [
        ("reservation", board.serving[8].pk),
        ("note", board.bystander.pk),
    ]
    assert paragraph_parts_missing(protocol=correction, paragraphs=[copy]) == []
    # The posted version keeps its own.
    assert board.paragraph.votes.count() == 2


def test_what_the_attendance_no_longer_allows_stops_the_justering(board):
    voter = board.serving[2]
    proposal_add(paragraph=board.paragraph, membership=voter, text="Yrkar bifall.")
    board.vote()
    statement_add(paragraph=board.paragraph, membership=voter, kind="reservation")
    assert paragraph_parts_missing(protocol=board.protocol, paragraphs=[board.paragraph]) == []

    board.mark(voter, status=Attendance.Status.ABSENT)  # the secretary corrects the attendance afterwards

    problems = paragraph_parts_missing(protocol=board.protocol, paragraphs=[board.paragraph])
    assert problems == [
        f"§ 5: {name(voter)} har ett yrkande men var inte närvarande vid paragrafen.",
        f"§ 5: {name(voter)} har en röst i omröstningen men tjänstgjorde inte vid paragrafen.",
        "§ 5: 11 tjänstgjorde vid paragrafen men rösterna i omröstningen är 12.",
        f"§ 5: {name(voter)} har reserverat sig men tjänstgjorde inte vid paragrafen.",
    ]
    assert set(problems) <= set(protocol_missing_for_adjustment(Protocol.objects.get(pk=board.protocol.pk)))


def test_a_member_now_serving_without_a_ballot_is_missing(board):
    board.vote()
    board.mark(board.bystander, serving_for=board.serving[0])
    board.mark(board.serving[0], status=Attendance.Status.ABSENT)
    problems = paragraph_parts_missing(protocol=board.protocol, paragraphs=[board.paragraph])
    assert f"§ 5: {name(board.bystander)} tjänstgjorde vid paragrafen men har ingen röst i omröstningen." in problems
    assert f"§ 5: {name(board.serving[0])} har en röst i omröstningen men tjänstgjorde inte vid paragrafen." in problems


def _queries(board: Board) -> int:
    for number in range(6, 9):
        paragraph = ProtocolParagraphFactory(protocol=board.protocol, number=number)
        vote_record(
            paragraph=paragraph,
            question="Ja eller nej",
            is_secret=False,
            yes_count=len(board.serving),
            no_count=0,
            abstain_count=0,
            ballots={m.pk: YES for m in board.serving},
        )
        statement_add(paragraph=paragraph, membership=board.serving[0], kind="reservation")
        proposal_add(paragraph=paragraph, membership=board.serving[0], text="Bifall.")
    paragraphs = list(board.protocol.paragraphs.all())
    with CaptureQueriesContext(connection) as queries:
        assert paragraph_parts_missing(protocol=board.protocol, paragraphs=paragraphs) == []
    return len(queries)


def test_the_check_costs_the_same_queries_with_5_and_with_40_members():
    small = _queries(Board(members=5, substitutes=2, slug="liten"))
    large = _queries(Board(members=40, substitutes=2, slug="stor"))
    assert small == large
