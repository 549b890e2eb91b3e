"""The public pages about bodies and meetings pass everything staff wrote through the public projection: a
personnummer or a `[[marked]]` name in any free-text field is masked wherever the page shows it, while case numbers,
dates and phone numbers stay readable.
"""

import datetime as dt
import re

import pytest

from meetings.models import Body
from tests.factories import BodyFactory, local

from .dirty import (
    SECRET_WORDS,
    assert_clean,
    build_dirty_protocol,
    main_of,
    page_html,
    text_of,
)

pytestmark = pytest.mark.django_db


def test_meeting_page_masks_every_text_staff_wrote(client, dirty_meeting, dirt):
    html = page_html(client, dirty_meeting.get_absolute_url())
    assert_clean(html, dirt)
    main = text_of(main_of(html))
    assert "Rådhuset, rum [personnummer maskerat] [personuppgift maskerad], tel 019-21 10 00" in main
    assert "Lokalen är upptagen, [personnummer maskerat] [personuppgift maskerad]." in main
    assert "Bidrag till [personnummer maskerat] [personuppgift maskerad] (Ks 181/2022)" in main
    assert "Tjänsteskrivelse [personnummer maskerat] [personuppgift maskerad]" in main
    assert "Ärendelista [personnummer maskerat] [personuppgift maskerad]" in main
    assert '<span class="masked masked--identity">[personnummer maskerat]</span>' in html  # the proposal's layout


def test_meeting_page_shows_a_secret_item_as_sekretessarende_only(client, dirty_meeting):
    main = main_of(page_html(client, dirty_meeting.get_absolute_url()))
    assert re.search(r'<span class="agenda__number">2\.</span> Sekretessärende</h3>', main)
    for word in (*SECRET_WORDS, "Ks 99/2024"):
        assert word not in main


def test_agenda_items_have_the_anchor_their_public_address_points_to(client, dirty_meeting):
    from meetings.public import PublicAgendaItem

    item = PublicAgendaItem(dirty_meeting.items.get(number="1"))
    path, anchor = item.get_absolute_url().split("#")
    html = page_html(client, path)
    assert f'<li class="agenda__item" id="{anchor}">' in html


def test_a_document_address_carries_no_personnummer(client, dirty_meeting, dirt):
    html = page_html(client, dirty_meeting.get_absolute_url())
    addresses = " ".join(re.findall(r"/dokument/\d+/[^\"'\s<]*\.pdf", html))
    assert addresses
    assert_clean(addresses, dirt, survivors=(), where="the document addresses")


def test_a_document_is_still_downloaded_at_the_address_the_page_links(client, dirty_meeting):
    html = page_html(client, dirty_meeting.get_absolute_url())
    for address in re.findall(r'href="(/dokument/\d+/[^"]*\.pdf)"', html):
        response = client.get(address)
        assert response.status_code == 200, address
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- lists and bodies ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/sammantraden/", "/sammantraden/?organ=kommunstyrelsen&ar=2024"])
def test_meeting_lists_show_no_staff_text_unmasked(client, dirty_meeting, dirt, url):
    html = page_html(client, url)
    assert_clean(html, dirt, survivors=())
    assert "tisdag 4 juni 2024" in html


def test_body_pages_mask_what_the_body_is_and_what_it_published(client, board, dirty_meeting, dirt):
    board.summary = dirt("body summary", "Styr och samordnar ")
    board.description = dirt("body description", "Kommunstyrelsen leder.\n\n", ", tel 019-21 10 00")
    board.responsibilities = dirt("body responsibilities", "- Budget\n- Ks 181/2022 ")
    board.default_place = dirt("body default place", "Rådhuset ")
    board.default_start_time = dt.time(8, 30)
    board.save()
    child = BodyFactory(
        name="Kommunstyrelsens utskott", kind=Body.Kind.SUB_COMMITTEE, parent=board, summary=dirt("child summary")
    )
    build_dirty_protocol(dirty_meeting, dirt)

    detail = page_html(client, "/organ/kommunstyrelsen/?ar=2024")
    assert_clean(detail, dirt, survivors=("Ks 181/2022", "019-21 10 00"))
    main = text_of(main_of(detail))
    assert "Kommunstyrelsens utskott" in main and "Ärendelista [personnummer maskerat]" in main
    assert "Protokoll tisdag 4 juni 2024" in main and "rättad version 2" in main
    assert '<span class="masked masked--identity">' in detail  # description and responsibilities are laid out

    listing = page_html(client, "/organ/")
    assert_clean(listing, dirt, survivors=())
    assert child.get_absolute_url() in listing


def test_notice_board_shows_postings_without_staff_text(client, dirty_protocol, dirt):
    import time_machine

    from meetings.models import Posting

    # On 18 June 2024 neither posting had come down (the factory, run today, marks them as the task left them since).
    Posting.objects.update(taken_down_at=None)
    with time_machine.travel(local(2024, 6, 18, 9, 0), tick=False):
        html = page_html(client, "/anslagstavla/")
    assert_clean(html, dirt, survivors=())
    assert "rättad version 2" in html and "Kommunstyrelsen" in html


def test_the_body_menu_of_the_meeting_list_names_bodies_as_the_public_sees_them(client, board, dirt):
    BodyFactory(name=dirt("body name", "Nämnden "), slug="namnden")
    html = page_html(client, "/sammantraden/")
    assert_clean(html, dirt, survivors=())
    assert "Nämnden [personnummer maskerat] [personuppgift maskerad]" in html


def test_following_pages_name_the_body_as_the_public_sees_it(client, board, dirt):
    from tests.factories import SubscriptionFactory

    board.name = dirt("body name", "Kommunstyrelsen ")
    board.save()
    pending = SubscriptionFactory(body=board, confirmed_at=None)
    pages = [
        page_html(client, "/organ/kommunstyrelsen/bevaka/"),
        client.post("/organ/kommunstyrelsen/bevaka/", {"email": "anna@example.org"}).content.decode(),
        page_html(client, f"/bevakning/{pending.token}/bekrafta/"),
        client.post(f"/bevakning/{pending.token}/bekrafta/").content.decode(),
        page_html(client, f"/bevakning/{pending.token}/avsluta/"),
    ]
    for html in pages:
        assert_clean(html, dirt, survivors=())
        assert "Kommunstyrelsen [personnummer maskerat] [personuppgift maskerad]" in text_of(html)
