import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from meetings.models import Body, Document, Meeting
from meetings.services import meeting_cancel, meeting_move
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, local, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


@time_machine.travel(local(2024, 3, 1, 9, 0), tick=False)
def test_home_shows_the_next_meetings_across_bodies(client, board):
    committee = BodyFactory(name="Kommunstyrelsens personalutskott", kind=Body.Kind.SUB_COMMITTEE, parent=board)
    MeetingFactory(body=board, start=local(2024, 1, 16))
    MeetingFactory(body=board, start=local(2024, 3, 12))
    MeetingFactory(body=committee, start=local(2024, 3, 5, 8, 30))
    html = client.get("/").content.decode()
    assert "Kommande sammanträden" in html
    assert "tisdag 12 mars 2024 kl. 14.15" in html
    assert "tisdag 5 mars 2024 kl. 08.30" in html
    assert "16 januari" not in html.split("Senaste ärendelistor")[0]
    assert html.index("5 mars") < html.index("12 mars")


@time_machine.travel(local(2026, 11, 25, 9, 0), tick=False)
def test_home_shows_the_latest_meetings_when_none_are_planned(client, board):
    MeetingFactory(body=board, start=local(2024, 12, 3))
    html = client.get("/").content.decode()
    assert "Senaste sammanträden" in html
    assert "tisdag 3 december 2024 kl. 14.15" in html


def test_body_tree_puts_committees_under_their_board_and_councils_apart(client, board):
    BodyFactory(name="Kommunstyrelsens trygghetsutskott", kind=Body.Kind.SUB_COMMITTEE, parent=board)
    BodyFactory(name="Regionala samverkansrådet", kind=Body.Kind.COLLABORATION)
    html = client.get("/organ/").content.decode()
    main, councils = html.split("Regionala samverkansråd</h2>")
    assert "Kommunstyrelsens trygghetsutskott" in main
    # the committee is nested in the board's list item
    board_item = main[main.index("Kommunstyrelsen</a>") :]
    assert board_item.index("<ul>") < board_item.index("trygghetsutskott")
    assert "Regionala samverkansrådet" in councils and "Regionala samverkansrådet" not in main


@time_machine.travel(local(2026, 11, 25, 9, 0), tick=False)
def test_body_page_shows_a_year_of_dates_and_links_the_other_years(client, board):
    MeetingFactory(body=board, start=local(2024, 6, 3))
    MeetingFactory(body=board, start=local(2025, 2, 4))
    MeetingFactory(body=board, start=local(2027, 1, 19))
    response = client.get("/organ/kommunstyrelsen/")
    html = response.content.decode()
    assert "Sammanträden 2027" in html  # no meetings this year: the nearest coming year
    assert "tisdag 19 januari 2027 kl. 14.15" in html
    assert "?ar=2024" in html and "?ar=2025" in html
    html_2024 = client.get("/organ/kommunstyrelsen/?ar=2024").content.decode()
    assert "måndag 3 juni 2024 kl. 14.15" in html_2024 and "19 januari 2027" not in html_2024
    assert "inte öppna för allmänheten" in html


def test_body_page_links_calendar_subscription(client, board):
    html = client.get("/organ/kommunstyrelsen/").content.decode()
    assert 'href="webcal://testserver/organ/kommunstyrelsen/kalender.ics"' in html
    assert 'href="/organ/kommunstyrelsen/kalender.ics"' in html


def test_unknown_body_is_404(client):
    assert client.get("/organ/finns-inte/").status_code == 404


def test_meeting_list_filters_by_body_year_month_and_agenda(client, board):
    other = BodyFactory(name="Annan nämnd", slug="annan")
    MeetingFactory(body=board, start=local(2024, 5, 7), agenda_published_at=timezone.now())
    MeetingFactory(body=board, start=local(2024, 6, 3))
    MeetingFactory(body=board, start=local(2023, 5, 9))
    MeetingFactory(body=other, start=local(2024, 5, 14))

    def dates(query):
        html = client.get(f"/sammantraden/{query}").content.decode()
        return [d for d in ["7 maj 2024", "3 juni 2024", "9 maj 2023", "14 maj 2024"] if d in html]

    assert dates("") == ["7 maj 2024", "3 juni 2024", "9 maj 2023", "14 maj 2024"]
    assert dates("?organ=kommunstyrelsen") == ["7 maj 2024", "3 juni 2024", "9 maj 2023"]
    assert dates("?ar=2024&manad=5") == ["7 maj 2024", "14 maj 2024"]
    assert dates("?arendelista=on") == ["7 maj 2024"]
    assert dates("?organ=kommunstyrelsen&ar=2023") == ["9 maj 2023"]


def test_meeting_list_groups_by_month_newest_first_and_can_reverse(client, board):
    MeetingFactory(body=board, start=local(2024, 5, 7))
    MeetingFactory(body=board, start=local(2024, 6, 3))
    html = client.get("/sammantraden/").content.decode()
    assert html.index(">Juni 2024</h2>") < html.index(">Maj 2024</h2>")
    html = client.get("/sammantraden/?ordning=tidigaste").content.decode()
    assert html.index(">Maj 2024</h2>") < html.index(">Juni 2024</h2>")


