"""/api/v1/cases/: the cases that have been handled in public, each with the path it took through the bodies, read
through `meetings.case_steps` and the projections: a case only secret rows name is absent, the title is the first
public step's (masked), a step's texts are masked, JSON and CSV, and a fixed number of queries. And the case keys,
outcomes and dates the existing resources gained."""

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Body, Meeting, ProtocolParagraph
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
)

pytestmark = pytest.mark.django_db

PERSONNUMMER = "811218-9876"
IDENTITY = "[personnummer maskerat]"
MANUAL = "[personuppgift maskerad]"
Outcome = ProtocolParagraph.Outcome


def step(body, *, start, case_number="Ks 181/2022", title="Detaljplan för Vivalla", outcome="", **paragraph):
    """A meeting of `body` whose published agenda has the case as a public item and whose posted protocol decides
    it in a paragraph with `outcome`."""
    meeting = MeetingFactory(body=body, start=start, agenda_published_at=start - dt.timedelta(days=7))
    item = AgendaItemFactory(meeting=meeting, title=title, case_number=case_number, proposal="Bifall.")
    protocol = posted_protocol(posted_on=(start + dt.timedelta(days=7)).date(), meeting=meeting)
    paragraph = ProtocolParagraphFactory(
        protocol=protocol, agenda_item=item, title=title, case_number=case_number, outcome=outcome, **paragraph
    )
    return meeting, item, paragraph


@pytest.fixture
def bodies():
    council = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    committee = BodyFactory(name="Programnämnd samhällsbyggnad", slug="programnamnd", kind=Body.Kind.COMMITTEE)
    return committee, board, council


@pytest.fixture
def path(bodies):
    """Ks 181/2022 from the committee (forwarded) through Kommunstyrelsen (forwarded) to the council (final)."""
    committee, board, council = bodies
    first = step(
        committee,
        start=local(2024, 3, 4),
        title=f"Detaljplan för Vivalla, ansökan från {PERSONNUMMER}",
        outcome=Outcome.FORWARDED,
        decision="Nämnden föreslår att [[Anna Berg]] får bygga. Anna Berg har hörts.",
    )
    second = step(board, start=local(2024, 4, 8), outcome=Outcome.FORWARDED)
    third = step(council, start=local(2024, 5, 13), outcome=Outcome.FINAL, decision="Fullmäktige antar planen.")
    return first, second, third


def secret_only(board):
    """Ks 5/2024, named only by a secret item on a published agenda and a secret paragraph of a posted protocol."""
    meeting = MeetingFactory(body=board, start=local(2024, 4, 22), agenda_published_at=local(2024, 4, 15))
    AgendaItemFactory(meeting=meeting, title="Markaffär Rudbeckia", case_number="Ks 5/2024", is_public=False)
    protocol = posted_protocol(posted_on=dt.date(2024, 4, 15), meeting=meeting)
    ProtocolParagraphFactory(protocol=protocol, title="Markaffär Rudbeckia", case_number="Ks 5/2024", is_public=False)


def _results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_list_has_public_cases_only_with_number_key_title_status_and_links(client, bodies, path):
    committee, board, _council = bodies
    secret_only(board)
    AgendaItemFactory(meeting=MeetingFactory(body=board), title="Opublicerat", case_number="Ks 6/2024")
    step(committee, start=local(2024, 6, 3), case_number="Pn 12/2024", title="Förskola i Vivalla")

    rows = _results(client, "/api/v1/cases/")

    assert [row["number"] for row in rows] == ["Pn 12/2024", "Ks 181/2022"]  # handled most recently first
    case = rows[1]
    assert case["key"] == "ks-181-2022"
    assert case["url"] == "http://testserver/api/v1/cases/ks-181-2022/"
    assert case["web_url"] == "http://testserver/arenden/ks-181-2022/"
    assert case["title"] == f"Detaljplan för Vivalla, ansökan från {IDENTITY}"
    assert (case["status"], case["decided_on"]) == ("avgjort", "2024-05-13")
    assert case["bodies"] == ["programnamnd", "kommunstyrelsen", "kommunfullmaktige"]
    assert rows[0]["status"] == "pagaende"
    body = client.get("/api/v1/cases/?format=csv").content.decode("utf-8-sig")
    for text in ("Rudbeckia", "Ks 5/2024", "Ks 6/2024", "Opublicerat", PERSONNUMMER):
        assert text not in json.dumps(rows, ensure_ascii=False)
        assert text not in body


