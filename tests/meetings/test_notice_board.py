"""The notice board (anslagstavla), Kommunallagen 8 kap. 9–12 §: council meeting notices made from the published
agenda, adjusted protocols with where they are kept, delegation decisions and other notices, each with its dates;
the periodic task that takes postings down, the archive, the appeal guide.

Expected dates are worked out here from the law, not by calling the code under test:
- a protocol posted on Friday 31 May 2024: three weeks later is Friday 21 June, midsommarafton, on which no time limit
  ends (lagen 1930:173); Saturday 22 is midsommardagen and Sunday 23 a Sunday, so the last day is Monday 24 June and
  the posting comes down on Tuesday 25 June;
- a delegation decision posted on Monday 3 June 2024: three weeks later is Monday 24 June, an ordinary weekday, so
  that is its last day and it comes down on Tuesday 25 June;
- a council meeting on Monday 10 June 2024: a week before is Monday 3 June, the last day of the ordinary notice;
  the notice comes down the day after the meeting, Tuesday 11 June.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError

from meetings import services, tasks
from meetings.models import AgendaItem, Body, Meeting, Notice, Posting
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    NoticeFactory,
    local,
    make_pdf,
    posted_protocol,
)

pytestmark = pytest.mark.django_db

KEPT_AT = "Kommunstyrelsens kansli, Stadshuset, Drottninggatan 5, Örebro"


def at(day: dt.date, hour: int = 9):
    return time_machine.travel(local(day.year, day.month, day.day, hour, 0), tick=False)


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD, protocol_kept_at=KEPT_AT)


@pytest.fixture
def council():
    return BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)


@pytest.fixture
def council_meeting(council):
    """Monday 10 June 2024 at 18.00, with a public and a secret matter, agenda not yet published."""
    meeting = MeetingFactory(body=council, start=local(2024, 6, 10, 18, 0), place="Sessionssalen, Stadshuset")
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Årsredovisning 2023", case_number="Ks 12/2024")
    AgendaItemFactory(meeting=meeting, position=2, number="2", title="Förvärv av fastighet", is_public=False)
    return meeting


def publish(meeting: Meeting, day: dt.date, **kwargs) -> None:
    with at(day):
        services.agenda_publish(meeting=meeting, **kwargs)


def midsummer_protocol(board):
    """Posted on Friday 31 May 2024 (created on that day, as the factory leaves postings as the task would)."""
    with at(dt.date(2024, 5, 31)):
        return posted_protocol(
            posted_on=dt.date(2024, 5, 31), meeting=MeetingFactory(body=board, start=local(2024, 5, 28))
        )


def delegation(board, *, posted_on=dt.date(2024, 6, 3), **kwargs) -> Notice:
    fields = {
        "body": board,
        "title": "Avskrivning av fordran",
        "text": "Fordran på 12 000 kronor skrivs av.",
        "case_number": "Ks 77/2024",
        "decided_on": dt.date(2024, 5, 29),
        "decided_by": "Ekonomidirektör",
        "posted_on": posted_on,
        "user": None,
    } | kwargs
    with at(posted_on):
        return services.delegation_notice_create(**fields)


def plan_notice(*, posted_on=dt.date(2024, 6, 3), file=None, **kwargs) -> Notice:
    fields = {
        "title": "Granskning av detaljplan för Södra Ladugårdsängen",
        "text": "Förslaget finns att granska till och med den 1 juli 2024.",
        "legal_basis": "Plan- och bygglagen 5 kap. 18 §",
        "posted_on": posted_on,
        "taken_down_on": dt.date(2024, 7, 2),
        "file": file,
        "user": None,
    } | kwargs
    with at(posted_on):
        return services.other_notice_create(**fields)


def get(client, url: str, day: dt.date):
    with at(day):
        return client.get(url)


def board_html(client, day: dt.date) -> str:
    response = get(client, "/anslagstavla/", day)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def rows(html: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>", 1)[1], re.S) if "<tbody>" in html else []


# --- the must-show: four kinds of posting with their dates, and the take-down -----------------------------------------


def test_board_shows_all_four_kinds_with_their_dates_and_takes_them_down(client, board, council_meeting):
    protocol = midsummer_protocol(board)
    publish(council_meeting, dt.date(2024, 6, 3))  # exactly a week before the meeting day
    decision = delegation(board)
    plan = plan_notice()

    html = board_html(client, dt.date(2024, 6, 3))
    meetings = text(section(html, "rubrik-kungorelser"))
    assert "Kungörelse: Kommunfullmäktige sammanträder måndag 10 juni 2024" in meetings
    assert "måndag 10 juni 2024 kl. 18.00" in meetings and "Sessionssalen, Stadshuset" in meetings
    assert "1. Årsredovisning 2023" in meetings and "2. Sekretessärende" in meetings
    assert "Förvärv av fastighet" not in html
    assert "Anslaget publicerat måndag 3 juni 2024" in meetings and "Anslaget tas ned tisdag 11 juni 2024" in meetings
    assert "brådskande" not in meetings

    [row] = rows(section(html, "rubrik-aktuella"))
    cells = [text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
    assert cells[3:6] == ["fredag 31 maj 2024", "måndag 24 juni 2024", "tisdag 25 juni 2024"]
    assert (
        cells[6] == f"På protokollets sida för Kommunstyrelsen, tisdag 28 maj 2024 här på webbplatsen och hos {KEPT_AT}"
    )
    assert f'href="{protocol.get_absolute_url()}"' in row and 'href="/anslagstavla/overklaga/"' in row

    delegations = text(section(html, "rubrik-delegation"))
    assert "Avskrivning av fordran" in delegations and "Ekonomidirektör" in delegations
    assert "Beslutsdatum onsdag 29 maj 2024" in delegations
    assert "Anslaget publicerat måndag 3 juni 2024" in delegations
    assert "Sista dag för överklagande måndag 24 juni 2024" in delegations
    assert "Anslaget tas ned tisdag 25 juni 2024" in delegations

    others = text(section(html, "rubrik-ovriga"))
    assert "Granskning av detaljplan för Södra Ladugårdsängen" in others
    assert "Enligt Plan- och bygglagen 5 kap. 18 §" in others
    assert "Anslaget publicerat måndag 3 juni 2024" in others and "Anslaget tas ned tisdag 2 juli 2024" in others
    assert "Sista dag för överklagande" not in others  # another law's notice starts no appeal time of ours
    for part in ("rubrik-aktuella", "rubrik-delegation", "rubrik-ovriga"):
        assert 'href="/anslagstavla/overklaga/"' in section(html, part)

    # Tuesday 11 June: the meeting notice's take-down day. Up until the task runs, then gone.
    assert "Kommunfullmäktige sammanträder" in board_html(client, dt.date(2024, 6, 11))
    with at(dt.date(2024, 6, 11), hour=0):
        assert tasks.notice_board_take_down() == 1
    html = board_html(client, dt.date(2024, 6, 11))
    assert "Inga sammanträden är kungjorda just nu." in html
    assert "Avskrivning av fordran" in html and len(rows(section(html, "rubrik-aktuella"))) == 1

    # Monday 24 June, the last appeal day: the task takes nothing down.
    with at(dt.date(2024, 6, 24), hour=0):
        assert tasks.notice_board_take_down() == 0
    # Tuesday 25 June: the protocol and the delegation decision stay until the task runs, then move to the archive.
    html = board_html(client, dt.date(2024, 6, 25))
    assert len(rows(section(html, "rubrik-aktuella"))) == 1 and "Avskrivning av fordran" in html
    with at(dt.date(2024, 6, 25), hour=0):
        assert tasks.notice_board_take_down() == 2
        assert tasks.notice_board_take_down() == 0  # idempotent
    html = board_html(client, dt.date(2024, 6, 25))
    assert rows(section(html, "rubrik-aktuella")) == []
    assert "Inga protokoll är anslagna just nu." in html and "Inga delegationsbeslut är anslagna just nu." in html
    assert "Granskning av detaljplan" in html  # up until 2 July

    archive = text(get(client, "/anslagstavla/arkiv/", dt.date(2024, 6, 25)).content.decode())
    assert "3 nedtagna anslag" in archive
    assert "Avskrivning av fordran" in archive and "Protokoll tisdag 28 maj 2024" in archive
    assert "Sammanträde måndag 10 juni 2024" in archive
    assert Posting.objects.get(protocol=protocol).taken_down_at is not None
    decision.refresh_from_db()
    plan.refresh_from_db()
    assert decision.taken_down_at is not None and plan.taken_down_at is None


def test_take_down_catches_up_after_days_the_task_did_not_run(board):
    midsummer_protocol(board)
    delegation(board)
    assert services.notice_board_take_down(today=dt.date(2024, 6, 24)) == 0
    assert services.notice_board_take_down(today=dt.date(2024, 7, 15)) == 2
    assert services.notice_board_take_down(today=dt.date(2024, 7, 16)) == 0


# --- the 7-day rule for council meetings ------------------------------------------------------------------------------


def test_a_take_down_is_a_row_of_the_postings_history(board):
    decision = delegation(board)
    protocol = midsummer_protocol(board)
    with at(dt.date(2024, 6, 25)):
        assert services.notice_board_take_down() == 2
    for history in (decision.history, Posting.objects.get(protocol=protocol).history):
        latest = history.order_by("-history_date").first()
        assert latest.taken_down_at is not None and latest.history_type == "~"


def test_a_late_council_agenda_is_refused_naming_the_last_day(council_meeting):
    with pytest.raises(ValidationError) as refused:
        publish(council_meeting, dt.date(2024, 6, 4))
    message = " ".join(refused.value.messages)
    assert "minst en vecka före sammanträdesdagen" in message
    assert "Sista dag att anslå den var måndag 3 juni 2024." in message
    assert "brådskande" in message
    council_meeting.refresh_from_db()
    assert council_meeting.agenda_published_at is None  # nothing published, nothing posted
    assert not Notice.objects.exists()


def test_an_urgent_council_agenda_is_posted_late_and_says_why(client, council_meeting):
    publish(council_meeting, dt.date(2024, 6, 7), urgent=True)
    notice = Notice.objects.get(meeting=council_meeting)
    assert (notice.posted_on, notice.taken_down_on) == (dt.date(2024, 6, 7), dt.date(2024, 6, 11))
    html = text(section(board_html(client, dt.date(2024, 6, 7)), "rubrik-kungorelser"))
    assert "Kungörs senare än en vecka före sammanträdet eftersom ärendena är brådskande" in html


def test_even_an_urgent_notice_must_be_posted_before_the_meeting_day(council_meeting):
    with pytest.raises(ValidationError, match="senast dagen före sammanträdesdagen"):
        publish(council_meeting, dt.date(2024, 6, 10), urgent=True)
    assert not Notice.objects.exists()


def test_a_council_agenda_changed_after_its_notice_says_so_with_the_day(client, council_meeting):
    """The notice shows the agenda as it is now; a matter added after posting must not read as announced then."""
    publish(council_meeting, dt.date(2024, 6, 3))
    assert "har ändrats" not in board_html(client, dt.date(2024, 6, 4))
    with at(dt.date(2024, 6, 5)):
        services.agenda_item_add(meeting=council_meeting, number="3", title="Motion om cykelbanor")
    meetings = text(section(board_html(client, dt.date(2024, 6, 6)), "rubrik-kungorelser"))
    assert "Ärendelistan har ändrats onsdag 5 juni 2024, efter att kungörelsen anslogs." in meetings
    assert "3. Motion om cykelbanor" in meetings
    detail = get(client, council_meeting.notice.get_absolute_url(), dt.date(2024, 6, 6)).content.decode()
    assert "Ärendelistan har ändrats onsdag 5 juni 2024" in text(detail)


def test_a_council_meeting_cannot_be_moved_to_under_a_week_after_its_notice(client, council_meeting):
    """The board would say the matters are urgent, which nobody decided; a move further away is fine."""
    publish(council_meeting, dt.date(2024, 6, 1))  # nine days before 10 June
    with at(dt.date(2024, 6, 2)), pytest.raises(ValidationError, match="från och med lördag 8 juni 2024"):
        services.meeting_move(meeting=council_meeting, start=local(2024, 6, 5, 18, 0), reason="Lokalen är upptagen.")
    council_meeting.refresh_from_db()
    assert council_meeting.start == local(2024, 6, 10, 18, 0)  # the move was undone with the refusal
    with at(dt.date(2024, 6, 2)):
        services.meeting_move(meeting=council_meeting, start=local(2024, 6, 17, 18, 0), reason="Lokalen är upptagen.")
    assert Notice.objects.get(meeting=council_meeting).taken_down_on == dt.date(2024, 6, 18)
    assert "brådskande" not in text(section(board_html(client, dt.date(2024, 6, 3)), "rubrik-kungorelser"))


def test_other_bodies_agendas_post_no_notice(board):
    meeting = MeetingFactory(body=board, start=local(2024, 6, 5))
    AgendaItem.objects.create(meeting=meeting, position=1, number="1", title="Budget")
    publish(meeting, dt.date(2024, 6, 4))  # the day before: fine for a board, which has no 7-day rule
    assert Meeting.objects.get(pk=meeting.pk).has_agenda
    assert not Notice.objects.exists()


def test_publishing_again_keeps_the_one_notice(council_meeting):
    publish(council_meeting, dt.date(2024, 6, 1))
    Meeting.objects.filter(pk=council_meeting.pk).update(agenda_published_at=None)
    publish(council_meeting, dt.date(2024, 6, 2))
    notice = Notice.objects.get()
    assert notice.posted_on == dt.date(2024, 6, 1)


def test_the_matters_are_read_from_the_agenda_when_shown(client, council_meeting):
    publish(council_meeting, dt.date(2024, 6, 1))
    AgendaItem.objects.filter(meeting=council_meeting, number="1").update(title="Årsredovisning 2023 för kommunen")
    html = text(section(board_html(client, dt.date(2024, 6, 2)), "rubrik-kungorelser"))
    assert "1. Årsredovisning 2023 för kommunen" in html
    assert Notice.objects.get().title == ""  # nothing copied


# --- the protocols' table ---------------------------------------------------------------------------------------------


def test_posting_appears_on_the_day_it_is_posted_and_not_before(client, board):
    protocol = midsummer_protocol(board)
    current = section(board_html(client, dt.date(2024, 5, 30)), "rubrik-aktuella")
    assert rows(current) == [] and "Inga protokoll är anslagna just nu." in current

    [row] = rows(section(board_html(client, dt.date(2024, 5, 31)), "rubrik-aktuella"))
    assert "Kommunstyrelsen" in row
    assert f'href="/sammantraden/{protocol.meeting_id}/"' in row
    assert '<time datetime="2024-05-28">tisdag 28 maj 2024</time>' in row
    assert f'href="/sammantraden/{protocol.meeting_id}/protokoll/1/"' in row


def test_a_body_without_a_physical_place_names_the_portal_only(client):
    body = BodyFactory(name="Tekniska nämnden", slug="tekniska")
    with at(dt.date(2024, 6, 3)):
        posted_protocol(posted_on=dt.date(2024, 6, 3), meeting=MeetingFactory(body=body, start=local(2024, 5, 30)))
    [row] = rows(section(board_html(client, dt.date(2024, 6, 3)), "rubrik-aktuella"))
    cells = [text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
    assert cells[6] == "På protokollets sida för Tekniska nämnden, torsdag 30 maj 2024 här på webbplatsen"


def test_dates_shown_are_the_stored_ones_not_recomputed(client, board):
    protocol = midsummer_protocol(board)
    Posting.objects.filter(protocol=protocol).update(
        appeal_last_day=dt.date(2024, 6, 26), taken_down_on=dt.date(2024, 6, 27)
    )
    current = section(board_html(client, dt.date(2024, 6, 3)), "rubrik-aktuella")
    assert "onsdag 26 juni 2024" in current and "torsdag 27 juni 2024" in current
    assert "24 juni" not in current


def test_corrected_version_is_marked(client, board):
    first = midsummer_protocol(board)
    with at(dt.date(2024, 6, 7)):
        posted_protocol(posted_on=dt.date(2024, 6, 7), meeting=first.meeting, version=2, correction_note="Rättelse.")
    newest, oldest = rows(section(board_html(client, dt.date(2024, 6, 10)), "rubrik-aktuella"))
    assert "rättad version 2" in newest and "/protokoll/2/" in newest
    assert "rättad version" not in oldest and "/protokoll/1/" in oldest


def test_tables_have_captions_and_header_cells(client, board):
    midsummer_protocol(board)
    current = section(board_html(client, dt.date(2024, 6, 3)), "rubrik-aktuella")
    assert "Justerade protokoll på anslagstavlan måndag 3 juni 2024" in current
    headers = re.findall(r'<th scope="col">(.*?)</th>', current)
    assert headers == [
        "Organ",
        "Sammanträde",
        "Protokoll",
        "Anslaget publicerat",
        "Sista dag för överklagande",
        "Anslaget tas ned",
        "Protokollet förvaras",
        "Överklaga",
    ]
    assert '<th scope="row">' in current


def test_page_says_it_is_the_official_board_and_how_to_appeal(client):
    html = client.get("/anslagstavla/").content.decode()
    assert "<h1>Anslagstavla</h1>" in html
    assert "Officiell anslagstavla" in html and "8 kap. 9 §" in html and "8 kap. 10 §" in html
    assert "8 kap. 12 §" in html and "Så överklagar du</h2>" in html
    assert "laglighetsprövning" in html and "inom tre veckor" in html and "13 kap. 5 §" in html
    assert 'href="/anslagstavla/arkiv/"' in html and 'href="/anslagstavla/overklaga/"' in html


def test_the_start_page_links_the_board(client):
    html = client.get("/").content.decode()
    assert html.count('href="/anslagstavla/"') >= 3  # the menu, the board's own panel and the entry cards
    assert 'id="rubrik-anslagstavla"' in html


def test_query_count_does_not_grow_with_postings(client, council, django_assert_max_num_queries):
    added = []

    def add(count: int) -> None:
        for n in range(len(added), len(added) + count):
            added.append(n)
            day = dt.date(2024, 5, 1) + dt.timedelta(days=n % 20)
            body = BodyFactory()
            with at(day):
                posted_protocol(posted_on=day, meeting=MeetingFactory(body=body, start=local(2024, 4, 30)))
            delegation(body, posted_on=dt.date(2024, 5, 21), decided_on=dt.date(2024, 5, 20), title=f"Beslut {n}")
            plan_notice(posted_on=dt.date(2024, 5, 21), title=f"Plan {n}")
            meeting = MeetingFactory(body=council, start=local(2024, 6, 1 + n, 18, 0))
            AgendaItem.objects.create(meeting=meeting, position=1, number="1", title=f"Ärende {n}")
            AgendaItem.objects.create(meeting=meeting, position=2, number="2", title="Hemligt", is_public=False)
            publish(meeting, dt.date(2024, 5, 21))

    add(2)
    with at(dt.date(2024, 5, 21)), django_assert_max_num_queries(3):
        assert client.get("/anslagstavla/").status_code == 200
    add(12)
    with at(dt.date(2024, 5, 21)), django_assert_max_num_queries(3):
        response = client.get("/anslagstavla/")
    html = response.content.decode()
    assert len(rows(section(html, "rubrik-aktuella"))) == 14
    assert html.count("Kungörelse: Kommunfullmäktige sammanträder") == 14
    assert html.count("Sekretessärende") == 14 and "Hemligt" not in html


# --- one notice, its file ---------------------------------------------------------------------------------------------


def test_a_notice_is_not_shown_before_its_posting_day(client, board):
    with at(dt.date(2024, 6, 3)):
        notice = services.delegation_notice_create(
            body=board,
            title="Framtida beslut",
            text="",
            case_number="",
            decided_on=dt.date(2024, 6, 3),
            decided_by="Kommundirektör",
            posted_on=dt.date(2024, 6, 5),
            user=None,
        )
    assert get(client, f"/anslagstavla/{notice.pk}/", dt.date(2024, 6, 4)).status_code == 404
    assert "Framtida beslut" not in board_html(client, dt.date(2024, 6, 4))
    assert get(client, f"/anslagstavla/{notice.pk}/", dt.date(2024, 6, 5)).status_code == 200


def test_delegation_detail_links_its_case_and_the_appeal_guide(client, board):
    # The case was on Kommunstyrelsen's published agenda, so it has a page.
    handled = MeetingFactory(body=board, start=local(2024, 5, 20), agenda_published_at=local(2024, 5, 13))
    AgendaItemFactory(meeting=handled, case_number="Ks 77/2024")
    notice = delegation(board)
    html = get(client, f"/anslagstavla/{notice.pk}/", dt.date(2024, 6, 3)).content.decode()
    assert '<a href="/arenden/ks-77-2024/">Ks 77/2024</a>' in html
    assert "Fordran på 12 000 kronor skrivs av." in html and "Ekonomidirektör" in html
    assert 'href="/anslagstavla/overklaga/"' in html
    assert "Sista dag för överklagande måndag 24 juni 2024" in text(html)


def test_a_case_never_handled_in_public_is_named_without_a_link(client, board):
    """A delegation decision may name a case that has no page: the number is shown, and leads to no 404."""
    notice = delegation(board, case_number="Ks 99/2024")
    html = get(client, f"/anslagstavla/{notice.pk}/", dt.date(2024, 6, 3)).content.decode()
    assert "Ks 99/2024" in html and "/arenden/ks-99-2024/" not in html
    assert client.get("/arenden/ks-99-2024/").status_code == 404


def test_council_detail_lists_the_matters_with_links_to_the_meeting(client, council_meeting):
    publish(council_meeting, dt.date(2024, 6, 1))
    notice = Notice.objects.get()
    html = get(client, f"/anslagstavla/{notice.pk}/", dt.date(2024, 6, 2)).content.decode()
    public = AgendaItem.objects.get(meeting=council_meeting, number="1")
    assert f'href="/sammantraden/{council_meeting.pk}/#arende-{public.pk}"' in html
    assert "2. Sekretessärende" in text(html) and "Förvärv av fastighet" not in html
    assert f'href="/sammantraden/{council_meeting.pk}/"' in html


def test_a_notice_pdf_is_served_only_once_posted(client):
    notice = plan_notice(posted_on=dt.date(2024, 6, 5), file=make_pdf("Plankarta och planbeskrivning"))
    with at(dt.date(2024, 6, 4)):
        assert client.get(f"/anslagstavla/{notice.pk}/").status_code == 404
    url = f"/anslagstavla/{notice.pk}/granskning-av-detaljplan-for-sodra-ladugardsangen.pdf"
    assert get(client, url, dt.date(2024, 6, 4)).status_code == 404
    html = get(client, f"/anslagstavla/{notice.pk}/", dt.date(2024, 6, 5)).content.decode()
    assert f'href="{url}"' in html
    response = get(client, url, dt.date(2024, 6, 5))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert get(client, f"/anslagstavla/{notice.pk}/annat-namn.pdf", dt.date(2024, 6, 5)).status_code == 404
    assert "Plankarta och planbeskrivning" in Notice.objects.get().file_text


def test_staff_text_is_masked_on_the_board_and_the_detail(client, board):
    notice = delegation(board, text="Sökande [[Anna Andersson]], 811218-9876, får avslag.")
    for url in ("/anslagstavla/", f"/anslagstavla/{notice.pk}/"):
        html = get(client, url, dt.date(2024, 6, 3)).content.decode()
        assert "811218" not in html and "Anna Andersson" not in html


# --- the archive ------------------------------------------------------------------------------------------------------


@pytest.fixture
def archive(board, council_meeting):
    midsummer_protocol(board)
    publish(council_meeting, dt.date(2024, 6, 3))
    delegation(board, text="Gäller 811218-9876.")
    plan_notice(taken_down_on=dt.date(2024, 6, 20))
    NoticeFactory(posted_on=dt.date(2023, 3, 1), taken_down_on=dt.date(2023, 4, 1), title="Lokala trafikföreskrifter")
    services.notice_board_take_down(today=dt.date(2024, 7, 1))


def archive_text(client, query: str = "") -> str:
    response = get(client, f"/anslagstavla/arkiv/{query}", dt.date(2024, 7, 1))
    assert response.status_code == 200
    return text(response.content.decode())


def test_archive_lists_what_was_taken_down_newest_first(client, archive):
    html = archive_text(client)
    assert "5 nedtagna anslag" in html
    order = [html.index(title) for title in ("Avskrivning av fordran", "Protokoll tisdag 28 maj", "Lokala trafik")]
    assert order == sorted(order)


def test_archive_search_by_title_body_and_case_number_in_any_notation(client, archive):
    assert "1 nedtaget anslag" in archive_text(client, "?q=ladugårdsängen")
    html = archive_text(client, "?q=KS+77%2F24")
    assert "1 nedtaget anslag" in html and "Avskrivning av fordran" in html
    html = archive_text(client, "?q=kommunstyrelsen")
    assert "Protokoll tisdag 28 maj 2024" in html and "Avskrivning av fordran" in html


def test_archive_search_does_not_find_masked_text(client, archive):
    assert "Inga nedtagna anslag matchar sökningen." in archive_text(client, "?q=811218-9876")


def test_archive_filters_by_kind_and_year(client, archive):
    html = archive_text(client, "?typ=protokoll")
    assert "1 nedtaget anslag" in html and "Protokoll tisdag 28 maj 2024" in html
    html = archive_text(client, "?typ=ovrigt&ar=2023")
    assert "1 nedtaget anslag" in html and "Lokala trafikföreskrifter" in html
    assert "1 nedtaget anslag" in archive_text(client, "?typ=kungorelse")


def test_archive_refuses_a_malformed_year_or_kind(client, archive):
    assert get(client, "/anslagstavla/arkiv/?ar=²", dt.date(2024, 7, 1)).status_code == 400
    assert get(client, "/anslagstavla/arkiv/?typ=annat", dt.date(2024, 7, 1)).status_code == 400


def test_archive_paginates_in_constant_queries(client, board, django_assert_max_num_queries):
    for n in range(30):
        NoticeFactory(posted_on=dt.date(2023, 1, 1) + dt.timedelta(days=n), title=f"Kungörelse {n}")
        with at(dt.date(2023, 1, 1) + dt.timedelta(days=n)):
            posted_protocol(posted_on=dt.date(2023, 1, 1) + dt.timedelta(days=n), meeting=MeetingFactory(body=board))
    services.notice_board_take_down(today=dt.date(2024, 7, 1))
    with at(dt.date(2024, 7, 1)):
        with django_assert_max_num_queries(7):
            first = client.get("/anslagstavla/arkiv/").content.decode()
        with django_assert_max_num_queries(7):
            last = client.get("/anslagstavla/arkiv/?sida=3").content.decode()
    assert "60 nedtagna anslag" in text(first) and "Sida 1 av 3" in text(first)
    assert len(rows(first)) == 25 and len(rows(last)) == 10


# --- the appeal guide -------------------------------------------------------------------------------------------------


def test_appeal_guide_says_who_when_what_and_where(client):
    html = text(client.get("/anslagstavla/overklaga/").content.decode())
    assert "medlemmar i Örebro kommun" in html
    assert "inom tre veckor" in html and "13 kap. 5 §" in html
    assert "Alla skäl" in html and "13 kap. 6 §" in html
    assert "kan bara upphäva beslutet" in html
    assert "Förvaltningsrätten i Karlstad Box 568 651 12 Karlstad" in html
    assert "förvaltningsbesvär" in html


def test_a_moved_council_meeting_keeps_its_notice_up_until_the_new_day(council_meeting):
    publish(council_meeting, dt.date(2024, 6, 1))
    Meeting.objects.filter(pk=council_meeting.pk).update(start=local(2024, 6, 17, 18, 0))
    services.meeting_notice_follow(meeting=Meeting.objects.get(pk=council_meeting.pk))
    notice = Notice.objects.get()
    assert (notice.posted_on, notice.taken_down_on) == (dt.date(2024, 6, 1), dt.date(2024, 6, 18))
