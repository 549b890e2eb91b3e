"""A small published world for the API tests, with something unpublished or secret next to each published thing."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from goals.models import CommitmentStatus, CommitmentUpdate, Means
from meetings.models import Body, Document, Meeting
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CommitmentFactory,
    GoalAreaFactory,
    IndicatorFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    ResponsibilityCodeFactory,
    UnitFactory,
    indicator_values,
    ledger_line,
    make_document,
    posted_protocol,
    publish_all,
)

PERSONNUMMER = "811218-9876"


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


def build_world(*, n: int = 1, documents: bool = True) -> World:
    """`n` of each kind of published row (for query counts), plus one of each unpublished kind."""
    board = Body.objects.filter(slug="kommunstyrelsen").first() or BodyFactory(
        name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD
    )
    first = published = unpublished = public_item = secret_item = hidden_item = protocol = draft = document = None
    for _ in range(n):
        published = MeetingFactory(body=board, agenda_published_at=timezone.now())
        first = first or published
        public_item = AgendaItemFactory(meeting=published, title="Budgeten för brandkåren", proposal="Bifall.")
        secret_item = AgendaItemFactory(meeting=published, title="Hemligt ärende om Anna", is_public=False)
        unpublished = MeetingFactory(body=board)
        hidden_item = AgendaItemFactory(meeting=unpublished, title="Ännu inte publicerat ärende")
        protocol = posted_protocol(posted_on=dt.date(2024, 3, 4), meeting=published)
        ProtocolParagraphFactory(
            protocol=protocol,
            agenda_item=public_item,
            title="Budget",
            matter=f"Ansökan från [[Anna Andersson]], {PERSONNUMMER}.",
            decision="Kommunstyrelsen beslutar att bevilja ansökan.",
        )
        ProtocolParagraphFactory(protocol=protocol, title="Hemlig paragraf", matter="Känsligt", is_public=False)
        draft = ProtocolFactory(meeting=unpublished)
        ProtocolParagraphFactory(protocol=draft, title="Utkast", decision=f"Utkast om {PERSONNUMMER}")
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
    publish_all()  # the budget lines as the public sees them; an unpublished year is in test_publishing
    return World(board, first, unpublished, public_item, secret_item, hidden_item, protocol, draft, document)


@pytest.fixture
def world(db) -> World:
    return build_world()
