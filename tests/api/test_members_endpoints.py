"""The elected in the API: parties, persons and memberships with their filters; attendance, votes, ballots and
reservations from posted protocols only — never a secret paragraph's, a draft's, or who voted how in a closed vote —
each linked to its person and to the paragraph on the protocol page; invented example persons say so."""

import csv
import datetime as dt
import io
import json

import pytest

from meetings.models import Attendance, Ballot, Membership, Person, Statement
from tests.api.conftest import NEVER, attendance, build_world
from tests.factories import BodyFactory, MembershipFactory, PartyFactory, PersonFactory, posted_protocol

pytestmark = pytest.mark.django_db

MEMBER_LISTS = [
    "/api/v1/parties/",
    "/api/v1/persons/",
    "/api/v1/memberships/",
    "/api/v1/attendance/",
    "/api/v1/votes/",
    "/api/v1/ballots/",
    "/api/v1/statements/",
]


def _results(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _ids(client, url: str) -> list[int]:
    return [row["id"] for row in _results(client, url)]


def _csv(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


# --- persons, parties, memberships -----------------------------------------------------------------------------------


@pytest.fixture
def terms(db):
    """Two bodies; a person who left Kommunstyrelsen in 2022 but sits on another body since 2024, an invented
    example person, and a person of another party."""
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    other = BodyFactory(name="Tekniska nämnden", slug="tekniska-namnden")
    s, m = PartyFactory(abbreviation="S"), PartyFactory(abbreviation="M")
    moved = PersonFactory(name="Bo Flytt", party=s)
    MembershipFactory(person=moved, body=board, start=dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))
    MembershipFactory(person=moved, body=other, start=dt.date(2024, 1, 1), end=None)
    example = PersonFactory(name="Anna Exempeldotter", party=s, is_example=True)
    MembershipFactory(person=example, body=board, role=Membership.Role.CHAIR)
    other_party = PersonFactory(name="Cilla Annan", party=m)
    MembershipFactory(person=other_party, body=board, role=Membership.Role.SUBSTITUTE)
    return {
        "board": board,
        "other": other,
        "moved": moved,
        "example": example,
        "other_party": other_party,
        "s": s,
        "m": m,
    }


def test_persons_filter_by_body_day_party_and_example(client, terms):
    moved, example, other_party = terms["moved"].pk, terms["example"].pk, terms["other_party"].pk
    assert _ids(client, "/api/v1/persons/") == [example, moved, other_party]  # by name
    assert _ids(client, "/api/v1/persons/?body=kommunstyrelsen") == [example, moved, other_party]
    assert _ids(client, "/api/v1/persons/?datum=2024-06-01") == [example, moved, other_party]
    assert _ids(client, "/api/v1/persons/?datum=2020-06-01") == [moved]
    # Body and day together: the same membership, not one in each.
    assert _ids(client, "/api/v1/persons/?body=kommunstyrelsen&datum=2024-06-01") == [example, other_party]
    assert _ids(client, "/api/v1/persons/?body=tekniska-namnden&datum=2022-06-01") == []
    assert _ids(client, f"/api/v1/persons/?party={terms['m'].pk}") == [other_party]
    assert _ids(client, "/api/v1/persons/?is_example=true") == [example]
    assert _ids(client, "/api/v1/persons/?is_example=false") == [moved, other_party]
    assert _ids(client, f"/api/v1/persons/?slug={terms['moved'].slug}") == [moved]


def test_a_person_shows_their_roles_over_time_and_whether_they_are_invented(client, terms):
    person = client.get(f"/api/v1/persons/{terms['moved'].pk}/").json()
    assert person["name"] == "Bo Flytt"
    assert person["is_example"] is False
    assert person["party_abbreviation"] == "S" and person["party_name"] == "Socialdemokraterna"
    assert client.get(person["party"]).json()["abbreviation"] == "S"
    assert [(m["body_slug"], m["start"], m["end"]) for m in person["memberships"]] == [
        ("tekniska-namnden", "2024-01-01", None),
        ("kommunstyrelsen", "2019-01-01", "2022-12-31"),
    ]
    assert person["web_url"] == f"http://testserver/ledamoter/{terms['moved'].slug}/"
    assert client.get(person["web_url"]).status_code == 200
    example = client.get(f"/api/v1/persons/{terms['example'].pk}/").json()
    assert example["is_example"] is True
    assert example["memberships"][0]["role"] == "chair"


def test_memberships_filter_by_person_body_role_party_and_day(client, terms):
    def people(query: str) -> list[str]:
        return sorted(row["person_name"] for row in _results(client, f"/api/v1/memberships/?{query}"))

    assert people(f"person={terms['moved'].pk}") == ["Bo Flytt", "Bo Flytt"]
    assert people("body=tekniska-namnden") == ["Bo Flytt"]
    assert people("role=substitute") == ["Cilla Annan"]
    assert people(f"party={terms['s'].pk}&body=kommunstyrelsen") == ["Anna Exempeldotter", "Bo Flytt"]
    assert people("datum=2021-03-01") == ["Bo Flytt"]
    assert people("datum=2027-01-01") == ["Bo Flytt"]  # no end date: still in force
    row = _results(client, "/api/v1/memberships/?role=chair")[0]
    assert row["is_example"] is True
    assert row["is_ledamot"] is True
    assert row["body_name"] == "Kommunstyrelsen"
    assert client.get(row["person"]).json()["name"] == "Anna Exempeldotter"
    parties = _results(client, "/api/v1/parties/")
    assert {party["abbreviation"] for party in parties} == {"S", "M"}
    s = next(party for party in parties if party["abbreviation"] == "S")
    assert s["persons"] == f"http://testserver/api/v1/persons/?party={terms['s'].pk}"
    assert len(_results(client, s["persons"])) == 2


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/persons/?datum=2024-13-01",
        "/api/v1/persons/?datum=igår",
        "/api/v1/memberships/?role=kung",
        "/api/v1/memberships/?person=0",
        "/api/v1/attendance/?meeting=abc",
        "/api/v1/votes/?latest=kanske",
        "/api/v1/statements/?kind=tal",
        "/api/v1/ballots/?choice=kanske",
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_filter(client, terms, url):
    response = client.get(url)
    assert response.status_code == 400
    name = url.split("?")[1].split("=")[0]
    assert name in response.json()


# --- rows of posted protocols ----------------------------------------------------------------------------------------


def test_attendance_comes_from_posted_protocols_only(client, world):
    rows = _results(client, "/api/v1/attendance/")
    assert {row["protocol"] for row in rows} == {f"http://testserver/api/v1/protocols/{world.protocol.pk}/"}
    assert len(rows) == 7
    draft_row = Attendance.objects.filter(protocol=world.draft).first()
    assert client.get(f"/api/v1/attendance/{draft_row.pk}/").status_code == 404
    chair, first, absent, late, _fourth, substitute, _spare = world.roster
    by_person = {row["person"].rsplit("/", 2)[-2]: row for row in rows}
    serving = by_person[str(substitute.person_id)]
    assert serving["role"] == "substitute"
    assert serving["serving_for_person"] == f"http://testserver/api/v1/persons/{absent.person_id}/"
    assert serving["serving_for_name"] == absent.person.name
    assert by_person[str(absent.person_id)]["status"] == "absent"
    assert by_person[str(late.person_id)]["from_paragraph"] == 2
    assert by_person[str(chair.person_id)]["is_chair"] is True
    assert by_person[str(first.person_id)]["is_adjuster"] is True
    assert serving["web_url"] == f"http://testserver/sammantraden/{world.published.pk}/protokoll/1/"
    assert serving["meeting"] == f"http://testserver/api/v1/meetings/{world.published.pk}/"


def test_attendance_filters(client, world):
    chair = world.roster[0]
    assert len(_results(client, f"/api/v1/attendance/?meeting={world.published.pk}")) == 7
    assert _results(client, f"/api/v1/attendance/?meeting={world.unpublished.pk}") == []
    assert len(_results(client, f"/api/v1/attendance/?protocol={world.protocol.pk}")) == 7
    assert _results(client, f"/api/v1/attendance/?protocol={world.draft.pk}") == []
    assert [row["is_chair"] for row in _results(client, f"/api/v1/attendance/?person={chair.person_id}")] == [True]
    assert len(_results(client, "/api/v1/attendance/?body=kommunstyrelsen&status=absent")) == 2
    assert _results(client, "/api/v1/attendance/?body=ingen") == []


def test_a_corrected_protocol_has_rows_per_version_and_latest_shows_the_newest(client, world):
    correction = posted_protocol(
        posted_on=dt.date(2024, 3, 11), meeting=world.published, version=2, correction_note="Rättad närvaro."
    )
    attendance(correction, world.roster)
    assert len(_results(client, "/api/v1/attendance/")) == 14
    latest = _results(client, "/api/v1/attendance/?latest=true")
    assert {row["version"] for row in latest} == {2} and len(latest) == 7
    assert {row["version"] for row in _results(client, "/api/v1/attendance/?latest=false")} == {1}


def test_votes_are_those_of_public_paragraphs_and_a_closed_vote_has_only_its_counts(client, world):
    votes = {row["id"]: row for row in _results(client, "/api/v1/votes/")}
    assert set(votes) == {world.vote.pk, world.closed_vote.pk}
    assert client.get(f"/api/v1/votes/{world.secret_vote.pk}/").status_code == 404
    open_vote = votes[world.vote.pk]
    assert (open_vote["yes_count"], open_vote["no_count"], open_vote["abstain_count"]) == (3, 1, 1)
    assert open_vote["is_closed"] is False
    assert sorted(ballot["choice"] for ballot in open_vote["ballots"]) == ["abstain", "no", "yes", "yes", "yes"]
    number = world.vote.paragraph.number
    assert open_vote["paragraph_number"] == number
    assert open_vote["web_url"] == f"http://testserver/sammantraden/{world.published.pk}/protokoll/1/#paragraf-{number}"
    page = client.get(open_vote["web_url"].split("#")[0]).content.decode()
    assert f'id="paragraf-{number}"' in page
    closed = votes[world.closed_vote.pk]
    assert closed["is_closed"] is True
    assert (closed["yes_count"], closed["no_count"]) == (4, 1)
    assert closed["ballots"] == []


def test_ballots_never_show_a_closed_vote_a_secret_paragraph_or_a_draft(client, world):
    ballots = _results(client, "/api/v1/ballots/")
    assert len(ballots) == 5
    assert {row["vote"] for row in ballots} == {f"http://testserver/api/v1/votes/{world.vote.pk}/"}
    for vote in (world.closed_vote, world.secret_vote):
        ballot = Ballot.objects.filter(vote=vote).first()
        assert client.get(f"/api/v1/ballots/{ballot.pk}/").status_code == 404
    chair, first = world.roster[:2]
    assert [row["choice"] for row in _results(client, f"/api/v1/ballots/?person={first.person_id}")] == ["no"]
    assert len(_results(client, "/api/v1/ballots/?choice=yes")) == 3
    assert len(_results(client, f"/api/v1/ballots/?vote={world.vote.pk}")) == 5
    assert _results(client, f"/api/v1/ballots/?vote={world.closed_vote.pk}") == []
    # A vote is found by the people who voted in it — not by a closed vote's stray ballot.
    assert _ids(client, f"/api/v1/votes/?person={chair.person_id}") == [world.vote.pk]
    assert _ids(client, f"/api/v1/votes/?person={world.roster[2].person_id}") == []


def test_statements_are_reservations_and_notes_of_public_paragraphs_masked_like_the_protocol(client, world):
    rows = _results(client, "/api/v1/statements/")
    assert [row["kind"] for row in rows] == ["reservation", "note"]
    reservation = rows[0]
    assert reservation["id"] == world.reservation.pk
    # "Anna Andersson" is marked once in the paragraph's matter: masked in the reservation too.
    assert reservation["text"] == "Till förmån för eget yrkande om stöd till [personuppgift maskerad]."
    assert reservation["person"] == f"http://testserver/api/v1/persons/{world.roster[1].person_id}/"
    assert client.get(reservation["person_web_url"]).status_code == 200
    assert reservation["web_url"].endswith(f"/protokoll/1/#paragraf-{world.reservation.paragraph.number}")
    assert _ids(client, "/api/v1/statements/?kind=note") == [rows[1]["id"]]
    assert _ids(client, f"/api/v1/statements/?person={world.roster[1].person_id}") == [world.reservation.pk]
    assert len(_results(client, f"/api/v1/statements/?meeting={world.published.pk}")) == 2
    assert _results(client, f"/api/v1/statements/?meeting={world.unpublished.pk}") == []
    hidden = Statement.objects.filter(paragraph=world.secret_paragraph).first()
    assert client.get(f"/api/v1/statements/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("url", MEMBER_LISTS)
def test_nothing_from_a_secret_paragraph_a_closed_vote_or_a_draft_in_json_or_csv(client, world, url):
    for suffix in ("?page_size=1000", "?page_size=1000&format=csv"):
        body = client.get(url + suffix).content.decode("utf-8-sig")
        for text in (*NEVER, "Hemlig", "Utkastets", "Känsligt", "Anna Andersson"):
            assert text not in body, f"{text!r} in {url}{suffix}"


def test_the_protocol_carries_its_attendance_justering_and_each_paragraphs_decisions(client, world):
    protocol = client.get(f"/api/v1/protocols/{world.protocol.pk}/").json()
    assert [row["status"] for row in protocol["attendance"]] == ["present"] * 5 + ["absent"] * 2
    assert protocol["adjustment_method"] == "digital"
    assert [(a["role"], a["person_name"]) for a in protocol["approvals"]] == [
        ("chair", world.roster[0].person.name),
        ("adjuster", world.roster[1].person.name),
    ]
    public, secret = protocol["paragraphs"]
    assert [p["text"] for p in public["proposals"]] == ["yrkar avslag på förslaget."]
    assert public["proposals"][0]["person_name"] == world.roster[1].person.name
    assert [(v["yes_count"], v["is_closed"], len(v["ballots"])) for v in public["votes"]] == [
        (3, False, 5),
        (4, True, 0),
    ]
    assert [s["kind"] for s in public["statements"]] == ["reservation", "note"]
    assert secret["proposals"] == secret["votes"] == secret["statements"] == []
    assert "Hemlig" not in json.dumps(protocol, ensure_ascii=False)


def test_a_protocol_adjusted_on_paper_has_no_digital_approvals(client, world):
    world.protocol.adjustment_method = "paper"
    world.protocol.save()
    protocol = client.get(f"/api/v1/protocols/{world.protocol.pk}/").json()
    assert protocol["adjustment_method"] == "paper"
    assert protocol["approvals"] == []


def test_invented_example_persons_say_so_in_every_row(client, world):
    Person.objects.filter(pk=world.roster[1].person_id).update(is_example=True)
    first = f"http://testserver/api/v1/persons/{world.roster[1].person_id}/"
    for url in ("/api/v1/memberships/", "/api/v1/attendance/", "/api/v1/ballots/", "/api/v1/statements/"):
        rows = _results(client, url + "?page_size=1000")
        flags = {row["is_example"] for row in rows if row["person"] == first}
        assert flags == {True}, url
        assert {row["is_example"] for row in rows if row["person"] != first} == {False}, url
    vote = client.get(f"/api/v1/votes/{world.vote.pk}/").json()
    assert [b["is_example"] for b in vote["ballots"] if b["person"] == first] == [True]


CSV_COLUMNS = {
    "/api/v1/persons/": ["id", "name", "slug", "is_example", "party_abbreviation", "memberships", "web_url"],
    "/api/v1/memberships/": ["person_name", "is_example", "body_slug", "role", "party_abbreviation", "start", "end"],
    "/api/v1/attendance/": ["meeting", "person_name", "is_example", "status", "serving_for_name", "from_paragraph"],
    "/api/v1/votes/": ["paragraph_number", "question", "is_closed", "yes_count", "no_count", "abstain_count"],
    "/api/v1/ballots/": ["vote", "paragraph_number", "person", "person_name", "is_example", "party", "choice"],
    "/api/v1/statements/": ["paragraph_number", "kind", "person_name", "is_example", "party", "text", "web_url"],
}


@pytest.mark.parametrize("url", sorted(CSV_COLUMNS))
def test_csv_has_a_column_per_field(client, world, url):
    rows = _csv(client, url + "?format=csv&page_size=1000")
    assert len(rows) == client.get(url).json()["count"]
    for column in CSV_COLUMNS[url]:
        assert column in rows[0], f"{column} missing in {url}"


def test_a_ballot_per_row_in_csv(client, world):
    rows = _csv(client, "/api/v1/ballots/?format=csv")
    assert sorted(row["choice"] for row in rows) == ["abstain", "no", "yes", "yes", "yes"]
    assert {row["is_example"] for row in rows} == {"false"}
    votes = _csv(client, "/api/v1/votes/?format=csv")
    assert json.loads(votes[0]["ballots"])[0]["choice"] == "yes"  # nested lists come as JSON in their cell


def test_a_detail_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    world = build_world(n=3)
    for url in (f"/api/v1/votes/{world.vote.pk}/", f"/api/v1/statements/{world.reservation.pk}/"):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
