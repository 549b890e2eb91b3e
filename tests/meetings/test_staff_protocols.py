"""The secretary's protocol pages under /redigera/: who may use them, what each form does with good and bad input."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Document, Meeting, Posting, Protocol, ProtocolParagraph
from meetings.services import paragraph_add, protocol_adjust, protocol_create
from tests.factories import (
    STOCKHOLM,
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    local,
    posted_protocol,
    secretary_of,
)
from tests.meetings.test_protocol_services import pdf_stored_before_the_agenda

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM)  # a Friday, three weeks before midsommarafton


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def body():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def secretary(body):
    return secretary_of(body, username="karin", first_name="Karin", last_name="Lund")


@pytest.fixture
def outsider():
    return secretary_of(BodyFactory(name="Tekniska nämnden", slug="tekniska"), username="olle")


@pytest.fixture
def meeting(body):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 28), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Budget 2025", proposal="Att anta budgeten.")
    AgendaItemFactory(meeting=meeting, position=2, number="2", title="Motion om cykelvägar", proposal="")
    return meeting


@pytest.fixture
def protocol(meeting, secretary):
    """A draft with everything adjusting needs except the decision of § 2 (its item had no proposal)."""
    protocol = protocol_create(meeting=meeting, user=secretary)
    Protocol.objects.filter(pk=protocol.pk).update(
        chair="Marie Johansson (S)", secretary="Karin Lund", adjusters="Jan Berg (M)", members="Marie Johansson (S)"
    )
    protocol.refresh_from_db()
    return protocol


@pytest.fixture
def complete(protocol):
    protocol.paragraphs.filter(number=2).update(decision="Motionen besvaras.")
    return protocol


@pytest.fixture
def adjusted(complete, secretary):
    return protocol_adjust(protocol=complete, adjusted_on=dt.date(2024, 5, 30), user=secretary)


@pytest.fixture
def signed_in(client, secretary):
    client.force_login(secretary)
    return client


def url(name: str, obj) -> str:
    return reverse(f"staff:{name}", args=[obj.pk])


def page_text(response) -> str:
    """The page as a reader sees it: tags removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def paragraph_data(**overrides) -> dict:
    data = {
        "number": "3",
        "title": "Anmälningar",
        "case_number": "Ks 181/2022",
        "agenda_item": "",
        "matter": "",
        "decision": "Anmälningarna läggs till handlingarna.",
        "reservations": "",
        "is_public": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# (url name, which object the URL takes, status for the body's secretary on a draft)
PAGES = [
    ("protocol_detail", "protocol", 200),
    ("protocol_edit", "protocol", 200),
    ("paragraph_create", "protocol", 200),
    ("paragraph_edit", "paragraph", 200),
    ("paragraph_delete", "paragraph", 200),
    ("protocol_preview", "protocol", 200),
    ("protocol_adjust", "protocol", 200),
    ("protocol_post", "protocol", 302),  # a draft cannot be posted: back to the protocol
    ("protocol_correct", "protocol", 302),  # nor corrected
    ("protocol_history", "protocol", 200),
]


READ_ONLY = {"protocol_detail", "protocol_preview", "protocol_history"}


def target(kind: str, protocol: Protocol):
    return protocol.paragraphs.first() if kind == "paragraph" else protocol


# --- Access ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind", "status"), PAGES)
def test_secretary_of_the_body_can_open_every_page(signed_in, protocol, name, kind, status):
    response = signed_in.get(url(name, target(kind, protocol)))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == url("protocol_detail", protocol)


@pytest.mark.parametrize(("name", "kind", "status"), PAGES)
def test_secretary_of_other_body_gets_403(client, outsider, protocol, name, kind, status):
    client.force_login(outsider)
    address = url(name, target(kind, protocol))
    assert client.get(address).status_code == 403
    if name not in READ_ONLY:
        assert client.post(address, paragraph_data()).status_code == 403
    assert ProtocolParagraph.objects.filter(protocol=protocol).count() == 2


@pytest.mark.parametrize(("name", "kind", "status"), PAGES)
def test_anonymous_is_sent_to_log_in(client, protocol, name, kind, status):
    address = url(name, target(kind, protocol))
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={address}"
    assert reverse("login") == "/logga-in/"


def test_protocol_create_access(client, meeting, outsider):
    address = url("protocol_create", meeting)
    assert client.post(address)["Location"].startswith("/logga-in/")
    client.force_login(outsider)
    assert client.post(address).status_code == 403
    assert not Protocol.objects.exists()


# --- Creating -------------------------------------------------------------------------------------------------------


def test_protocol_is_created_from_the_meeting_by_post(signed_in, meeting):
    assert signed_in.get(url("protocol_create", meeting)).status_code == 405

    response = signed_in.post(url("protocol_create", meeting), follow=True)

    protocol = Protocol.objects.get(meeting=meeting)
    assert response.redirect_chain == [(url("protocol_detail", protocol), 302)]
    text = page_text(response)
    assert "Protokollet är skapat med en paragraf per ärende" in text
    assert "§ 1 Budget 2025" in text and "§ 2 Motion om cykelvägar" in text
    assert "Utkast" in text


def test_second_create_leads_to_the_existing_protocol_and_stores_nothing(signed_in, protocol):
    response = signed_in.post(url("protocol_create", protocol.meeting), follow=True)
    assert response.redirect_chain == [(url("protocol_detail", protocol), 302)]
    assert "Sammanträdet har redan ett protokoll" in page_text(response)
    assert Protocol.objects.count() == 1


def test_create_for_a_cancelled_meeting_is_refused(signed_in, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    response = signed_in.post(url("protocol_create", meeting))
    assert response["Location"] == url("meeting_detail", meeting)
    assert not Protocol.objects.exists()


# --- The workspace --------------------------------------------------------------------------------------------------


def test_workspace_of_a_draft_leads_to_preview_and_adjusting_and_says_what_is_missing(signed_in, protocol):
    response = signed_in.get(url("protocol_detail", protocol))
    text = page_text(response)
    assert "Utkast" in text
    assert "§ 2 ”Motion om cykelvägar” saknar beslut." in text
    html = response.content.decode()
    for name in (
        "protocol_preview",
        "protocol_adjust",
        "protocol_edit",
        "protocol_attendance",
        "paragraph_create",
        "protocol_history",
    ):
        assert f'href="{url(name, protocol)}"' in html
    assert f'href="{url("paragraph_edit", protocol.paragraphs.first())}"' in html
    assert f'href="{url("meeting_detail", protocol.meeting)}"' in html


def test_workspace_of_an_adjusted_protocol_offers_posting_and_no_editing(signed_in, adjusted):
    response = signed_in.get(url("protocol_detail", adjusted))
    html = response.content.decode()
    assert "Justerat" in page_text(response)
    assert f'href="{url("protocol_post", adjusted)}"' in html
    assert "Anslå på anslagstavlan" in html
    assert url("protocol_edit", adjusted) not in html
    assert url("paragraph_edit", adjusted.paragraphs.first()) not in html


def test_workspace_of_a_posted_protocol_shows_the_dates_the_public_page_and_correction(signed_in, body):
    protocol = posted_protocol(posted_on=dt.date(2024, 5, 31), meeting=MeetingFactory(body=body))
    response = signed_in.get(url("protocol_detail", protocol))
    text = page_text(response)
    assert "Anslaget" in text
    assert "Sista dag för överklagande måndag 24 juni 2024" in text
    html = response.content.decode()
    assert f'href="{protocol.get_absolute_url()}"' in html
    assert f'href="{url("protocol_correct", protocol)}"' in html


def test_workspace_queries_do_not_grow_with_paragraphs(signed_in, protocol):
    with CaptureQueriesContext(connection) as few:
        signed_in.get(url("protocol_detail", protocol))
    for number in range(3, 23):
        paragraph_add(protocol=protocol, number=number, title=f"Paragraf {number}", decision="Beslut.")
    with CaptureQueriesContext(connection) as many:
        response = signed_in.get(url("protocol_detail", protocol))
    assert "§ 22 Paragraf 22" in page_text(response)
    assert len(many) == len(few)


# --- The header form ------------------------------------------------------------------------------------------------


def test_header_form_saves(signed_in, protocol):
    response = signed_in.post(
        url("protocol_edit", protocol),
        {
            "chair": "Marie Johansson (S)",
            "secretary": "Karin Lund",
            "adjusters": "Jan Berg (M)\r\nLena Ek (C)",
            "members": "Marie Johansson (S)\r\nJan Berg (M)",
            "substitutes": "",
            "officials": "",
        },
    )
    assert response["Location"] == url("protocol_detail", protocol)
    protocol.refresh_from_db()
    assert protocol.adjuster_list == ["Jan Berg (M)", "Lena Ek (C)"]


def test_header_form_refuses_a_too_long_name_naming_the_field(signed_in, protocol):
    response = signed_in.post(url("protocol_edit", protocol), {"chair": "x" * 201, "secretary": "Ny"})
    assert response.status_code == 200
    assert re.search(r"Ordförande \(fritext\): [^<]*200 tecken", response.content.decode())
    protocol.refresh_from_db()
    assert (protocol.chair, protocol.secretary) == ("Marie Johansson (S)", "Karin Lund")


# --- Paragraph forms ------------------------------------------------------------------------------------------------


def test_paragraph_form_suggests_the_next_number_and_offers_only_this_meetings_items(signed_in, protocol):
    AgendaItemFactory(meeting=MeetingFactory(body=protocol.meeting.body), title="Annat sammanträdes ärende")
    response = signed_in.get(url("paragraph_create", protocol))
    html = response.content.decode()
    assert re.search(r'name="number" value="3"', html)
    assert "Budget 2025" in html and "Annat sammanträdes ärende" not in html
    assert "[[Anna Andersson]]" in html  # the masking help
    assert 'data-masking="true"' in html and "mask-selection.js" in html


def test_paragraph_is_added(signed_in, protocol):
    item = protocol.meeting.items.get(number="2")
    response = signed_in.post(url("paragraph_create", protocol), paragraph_data(agenda_item=str(item.pk)), follow=True)
    paragraph = protocol.paragraphs.get(number=3)
    assert paragraph.agenda_item == item
    assert response.redirect_chain == [(url("protocol_detail", protocol) + f"#paragraf-{paragraph.pk}", 302)]
    assert "§ 3 är tillagd." in page_text(response)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, r"Rubrik: Detta fält måste fyllas i"),
        ({"case_number": "181/2022"}, r"Diarienummer: Diarienumret ska skrivas som ”Ks 181/2022”"),
        ({"decision": "Bidrag till [[Anna Andersson."}, r"Beslut: En markering för maskering börjar med \[\["),
        ({"matter": "Sökande [[Anna"}, r"Ärendet: En markering"),
        ({"number": "2"}, r"Paragraf \(§\): Protokollet har redan en § 2\."),
        ({"number": "0"}, r"Paragraf \(§\): Paragrafnumret börjar på 1\."),
        ({"number": "tre"}, r"Paragraf \(§\): Fyll i ett heltal"),
        ({"agenda_item": "999999"}, r"Ärende på ärendelistan: Välj ett giltigt alternativ"),
    ],
    ids=["no-title", "case-number", "unclosed-decision", "unclosed-matter", "taken-number", "zero", "text", "item"],
)
def test_invalid_paragraph_gets_a_swedish_message_naming_the_field_and_stores_nothing(
    signed_in, protocol, overrides, message
):
    response = signed_in.post(url("paragraph_create", protocol), paragraph_data(**overrides))
    assert response.status_code == 200
    assert re.search(message, page_text(response)), page_text(response)
    assert protocol.paragraphs.count() == 2


