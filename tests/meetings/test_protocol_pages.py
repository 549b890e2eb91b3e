"""The public protocol page: only posted versions, personal data masked, corrections visible."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Attendance, Ballot, Body, Proposal, Statement, Vote
from meetings.protocol_pdf import protocol_pdf_store
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
    roster,
)
from tests.meetings.test_attendance import posted_with_roster

pytestmark = pytest.mark.django_db

IDENTITY_NUMBERS = ["19811218-9876", "811218-9876", "701063-2391", "6408233234"]


@pytest.fixture
def meeting():
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    return MeetingFactory(body=board, start=local(2024, 6, 3), place="Rådhuset, sessionssalen")


@pytest.fixture
def protocol(meeting):
    protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=meeting)
    ProtocolParagraphFactory(
        protocol=protocol,
        number=112,
        title="Bidrag till föreningen Ekbacken",
        case_number="Ks 181/2024",
        matter=f"Kontaktpersonen {IDENTITY_NUMBERS[0]} har ansökt.\n\nSamordningsnummer {IDENTITY_NUMBERS[2]}.",
        decision="Kommunstyrelsen beslutar att bevilja 50 000 kronor till [[Anna Andersson, Storgatan 1]].",
        reservations=f"Jan Berg (M) reserverar sig. Personnummer {IDENTITY_NUMBERS[1]} och {IDENTITY_NUMBERS[3]}.",
    )
    return protocol


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _main(html: str) -> str:
    return html.split('<main id="innehall"', 1)[1].split("</main>", 1)[0]


def test_latest_posted_protocol_shows_title_facts_and_attendance(client, protocol, meeting):
    html = _page(client, f"/sammantraden/{meeting.pk}/protokoll/")
    assert "<h1>Protokoll – Kommunstyrelsen, måndag 3 juni 2024</h1>" in html
    main = _main(html)
    for fact, value in [
        ("Plats och tid", "Rådhuset, sessionssalen"),
        ("Ordförande", "Marie Johansson (S)"),
        ("Sekreterare", "Karin Lund"),
        ("Justerare", "Jan Berg (M), Lena Ek (C)"),
        ("Justerat", "måndag 10 juni 2024"),
        ("Anslaget", "måndag 10 juni 2024"),
        ("Sista dag för överklagande", "måndag 1 juli 2024"),
    ]:
        assert re.search(rf"<dt>{fact}</dt><dd>[^\n]*{re.escape(value)}", main), fact
    assert "måndag 3 juni 2024 kl. 14.15" in main
    for heading, name in [
        ("Beslutande", "Lena Ek (C)"),
        ("Ersättare", "Per Holm (S)"),
        ("Övriga närvarande", "Karin Lund, nämndsekreterare"),
    ]:
        assert re.search(rf"<h3>{heading}</h3>\s*<ul>.*{re.escape(name)}", main), heading
    assert "Personuppgifter är maskerade i den publicerade versionen." in main


def test_the_attendance_table_shows_the_roster_as_the_protocol_records_it(client):
    protocol, _people = posted_with_roster(BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen"))
    main = _main(_page(client, protocol.get_absolute_url()))

    table = main.split('<table class="attendance-table">', 1)[1].split("</table>", 1)[0]
    assert '<caption id="tabell-narvaro">Ledamöter och ersättare i Kommunstyrelsen vid sammanträdet</caption>' in table
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", "<tr" + row)).strip() for row in table.split("<tr")[2:]]
    assert rows == [
        "Anna Berg S Ordförande Närvarande Ordförande",
        "Jan Ek M Ledamot Närvarande från § 4 Justerare",
        "Per Lind S Ersättare Närvarande, tjänstgör för Lena Holm",
        "Lena Holm S Ledamot Frånvarande",
        "Eva Sten M Ersättare Frånvarande",
    ]
    assert '<th scope="row"><a href="/ledamoter/anna-berg/">Anna Berg</a></th>' in table
    assert '<abbr title="Socialdemokraterna">S</abbr>' in table
    assert re.search(r'<dt>Ordförande</dt><dd><a href="/ledamoter/anna-berg/">Anna Berg</a> \(S\)</dd>', main)
    assert re.search(r'<dt>Justerare</dt><dd><a href="/ledamoter/jan-ek/">Jan Ek</a> \(M\)</dd>', main)
    # No older free text: no lists of it, but the officials are there.
    assert "<h3>Beslutande</h3>" not in main and "<h3>Ersättare</h3>" not in main
    assert re.search(r"<h3>Övriga närvarande</h3>\s*<ul><li>Karin Lund, nämndsekreterare</li>", main)
    assert "Namnen är påhittade exempel" not in main


def test_invented_names_are_said_to_be_examples(client):
    protocol, _people = posted_with_roster(BodyFactory(name="Kommunstyrelsen"), example=True)
    main = _main(_page(client, protocol.get_absolute_url()))
    assert "Namnen är påhittade exempel. Örebro kommuns verkliga ledamöter finns inte i portalen ännu." in main


def test_paragraph_shows_its_texts_with_personal_data_masked(client, protocol, meeting):
    main = _main(_page(client, f"/sammantraden/{meeting.pk}/protokoll/"))
    assert "§ 112</span> Bidrag till föreningen Ekbacken</h2>" in main
    assert "Diarienummer: Ks 181/2024" in main
    assert "<h3>Ärendet</h3>" in main and "<h3>Beslut</h3>" in main and "<h3>Reservationer</h3>" in main
    assert "Kommunstyrelsen beslutar att bevilja 50 000 kronor till" in main
    assert "Jan Berg (M) reserverar sig." in main
    assert main.count("[personnummer maskerat]") == 4
    assert "[personuppgift maskerad]" in main
    for number in IDENTITY_NUMBERS:
        assert number not in main
        assert number.replace("-", "") not in main
    assert "Anna Andersson" not in main and "Storgatan" not in main and "[[" not in main


def test_masked_data_in_a_title_and_a_correction_note_stays_out_of_the_page(client, meeting, protocol):
    ProtocolParagraphFactory(protocol=protocol, number=113, title="Ansökan från [[Per Persson]] 811218-9876")
    correction = posted_protocol(
        posted_on=dt.date(2024, 6, 17),
        meeting=meeting,
        version=2,
        correction_note="Rättat stavningen av [[Per Persson]]s namn, 701063-2391.",
    )
    ProtocolParagraphFactory(protocol=correction, number=113, title="Ansökan från [[Per Persson]] 811218-9876")
    for url in (f"/sammantraden/{meeting.pk}/protokoll/", f"/sammantraden/{meeting.pk}/protokoll/1/"):
        html = _page(client, url)
        assert "Ansökan från [personuppgift maskerad] [personnummer maskerat]" in html
        assert "Per Persson" not in html and "811218-9876" not in html and "701063-2391" not in html


def test_names_of_those_present_are_shown_as_written_but_escaped(client, meeting):
    protocol = posted_protocol(
        posted_on=dt.date(2024, 6, 10), meeting=meeting, members="Åsa <b>Öberg</b> (V)\nJan Berg (M)"
    )
    html = _page(client, protocol.get_absolute_url())
    assert "Åsa &lt;b&gt;Öberg&lt;/b&gt; (V)" in html
    assert "<b>Öberg</b>" not in html


def test_secret_paragraph_shows_only_its_number(client, protocol, meeting):
    ProtocolParagraphFactory(
        protocol=protocol,
        number=113,
        title="Förhandling om markköp",
        matter="Köpeskillingen är hemlig.",
        decision="Beslutet är hemligt.",
        is_public=False,
    )
    main = _main(_page(client, f"/sammantraden/{meeting.pk}/protokoll/"))
    assert re.search(r"§ 113</span> Sekretessärende</h2>", main)
    assert "markköp" not in main and "Köpeskillingen" not in main and "hemligt" not in main


def test_paragraphs_come_in_their_order_and_are_listed_with_anchors(client, protocol, meeting):
    ProtocolParagraphFactory(protocol=protocol, number=111, position=0, title="Val av justerare")
    main = _main(_page(client, f"/sammantraden/{meeting.pk}/protokoll/"))
    assert main.index("Val av justerare</h2>") < main.index("Bidrag till föreningen Ekbacken</h2>")
    assert '<a href="#paragraf-112">§ 112 Bidrag till föreningen Ekbacken</a>' in main
    assert 'id="paragraf-112"' in main


def test_breadcrumbs_lead_back_to_the_meeting(client, protocol, meeting):
    html = _page(client, f"/sammantraden/{meeting.pk}/protokoll/")
    crumbs = html.split('aria-label="Du är här"', 1)[1].split("</nav>", 1)[0]
    assert [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", crumbs, re.S)] == [
        "Start",
        "Sammanträden",
        "Kommunstyrelsen, måndag 3 juni 2024",
        "Protokoll",
    ]
    assert f'href="/sammantraden/{meeting.pk}/"' in crumbs
    assert '<span aria-current="page">Protokoll</span>' in crumbs


def test_not_posted_protocol_is_not_public(client, meeting):
    ProtocolFactory(meeting=meeting, adjusted_on=dt.date(2024, 6, 10))  # adjusted, not yet on the notice board
    assert client.get(f"/sammantraden/{meeting.pk}/protokoll/").status_code == 404
    assert client.get(f"/sammantraden/{meeting.pk}/protokoll/1/").status_code == 404


def test_draft_protocol_and_unknown_meeting_are_404(client, meeting):
    ProtocolFactory(meeting=meeting)
    assert client.get(f"/sammantraden/{meeting.pk}/protokoll/").status_code == 404
    assert client.get("/sammantraden/999999/protokoll/").status_code == 404


def test_corrected_version_replaces_the_first_and_says_what_was_corrected(client, protocol, meeting):
    correction = posted_protocol(
        posted_on=dt.date(2024, 6, 17),
        meeting=meeting,
        version=2,
        correction_note="Beslutssumman i § 112 rättad.",
    )
    ProtocolParagraphFactory(protocol=correction, number=112, title="Bidrag till föreningen Ekbacken (rättad)")
    latest = _main(_page(client, f"/sammantraden/{meeting.pk}/protokoll/"))
    assert "(rättad)</h2>" in latest
    assert re.search(
        r"Rättad version 2, anslagen måndag 17 juni 2024:</strong>\s*Beslutssumman i § 112 rättad.", latest
    )
    assert "Det här är en äldre version" not in latest

    older = _main(_page(client, f"/sammantraden/{meeting.pk}/protokoll/1/"))
    assert "Det här är en äldre version." in older
    assert f'Den har ersatts av <a href="/sammantraden/{meeting.pk}/protokoll/2/">version 2</a>' in older
    assert "Bidrag till föreningen Ekbacken</h2>" in older and "(rättad)</h2>" not in older


def test_every_posted_version_is_listed_and_a_not_yet_posted_one_is_not(client, protocol, meeting):
    posted_protocol(posted_on=dt.date(2024, 6, 17), meeting=meeting, version=2, correction_note="Rättelse.")
    ProtocolFactory(meeting=meeting, version=3, correction_note="Ännu en rättelse.", adjusted_on=dt.date(2024, 6, 20))
    html = _page(client, f"/sammantraden/{meeting.pk}/protokoll/2/")
    versions = html.split("Versioner av protokollet</h2>", 1)[1].split("</section>", 1)[0]
    assert f'<a href="/sammantraden/{meeting.pk}/protokoll/1/">Version 1, anslagen måndag 10 juni 2024</a>' in versions
    assert '<span aria-current="page">Version 2, anslagen måndag 17 juni 2024</span>' in versions
    assert "Version 3" not in versions
    assert client.get(f"/sammantraden/{meeting.pk}/protokoll/3/").status_code == 404
    assert client.get(f"/sammantraden/{meeting.pk}/protokoll/3.pdf").status_code == 404
    assert "Det här är en äldre version" not in html  # version 3 is not public, so 2 is the newest


def test_pdf_link_shows_the_file_size_once_the_pdf_is_stored(client, protocol, meeting):
    html = _page(client, f"/sammantraden/{meeting.pk}/protokoll/")
    assert f'<a href="/sammantraden/{meeting.pk}/protokoll/1.pdf">Protokollet som pdf</a></li>' in html
    protocol_pdf_store(protocol=protocol)
    html = _page(client, f"/sammantraden/{meeting.pk}/protokoll/")
    assert re.search(r"Protokollet som pdf</a> <span class=\"muted\">\(Pdf, [0-9]+,[0-9]\xa0kB\)</span>", html)


def _attend(protocol, *, members: int, substitutes: int = 2) -> list:
    """A roster for the protocol's body and an attendance row for each of its memberships; the first chairs, the
    second adjusts, and the first paragraph gets a proposal, an open vote of those present and a reservation."""
    memberships = roster(protocol.meeting.body, members=members, substitutes=substitutes)
    for position, membership in enumerate(memberships, 1):
        Attendance.objects.create(
            protocol=protocol,
            membership=membership,
            position=position,
            status=Attendance.Status.PRESENT if membership.is_ledamot else Attendance.Status.ABSENT,
            is_chair=position == 1,
            is_adjuster=position == 2,
        )
    paragraph = protocol.paragraphs.order_by("position").first()
    if paragraph is not None:
        ledamoter = [membership for membership in memberships if membership.is_ledamot]
        Proposal.objects.create(paragraph=paragraph, membership=ledamoter[1], text="Bifall.")
        vote = Vote.objects.create(
            paragraph=paragraph, question="Ja för bifall.", yes_count=len(ledamoter) - 1, no_count=1
        )
        for index, membership in enumerate(ledamoter):
            choice = Ballot.Choice.NO if index == 1 else Ballot.Choice.YES
            Ballot.objects.create(vote=vote, membership=membership, choice=choice)
        Statement.objects.create(
            paragraph=paragraph, membership=ledamoter[1], kind=Statement.Kind.RESERVATION, text="Till förmån för eget."
        )
    return memberships


def test_protocol_page_queries_do_not_grow_with_paragraphs_or_members(client, meeting):
    small = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=meeting)
    ProtocolParagraphFactory.create_batch(3, protocol=small)
    _attend(small, members=5)
    other = MeetingFactory(body=BodyFactory(), start=local(2024, 8, 27))
    big = posted_protocol(posted_on=dt.date(2024, 9, 2), meeting=other)
    ProtocolParagraphFactory.create_batch(30, protocol=big)
    _attend(big, members=100, substitutes=20)
    posted_protocol(posted_on=dt.date(2024, 9, 9), meeting=other, version=2, correction_note="Rättelse.")

    with CaptureQueriesContext(connection) as few:
        _page(client, small.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        html = _page(client, big.get_absolute_url())

    assert html.count('<tr class="attendance-table__absent">') == 20
    # The protocols with their posting, then one query each for the attendance, the paragraphs, their proposals,
    # votes, ballots and statements, and the approvals: the same however many paragraphs and members.
    assert len(many) == len(few) == 8, [query["sql"] for query in many.captured_queries]


def test_meeting_page_shows_the_posted_protocol(client, protocol, meeting):
    html = _page(client, f"/sammantraden/{meeting.pk}/")
    section = html.split('<h2 id="rubrik-protokoll">Protokoll</h2>', 1)[1].split("</section>", 1)[0]
    assert f'<a href="/sammantraden/{meeting.pk}/protokoll/">' in section
    assert f'<a href="/sammantraden/{meeting.pk}/protokoll/1.pdf">Protokollet som pdf</a>' in section
    assert re.search(r"Justerat <time[^>]*>måndag 10 juni 2024</time>", section)
    assert re.search(r"Anslaget <time[^>]*>måndag 10 juni 2024</time>", section)
    assert re.search(r"Sista dag för överklagande <time[^>]*>måndag 1 juli 2024</time>", section)
    protocol_pdf_store(protocol=protocol)
    section = _page(client, f"/sammantraden/{meeting.pk}/").split('id="rubrik-protokoll"', 1)[1]
    assert re.search(r"Protokollet som pdf</a> <span class=\"muted\">\(Pdf, [0-9]+,[0-9]\xa0kB\)", section)


def test_meeting_page_says_when_there_is_no_posted_protocol_yet(client, meeting):
    ProtocolFactory(meeting=meeting, adjusted_on=dt.date(2024, 6, 10))
    html = _page(client, f"/sammantraden/{meeting.pk}/")
    section = html.split('<h2 id="rubrik-protokoll">Protokoll</h2>', 1)[1].split("</section>", 1)[0]
    assert "Protokollet är inte justerat och anslaget ännu." in section
    assert "/protokoll/" not in section


def test_meeting_page_links_the_newest_posted_version(client, protocol, meeting):
    posted_protocol(posted_on=dt.date(2024, 6, 17), meeting=meeting, version=2, correction_note="Rättelse.")
    section = _page(client, f"/sammantraden/{meeting.pk}/").split('id="rubrik-protokoll"', 1)[1].split("</section>")[0]
    assert "/protokoll/2.pdf" in section and "rättad version 2" in section
