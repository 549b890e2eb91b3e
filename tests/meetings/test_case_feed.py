"""A case's Atom feed (/arenden/<nyckel>/flode/), read the way a feed reader reads it: one entry per agenda the case
is on and per decision posted, newest first, plain text, masked."""

import datetime as dt

import feedparser
import pytest
import time_machine

from meetings.models import Body, ProtocolParagraph
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
)

pytestmark = pytest.mark.django_db

NUMBER = "Ks 181/2022"
FEED = "/arenden/ks-181-2022/flode/"


def read_feed(client, url=FEED):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def world():
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    council = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)
    ks_meeting = MeetingFactory(body=board, start=local(2024, 6, 3), agenda_published_at=local(2024, 5, 27, 9, 0))
    ks_item = AgendaItemFactory(
        meeting=ks_meeting,
        number="12",
        title="Bostadsanpassning för 811218-9876",
        case_number=NUMBER,
        proposal="Att bevilja [[Ida Qvarnström]] bidrag.",
    )
    with time_machine.travel(local(2024, 6, 10, 8, 30), tick=False):
        protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=ks_meeting)
    ProtocolParagraphFactory(protocol=protocol, number=1, title="Anmälan", matter="Från [[Per Qvist]].")
    ProtocolParagraphFactory(
        protocol=protocol,
        number=45,
        agenda_item=ks_item,
        title="Bostadsanpassning för 811218-9876",
        case_number=NUMBER,
        decision="Per Qvist får bidrag, föreslår Kommunstyrelsen.",
        outcome=ProtocolParagraph.Outcome.FORWARDED,
    )
    kf_meeting = MeetingFactory(body=council, start=local(2024, 6, 19), agenda_published_at=local(2024, 6, 12, 9, 0))
    AgendaItemFactory(meeting=kf_meeting, title="Bostadsanpassning", case_number="KS 181/2022")
    # Handled in secret at another meeting: no entry.
    secret = MeetingFactory(body=board, start=local(2024, 6, 24), agenda_published_at=local(2024, 6, 17, 9, 0))
    AgendaItemFactory(meeting=secret, title="Hemligt ärende", case_number=NUMBER, is_public=False)
    return {"board": board, "protocol": protocol, "ks_meeting": ks_meeting, "kf_meeting": kf_meeting}


def test_the_feed_has_an_entry_per_agenda_and_decision_newest_first(client, world):
    feed = read_feed(client)

    assert feed.feed.title == "Ks 181/2022 – Bostadsanpassning för [personnummer maskerat]"
    assert [entry.title for entry in feed.entries] == [
        "Kommunfullmäktige 19 juni 2024: Ks 181/2022 – Bostadsanpassning",
        "Kommunstyrelsen 3 juni 2024, § 45: Ks 181/2022 – Bostadsanpassning för [personnummer maskerat]",
        "Kommunstyrelsen 3 juni 2024: Ks 181/2022 – Bostadsanpassning för [personnummer maskerat]",
    ]
    council, decision, agenda = feed.entries
    assert council.link.endswith(
        world["kf_meeting"].get_absolute_url() + f"#arende-{world['kf_meeting'].items.get().pk}"
    )
    assert decision.link.endswith(world["protocol"].get_absolute_url() + "#paragraf-45")
    assert agenda.link.endswith(
        world["ks_meeting"].get_absolute_url() + f"#arende-{world['ks_meeting'].items.get().pk}"
    )
    assert "Utfall: Förslag till annat organ." in decision.summary
    assert "Förslag till beslut: Att bevilja" in agenda.summary
    assert len({entry.id for entry in feed.entries}) == 3


def test_the_feed_is_masked_plain_text(client, world):
    response = client.get(FEED)
    text = response.content.decode()
    assert "811218" not in text and "Qvarnström" not in text and "Qvist" not in text
    assert "Hemligt ärende" not in text and "24 juni" not in text
    feed = read_feed(client)
    assert all(entry.summary_detail.type == "text/plain" for entry in feed.entries)


def test_the_page_links_the_feed(client, world):
    html = client.get("/arenden/ks-181-2022/").content.decode()
    assert f'href="{FEED}"' in html and "Följ ärendet som nyhetsflöde (Atom)" in html


def test_a_case_without_public_steps_has_no_feed(client, world):
    AgendaItemFactory(title="Hemligt", case_number="Ks 9/2024", is_public=False)
    assert client.get("/arenden/ks-9-2024/flode/").status_code == 404
    assert client.get("/arenden/ks-1-2024/flode/").status_code == 404