def test_every_problem_of_a_paragraph_is_shown_at_once(signed_in, protocol):
    response = signed_in.post(
        url("paragraph_create", protocol), paragraph_data(number="1", decision="Till [[Anna", matter="Om [[Per")
    )
    text = page_text(response)
    assert "Paragraf (§): Protokollet har redan en § 1." in text
    assert "Beslut: En markering för maskering" in text and "Ärendet: En markering för maskering" in text
    assert protocol.paragraphs.count() == 2


def test_paragraph_is_edited(signed_in, protocol):
    paragraph = protocol.paragraphs.get(number=2)
    response = signed_in.post(
        url("paragraph_edit", paragraph),
        paragraph_data(number="2", title="Motion om cykelvägar", decision="Motionen avslås.", is_public=None),
    )
    assert response["Location"].endswith(f"#paragraf-{paragraph.pk}")
    paragraph.refresh_from_db()
    assert (paragraph.decision, paragraph.is_public) == ("Motionen avslås.", False)


def test_invalid_edit_keeps_the_stored_paragraph(signed_in, protocol):
    paragraph = protocol.paragraphs.get(number=1)
    response = signed_in.post(url("paragraph_edit", paragraph), paragraph_data(number="1", title="", decision="Nytt"))
    assert response.status_code == 200
    assert "Ändra § 1 Budget 2025" in page_text(response)  # the heading names the paragraph as stored
    paragraph.refresh_from_db()
    assert (paragraph.title, paragraph.decision) == ("Budget 2025", "Att anta budgeten.")