def test_meeting_list_paginates_and_keeps_the_filter(client, board):
    MeetingFactory.create_batch(55, body=board)
    html = client.get("/sammantraden/?organ=kommunstyrelsen").content.decode()
    assert "55 sammanträden" in html and "Sida 1 av 2" in html
    assert "?organ=kommunstyrelsen&amp;sida=2" in html
    assert "Sida 2 av 2" in client.get("/sammantraden/?organ=kommunstyrelsen&sida=2").content.decode()


def test_meeting_list_rejects_a_bad_filter_value_in_swedish(client, board):
    response = client.get("/sammantraden/?ar=abc&manad=13")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html


def test_meeting_page_shows_agenda_in_order_with_case_numbers_and_documents(client, board):
    meeting = MeetingFactory(body=board, start=local(2024, 6, 3), agenda_published_at=timezone.now())
    second = AgendaItemFactory(
        meeting=meeting,
        position=2,
        number="2",
        title="Årsberättelse 2021",
        case_number="Ks 181/2022",
        proposal="Kommunstyrelsen beslutar att godkänna.",
    )
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Val av justerare", case_number="")
    make_document(title="Tjänsteskrivelse årsberättelse", kind=Document.Kind.REPORT, agenda_item=second)
    make_document(title="Ärendelista för 3 juni 2024", meeting=meeting)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "måndag 3 juni 2024 kl. 14.15" in html
    assert html.index("Val av justerare") < html.index("Årsberättelse 2021")
    assert "Ks 181/2022" in html and "Kommunstyrelsen beslutar att godkänna." in html
    assert "Tjänsteskrivelse årsberättelse" in html and "Ärendelista för 3 juni 2024" in html
    assert "(Pdf, " in html and "\u00a0kB" in html


def test_confidential_item_shows_only_its_number(client, board):
    meeting = MeetingFactory(body=board, agenda_published_at=timezone.now())
    secret = AgendaItemFactory(meeting=meeting, number="7", title="Förvärv av fastighet X", is_public=False)
    make_document(title="Värdering fastighet X", kind=Document.Kind.ATTACHMENT, agenda_item=secret)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Sekretessärende" in html and "7." in html
    assert "Förvärv av fastighet X" not in html and "Värdering fastighet X" not in html


def test_agenda_is_hidden_until_published(client, board):
    meeting = MeetingFactory(body=board, agenda_published_at=None)
    item = AgendaItemFactory(meeting=meeting, title="Hemligt ännu")
    document = make_document(title="Bilaga ännu ej ute", kind=Document.Kind.ATTACHMENT, agenda_item=item)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Ärendelistan är inte publicerad ännu." in html
    assert "Hemligt ännu" not in html
    assert client.get(document.get_absolute_url()).status_code == 404


def test_cancelled_meeting_is_unmistakable(client, board):
    meeting = MeetingFactory(body=board, start=local(2024, 4, 9))
    meeting_cancel(meeting=meeting, reason="Inga ärenden att behandla.")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Sammanträdet är inställt." in html and "Inga ärenden att behandla." in html
    listing = client.get("/sammantraden/").content.decode()
    assert "Inställt" in listing


def test_moved_meeting_says_where_it_went(client, board):
    meeting = MeetingFactory(body=board, start=local(2024, 4, 9))
    meeting_move(meeting=meeting, start=local(2024, 4, 10), reason="Lokalen är upptagen.")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Sammanträdet är flyttat till onsdag 10 april 2024 kl. 14.15." in html


def test_document_is_served_inline_as_pdf_only_when_published(client, board):
    meeting = MeetingFactory(body=board, agenda_published_at=timezone.now())
    document = make_document(title="Ärendelista för 3 juni 2024", meeting=meeting)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="arendelista-for-3-juni-2024.pdf"'
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-") and len(body) == document.size

    Document.objects.filter(pk=document.pk).update(is_published=False)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_document_url_with_wrong_name_is_404(client, board):
    document = make_document(meeting=MeetingFactory(body=board))
    assert client.get(f"/dokument/{document.pk}/annat-namn.pdf").status_code == 404


def test_meeting_of_unknown_id_is_404(client):
    assert client.get("/sammantraden/999999/").status_code == 404


def test_meeting_page_says_whether_public_may_attend(client, board):
    closed = MeetingFactory(body=board, is_public=False)
    open_ = MeetingFactory(body=board, is_public=True, start=closed.start + dt.timedelta(days=3))
    assert "inte öppet för allmänheten" in client.get(closed.get_absolute_url()).content.decode()
    assert "Sammanträdet är öppet för allmänheten." in client.get(open_.get_absolute_url()).content.decode()


def test_only_read_methods_are_allowed(client, board):
    meeting = MeetingFactory(body=board)
    assert client.post(meeting.get_absolute_url()).status_code == 405
    assert Meeting.objects.count() == 1


def test_a_body_page_lists_its_posted_protocols_with_the_appeal_day(client):
    from tests.factories import ProtocolFactory, posted_protocol

    body = BodyFactory(name="Kommunstyrelsen", slug="ks")
    meeting = MeetingFactory(body=body, start=local(2024, 5, 28), agenda_published_at=timezone.now())
    posted_protocol(meeting=meeting, posted_on=dt.date(2024, 5, 31))
    ProtocolFactory(meeting=MeetingFactory(body=body, agenda_published_at=timezone.now()))  # a draft: not listed
    page = client.get("/organ/ks/").content.decode()
    assert "Protokoll tisdag 28 maj 2024" in page
    assert "sista dag för överklagande måndag 24 juni 2024" in page
    assert page.count("Justerade protokoll") == 1 and page.count("/protokoll/1/") == 1
