"""The public pages of the elected: /ledamoter/, a member's page and calendar, and the roster on a body's page.

Data are built with the models directly (attendance, votes and statements as a posted protocol holds them), not
through the services, which are tested on their own."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from meetings.models import Attendance, Ballot, Body, Membership, Statement, Vote
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    PersonFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
    roster,
)

pytestmark = pytest.mark.django_db

TODAY = local(2024, 9, 1, 9, 0)
PERSONNUMMER = "19811218-9876"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


@pytest.fixture
def committee(board):
    return BodyFactory(
        name="Kommunstyrelsens trygghetsutskott", slug="trygghetsutskottet", kind=Body.Kind.SUB_COMMITTEE, parent=board
    )


def _html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def member(body, name, party="S", role=Membership.Role.MEMBER, **kwargs) -> Membership:
    person = PersonFactory(name=name, slug=slugify(name), party=PartyFactory(abbreviation=party))
    return MembershipFactory(person=person, body=body, role=role, **kwargs)


def held_meeting(body, day: dt.date, roster_rows, *, posted=True, version=1, meeting=None, **protocol):
    """A meeting on `day` with its protocol (posted, or a draft) and everyone on `roster_rows` present."""
    meeting = meeting or MeetingFactory(body=body, start=local(day.year, day.month, day.day))
    if posted:
        protocol_row = posted_protocol(
            posted_on=day + dt.timedelta(days=7), meeting=meeting, version=version, **protocol
        )
    else:
        protocol_row = ProtocolFactory(meeting=meeting, version=version, **protocol)
    for position, membership in enumerate(roster_rows):
        Attendance.objects.create(protocol=protocol_row, membership=membership, position=position)
    return protocol_row


def open_vote(paragraph, ballots: dict[Membership, str], **kwargs) -> Vote:
    choices = list(ballots.values())
    vote = Vote.objects.create(
        paragraph=paragraph,
        question=kwargs.pop("question", "Ja för ordförandens förslag, nej för Moderaternas yrkande"),
        yes_count=choices.count("yes"),
        no_count=choices.count("no"),
        abstain_count=choices.count("abstain"),
        **kwargs,
    )
    for membership, choice in ballots.items():
        Ballot.objects.create(vote=vote, membership=membership, choice=choice)
    return vote


# --- /ledamoter/ ------------------------------------------------------------------------------------------------


def test_list_groups_current_members_by_body_and_party_with_their_roles(client, board, committee):
    chair = member(board, "Anna Ordförandesson", "S", Membership.Role.CHAIR)
    member(board, "Bo Moderatsson", "M")
    member(board, "Cilla Ersättarsson", "S", Membership.Role.SUBSTITUTE)
    member(committee, "Anna Ordförandesson-Utskott", "S")
    member(board, "Dan Avgångsson", "M", end=dt.date(2024, 6, 30))  # left before today
    html = _html(client, "/ledamoter/")
    text = _text(html)
    assert "<h1>Ledamöter och ersättare</h1>" in html
    listing = text[text.index("4 personer har uppdrag i dag") :]  # after the filter form and its options
    board_part = listing[
        listing.index("Kommunstyrelsen Moderaterna") : listing.index("Kommunstyrelsens trygghetsutskott")
    ]
    assert board_part.index("Moderaterna (M)") < board_part.index("Socialdemokraterna (S)")  # parties in their order
    assert "Anna Ordförandesson , ordförande" in board_part
    assert "Cilla Ersättarsson , ersättare" in board_part
    assert board_part.index("Anna Ordförandesson") < board_part.index("Cilla Ersättarsson")  # ordförande first
    assert "Bo Moderatsson , ledamot" in board_part
    assert "Dan Avgångsson" not in text
    assert "Anna Ordförandesson-Utskott , ledamot" in listing[listing.index("Kommunstyrelsens trygghetsutskott") :]
    assert f'href="{chair.person.get_absolute_url()}"' in html
    assert "påhittade exempel" not in html


def test_list_filters_by_body_and_party(client, board, committee):
    member(board, "Anna Styrelsesson", "S")
    member(board, "Bo Moderatsson", "M")
    member(committee, "Cilla Utskottsson", "S")
    text = _text(_html(client, "/ledamoter/?organ=trygghetsutskottet"))
    assert "Cilla Utskottsson" in text and "Anna Styrelsesson" not in text and "Bo Moderatsson" not in text
    text = _text(_html(client, "/ledamoter/?parti=M"))
    assert "Bo Moderatsson" in text and "Anna Styrelsesson" not in text and "Cilla Utskottsson" not in text
    text = _text(_html(client, "/ledamoter/?organ=kommunstyrelsen&parti=S"))
    assert "Anna Styrelsesson" in text and "Bo Moderatsson" not in text and "Cilla Utskottsson" not in text


def test_list_on_an_earlier_day_and_with_earlier_memberships(client, board):
    member(board, "Anna Nuvarande", "S")
    member(board, "Dan Avgångsson", "M", end=dt.date(2024, 6, 30))
    member(board, "Eva Förra", "S", start=dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))
    text = _text(_html(client, "/ledamoter/?datum=2021-05-01"))
    assert "Eva Förra" in text and "Anna Nuvarande" not in text and "Dan Avgångsson" not in text
    assert "1 person hade uppdrag lördag 1 maj 2021" in text
    text = _text(_html(client, "/ledamoter/?tidigare=on"))
    assert "Eva Förra" in text and "Anna Nuvarande" in text and "Dan Avgångsson" in text
    assert "(tisdag 1 januari 2019–lördag 31 december 2022)" in text


def test_list_links_the_last_roster_when_a_term_has_ended(client, board):
    member(board, "Eva Förra", "S", start=dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))
    html = _html(client, "/ledamoter/?organ=kommunstyrelsen")
    assert "De senaste uppdragen före den slutade lördag 31 december 2022." in html
    assert 'href="?organ=kommunstyrelsen&amp;datum=2022-12-31"' in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("organ=finns-inte", "organ", "Organ: det finns inget sådant organ. Välj ett i listan."),
        ("parti=XX", "parti", "Parti: det finns inget sådant parti. Välj ett i listan."),
        ("datum=2024-13-45", "datum", "Uppdrag den: skriv datumet som år-månad-dag, t.ex. 2024-06-03."),
        ("datum=0001-01-01", "datum", "Datumet måste ligga mellan"),
        ("organ=" + "x" * 5000, "organ", "Organ: det finns inget sådant organ."),
    ],
)
def test_a_bad_filter_value_is_named_at_its_field_and_the_page_still_works(client, board, query, field, message):
    member(board, "Anna Styrelsesson", "S")
    html = _html(client, f"/ledamoter/?{query}")
    assert message in html
    assert re.search(rf'<p class="error" id="id_{field}-fel">', html)
    assert re.search(rf'aria-describedby="id_{field}-fel[^"]*"[^>]*aria-invalid="true"', html) or re.search(
        rf'aria-invalid="true"[^>]*aria-describedby="id_{field}-fel', html
    )
    assert "Anna Styrelsesson" in html  # the rest of the filter still applies


def test_example_persons_are_labelled_on_every_page_that_shows_them(client, board):
    membership = member(board, "Anna Exempeldotter", "S", Membership.Role.CHAIR)
    membership.person.is_example = True
    membership.person.save()
    notice = "Namnen är påhittade exempel. Örebro kommuns verkliga ledamöter och ersättare finns inte i portalen ännu."
    for url in ("/ledamoter/", "/organ/kommunstyrelsen/", membership.person.get_absolute_url()):
        assert notice in _html(client, url), url
    person_page = _html(client, membership.person.get_absolute_url())
    assert "Det här är en påhittad person." in person_page
    assert "<title>Anna Exempeldotter (påhittat exempel)" in person_page


def test_a_name_with_a_personnummer_in_it_is_masked_on_every_members_page(client, board):
    membership = member(board, f"Anna Berg {PERSONNUMMER}", "S")
    membership.person.slug = "anna-berg"  # a slug is shown as stored: the staff form keeps numbers out of it
    membership.person.save()
    for url in ("/ledamoter/", "/organ/kommunstyrelsen/", membership.person.get_absolute_url()):
        html = _html(client, url)
        assert "811218" not in html.replace("-", ""), url
        assert "Anna Berg [personnummer maskerat]" in html, url


# --- the body page ------------------------------------------------------------------------------------------------


def test_body_page_shows_its_current_members_by_role_and_its_ersattare(client, board):
    member(board, "Bo Ledamotsson", "M")
    member(board, "Anna Ordförandesson", "S", Membership.Role.CHAIR)
    member(board, "Cia Vicesson", "C", Membership.Role.FIRST_VICE_CHAIR)
    member(board, "Dan Ersättarsson", "V", Membership.Role.SUBSTITUTE)
    member(board, "Eva Förra", "S", start=dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))
    html = _html(client, "/organ/kommunstyrelsen/")
    section = html[html.index('id="rubrik-ledamoter"') :]
    section = _text(section[: section.index("</section>")])
    assert "Ledamöter Anna Ordförandesson (S), ordförande Cia Vicesson (C), förste vice ordförande" in section
    assert section.index("Cia Vicesson") < section.index("Bo Ledamotsson (M)") < section.index("Ersättare")
    assert "Ersättare Dan Ersättarsson (V)" in section
    assert "Eva Förra" not in section
    assert 'href="/ledamoter/?organ=kommunstyrelsen"' in html
    assert 'href="/ledamoter/anna-ordforandesson/"' in html


def test_body_page_without_members_today_links_the_last_roster(client, board):
    member(board, "Eva Förra", "S", start=dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))
    html = _html(client, "/organ/kommunstyrelsen/")
    assert "Inga uppdrag i organet gäller i dag. De senaste slutade lördag 31 december 2022." in html
    assert 'href="/ledamoter/?organ=kommunstyrelsen&amp;datum=2022-12-31"' in html


# --- a member's page ----------------------------------------------------------------------------------------------


@pytest.fixture
def meeting_world(board, committee):
    """Anna (S) is ledamot of the board, then ordförande of the committee; Ersättaren Erik served for absent Bo."""
    anna = member(board, "Anna Berg", "S", end=dt.date(2023, 12, 31))
    anna_again = MembershipFactory(
        person=anna.person, body=board, role=Membership.Role.FIRST_VICE_CHAIR, start=dt.date(2024, 1, 1), end=None
    )
    MembershipFactory(person=anna.person, body=committee, role=Membership.Role.CHAIR)
    bo = member(board, "Bo Frånvarande", "M")
    erik = member(board, "Erik Ersättare", "S", Membership.Role.SUBSTITUTE)

    protocol = held_meeting(board, dt.date(2024, 6, 3), [anna_again, erik])
    Attendance.objects.create(protocol=protocol, membership=bo, status=Attendance.Status.ABSENT, position=9)
    Attendance.objects.filter(protocol=protocol, membership=erik).update(serving_for=bo)
    Attendance.objects.filter(protocol=protocol, membership=anna_again).update(is_adjuster=True)
    paragraph = ProtocolParagraphFactory(protocol=protocol, number=112, title="Bidrag till föreningen Ekbacken")
    open_vote(paragraph, {anna_again: "no", erik: "yes"})
    Statement.objects.create(
        paragraph=paragraph,
        membership=anna_again,
        kind=Statement.Kind.RESERVATION,
        text=f"Vi reserverar oss till förmån för eget yrkande. Sökanden [[Sven Privat]] har {PERSONNUMMER}.",
    )
    Statement.objects.create(
        paragraph=paragraph,
        membership=anna_again,
        kind=Statement.Kind.NOTE,
        text="Sven Privat nämns här en gång till.",
    )
    secret = ProtocolParagraphFactory(protocol=protocol, number=113, title="Personalärende", is_public=False)
    open_vote(secret, {anna_again: "abstain"}, question="Hemlig fråga om en anställd")
    Statement.objects.create(paragraph=secret, membership=anna_again, kind=Statement.Kind.NOTE, text="Hemlig not")
    closed = ProtocolParagraphFactory(protocol=protocol, number=114, title="Val av ombud")
    open_vote(closed, {anna_again: "yes"}, question="Sluten omröstning om ombudet", is_secret=True)

    draft = held_meeting(board, dt.date(2024, 8, 27), [anna_again], posted=False)
    draft_paragraph = ProtocolParagraphFactory(protocol=draft, number=130, title="Ej anslaget ärende")
    open_vote(draft_paragraph, {anna_again: "yes"}, question="Fråga i ett utkast")
    Statement.objects.create(paragraph=draft_paragraph, membership=anna_again, kind=Statement.Kind.NOTE, text="Utkast")
    return {"anna": anna, "protocol": protocol, "erik": erik, "bo": bo}


def test_member_page_shows_roles_over_time_newest_first_with_body_links(client, meeting_world):
    html = _html(client, meeting_world["anna"].person.get_absolute_url())
    roles = html[html.index('id="tabell-uppdrag"') :]
    roles = _text(roles[: roles.index("</table>")])
    assert roles.index("Förste vice ordförande") < roles.index("Ledamot")  # 2024 before 2023
    assert "Ordförande" in roles and "Kommunstyrelsens trygghetsutskott" in roles
    assert "pågår" in roles
    assert 'href="/organ/trygghetsutskottet/"' in html
    assert "<h1>Anna Berg</h1>" in html and "Socialdemokraterna (S)" in html


def test_member_page_shows_attendance_votes_and_reservations_from_posted_protocols_only(client, meeting_world):
    protocol = meeting_world["protocol"]
    html = _html(client, meeting_world["anna"].person.get_absolute_url())
    text = _text(html)
    assert "Kommunstyrelsen, måndag 3 juni 2024" in text and "Närvarande justerare" in text
    assert f'href="/sammantraden/{protocol.meeting_id}/protokoll/#paragraf-112"' in html
    assert "§ 112 Bidrag till föreningen Ekbacken" in text
    assert "Nej" in text and "1 ja, 1 nej, 0 avstår" in text
    assert "Reservation" in text and "Vi reserverar oss till förmån för eget yrkande." in text
    assert "Protokollsanteckning" in text
    # masked as on the protocol page: the personnummer, and the name marked once anywhere in the protocol
    assert "811218" not in html.replace("-", "") and "Sven Privat" not in html
    assert "[personnummer maskerat]" in text and "[personuppgift maskerad] nämns här en gång till" in text
    # never a secret paragraph, a closed vote or an unposted protocol
    for hidden in ("Personalärende", "Hemlig", "Sluten omröstning om ombudet", "Val av ombud", "Ej anslaget", "Utkast"):
        assert hidden not in text, hidden
    assert "27 augusti 2024" not in text


def test_an_ersattare_page_says_whom_they_served_for(client, meeting_world):
    erik, bo = meeting_world["erik"], meeting_world["bo"]
    html = _html(client, erik.person.get_absolute_url())
    assert re.search(rf'tjänstgjorde för <a href="{bo.person.get_absolute_url()}">Bo Frånvarande</a>', html), (
        "the ersättare's page names and links the ledamot they served for"
    )
    assert '<strong class="choice choice--yes">Ja</strong>' in html
    bo_text = _text(_html(client, bo.person.get_absolute_url()))
    assert "Kommunstyrelsen, måndag 3 juni 2024 Frånvarande" in bo_text


def test_a_correction_replaces_the_rows_of_the_version_it_corrects(client, board):
    anna = member(board, "Anna Berg", "S")
    first = held_meeting(board, dt.date(2024, 6, 3), [anna])
    open_vote(ProtocolParagraphFactory(protocol=first, number=112, title="Första lydelsen"), {anna: "yes"})
    second = held_meeting(
        board, dt.date(2024, 6, 3), [anna], version=2, meeting=first.meeting, correction_note="Rubriken rättad."
    )
    open_vote(ProtocolParagraphFactory(protocol=second, number=112, title="Rättad lydelse"), {anna: "yes"})
    text = _text(_html(client, anna.person.get_absolute_url()))
    assert "Rättad lydelse" in text and "Första lydelsen" not in text
    assert text.count("Kommunstyrelsen, måndag 3 juni 2024") == 2  # attendance row and vote row, once each


def test_a_long_career_shows_the_latest_rows_and_every_year_on_its_own_page(client, board):
    anna = member(board, "Anna Berg", "S", start=dt.date(2010, 1, 1), end=None)
    first = dt.date(2021, 1, 5)
    for week in range(60):
        protocol = held_meeting(board, first + dt.timedelta(weeks=week), [anna])
        open_vote(
            ProtocolParagraphFactory(protocol=protocol, number=week + 1, title=f"Ärende {week + 1}"), {anna: "yes"}
        )
    html = _html(client, anna.person.get_absolute_url())
    for table in ("tabell-narvaro", "tabell-roster"):
        rows = html[html.index(f'id="{table}"') :]
        assert rows[: rows.index("</table>")].count("<tr>") == 1 + 50, table  # the header and the latest 50
    assert "Visar de senaste 50 raderna av varje slag." in html
    assert 'href="?ar=2021"' in html and "(52 sammanträden)" in html and "(8 sammanträden)" in html
    year = _html(client, anna.person.get_absolute_url() + "?ar=2021")
    assert "Sammanträden 2021" in year and "Visar allt från 2021." in year
    assert _text(year).count("Kommunstyrelsen, tisdag") == 2 * 52
    assert _html(client, anna.person.get_absolute_url() + "?ar=tjugo", status=400)


def test_unknown_member_is_a_404(client):
    _html(client, "/ledamoter/finns-inte/", status=404)
    _html(client, "/ledamoter/finns-inte/kalender.ics", status=404)


# --- the calendar ---------------------------------------------------------------------------------------------------


def test_member_calendar_has_the_meetings_of_their_bodies_during_their_memberships(client, board, committee):
    anna = member(board, "Anna Berg", "S", start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))
    MembershipFactory(person=anna.person, body=committee, start=dt.date(2024, 5, 1), end=None)
    other = BodyFactory(name="Valnämnden", slug="valnamnden")
    inside = [
        MeetingFactory(body=board, start=local(2024, 1, 1, 0, 30)),  # first day, just after midnight
        MeetingFactory(body=board, start=local(2024, 6, 30, 23, 30)),  # last day, late
        MeetingFactory(body=committee, start=local(2024, 5, 2, 8, 30)),
        MeetingFactory(body=committee, start=local(2025, 3, 4, 8, 30)),  # open-ended membership
    ]
    MeetingFactory(body=board, start=local(2023, 12, 31, 23, 30))
    MeetingFactory(body=board, start=local(2024, 7, 1, 0, 30))
    MeetingFactory(body=committee, start=local(2024, 4, 30, 8, 30))
    MeetingFactory(body=other, start=local(2024, 3, 1))
    response = client.get(f"/ledamoter/{anna.person.slug}/kalender.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = sorted(str(event["uid"]) for event in calendar.walk("VEVENT"))
    assert uids == sorted(f"sammantrade-{meeting.pk}@politik.orebro.se" for meeting in inside)
    assert str(calendar["x-wr-calname"]) == "Anna Berg – sammanträden"
    page = _html(client, anna.person.get_absolute_url())
    assert f'href="/ledamoter/{anna.person.slug}/kalender.ics"' in page and "webcal://" in page


def test_an_example_persons_calendar_says_so_and_one_without_memberships_is_empty(client, board):
    person = PersonFactory(name="Anna Exempeldotter", slug="anna-exempeldotter", is_example=True)
    calendar = icalendar.Calendar.from_ical(client.get("/ledamoter/anna-exempeldotter/kalender.ics").content)
    assert str(calendar["x-wr-calname"]) == "Anna Exempeldotter – sammanträden (påhittat exempel)"
    assert not calendar.walk("VEVENT")
    assert person.pk


# --- query counts --------------------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow_roster(body, size: int, meetings: int = 3) -> list[Membership]:
    """A roster of `size` (ledamöter and ersättare) that met `meetings` times, everyone present, a vote at each
    meeting with everyone's ballot and a reservation by every fifth member."""
    memberships = roster(body, members=size - size // 4, substitutes=size // 4)
    for n in range(meetings):
        protocol = held_meeting(body, dt.date(2024, 2, 1) + dt.timedelta(weeks=n), memberships)
        paragraph = ProtocolParagraphFactory(protocol=protocol, number=n + 1, title=f"Ärende {n + 1}")
        open_vote(paragraph, {m: ("yes", "no", "abstain")[i % 3] for i, m in enumerate(memberships)})
        for membership in memberships[::5]:
            Statement.objects.create(
                paragraph=paragraph, membership=membership, kind=Statement.Kind.RESERVATION, text="Reservation."
            )
    return memberships


@pytest.mark.parametrize("page", ["list", "list_filtered", "member", "body"])
def test_members_pages_run_the_same_queries_with_5_and_with_100_members(client, page):
    counts = []
    for size in (5, 100):
        body = BodyFactory(name=f"Nämnd med {size}", slug=f"namnd-{size}")
        memberships = _grow_roster(body, size)
        assert Membership.objects.filter(body=body).count() == size
        url = {
            "list": "/ledamoter/",
            "list_filtered": f"/ledamoter/?organ={body.slug}&parti=S&datum=2024-06-01",
            "member": memberships[0].person.get_absolute_url(),
            "body": body.get_absolute_url(),
        }[page]
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts


def test_a_member_page_runs_the_same_queries_with_3_and_with_40_meetings(client, board):
    few = _grow_roster(board, 5, meetings=3)
    few_count = _queries(client, few[0].person.get_absolute_url())
    other = BodyFactory(name="Annan nämnd", slug="annan-namnd")
    many = _grow_roster(other, 5, meetings=40)
    assert _queries(client, many[0].person.get_absolute_url()) == few_count
    assert few_count <= 13