def test_paragraphs_of_an_adjusted_protocol_cannot_be_edited(signed_in, adjusted):
    paragraph = adjusted.paragraphs.get(number=1)
    response = signed_in.post(
        url("paragraph_edit", paragraph), paragraph_data(number="1", decision="Ändrat"), follow=True
    )
    assert response.redirect_chain == [(url("protocol_detail", adjusted), 302)]
    assert "Protokollet är justerat och kan inte ändras. Gör en rättelse i stället." in page_text(response)
    paragraph.refresh_from_db()
    assert paragraph.decision == "Att anta budgeten."


def test_paragraph_is_deleted_after_confirmation(signed_in, protocol):
    paragraph = protocol.paragraphs.get(number=2)
    confirm = signed_in.get(url("paragraph_delete", paragraph))
    assert "Ta bort § 2 Motion om cykelvägar?" in page_text(confirm)
    assert protocol.paragraphs.count() == 2

    response = signed_in.post(url("paragraph_delete", paragraph), follow=True)
    assert "§ 2 ”Motion om cykelvägar” är borttagen." in page_text(response)
    assert list(protocol.paragraphs.values_list("number", flat=True)) == [1]


# --- Preview --------------------------------------------------------------------------------------------------------


def test_preview_highlights_masked_spans_in_the_original_and_shows_labels_in_the_public_version(signed_in, protocol):
    paragraph = protocol.paragraphs.get(number=1)
    paragraph.matter = "Ansökan från [[Anna Andersson]], personnummer 811218-9876."
    paragraph.save()

    html = signed_in.get(url("protocol_preview", protocol)).content.decode()

    assert "1 personnummer/samordningsnummer maskeras automatiskt, 1 uppgift är markerad för maskering." in html
    section = html.split(f'id="granska-{paragraph.pk}"')[1].split('class="preview-paragraph"')[0]
    original, public = section.split("preview-column--public")
    assert re.search(r'<mark class="mask mask--identity"[^>]*>811218-9876</mark>', original)
    assert re.search(r'<mark class="mask mask--manual"[^>]*>Anna Andersson</mark>', original)
    assert "Original – bara för medarbetare" in original
    assert "Så här blir det publicerat" in public
    assert "[personnummer maskerat]" in public and "[personuppgift maskerad]" in public
    assert "811218-9876" not in public and "Anna Andersson" not in public


