"""The protocol as PDF: tagged PDF/UA-1 in Swedish, only public text in it, rendered once and then served as stored."""

import datetime as dt
import io
from unittest import mock

import pikepdf
import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from meetings import protocol_pdf
from meetings.models import Body, Protocol
from meetings.protocol_pdf import ProtocolPdfError, StaticFilesFetcher, protocol_pdf_bytes, protocol_pdf_store
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
)

pytestmark = pytest.mark.django_db

TWELVE_DIGITS = "19811218-9876"
TEN_DIGITS = "6408233234"
COORDINATION = "701063-2391"
BASE = "http://127.0.0.1:8000/"


@pytest.fixture
def meeting():
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    return MeetingFactory(body=board, start=local(2024, 6, 3))


@pytest.fixture
def protocol(meeting):
    protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=meeting)
    ProtocolParagraphFactory(
        protocol=protocol,
        number=112,
        title="Bidrag till föreningen Ekbacken",
        case_number="Ks 181/2024",
        matter=f"Ansökan från kontaktpersonen {TWELVE_DIGITS}, med samordningsnummer {COORDINATION}.",
        decision="Kommunstyrelsen beslutar att bevilja bidrag till [[Anna Andersson]].",
        reservations=f"Jan Berg (M) reserverar sig till förmån för förslaget från {TEN_DIGITS}.",
    )
    ProtocolParagraphFactory(
        protocol=protocol, number=113, title="Markköp i Vivalla", decision="Hemligt beslut.", is_public=False
    )
    return protocol


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_text_layer_holds_the_paragraphs_with_personal_data_masked(protocol):
    text = _text(protocol_pdf_bytes(protocol))
    assert "Protokoll – Kommunstyrelsen, måndag 3 juni 2024" in " ".join(text.split())
    assert "§ 112 Bidrag till föreningen Ekbacken" in text
    assert "Diarienummer: Ks 181/2024" in text
    assert "Kommunstyrelsen beslutar att bevilja bidrag till [personuppgift maskerad]." in " ".join(text.split())
    flat = "".join(text.split())
    assert flat.count("[personnummermaskerat]") == 3
    for secret in (TWELVE_DIGITS, TWELVE_DIGITS[2:], TEN_DIGITS, COORDINATION, "8112189876", "Anna", "Andersson"):
        assert secret not in text and secret.replace("-", "") not in flat


def test_secret_paragraph_is_only_its_number(protocol):
    text = _text(protocol_pdf_bytes(protocol))
    assert "§ 113 Sekretessärende" in text
    assert "Vivalla" not in text and "Hemligt" not in text


def test_attendance_and_posting_dates_are_in_the_pdf(protocol):
    text = " ".join(_text(protocol_pdf_bytes(protocol)).split())
    for expected in (
        "Beslutande",
        "Lena Ek (C)",
        "Ersättare Per Holm (S)",
        "Justerare Jan Berg (M), Lena Ek (C)",
        "Justerat måndag 10 juni 2024",
        "Sista dag för överklagande måndag 1 juli 2024",
        "Personuppgifter är maskerade i den publicerade versionen.",
    ):
        assert expected in text, expected


def test_pdf_is_tagged_in_swedish_with_its_title_and_bookmarks(protocol):
    with pikepdf.open(io.BytesIO(protocol_pdf_bytes(protocol))) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "sv"
        assert "/StructTreeRoot" in root
        assert root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == "Protokoll – Kommunstyrelsen, måndag 3 juni 2024"
            assert meta["pdfuaid:part"] == "1"
        with pdf.open_outline() as outline:
            titles = [item.title for top in outline.root for item in [top, *top.children]]
        assert "§ 112 Bidrag till föreningen Ekbacken" in titles
        assert "§ 113 Sekretessärende" in titles
        assert pdf.check_pdf_syntax() == []


def test_corrected_version_is_titled_as_such_and_says_what_was_corrected(meeting, protocol):
    correction = posted_protocol(
        posted_on=dt.date(2024, 6, 17), meeting=meeting, version=2, correction_note="Rättat [[Anna Andersson]]s namn."
    )
    data = protocol_pdf_bytes(correction)
    text = " ".join(_text(data).split())
    assert "Rättad version 2, anslagen måndag 17 juni 2024: Rättat [personuppgift maskerad]s namn." in text
    assert "Anna" not in text
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as meta:
        assert meta["dc:title"] == "Protokoll – Kommunstyrelsen, måndag 3 juni 2024, rättad version 2"


def test_long_protocol_has_page_numbers_in_the_footer(protocol):
    for number in range(120, 150):
        ProtocolParagraphFactory(protocol=protocol, number=number, decision="Ett beslut.\n\n" + "Motivering. " * 60)
    reader = PdfReader(io.BytesIO(protocol_pdf_bytes(protocol)))
    pages = len(reader.pages)
    assert pages > 2
    assert f"Sida 2 av {pages}" in reader.pages[1].extract_text()
    assert f"Sida {pages} av {pages}" in reader.pages[-1].extract_text()


