"""A small published world for the API tests, with something unpublished or secret next to each published thing:
a roster with attendance, votes, ballots, reservations and approvals on the posted protocol, and the same on its secret
paragraph, in a closed vote and on a draft, which must never show."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from goals.models import CommitmentStatus, CommitmentUpdate, Means
from meetings.models import (
    AdjustmentApproval,
    Attendance,
    Ballot,
    Body,
    Document,
    Meeting,
    Membership,
    Proposal,
    Protocol,
    Statement,
    Vote,
)
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CommitmentFactory,
    GoalAreaFactory,
    IndicatorFactory,
    MeetingFactory,
    NoticeFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    ResponsibilityCodeFactory,
    UnitFactory,
    UserFactory,
    indicator_values,
    ledger_line,
    make_document,
    posted_protocol,
    publish_all,
    roster,
)

PERSONNUMMER = "811218-9876"
# Texts of rows that must never leave: on a secret paragraph, in a closed vote, on a draft protocol.
NEVER = ("Hemlig reservation", "Hemlig omröstning", "Utkastets reservation", "Utkastets omröstning")


@dataclass
class World:
    board: Body
    published: Meeting
    unpublished: Meeting
    public_item: object
    secret_item: object
    hidden_item: object
    protocol: object
    draft: object
    document: Document
    roster: list[Membership]  # the last one built: ordförande, four ledamöter, two ersättare
    vote: Vote  # open, 3–1–1
    closed_vote: Vote
    secret_vote: Vote  # on the secret paragraph
    reservation: Statement
    secret_paragraph: object


def build_world(*, n: int = 1, documents: bool = True) -> World:
    """`n` of each kind of published row (for query counts), plus one of each unpublished kind."""
    board = Body.objects.filter(slug="kommunstyrelsen").first() or BodyFactory(
        name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD
    )
    first = published = unpublished = public_item = secret_item = hidden_item = protocol = draft = document = None
    members = decisions = None
    for _ in range(n):
        published = MeetingFactory(body=board, agenda_published_at=timezone.now())
        first = first or published
        public_item = AgendaItemFactory(meeting=published, title="Budgeten för brandkåren", proposal="Bifall.")
        secret_item = AgendaItemFactory(meeting=published, title="Hemligt ärende om Anna", is_public=False)
        unpublished = MeetingFactory(body=board)
        hidden_item = AgendaItemFactory(meeting=unpublished, title="Ännu inte publicerat ärende")
        protocol = posted_protocol(
            posted_on=dt.date(2024, 3, 4),
            meeting=published,
            adjustment_method=Protocol.AdjustmentMethod.DIGITAL,
            adjustment_round=1,
        )
        paragraph = ProtocolParagraphFactory(
            protocol=protocol,
            agenda_item=public_item,
            title="Budget",
            matter=f"Ansökan från [[Anna Andersson]], {PERSONNUMMER}.",
            decision="Kommunstyrelsen beslutar att bevilja ansökan.",
        )
        secret_paragraph = ProtocolParagraphFactory(
            protocol=protocol, title="Hemlig paragraf", matter="Känsligt", is_public=False
        )
        draft = ProtocolFactory(meeting=unpublished)
        draft_paragraph = ProtocolParagraphFactory(protocol=draft, title="Utkast", decision=f"Utkast om {PERSONNUMMER}")
        members = roster(board)
        attendance(protocol, members)
        attendance(draft, members)
        decisions = decide(paragraph, secret_paragraph, draft_paragraph, members)
        if documents:
            document = make_document(meeting=published, title="Ärendelista")
            make_document(agenda_item=public_item, title="Tjänsteskrivelse", kind=Document.Kind.REPORT)
            make_document(agenda_item=secret_item, title="Hemlig bilaga", kind=Document.Kind.ATTACHMENT)
            make_document(meeting=unpublished, title="Opublicerad ärendelista")
            unpublished_document = make_document(meeting=published, title="Ej publicerad bilaga")
            Document.objects.filter(pk=unpublished_document.pk).update(is_published=False)
        # budget
        code = ResponsibilityCodeFactory(unit=UnitFactory())
        ledger_line(year=2021, code=code, group="5", outcome="-3170000.00", budget="-4134000.50")
        ledger_line(year=2020, code=code, group="3", outcome="1200")
        # goals
        area = GoalAreaFactory()
        Means.objects.create(goal_area=area, text="samverkan med näringslivet")
        indicator = IndicatorFactory(owner=board)
        indicator.goal_areas.add(area)
        indicator_values(indicator, T={2019: "4.4", 2020: "3.8"}, K={2020: "4.4"})
        commitment = CommitmentFactory()
        update = CommitmentUpdate.objects.create(
            commitment=commitment, date=dt.date(2023, 5, 1), status=CommitmentStatus.IN_PROGRESS, comment="Pågår."
        )
        update.agenda_items.add(public_item, hidden_item)
        # the notice board: one notice up today, one to be posted tomorrow (never shown before its day)
        NoticeFactory(body=board, title="Granskning av detaljplan", text=f"Synpunkter från {PERSONNUMMER}.")
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        NoticeFactory(body=board, title="Ännu inte publicerat anslag", posted_on=tomorrow)
    publish_all()  # the budget lines as the public sees them; an unpublished year is in test_publishing
    return World(
        board,
        first,
        unpublished,
        public_item,
        secret_item,
        hidden_item,
        protocol,
        draft,
        document,
        members,
        *decisions,
        secret_paragraph,
    )


def attendance(protocol: Protocol, members: list[Membership]) -> None:
    """The ordförande and three ledamöter present, one ledamot absent with an ersättare serving for them, one more
    present from § 2, the other ersättare absent; the ordförande and the first ledamot approved the justering."""
    chair, first, absent, late, fourth, substitute, spare = members
    rows = [
        Attendance(membership=chair, is_chair=True),
        Attendance(membership=first, is_adjuster=True),
        Attendance(membership=absent, status=Attendance.Status.ABSENT),
        Attendance(membership=late, from_paragraph=2),
        Attendance(membership=fourth),
        Attendance(membership=substitute, serving_for=absent),
        Attendance(membership=spare, status=Attendance.Status.ABSENT),
    ]
    for position, row in enumerate(rows):
        row.protocol, row.position = protocol, position
    Attendance.objects.bulk_create(rows)
    if protocol.is_posted:
        for person, role in ((chair.person, "chair"), (first.person, "adjuster")):
            AdjustmentApproval.objects.create(
                protocol=protocol,
                round=1,
                person=person,
                role=role,
                user=UserFactory(),
                decision=AdjustmentApproval.Decision.APPROVED,
                digest="0" * 64,
            )


def decide(paragraph, secret_paragraph, draft_paragraph, members: list[Membership]):
    """An open vote 3–1–1 with a proposal and a reservation on the public paragraph, a closed vote (with a stray
    ballot, as if typed by mistake), and the same kinds of row on the secret paragraph and the draft."""
    chair, first, _absent, late, fourth, substitute, _spare = members
    Proposal.objects.create(paragraph=paragraph, membership=first, text="yrkar avslag på förslaget.")
    vote = Vote.objects.create(
        paragraph=paragraph,
        question="Ja för ordförandens förslag, nej för avslag.",
        yes_count=3,
        no_count=1,
        abstain_count=1,
        outcome="Kommunstyrelsen bifaller ordförandens förslag.",
    )
    for membership, choice in ((chair, "yes"), (first, "no"), (late, "abstain"), (fourth, "yes"), (substitute, "yes")):
        Ballot.objects.create(vote=vote, membership=membership, choice=choice)
    closed = Vote.objects.create(
        paragraph=paragraph, question="Val av ombud.", is_secret=True, yes_count=4, no_count=1, position=1
    )
    Ballot.objects.create(vote=closed, membership=chair, choice="yes")
    reservation = Statement.objects.create(
        paragraph=paragraph,
        membership=first,
        kind=Statement.Kind.RESERVATION,
        text="Till förmån för eget yrkande om stöd till Anna Andersson.",
    )
    Statement.objects.create(
        paragraph=paragraph, membership=late, kind=Statement.Kind.NOTE, text="Jag deltar inte i beslutet.", position=1
    )
    hidden = []
    for where, prefix in ((secret_paragraph, "Hemlig"), (draft_paragraph, "Utkastets")):
        hidden.append(Vote.objects.create(paragraph=where, question=f"{prefix} omröstning", yes_count=1, no_count=0))
        Ballot.objects.create(vote=hidden[-1], membership=chair, choice="yes")
        Statement.objects.create(
            paragraph=where, membership=first, kind=Statement.Kind.RESERVATION, text=f"{prefix} reservation"
        )
        Proposal.objects.create(paragraph=where, membership=first, text=f"{prefix} yrkande")
    return vote, closed, hidden[0], reservation


@pytest.fixture
def world(db) -> World:
    return build_world()