def test_a_case_only_secret_rows_name_is_404(client, bodies):
    secret_only(bodies[1])

    assert client.get("/api/v1/cases/ks-5-2024/").status_code == 404
    assert client.get("/api/v1/cases/ks-999-2024/").status_code == 404
    assert _results(client, "/api/v1/cases/") == []


def test_a_case_has_its_steps_in_date_order_with_decisions_masked(client, path):
    (m1, i1, p1), (m2, i2, p2), (m3, i3, p3) = path

    case = client.get("/api/v1/cases/ks-181-2022/").json()

    steps = case["steps"]
    assert [(s["meeting_id"], s["body_slug"]) for s in steps] == [
        (m1.pk, "programnamnd"),
        (m2.pk, "kommunstyrelsen"),
        (m3.pk, "kommunfullmaktige"),
    ]
    assert [s["meeting_start"][:10] for s in steps] == ["2024-03-04", "2024-04-08", "2024-05-13"]
    assert [(s["agenda_item_id"], s["paragraph_id"], s["paragraph_number"]) for s in steps] == [
        (i1.pk, p1.pk, p1.number),
        (i2.pk, p2.pk, p2.number),
        (i3.pk, p3.pk, p3.number),
    ]
    assert [(s["outcome"], s["is_final"]) for s in steps] == [
        ("forwarded", False),
        ("forwarded", False),
        ("final", True),
    ]
    assert steps[2]["outcome_label"] == "Beslut – ärendet avgjort"
    # A name marked once in the protocol is masked wherever it appears in it.
    assert steps[0]["decision"] == f"Nämnden föreslår att {MANUAL} får bygga. {MANUAL} har hörts."
    assert steps[0]["proposal"] == "Bifall."
    assert steps[0]["meeting"] == f"http://testserver/api/v1/meetings/{m1.pk}/"
    assert steps[0]["agenda_item"] == f"http://testserver/api/v1/agenda-items/{i1.pk}/"
    assert steps[0]["protocol"] == f"http://testserver/api/v1/protocols/{p1.protocol_id}/"
    assert client.get(steps[0]["protocol"]).status_code == 200
    assert "Anna Berg" not in json.dumps(case, ensure_ascii=False)


def test_a_secret_paragraph_at_a_public_step_is_no_part_of_it(client, bodies, path):
    _committee, board, _council = bodies
    meeting = MeetingFactory(body=board, start=local(2024, 9, 2), agenda_published_at=local(2024, 8, 26))
    protocol = posted_protocol(posted_on=dt.date(2024, 9, 9), meeting=meeting)
    ProtocolParagraphFactory(protocol=protocol, title="Hemligt", case_number="Ks 181/2022", is_public=False)

    case = client.get("/api/v1/cases/ks-181-2022/").json()

    assert len(case["steps"]) == 3
    assert meeting.pk not in [s["meeting_id"] for s in case["steps"]]


def test_only_the_latest_posted_version_of_a_protocol_counts(client, bodies):
    committee = bodies[0]
    meeting = MeetingFactory(body=committee, start=local(2024, 3, 4))  # no agenda published: the protocol only
    first = posted_protocol(posted_on=dt.date(2024, 3, 11), meeting=meeting)
    ProtocolParagraphFactory(protocol=first, title="Felskrivet ärende", case_number="Pn 3/2024")
    corrected = posted_protocol(
        posted_on=dt.date(2024, 3, 18), meeting=meeting, version=2, correction_note="Fel diarienummer."
    )
    ProtocolParagraphFactory(protocol=corrected, title="Rätt ärende", case_number="Pn 4/2024")
    ProtocolFactory(meeting=meeting, version=3, correction_note="Utkast.")  # a draft: not posted

    assert [row["number"] for row in _results(client, "/api/v1/cases/")] == ["Pn 4/2024"]
    assert client.get("/api/v1/cases/pn-3-2024/").status_code == 404


def test_filters_year_status_and_body(client, bodies, path):
    board = bodies[1]
    step(board, start=local(2024, 6, 3), case_number="Ks 7/2024", outcome=Outcome.TABLED)

    def numbers(query):
        return [row["number"] for row in _results(client, f"/api/v1/cases/?{query}")]

    assert numbers("year=2024") == ["Ks 7/2024"]
    assert numbers("year=2022") == ["Ks 181/2022"]
    assert numbers("status=avgjort") == ["Ks 181/2022"]
    assert numbers("status=pagaende") == ["Ks 7/2024"]
    assert numbers("body=kommunfullmaktige") == ["Ks 181/2022"]
    assert numbers("body=kommunstyrelsen") == ["Ks 7/2024", "Ks 181/2022"]
    assert numbers("body=finns-inte") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=klart", "status"), ("year=22", "year"), ("year=2.5", "year")],
)
def test_a_bad_filter_value_is_400_naming_the_filter(client, path, query, field):
    response = client.get(f"/api/v1/cases/?{query}")

    assert response.status_code == 400
    assert field in response.json()