def test_view_serves_the_pdf_inline_with_a_readable_name_and_caches_it(client, protocol, meeting):
    response = client.get(f"/sammantraden/{meeting.pk}/protokoll/1.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="protokoll-kommunstyrelsen-2024-06-03-v1.pdf"'
    assert response["Cache-Control"] == "public, max-age=86400"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    assert "§ 112 Bidrag till föreningen Ekbacken" in _text(data)


def test_first_request_stores_the_pdf_and_the_next_serves_it_without_rendering(client, protocol, meeting):
    url = f"/sammantraden/{meeting.pk}/protokoll/1.pdf"
    first = b"".join(client.get(url).streaming_content)
    protocol.refresh_from_db()
    assert protocol.pdf.name.startswith("protokoll/")
    with protocol.pdf.open("rb") as stored:
        assert stored.read() == first
    history_count = protocol.history.count()

    with mock.patch.object(protocol_pdf, "protocol_pdf_bytes") as render:
        second = b"".join(client.get(url).streaming_content)
    render.assert_not_called()
    assert second == first
    protocol.refresh_from_db()
    assert protocol.history.count() == history_count  # a derived file is not a change to the protocol


def test_stored_file_that_went_missing_is_rendered_again(client, protocol, meeting):
    protocol_pdf_store(protocol=protocol)
    protocol.refresh_from_db()
    lost = protocol.pdf.name
    protocol.pdf.storage.delete(lost)
    response = client.get(f"/sammantraden/{meeting.pk}/protokoll/1.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    protocol.refresh_from_db()
    assert protocol.pdf.name != lost and protocol.pdf.storage.exists(protocol.pdf.name)


def test_when_another_request_stored_a_copy_first_that_copy_is_kept(protocol):
    winner = protocol.pdf.storage.save("protokoll/vinnaren.pdf", ContentFile(b"%PDF-1.7 winner"))
    real_render = protocol_pdf.protocol_pdf_bytes
    files_before = set(protocol.pdf.storage.listdir("protokoll")[1])

    def render_while_another_request_stores(p):
        Protocol.objects.filter(pk=p.pk).update(pdf=winner)
        return real_render(p)

    with mock.patch.object(protocol_pdf, "protocol_pdf_bytes", render_while_another_request_stores):
        protocol_pdf_store(protocol=protocol)
    assert protocol.pdf.name == winner
    assert set(protocol.pdf.storage.listdir("protokoll")[1]) == files_before  # the loser's copy is deleted


def test_not_posted_version_has_no_pdf(client, meeting):
    ProtocolFactory(meeting=meeting, adjusted_on=dt.date(2024, 6, 10))
    with mock.patch.object(protocol_pdf, "protocol_pdf_bytes") as render:
        assert client.get(f"/sammantraden/{meeting.pk}/protokoll/1.pdf").status_code == 404
        assert client.get(f"/sammantraden/{meeting.pk}/protokoll/7.pdf").status_code == 404
    render.assert_not_called()
    with pytest.raises(ValueError):
        protocol_pdf_store(protocol=Protocol.objects.get(meeting=meeting))


def test_fetcher_serves_our_stylesheet_and_refuses_everything_else():
    fetcher = StaticFilesFetcher(BASE)
    response = fetcher(BASE + "static/css/protocol-pdf.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    for url in (
        "file:///etc/passwd",
        BASE + "static/../../../../etc/passwd",
        BASE + "static/%2e%2e/%2e%2e/settings.py",
        BASE + "media-not-served/dokument/x.pdf",
        BASE + "sammantraden/",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/static/css/protocol-pdf.css",
        "data:text/css,body{}",
        BASE + "static/css/finns-inte.css",
    ):
        with pytest.raises((ValueError, OSError)):
            fetcher.fetch(url)


def test_a_missing_stylesheet_stops_the_rendering_instead_of_storing_an_unstyled_pdf(protocol):
    with mock.patch.object(protocol_pdf, "_static_file_path", return_value=None), pytest.raises(ProtocolPdfError):
        protocol_pdf_store(protocol=protocol)
    protocol.refresh_from_db()
    assert not protocol.pdf


def _struct_tags(pdf) -> list[str]:
    tags = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                tags.append(str(node.S))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return tags


def test_the_attendance_from_the_roster_is_a_tagged_table_in_the_pdf():
    from tests.meetings.test_attendance import posted_with_roster

    protocol, _people = posted_with_roster(BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen"))
    data = protocol_pdf_bytes(protocol)
    text = " ".join(_text(data).split())
    for expected in (
        "Ordförande Anna Berg (S)",
        "Justerare Jan Ek (M)",
        "Ledamöter och ersättare i Kommunstyrelsen vid sammanträdet",
        "Jan Ek (M) Ledamot Närvarande från § 4 Justerare",
        "Per Lind (S) Ersättare Närvarande, tjänstgör för Lena Holm",
        "Lena Holm (S) Ledamot Frånvarande",
        "Övriga närvarande Karin Lund, nämndsekreterare",
    ):
        assert expected in text, expected
    assert "Beslutande" not in text  # no older free text in this protocol
    assert "påhittade exempel" not in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tags = _struct_tags(pdf)
        assert {"/Table", "/Caption", "/THead", "/TH", "/TD"} <= set(tags)
        assert pdf.check_pdf_syntax() == []
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"


def test_the_pdf_says_when_the_names_are_invented():
    from tests.meetings.test_attendance import posted_with_roster

    protocol, _people = posted_with_roster(BodyFactory(name="Kommunstyrelsen"), example=True)
    text = " ".join(_text(protocol_pdf_bytes(protocol)).split())
    assert "Namnen är påhittade exempel. Örebro kommuns verkliga ledamöter finns inte i portalen ännu." in text
