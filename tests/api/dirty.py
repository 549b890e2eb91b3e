"""A published world whose every free-text field holds a personnummer (written plainly and in full-width digits)
and a `[[marked name]]`, next to a case number and a phone number that must survive: for the API and search tests.

Each field gets a word of its own (`WORDS`), so a test can find the field by the words around what is masked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from goals.models import CommitmentStatus, CommitmentUpdate, IndicatorValue, Means, Observation
from meetings.models import (
    AdjustmentApproval,
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Document,
    Meeting,
    Membership,
    Party,
    Person,
    Proposal,
    Protocol,
    ProtocolParagraph,
    Statement,
    Vote,
)
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CommitmentFactory,
    GoalAreaFactory,
    GoalPeriodFactory,
    IndicatorFactory,
    MeetingFactory,
    PlatformFactory,
    PolicyAreaFactory,
    ProtocolParagraphFactory,
    StrategicAreaFactory,
    UserFactory,
    make_document,
    posted_protocol,
)

PERSONNUMMER = "811218-9876"
FULL_WIDTH = "８１１２１８－９８７６"  # the same number in full-width digits and a full-width hyphen
NAME = "Anna Marked"
HIDDEN = (PERSONNUMMER, FULL_WIDTH, "811218", "Marked")
CASE_NUMBER = "Ks 181/2022"
PHONE = "019-21 10 00"
KEPT = (CASE_NUMBER, PHONE)
SECRET_TITLE = "Hemlig markaffär Rudbeckia"


def dirty(word: str) -> str:
    """`word`, then everything that must be masked and everything that must not (under 100 characters)."""
    return f"{word} {PERSONNUMMER} [[{NAME}]] {FULL_WIDTH} tel {PHONE} dnr {CASE_NUMBER}"


@dataclass
class DirtyWorld:
    body: Body
    meeting: Meeting
    item: AgendaItem
    secret_item: AgendaItem
    document: Document
    protocol: Protocol
    paragraph: ProtocolParagraph
    echo: ProtocolParagraph  # repeats the marked name unmarked: masked because it is marked elsewhere in the protocol
    words: dict[str, str] = field(default_factory=dict)  # "<model>.<field>" → the word standing before the dirt


def build_dirty_world() -> DirtyWorld:
    words: dict[str, str] = {}

    def text(name: str) -> str:
        word = "ord" + name.replace(".", "").replace("_", "").lower()
        words[name] = word
        return dirty(word)

    body = BodyFactory(
        name=text("body.name"),
        summary=text("body.summary"),
        description=text("body.description"),
        responsibilities=text("body.responsibilities"),
        default_place=text("body.default_place"),
    )
    meeting = MeetingFactory(
        body=body,
        agenda_published_at=timezone.now(),
        place=text("meeting.place"),
        status_note=text("meeting.status_note"),
    )
    item = AgendaItemFactory(
        meeting=meeting,
        number=PERSONNUMMER,
        title=text("item.title"),
        proposal=text("item.proposal"),
        case_number=CASE_NUMBER,
    )
    # Each short number holds one of the three (a number has room for 20 characters only).
    AgendaItemFactory(meeting=meeting, number=f"[[{NAME}]]", title="Ärende med maskerat nummer")
    AgendaItemFactory(meeting=meeting, number=FULL_WIDTH, title="Ärende med brett nummer")
    secret_item = AgendaItemFactory(
        meeting=meeting, title=SECRET_TITLE, proposal=dirty("hemligt"), is_public=False, case_number="Ks 99/2022"
    )

    # A clean file, then the title and the extracted text set as the text extraction would leave them.
    document = make_document(agenda_item=item, title="Tjänsteskrivelse")
    document.title = text("document.title")
    document.text = f"{text('document.page1')}\f{text('document.page2')}"
    document.save(update_fields=["title", "text"])

    protocol = posted_protocol(
        posted_on=dt.date(2024, 3, 4),
        meeting=meeting,
        correction_note=text("protocol.correction_note"),
        chair=text("protocol.chair"),
        secretary=text("protocol.secretary"),
        adjusters=f"Jan Berg (M)\n{text('protocol.adjusters')}",
        members=f"Marie Johansson (S)\n{text('protocol.members')}",
        substitutes=text("protocol.substitutes"),
        officials=text("protocol.officials"),
        adjustment_method=Protocol.AdjustmentMethod.DIGITAL,
        adjustment_round=1,
    )
    paragraph = ProtocolParagraphFactory(
        protocol=protocol,
        agenda_item=item,
        case_number=CASE_NUMBER,
        title=text("paragraph.title"),
        matter=text("paragraph.matter"),
        decision=text("paragraph.decision"),
        reservations=text("paragraph.reservations"),
        procedure=text("paragraph.procedure"),
    )
    words["echo.decision"] = "ordeko"
    echo = ProtocolParagraphFactory(protocol=protocol, title="Bidrag", decision=f"ordeko: {NAME} får bidraget.")
    secret_paragraph = ProtocolParagraphFactory(
        protocol=protocol, title=SECRET_TITLE, matter=dirty("hemligt"), is_public=False
    )

    # the elected: a party whose abbreviation is a marked name (ten characters is all it holds), a person, the roster
    party = Party.objects.create(name=text("party.name"), abbreviation=f"[[{NAME.split()[1]}]]")
    person = Person.objects.create(name=text("person.name"), slug="ordpersonname", party=party)
    membership = Membership.objects.create(
        person=person, body=body, role=Membership.Role.CHAIR, party=party, start=dt.date(2023, 1, 1)
    )
    Attendance.objects.create(protocol=protocol, membership=membership, is_chair=True)
    AdjustmentApproval.objects.create(
        protocol=protocol,
        round=1,
        person=person,
        role=AdjustmentApproval.Role.CHAIR,
        user=UserFactory(),
        decision=AdjustmentApproval.Decision.APPROVED,
        comment=dirty("hemligt"),  # between the adjuster and the secretary: never public
        digest="0" * 64,
    )
    Proposal.objects.create(paragraph=paragraph, membership=membership, text=text("proposal.text"))
    vote = Vote.objects.create(
        paragraph=paragraph, question=text("vote.question"), outcome=text("vote.outcome"), yes_count=1, no_count=0
    )
    Ballot.objects.create(vote=vote, membership=membership, choice=Ballot.Choice.YES)
    Statement.objects.create(
        paragraph=paragraph, membership=membership, kind=Statement.Kind.RESERVATION, text=text("statement.text")
    )
    words["echo.statement"] = "ordekoreservation"
    Statement.objects.create(
        paragraph=echo, membership=membership, kind=Statement.Kind.NOTE, text=f"ordekoreservation: {NAME} ska få stöd."
    )
    for kind in Statement.Kind:
        Statement.objects.create(paragraph=secret_paragraph, membership=membership, kind=kind, text=dirty("hemligt"))
    Proposal.objects.create(paragraph=secret_paragraph, membership=membership, text=dirty("hemligt"))
    secret_vote = Vote.objects.create(
        paragraph=secret_paragraph, question=dirty("hemligt"), outcome=dirty("hemligt"), yes_count=1, no_count=0
    )
    Ballot.objects.create(vote=secret_vote, membership=membership, choice=Ballot.Choice.YES)

    # goals
    period = GoalPeriodFactory(name=text("period.name"), vision=text("period.vision"))
    area = GoalAreaFactory(
        period=period,
        strategic_area=StrategicAreaFactory(period=period, name=text("strategic_area.name")),
        statement=text("goal_area.statement"),
        means_intro=text("goal_area.means_intro"),
    )
    Means.objects.create(goal_area=area, text=text("means.text"))
    Observation.objects.create(
        goal_area=area, body=body, year=2021, kind=Observation.Kind.POSITIVE, text=text("observation.text")
    )
    indicator = IndicatorFactory(
        owner=body,
        name=text("indicator.name"),
        description=text("indicator.description"),
        footnotes=f"Källa: SCB\n{text('indicator.footnotes')}",
    )
    indicator.goal_areas.add(area)
    IndicatorValue.objects.create(indicator=indicator, year=2021, gender="T", value=-3, note=text("value.note"))
    platform = PlatformFactory(name=text("platform.name"))
    commitment = CommitmentFactory(
        area=PolicyAreaFactory(platform=platform, name=text("policy_area.name")), text=text("commitment.text")
    )
    update = CommitmentUpdate.objects.create(
        commitment=commitment,
        date=dt.date(2023, 5, 1),
        status=CommitmentStatus.IN_PROGRESS,
        comment=text("update.comment"),
    )
    update.agenda_items.add(item, secret_item)
    return DirtyWorld(body, meeting, item, secret_item, document, protocol, paragraph, echo, words)