def test_preview_publishes_a_secret_paragraph_as_its_number_only(signed_in, protocol):
    paragraph = protocol.paragraphs.get(number=2)
    paragraph.is_public = False
    paragraph.decision = "Avstängning av [[Per Holm]]."
    paragraph.save()
    html = signed_in.get(url("protocol_preview", protocol)).content.decode()
    public = html.split(f'id="granska-{paragraph.pk}"')[1].split("preview-column--public")[1]
    assert "§ 2 Sekretessärende" in page_text_of(public)
    assert "Per Holm" not in public and "Avstängning" not in public
    assert "0 uppgifter är markerade för maskering" in html  # nothing of it is published to mask


def test_preview_masks_titles_and_the_correction_note_as_the_public_page_does(signed_in, protocol):
    Protocol.objects.filter(pk=protocol.pk).update(version=2, correction_note="Namnet på [[Per Holm]] var fel.")
    paragraph = protocol.paragraphs.get(number=1)
    paragraph.title = "Bidrag till [[Anna Andersson]]"
    paragraph.save()

    html = signed_in.get(url("protocol_preview", protocol)).content.decode()

    assert "0 personnummer/samordningsnummer maskeras automatiskt, 2 uppgifter är markerade för maskering." in html
    assert f'id="granska-{paragraph.pk}">§ 1 Bidrag till Anna Andersson</h2>' in html
    section = html.split(f'id="granska-{paragraph.pk}"')[1].split('class="preview-paragraph"')[0]
    original, public = section.split("preview-column--public")
    assert re.search(r'<mark class="mask mask--manual"[^>]*>Anna Andersson</mark>', original)
    assert "Bidrag till" in public and "Anna Andersson" not in public
    note = html.split('id="granska-rattelse"')[1].split('class="preview-paragraph"')[0]
    assert "Per Holm" in note.split("preview-column--public")[0]
    assert "Per Holm" not in note.split("preview-column--public")[1]


def page_text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- Adjusting ------------------------------------------------------------------------------------------------------


def test_adjust_form_defaults_to_today_and_lists_what_is_missing(signed_in, protocol):
    response = signed_in.get(url("protocol_adjust", protocol))
    assert 'value="2024-05-31"' in response.content.decode()
    assert "§ 2 ”Motion om cykelvägar” saknar beslut." in page_text(response)


