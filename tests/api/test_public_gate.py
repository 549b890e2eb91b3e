"""Nothing personal leaves through the API: every list and every object, in JSON and in CSV, shows the masked text of
every free-text field — a personnummer (also in full-width digits) and a `[[marked name]]` never, a name marked once
in a protocol nowhere in it, a secret item only as "Sekretessärende" — while case numbers and phone numbers stay."""

import csv
import io
import json

import pytest

from tests.api.dirty import HIDDEN, KEPT, NAME, SECRET_TITLE, build_dirty_world
from tests.api.test_endpoints import LISTS

pytestmark = pytest.mark.django_db

IDENTITY = "[personnummer maskerat]"
MANUAL = "[personuppgift maskerad]"

# The fields each list shows, by the word that stands before the dirt in them (`tests.api.dirty`).
SHOWN = {
    "/api/v1/bodies/": ["body.name", "body.summary", "body.description", "body.responsibilities"],
    "/api/v1/meetings/": ["meeting.place", "meeting.status_note", "body.name"],
    "/api/v1/agenda-items/": ["item.title", "item.proposal"],
    "/api/v1/documents/": ["document.title"],
    "/api/v1/protocols/": [
        "protocol.correction_note",
        "protocol.chair",
        "protocol.secretary",
        "protocol.adjusters",
        "protocol.members",
        "protocol.substitutes",
        "protocol.officials",
        "paragraph.title",
        "paragraph.matter",
        "paragraph.decision",
        "paragraph.reservations",
        "paragraph.procedure",
        "echo.decision",
        "person.name",
        "proposal.text",
        "vote.question",
        "vote.outcome",
        "statement.text",
        "echo.statement",
    ],
    "/api/v1/goal-areas/": [
        "period.name",
        "period.vision",
        "strategic_area.name",
        "goal_area.statement",
        "goal_area.means_intro",
        "means.text",
    ],
    "/api/v1/indicators/": ["indicator.name", "indicator.description", "indicator.footnotes", "value.note"],
    "/api/v1/commitments/": ["platform.name", "policy_area.name", "commitment.text", "update.comment"],
    "/api/v1/parties/": ["party.name"],
    "/api/v1/persons/": ["person.name", "party.name", "body.name"],
    "/api/v1/memberships/": ["person.name", "body.name"],
    "/api/v1/attendance/": ["person.name"],
    "/api/v1/votes/": ["vote.question", "vote.outcome", "paragraph.title", "person.name"],
    "/api/v1/ballots/": ["paragraph.title", "person.name"],
    "/api/v1/statements/": ["statement.text", "echo.statement", "paragraph.title", "person.name"],
}


@pytest.fixture
def dirty_world(db):
    return build_dirty_world()


def _text(response) -> str:
    assert response.status_code == 200, response.content
    body = response.content.decode("utf-8-sig")
    if response["Content-Type"].startswith("application/json"):
        body += json.dumps(response.json(), ensure_ascii=False)  # escapes (\uXXXX) decoded too
    return body


def _assert_clean(body: str, where: str) -> None:
    for hidden in (*HIDDEN, SECRET_TITLE, "hemligt"):
        assert hidden not in body, f"{hidden!r} in {where}"


def _every_url(client) -> list[str]:
    urls = []
    for url in LISTS:
        urls.append(url)
        urls.extend(row["url"] for row in client.get(url).json()["results"])
    return urls


def test_no_list_or_object_shows_a_personnummer_or_a_marked_name_in_json_or_csv(client, dirty_world):
    urls = _every_url(client)
    assert len(urls) > len(LISTS) + 10
    seen = ""
    for url in urls:
        for suffix in ("", "&format=csv" if "?" in url else "?format=csv"):
            body = _text(client.get(url + suffix))
            _assert_clean(body, url + suffix)
            seen += body
    for kept in KEPT:
        assert kept in seen


@pytest.mark.parametrize("url", sorted(SHOWN))
@pytest.mark.parametrize("suffix", ["", "?format=csv"])
def test_every_text_field_is_shown_masked_with_what_must_stay(client, dirty_world, url, suffix):
    body = _text(client.get(url + suffix))
    for name in SHOWN[url]:
        word = dirty_world.words[name]
        assert word in body, f"{name} is not shown in {url}{suffix}"
    _assert_clean(body, url + suffix)
    assert IDENTITY in body and MANUAL in body
    for kept in KEPT:
        assert kept in body


def test_the_fields_read_exactly_as_masked(client, dirty_world):
    item = client.get(f"/api/v1/agenda-items/{dirty_world.item.pk}/").json()
    word = dirty_world.words["item.title"]
    assert item["title"] == f"{word} {IDENTITY} {MANUAL} {IDENTITY} tel 019-21 10 00 dnr Ks 181/2022"
    assert item["number"] == IDENTITY
    assert item["case_number"] == "Ks 181/2022"
    numbers = {row["number"] for row in client.get("/api/v1/agenda-items/").json()["results"]}
    assert {IDENTITY, MANUAL} <= numbers

    protocol = client.get(f"/api/v1/protocols/{dirty_world.protocol.pk}/").json()
    assert protocol["adjusters"][0] == "Jan Berg (M)"
    assert protocol["members"][1].startswith(dirty_world.words["protocol.members"] + f" {IDENTITY} {MANUAL}")
    echo = next(p for p in protocol["paragraphs"] if p["title"] == "Bidrag")
    # Marked once in the protocol, masked wherever it appears in it.
    assert echo["decision"] == f"ordeko: {MANUAL} får bidraget."
    assert NAME not in json.dumps(protocol, ensure_ascii=False)


