"""The notice board (anslagstavla): what is posted today, with the stored appeal dates, and what came down lately."""

import datetime as dt
import re

import pytest
import time_machine

from meetings.models import Body, Posting
from tests.factories import BodyFactory, MeetingFactory, local, posted_protocol

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


@pytest.fixture
def midsummer_protocol(board):
    """Posted on Friday 31 May 2024: three weeks later is midsommarafton, so the last day moves to Monday 24 June."""
    return posted_protocol(posted_on=dt.date(2024, 5, 31), meeting=MeetingFactory(body=board, start=local(2024, 5, 28)))


def _board_on(client, day: dt.date) -> tuple[str, str]:
    """The page on `day`, as (current postings section, earlier postings section)."""
    with time_machine.travel(local(day.year, day.month, day.day, 9, 0), tick=False):
        response = client.get("/anslagstavla/")
    assert response.status_code == 200
    html = response.content.decode()
    current = html.split('id="rubrik-aktuella"', 1)[1].split("</section>", 1)[0]
    earlier = html.split('id="rubrik-tidigare"', 1)[1].split("</section>", 1)[0]
    return current, earlier


def _rows(section: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>", 1)[1], re.S) if "<tbody>" in section else []


def test_page_explains_the_notice_board_and_how_to_appeal(client):
    html = client.get("/anslagstavla/").content.decode()
    assert "<h1>Anslagstavla</h1>" in html
    assert "8 kap. 12 §" in html
    assert "Så överklagar du</h2>" in html
    assert "laglighetsprövning" in html and "förvaltningsrätten" in html
    assert "inom tre veckor" in html and "13 kap. 5 §" in html


def test_posting_appears_on_the_day_it_is_posted_and_not_before(client, midsummer_protocol):
    current, _ = _board_on(client, dt.date(2024, 5, 30))
    assert _rows(current) == []
    assert "Inga protokoll är anslagna just nu." in current

    current, _ = _board_on(client, dt.date(2024, 5, 31))
    [row] = _rows(current)
    assert "Kommunstyrelsen" in row
    assert f'href="/sammantraden/{midsummer_protocol.meeting_id}/"' in row
    assert '<time datetime="2024-05-28">tisdag 28 maj 2024</time>' in row
    assert f'href="/sammantraden/{midsummer_protocol.meeting_id}/protokoll/1/"' in row


def test_posting_shows_the_stored_dates_moved_past_midsummer(client, midsummer_protocol):
    current, _ = _board_on(client, dt.date(2024, 6, 3))
    [row] = _rows(current)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
    assert cells[-3:] == ["fredag 31 maj 2024", "måndag 24 juni 2024", "tisdag 25 juni 2024"]
    assert '<time datetime="2024-06-24">måndag 24 juni 2024</time>' in row


def test_dates_shown_are_the_stored_ones_not_recomputed(client, board):
    protocol = posted_protocol(posted_on=dt.date(2024, 5, 31), meeting=MeetingFactory(body=board))
    Posting.objects.filter(protocol=protocol).update(
        appeal_last_day=dt.date(2024, 6, 26), taken_down_on=dt.date(2024, 6, 27)
    )
    current, _ = _board_on(client, dt.date(2024, 6, 3))
    assert "onsdag 26 juni 2024" in current and "torsdag 27 juni 2024" in current
    assert "24 juni" not in current


def test_posting_stays_through_the_last_appeal_day_and_moves_to_earlier_when_taken_down(client, midsummer_protocol):
    current, earlier = _board_on(client, dt.date(2024, 6, 24))
    assert len(_rows(current)) == 1
    assert _rows(earlier) == []

    current, earlier = _board_on(client, dt.date(2024, 6, 25))
    assert _rows(current) == []
    [row] = _rows(earlier)
    assert f'href="/sammantraden/{midsummer_protocol.meeting_id}/protokoll/1/"' in row
    assert '<time datetime="2024-06-25">tisdag 25 juni 2024</time>' in row
    assert "24 juni" not in row  # fewer columns: the passed appeal day is not repeated


def test_earlier_postings_go_back_twelve_months(client, midsummer_protocol):
    _, earlier = _board_on(client, dt.date(2025, 6, 24))
    assert len(_rows(earlier)) == 1
    _, earlier = _board_on(client, dt.date(2025, 6, 25))
    assert _rows(earlier) == []
    assert "Inga anslag har tagits ned de senaste tolv månaderna." in earlier


def test_corrected_version_is_marked(client, board, midsummer_protocol):
    posted_protocol(
        posted_on=dt.date(2024, 6, 7), meeting=midsummer_protocol.meeting, version=2, correction_note="Rättelse i § 4."
    )
    current, _ = _board_on(client, dt.date(2024, 6, 10))
    first, second = _rows(current)  # newest posting first
    assert "rättad version 2" in first and "/protokoll/2/" in first
    assert "rättad version" not in second and "/protokoll/1/" in second


def test_tables_have_captions_and_header_cells(client, midsummer_protocol):
    current, _ = _board_on(client, dt.date(2024, 6, 3))
    assert "<caption" in current and "Justerade protokoll på anslagstavlan måndag 3 juni 2024" in current
    headers = re.findall(r'<th scope="col">(.*?)</th>', current)
    assert headers == [
        "Organ",
        "Sammanträde",
        "Protokoll",
        "Anslaget publicerat",
        "Sista dag för överklagande",
        "Anslaget tas ned",
    ]
    assert '<th scope="row">' in current


def test_query_count_does_not_grow_with_postings(client, board, django_assert_max_num_queries):
    def add(count: int, first: dt.date) -> None:
        for n in range(count):
            day = first + dt.timedelta(days=n % 20)
            meeting = MeetingFactory(body=BodyFactory(), start=local(day.year, day.month, day.day))
            posted_protocol(posted_on=day, meeting=meeting)

    add(3, dt.date(2024, 5, 1))
    add(3, dt.date(2024, 2, 1))  # taken down by June
    with time_machine.travel(local(2024, 5, 21, 9, 0), tick=False):
        with django_assert_max_num_queries(2):
            assert client.get("/anslagstavla/").status_code == 200
        add(27, dt.date(2024, 5, 1))
        add(27, dt.date(2024, 2, 1))
        with django_assert_max_num_queries(2):
            response = client.get("/anslagstavla/")
    html = response.content.decode()
    assert html.split('id="rubrik-tidigare"')[0].count('<th scope="row">') == 30
    assert html.split('id="rubrik-tidigare"')[1].count('<th scope="row">') == 30
