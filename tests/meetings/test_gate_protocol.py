"""The public protocol, as a page and as a PDF, shows only its projection: every text of the protocol and its
paragraphs masked, a name marked once masked wherever it appears in that protocol, a secret paragraph only
"§ n Sekretessärende"."""

import datetime as dt
import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from meetings.protocol_pdf import protocol_pdf_bytes
from tests.factories import posted_protocol

from .dirty import (
    SECRET_WORDS,
    assert_clean,
    page_html,
    text_of,
)

pytestmark = pytest.mark.django_db

SURVIVORS = ("Ks 181/2022", "3 juni 2024", "019-21 10 00")


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("version", ["latest", 1, 2])
def test_protocol_page_masks_every_text_of_the_protocol(client, dirty_protocol, dirt, version):
    meeting_pk = dirty_protocol.meeting_id
    url = f"/sammantraden/{meeting_pk}/protokoll/" + ("" if version == "latest" else f"{version}/")
    html = page_html(client, url)
    assert_clean(html, dirt, survivors=SURVIVORS)
    text = text_of(html)
    assert "Ordförande Marie Johansson (S) [personnummer maskerat] [personuppgift maskerad]" in text
    assert "Sekreterare Karin Lund [personnummer maskerat] [personuppgift maskerad]" in text
    assert "Justerare Jan Berg (M), [personnummer maskerat] [personuppgift maskerad]" in text
    assert "Rättat [personnummer maskerat] [personuppgift maskerad]." in text  # the list of versions
    assert "§ 112 Bidrag till [personnummer maskerat] [personuppgift maskerad]" in text


def test_a_name_marked_once_is_masked_in_other_paragraphs_and_the_attendance(client, dirty_protocol):
    text = text_of(page_html(client, dirty_protocol.get_absolute_url()))
    assert "Hemlig" not in text
    assert "[personuppgift maskerad] yttrar sig. Bifall." in text
    assert "[personuppgift maskerad] (S)" in text  # "Bertil Hemlig (S)" in the members list


def test_a_secret_paragraph_is_its_number_and_sekretessarende(client, dirty_protocol):
    text = text_of(page_html(client, dirty_protocol.get_absolute_url()))
    assert "§ 114 Sekretessärende" in text
    for word in (*SECRET_WORDS, "Hemligt beslut"):
        assert word not in text


def test_a_correction_note_is_masked_where_it_introduces_the_version(client, dirty_protocol):
    html = page_html(client, dirty_protocol.get_absolute_url())
    note = html.split('<p class="correction-note">', 1)[1].split("</p>", 1)[0]
    assert re.search(r"Rättad version 2, anslagen måndag 17 juni 2024:</strong>\s*Rättat \[personnummer", note)


def test_protocol_pdf_text_holds_nothing_the_page_hides(dirty_protocol, dirt):
    text = _pdf_text(protocol_pdf_bytes(dirty_protocol))
    flat = " ".join(text.split())
    assert_clean(text, dirt, survivors=SURVIVORS, where="the PDF")
    assert "Hemlig" not in flat
    assert "§ 114 Sekretessärende" in flat
    for word in (*SECRET_WORDS, "Hemligt beslut"):
        assert word not in flat
    assert "Ordförande Marie Johansson (S) [personnummer maskerat] [personuppgift maskerad]" in flat
    assert "Rättad version 2, anslagen måndag 17 juni 2024: Rättat [personnummer maskerat]" in flat
    assert "[personuppgift maskerad] yttrar sig. Bifall." in flat


def test_protocol_pdf_metadata_and_bookmarks_are_masked_and_link_the_configured_address(dirty_protocol, dirt, settings):
    settings.PORTAL_BASE_URL = "https://politik.orebro.se"
    data = protocol_pdf_bytes(dirty_protocol)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_metadata() as meta:
            metadata = " ".join(str(value) for value in meta.values())
        info = " ".join(str(value) for value in pdf.docinfo.values())
        with pdf.open_outline() as outline:
            titles = " ".join(item.title for top in outline.root for item in [top, *top.children])
    for where, text in (("the XMP metadata", metadata), ("the document info", info), ("the bookmarks", titles)):
        assert_clean(text, dirt, survivors=(), where=where)
    assert "§ 112 Bidrag till [personnummer maskerat]" in titles
    flat = " ".join(_pdf_text(data).split())
    assert f"https://politik.orebro.se/sammantraden/{dirty_protocol.meeting_id}/protokoll/2/" in flat.replace(" ", "")
    assert "127.0.0.1" not in flat and "localhost" not in flat and "example.com" not in flat


def test_the_served_pdf_is_the_masked_one(client, dirty_protocol, dirt):
    response = client.get(f"/sammantraden/{dirty_protocol.meeting_id}/protokoll/2.pdf")
    assert response.status_code == 200
    assert_clean(_pdf_text(b"".join(response.streaming_content)), dirt, survivors=SURVIVORS, where="the PDF")


def test_a_personnummer_broken_over_two_lines_of_an_attendance_list_is_masked(client, dirty_meeting, dirt):
    protocol = posted_protocol(
        posted_on=dt.date(2024, 6, 10), meeting=dirty_meeting, members="Åsa Öberg (V) 811218-\n9876"
    )
    text = text_of(page_html(client, protocol.get_absolute_url()))
    assert "811218" not in text and "9876" not in text
