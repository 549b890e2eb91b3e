"""/api/v1/notices/: the notice board's notices and its archive through `PublicNotice`, texts masked; never a notice
before its day, nor a council meeting's notice whose agenda is withdrawn; JSON and CSV; a fixed number of queries."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting, Notice
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, NoticeFactory, make_pdf

pytestmark = pytest.mark.django_db

PERSONNUMMER = "811218-9876"
IDENTITY = "[personnummer maskerat]"
MANUAL = "[personuppgift maskerad]"


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")


def today():
    return timezone.localdate()


def archived(**kwargs) -> Notice:
    posted = today() - dt.timedelta(days=60)
    notice = NoticeFactory(posted_on=posted, taken_down_on=posted + dt.timedelta(days=28), **kwargs)
    Notice.objects.filter(pk=notice.pk).update(taken_down_at=timezone.now() - dt.timedelta(days=30))
    return notice


def _results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_current_and_archived_notices_are_listed_masked_and_a_future_one_never(client, board):
    # The case was on a published agenda, so it has a page; the notice's key leads there.
    handled = MeetingFactory(body=board, agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=handled, case_number="Ks 181/2022")
    up = NoticeFactory(
        body=board,
        title=f"Granskning av detaljplan, {PERSONNUMMER}",
        text="Synpunkter till [[Anna Berg]] senast den 1 juli, dnr Ks 181/2022.",
        case_number="Ks 181/2022",
    )
    old = archived(title="Trafikföreskrift Drottninggatan")
    future = NoticeFactory(title="Kommande kungörelse", posted_on=today() + dt.timedelta(days=1))

    rows = _results(client, "/api/v1/notices/")

    assert [row["id"] for row in rows] == [up.pk, old.pk]  # newest first
    notice = rows[0]
    assert notice["title"] == f"Granskning av detaljplan, {IDENTITY}"
    assert notice["text"] == f"Synpunkter till {MANUAL} senast den 1 juli, dnr Ks 181/2022."
    assert (notice["case_number"], notice["case"]) == ("Ks 181/2022", "ks-181-2022")
    assert (notice["kind"], notice["body_slug"], notice["is_current"]) == ("other", "kommunstyrelsen", True)
    assert notice["body"] == f"http://testserver/api/v1/bodies/{board.pk}/"
    assert notice["posted_on"] == today().isoformat()
    assert notice["web_url"] == f"http://testserver/anslagstavla/{up.pk}/"
    assert notice["file_url"] is None
    assert rows[1]["is_current"] is False and rows[1]["taken_down_at"] is not None
    assert client.get(notice["url"]).json()["id"] == up.pk
    assert client.get(f"/api/v1/notices/{future.pk}/").status_code == 404
    everything = client.get("/api/v1/notices/").content.decode() + client.get(
        "/api/v1/notices/?format=csv"
    ).content.decode("utf-8-sig")
    for hidden in (PERSONNUMMER, "Anna Berg", "Kommande"):
        assert hidden not in everything


def test_filters_current_kind_and_body(client, board):
    other_body = BodyFactory(name="Tekniska nämnden", slug="tekniska-namnden")
    up = NoticeFactory(body=board)
    old = archived(body=other_body)
    delegation = NoticeFactory(
        kind=Notice.Kind.DELEGATION, body=other_body, decided_on=today() - dt.timedelta(days=2), decided_by="Chef"
    )

    def ids(query):
        return [row["id"] for row in _results(client, f"/api/v1/notices/?{query}")]

    assert sorted(ids("current=true")) == sorted([up.pk, delegation.pk])
    assert ids("current=false") == [old.pk]
    assert ids("kind=delegation") == [delegation.pk]
    assert sorted(ids("body=tekniska-namnden")) == sorted([old.pk, delegation.pk])
    assert ids("body=finns-inte") == []
    for query, field in (("current=kanske", "current"), ("kind=annat", "kind")):
        response = client.get(f"/api/v1/notices/?{query}")
        assert response.status_code == 400
        assert field in response.json()


def test_a_council_meeting_notice_is_listed_only_while_its_agenda_is_published(client):
    council = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind="council")
    meeting = MeetingFactory(body=council, agenda_published_at=timezone.now())
    notice = NoticeFactory(kind=Notice.Kind.MEETING, meeting=meeting, body=council, title="", text="")

    (row,) = _results(client, "/api/v1/notices/?kind=meeting")
    assert row["meeting"] == f"http://testserver/api/v1/meetings/{meeting.pk}/"

    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=None)
    assert _results(client, "/api/v1/notices/") == []
    assert client.get(f"/api/v1/notices/{notice.pk}/").status_code == 404


def test_a_notice_with_a_pdf_links_its_file_by_the_masked_title(client, board):
    notice = NoticeFactory(body=board, title=f"Plankarta {PERSONNUMMER}")
    notice.file.save("plankarta.pdf", ContentFile(make_pdf("Plankarta")))

    row = client.get(f"/api/v1/notices/{notice.pk}/").json()

    assert row["file_url"] == f"http://testserver/anslagstavla/{notice.pk}/plankarta-personnummer-maskerat.pdf"
    assert client.get(row["file_url"]).status_code == 200


def test_csv_has_a_row_per_notice(client, board):
    NoticeFactory(body=board, title="=HYPERLINK(1)")
    archived(body=board)

    response = client.get("/api/v1/notices/?format=csv")

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert {row["is_current"] for row in rows} == {"true", "false"}
    assert rows[0]["title"] == "'=HYPERLINK(1)"  # shown as text, never run as a formula


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/api/v1/notices/", "/api/v1/notices/?format=csv"])
def test_the_number_of_queries_does_not_grow_with_notices(client, board, url):
    council = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind="council")
    NoticeFactory(body=board, case_number="Ks 1/2024")
    few = _queries(client, url)
    for n in range(2, 8):
        NoticeFactory(body=BodyFactory(), case_number=f"Ks {n}/2024")
        archived(body=board)
        meeting = MeetingFactory(body=council, agenda_published_at=timezone.now())
        NoticeFactory(kind=Notice.Kind.MEETING, meeting=meeting, body=council, title="", text="")

    assert _queries(client, url) == few


def test_a_notice_naming_a_case_never_handled_in_public_gives_no_key(client, board):
    """A delegation decision may name a case that has no page: its key would lead to a 404."""
    NoticeFactory(body=board, case_number="Ks 99/2024")
    [row] = _results(client, "/api/v1/notices/")
    assert (row["case_number"], row["case"]) == ("Ks 99/2024", None)
    assert client.get("/api/v1/cases/ks-99-2024/").status_code == 404