def test_adjusting(signed_in, complete, secretary):
    response = signed_in.post(url("protocol_adjust", complete), {"adjusted_on": "2024-05-30"}, follow=True)
    assert response.redirect_chain == [(url("protocol_detail", complete), 302)]
    assert "Protokollet är justerat." in page_text(response)
    complete.refresh_from_db()
    assert (complete.adjusted_on, complete.adjusted_by) == (dt.date(2024, 5, 30), secretary)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"adjusted_on": "2024-05-30"}, "§ 2 ”Motion om cykelvägar” saknar beslut."),
        ({"adjusted_on": "2024-06-01"}, "Justeringsdatum: Dagen har inte kommit än."),
        ({"adjusted_on": "30 maj"}, "Justeringsdatum: Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({}, "Justeringsdatum: Ange justeringsdatum."),
    ],
    ids=["missing-decision", "future", "not-a-date", "empty"],
)
def test_adjusting_is_refused_with_the_reason_and_nothing_changes(signed_in, protocol, data, message):
    response = signed_in.post(url("protocol_adjust", protocol), data)
    assert response.status_code == 200
    assert message in page_text(response)
    protocol.refresh_from_db()
    assert protocol.adjusted_on is None


# --- Posting --------------------------------------------------------------------------------------------------------


def test_post_page_shows_the_dates_for_today(signed_in, adjusted):
    text = page_text(signed_in.get(url("protocol_post", adjusted)))
    assert "Anslaget publicerat fredag 31 maj 2024" in text
    assert "Sista dag för överklagande måndag 24 juni 2024" in text
    assert "Anslaget tas ned tisdag 25 juni 2024" in text
    assert not Posting.objects.exists()


def test_posting(signed_in, adjusted):
    response = signed_in.post(url("protocol_post", adjusted), follow=True)
    assert response.redirect_chain == [(url("protocol_detail", adjusted), 302)]
    assert "Protokollet är anslaget på anslagstavlan. Sista dag för överklagande är måndag 24 juni 2024." in page_text(
        response
    )
    assert Posting.objects.get().protocol == adjusted


def test_posting_refusal_is_shown_on_the_page(signed_in, adjusted):
    pdf_stored_before_the_agenda(
        adjusted.meeting,
        title="Tjänsteskrivelse",
        kind=Document.Kind.REPORT,
        meeting=adjusted.meeting,
        text="Sökande 811218-9876",
    )
    response = signed_in.post(url("protocol_post", adjusted))
    assert response.status_code == 200
    text = page_text(response)
    assert "Protokollet kan inte anslås ännu" in text
    assert "Dokumentet ”Tjänsteskrivelse” innehåller ett personnummer eller samordningsnummer på sidan 1" in text
    assert not Posting.objects.exists()


# --- Correcting -----------------------------------------------------------------------------------------------------


def test_correction_needs_a_note_and_then_leads_to_the_new_draft(signed_in, body):
    original = posted_protocol(posted_on=dt.date(2024, 5, 31), meeting=MeetingFactory(body=body))
    refused = signed_in.post(url("protocol_correct", original), {"correction_note": "  "})
    assert "Om rättelsen: Beskriv vad som rättas." in page_text(refused)
    assert Protocol.objects.count() == 1

    response = signed_in.post(url("protocol_correct", original), {"correction_note": "Fel datum i § 3."}, follow=True)

    correction = Protocol.objects.get(version=2)
    assert response.redirect_chain == [(url("protocol_detail", correction), 302)]
    text = page_text(response)
    assert "Version 2 är skapad som utkast." in text
    assert "Fel datum i § 3." in text
    assert Protocol.objects.get(version=1).is_posted


# --- History --------------------------------------------------------------------------------------------------------


def test_history_page_lists_changes_to_the_protocol_and_its_paragraphs(signed_in, protocol):
    paragraph = protocol.paragraphs.get(number=2)
    signed_in.post(
        url("paragraph_edit", paragraph),
        paragraph_data(
            number="2",
            title=paragraph.title,
            case_number=paragraph.case_number,
            agenda_item=str(paragraph.agenda_item_id),
            decision="Avslås.",
        ),
    )
    text = page_text(signed_in.get(url("protocol_history", protocol)))
    assert re.search(r"Karin Lund ?: Paragraf § 2 ändrad Beslut Före: \(tomt\) → Efter: Avslås\.", text)
    assert "Protokollet, version 1 skapad" in text