def test_a_document_shows_its_masked_title_and_text_page_by_page(client, dirty_world):
    detail = client.get(f"/api/v1/documents/{dirty_world.document.pk}/").json()
    page1, page2 = detail["text"].split("\f")
    assert page1.startswith(dirty_world.words["document.page1"] + f" {IDENTITY} {MANUAL} {IDENTITY}")
    assert page2.startswith(dirty_world.words["document.page2"])
    assert "Ks 181/2022" in page2 and "019-21 10 00" in page2
    assert detail["title"].startswith(dirty_world.words["document.title"] + f" {IDENTITY}")
    csv_body = _text(client.get(f"/api/v1/documents/{dirty_world.document.pk}/?format=csv"))
    assert dirty_world.words["document.page2"] in csv_body
    _assert_clean(csv_body, "document CSV")


def test_a_document_file_address_does_not_carry_its_raw_title(client, dirty_world):
    file_url = client.get(f"/api/v1/documents/{dirty_world.document.pk}/").json()["file_url"]
    assert "811218" not in file_url and "marked" not in file_url
    assert client.get(file_url).status_code == 200


def test_a_secret_item_is_only_sekretessarende_everywhere(client, dirty_world):
    secret = client.get(f"/api/v1/agenda-items/{dirty_world.secret_item.pk}/").json()
    assert secret["title"] == "Sekretessärende"
    assert secret["proposal"] == secret["case_number"] == ""
    assert secret["documents"] == []
    protocol = client.get(f"/api/v1/protocols/{dirty_world.protocol.pk}/").json()
    assert [p["title"] for p in protocol["paragraphs"]][-1] == "Sekretessärende"
    for url in ("/api/v1/agenda-items/", "/api/v1/protocols/", "/api/v1/commitments/"):
        for suffix in ("", "?format=csv"):
            body = _text(client.get(url + suffix))
            assert "Ks 99/2022" not in body
            _assert_clean(body, url + suffix)
    # The commitment links the secret decision like the public one: by its id, no text.
    update = client.get("/api/v1/commitments/").json()["results"][0]["updates"][0]
    assert sorted(update["agenda_item_ids"]) == sorted([dirty_world.item.pk, dirty_world.secret_item.pk])


# --- CSV and formula injection ---------------------------------------------------------------------------------------


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_writes_a_text_excel_would_run_as_text_and_numbers_as_numbers(client, world):
    world.published.place = "=cmd|' /C calc'!A0"
    world.published.status_note = "@SUM(A1)"
    world.published.save()
    rows = {row["id"]: row for row in _csv_rows(client.get("/api/v1/meetings/?format=csv"))}
    row = rows[str(world.published.pk)]
    assert row["place"] == "'=cmd|' /C calc'!A0"
    assert row["status_note"] == "'@SUM(A1)"
    figure = _csv_rows(client.get("/api/v1/budget/figures/?format=csv&year=2021"))[0]
    assert (figure["outcome"], figure["budget"]) == ("-3170000.00", "-4134000.50")  # no apostrophe: numbers


def test_the_csv_renderer_neutralises_text_cells_only():
    from api.renderers import CSVRenderer

    rows = [
        {"id": -5, "amount": "-12.50", "ratio": -0.5, "title": "-2 kvar", "tags": ["=x", "y"], "ok": True},
        {"id": 2, "amount": None, "ratio": 1.0, "title": "+1", "tags": [], "ok": False},
    ]
    content = CSVRenderer().render({"results": rows}).decode("utf-8-sig")
    parsed = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert [row["id"] for row in parsed] == ["-5", "2"]
    assert [row["amount"] for row in parsed] == ["-12.50", ""]
    assert parsed[0]["ratio"] == "-0.5"
    assert [row["title"] for row in parsed] == ["'-2 kvar", "'+1"]
    assert parsed[0]["tags"] == "'=x | y"
    assert [row["ok"] for row in parsed] == ["true", "false"]


def test_the_elected_and_what_they_said_read_exactly_as_masked(client, dirty_world):
    words = dirty_world.words
    party = client.get("/api/v1/parties/").json()["results"][0]
    assert party["abbreviation"] == MANUAL
    person = client.get("/api/v1/persons/").json()["results"][0]
    assert person["name"] == f"{words['person.name']} {IDENTITY} {MANUAL} {IDENTITY} tel 019-21 10 00 dnr Ks 181/2022"
    assert person["party_abbreviation"] == MANUAL
    statements = {row["paragraph_title"]: row for row in client.get("/api/v1/statements/").json()["results"]}
    # Marked once elsewhere in the protocol, masked in a reservation listed on its own too.
    assert statements["Bidrag"]["text"] == f"ordekoreservation: {MANUAL} ska få stöd."
    protocol = client.get(f"/api/v1/protocols/{dirty_world.protocol.pk}/").json()
    secret = protocol["paragraphs"][-1]
    assert secret["title"] == "Sekretessärende"
    assert secret["procedure"] == "" and secret["proposals"] == secret["votes"] == secret["statements"] == []
    (approval,) = protocol["approvals"]
    assert set(approval) == {"person", "person_name", "is_example", "role", "at"}  # never the comment