def test_csv_has_a_row_per_case_and_the_steps_as_json(client, path):
    response = client.get("/api/v1/cases/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    (row,) = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert (row["number"], row["key"], row["status"]) == ("Ks 181/2022", "ks-181-2022", "avgjort")
    assert row["bodies"] == "programnamnd | kommunstyrelsen | kommunfullmaktige"
    steps = json.loads(row["steps"])
    assert [s["body_slug"] for s in steps] == ["programnamnd", "kommunstyrelsen", "kommunfullmaktige"]
    assert PERSONNUMMER not in response.content.decode("utf-8-sig")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/cases/?format=csv", "/api/v1/cases/ks-1-2024/"])
def test_the_number_of_queries_does_not_grow_with_cases_or_steps(client, bodies, url):
    committee, board, council = bodies
    start = local(2024, 1, 8)
    step(committee, start=start, case_number="Ks 1/2024", outcome=Outcome.FORWARDED)
    few = _queries(client, url)
    for n in range(2, 7):
        for body in (committee, board, council):
            start += dt.timedelta(days=7)
            step(body, start=start, case_number=f"Ks {n}/2024", outcome=Outcome.FORWARDED)
    for body in (board, council):
        start += dt.timedelta(days=7)
        step(body, start=start, case_number="Ks 1/2024", outcome=Outcome.FINAL)

    assert _queries(client, url) == few
    assert len(client.get("/api/v1/cases/ks-1-2024/").json()["steps"]) == 3


# --- the fields the existing resources gained --------------------------------------------------------------------


def test_items_and_paragraphs_carry_their_case_key_and_a_secret_one_none(client, bodies, path):
    (meeting, item, paragraph), *_rest = path
    secret = AgendaItemFactory(meeting=meeting, title="Hemligt", case_number="Ks 5/2024", is_public=False)
    secret_paragraph = ProtocolParagraphFactory(
        protocol=paragraph.protocol, title="Hemligt", case_number="Ks 5/2024", is_public=False
    )

    assert client.get(f"/api/v1/agenda-items/{item.pk}/").json()["case"] == "ks-181-2022"
    hidden = client.get(f"/api/v1/agenda-items/{secret.pk}/").json()
    assert (hidden["case"], hidden["case_number"]) == (None, "")
    protocol = client.get(f"/api/v1/protocols/{paragraph.protocol_id}/").json()
    by_number = {p["number"]: p for p in protocol["paragraphs"]}
    assert (by_number[paragraph.number]["case"], by_number[paragraph.number]["outcome"]) == (
        "ks-181-2022",
        "forwarded",
    )
    assert by_number[secret_paragraph.number]["case"] is None
    assert by_number[secret_paragraph.number]["outcome"] == ""
    assert "ks-5-2024" not in client.get(f"/api/v1/protocols/{paragraph.protocol_id}/?format=csv").content.decode()


def test_meetings_bodies_and_protocols_have_the_new_dates_and_texts(client, bodies, path):
    committee = bodies[0]
    Body.objects.filter(pk=committee.pk).update(protocol_kept_at=f"Stadshuset, hos {PERSONNUMMER}")
    (meeting, _item, paragraph), *_rest = path
    Meeting.objects.filter(pk=meeting.pk).update(agenda_changed_at=local(2024, 2, 28, 10, 0))

    body = client.get(f"/api/v1/bodies/{committee.pk}/").json()
    assert body["protocol_kept_at"] == f"Stadshuset, hos {IDENTITY}"
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").json()["agenda_changed_at"] == "2024-02-28T10:00:00+01:00"
    protocol = client.get(f"/api/v1/protocols/{paragraph.protocol_id}/").json()
    # Posted 11 March 2024: taken down (by the periodic task) after the three weeks of the appeal time.
    assert protocol["taken_down_at"] is not None
    assert protocol["taken_down_at"][:10] == protocol["taken_down_on"]
    later = posted_protocol(posted_on=timezone.localdate(), meeting=MeetingFactory(body=committee))
    assert client.get(f"/api/v1/protocols/{later.pk}/").json()["taken_down_at"] is None
