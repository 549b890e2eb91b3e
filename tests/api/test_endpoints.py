"""What each endpoint of /api/v1/ returns: the public content, linked; never anything unpublished or masked;
CSV on the lists; conditional requests (304)."""

import csv
import datetime as dt
import io
import json

import pytest

from tests.api.conftest import PERSONNUMMER

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/bodies/",
    "/api/v1/meetings/",
    "/api/v1/agenda-items/",
    "/api/v1/documents/",
    "/api/v1/protocols/",
    "/api/v1/cases/",
    "/api/v1/notices/",
    "/api/v1/budget/units/",
    "/api/v1/budget/codes/",
    "/api/v1/budget/account-groups/",
    "/api/v1/budget/figures/",
    "/api/v1/goal-areas/",
    "/api/v1/indicators/",
    "/api/v1/commitments/",
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


def test_root_links_every_list(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()
    assert len(links) == len(LISTS)
    assert all(link.startswith("http://testserver/api/v1/") for link in links.values())


@pytest.mark.parametrize("url", LISTS)
def test_every_list_answers_json_with_pages(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    for row in data["results"]:
        assert client.get(row["url"]).json() is not None  # the link leads to the object
        assert client.get(row["url"]).status_code == 200


def test_meetings_show_items_only_once_the_agenda_is_published(client, world):
    rows = {row["id"]: row for row in _results(client, "/api/v1/meetings/?body=kommunstyrelsen")}
    published, unpublished = rows[world.published.pk], rows[world.unpublished.pk]
    assert len(published["agenda_items"]) == 2
    assert published["body_slug"] == "kommunstyrelsen"
    assert published["protocols"] == [f"http://testserver/api/v1/protocols/{world.protocol.pk}/"]
    assert [doc.rsplit("/", 2)[-2] for doc in published["documents"]] == [str(world.document.pk)]
    assert unpublished["agenda_items"] == unpublished["documents"] == unpublished["protocols"] == []
    assert published["web_url"] == f"http://testserver/sammantraden/{world.published.pk}/"


def test_meetings_filter_by_body_and_year(client, world):
    # The factory's dates run on by a day per meeting made in the session: past 2024 once a few hundred were made.
    from meetings.models import Meeting

    for day, meeting in enumerate(Meeting.objects.filter(body=world.board), start=6):
        Meeting.objects.filter(pk=meeting.pk).update(start=dt.datetime(2024, 5, day, 13, tzinfo=dt.UTC))
    assert len(_results(client, "/api/v1/meetings/?body=kommunstyrelsen&year=2024")) == 2
    assert _results(client, "/api/v1/meetings/?year=1999") == []
    assert _results(client, "/api/v1/meetings/?body=ingen") == []


def test_agenda_items_are_published_ones_and_secret_ones_show_only_their_number(client, world):
    rows = {row["id"]: row for row in _results(client, "/api/v1/agenda-items/")}
    assert world.hidden_item.pk not in rows
    assert client.get(f"/api/v1/agenda-items/{world.hidden_item.pk}/").status_code == 404
    public, secret = rows[world.public_item.pk], rows[world.secret_item.pk]
    assert public["title"] == "Budgeten för brandkåren"
    assert len(public["documents"]) == 1
    assert secret["title"] == "Sekretessärende"
    assert secret["number"] == world.secret_item.number
    assert secret["case_number"] == secret["proposal"] == ""
    assert secret["documents"] == []
    assert "Anna" not in json.dumps(rows)


def test_documents_are_only_published_ones_with_their_file(client, world):
    rows = _results(client, "/api/v1/documents/")
    assert sorted(row["title"] for row in rows) == ["Tjänsteskrivelse", "Ärendelista"]
    document = next(row for row in rows if row["title"] == "Ärendelista")
    assert document["file_url"] == f"http://testserver/dokument/{world.document.pk}/arendelista.pdf"
    assert client.get(document["file_url"]).status_code == 200
    assert "text" not in document
    detail = client.get(document["url"]).json()
    assert "Ärendelista" in detail["text"]
    report = next(row for row in rows if row["title"] == "Tjänsteskrivelse")
    assert report["meeting"] == f"http://testserver/api/v1/meetings/{world.published.pk}/"
    assert _results(client, f"/api/v1/documents/?meeting={world.published.pk}") == rows


def test_protocols_are_posted_ones_with_masked_paragraphs(client, world):
    rows = _results(client, "/api/v1/protocols/")
    assert [row["id"] for row in rows] == [world.protocol.pk]
    assert client.get(f"/api/v1/protocols/{world.draft.pk}/").status_code == 404
    protocol = rows[0]
    assert protocol["posted_on"] == "2024-03-04"
    assert protocol["adjusters"] == ["Jan Berg (M)", "Lena Ek (C)"]
    public, secret = protocol["paragraphs"]
    assert public["matter"] == "Ansökan från [personuppgift maskerad], [personnummer maskerat]."
    assert public["agenda_item"] == f"http://testserver/api/v1/agenda-items/{world.public_item.pk}/"
    assert secret["title"] == "Sekretessärende"
    assert secret["matter"] == secret["decision"] == ""


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/protocols/?format=csv"])
def test_a_masked_personnummer_or_name_never_appears(client, world, url):
    body = client.get(url).content.decode()
    assert PERSONNUMMER not in body
    assert "Anna Andersson" not in body
    assert "Känsligt" not in body
    assert "Ännu inte publicerat" not in body
    assert "Opublicerad" not in body and "Ej publicerad" not in body


def test_figures_in_kronor_with_deviation(client, world):
    rows = _results(client, "/api/v1/budget/figures/?year=2021&group=5")
    assert len(rows) == 1
    row = rows[0]
    assert (row["budget"], row["outcome"], row["deviation"]) == ("-4134000.50", "-3170000.00", "964000.50")
    assert row["group"] == "5"
    without_budget = _results(client, "/api/v1/budget/figures/?year=2020")[0]
    assert without_budget["budget"] is None and without_budget["deviation"] is None
    assert (row["comparable"], row["derived"]) == (True, False)
    unit_slug = row["unit_slug"]
    assert len(_results(client, f"/api/v1/budget/figures/?unit={unit_slug}")) == 2
    assert _results(client, f"/api/v1/budget/figures/?code={row['code']}&year=2020")[0]["group"] == "3"


def test_goal_areas_indicators_and_commitments(client, world):
    area = _results(client, "/api/v1/goal-areas/")[0]
    assert area["means"] == ["samverkan med näringslivet"]
    assert len(area["indicators"]) == 1
    indicator = _results(client, "/api/v1/indicators/?body=kommunstyrelsen")[0]
    assert {(v["year"], v["gender"], v["value"]) for v in indicator["values"]} == {
        (2019, "T", "4.400"),
        (2020, "T", "3.800"),
        (2020, "K", "4.400"),
    }
    assert _results(client, "/api/v1/indicators/?body=ingen") == []
    commitment = _results(client, "/api/v1/commitments/?status=in_progress")[0]
    assert commitment["status"] == "in_progress"
    # Only the decision whose agenda is published is linked.
    assert commitment["updates"][0]["agenda_item_ids"] == [world.public_item.pk]
    assert _results(client, "/api/v1/commitments/?status=done") == []


def test_page_size_is_capped(client, world):
    response = client.get("/api/v1/agenda-items/?page_size=1")
    assert len(response.json()["results"]) == 1
    assert 'rel="next"' in response["Link"]
    assert client.get("/api/v1/agenda-items/?page_size=100000").status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_every_list_downloads_as_csv(client, world, url):
    response = client.get(url + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == client.get(url).json()["count"]
    assert "url" in rows[0] or url.endswith("account-groups/")


def test_csv_flattens_nested_fields(client, world):
    content = client.get("/api/v1/budget/figures/?format=csv&year=2021").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert rows[0]["deviation"] == "964000.50"
    content = client.get("/api/v1/meetings/?format=csv").content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert " | " in row["agenda_items"]


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/budget/figures/?year=2021", "/api/v1/protocols/"])
def test_conditional_request_answers_304_until_the_data_changes(client, world, url):
    response = client.get(url)
    etag = response["ETag"]
    assert etag
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    world.published.place = "Någon annanstans"
    world.published.save()
    world.public_item.title = "Ny rubrik"
    world.public_item.save()
    from budget.models import LedgerLine
    from tests.factories import publish_all

    LedgerLine.objects.filter(year_id=2021).update(outcome=1)
    publish_all()  # the API changes when the figures are published, not when they are saved
    world.protocol.chair = "Ny ordförande"
    world.protocol.save()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_cors_lets_any_site_read(client, world):
    response = client.get("/api/v1/meetings/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"


def test_schema_and_docs(client, world):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/budget/figures/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    for url in LISTS:
        assert url in html
    assert "page_size" in html and "body" in html


def test_open_data_page_links_api_licence_feeds_and_calendars(client):
    response = client.get("/oppna-data/")
    assert response.status_code == 200
    html = response.content.decode()
    for link in ("/api/v1/", "/api/v1/schema/", "/api/v1/docs/", "/flode/", "/sammantraden/kalender.ics", "format=csv"):
        assert link in html
    assert "CC0 1.0" in html
    assert "maskerade" in html
    for endpoint in ("/api/v1/persons/", "/api/v1/memberships/", "/api/v1/attendance/", "/api/v1/votes/"):
        assert endpoint in html
