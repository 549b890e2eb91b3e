"""A published world whose every free-text field holds a personnummer (written plainly and in full-width digits)
and a `[[marked name]]`, next to a case number and a phone number that must survive: for the API and search tests.

Each field gets a word of its own (`WORDS`), so a test can find the field by the words around what is masked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from goals.models import CommitmentStatus, CommitmentUpdate, IndicatorValue, Means, Observation
from meetings.models import AgendaItem, Body, Document, Meeting, Protocol, ProtocolParagraph
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
    )
    paragraph = ProtocolParagraphFactory(
        protocol=protocol,
        agenda_item=item,
        case_number=CASE_NUMBER,
        title=text("paragraph.title"),
        matter=text("paragraph.matter"),
        decision=text("paragraph.decision"),
        reservations=text("paragraph.reservations"),
    )
    words["echo.decision"] = "ordeko"
    echo = ProtocolParagraphFactory(protocol=protocol, title="Bidrag", decision=f"ordeko: {NAME} får bidraget.")
    ProtocolParagraphFactory(protocol=protocol, title=SECRET_TITLE, matter=dirty("hemligt"), is_public=False)

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
