"""The secretary sees a personnummer before citizens do: every staff form with free text stops at the field, offers to
mask it or keep it, and lists what will be masked; the publish and posting confirmations list every masked span of
what becomes public; editing under a published agenda says so and is recorded in the history."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from goals.models import CommitmentStatus, CommitmentUpdate
from meetings.forms.personal_data import mark_numbers, unmarked_numbers
from meetings.models import AgendaItem, Document, Meeting, Protocol, ProtocolParagraph
from meetings.services import protocol_create
from reports.models import Section
from tests.factories import (
    STOCKHOLM,
    AgendaItemFactory,
    AnnualReportFactory,
    BodyFactory,
    CommitmentFactory,
    MeetingFactory,
    PolicyAreaFactory,
    ProtocolParagraphFactory,
    local,
    make_document,
    make_pdf,
    posted_protocol,
    secretary_of,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM)
NUMBER = "811218-9876"
OTHER = "701063-2391"  # a samordningsnummer
WARNING = f"Fältet innehåller ett personnummer ({NUMBER}). Det visas som [personnummer maskerat] för allmänheten."


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def body():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", default_start_time=dt.time(8, 30))


@pytest.fixture
def secretary(client, body):
    user = secretary_of(body, username="karin", first_name="Karin", last_name="Lund")
    client.force_login(user)
    return user


@pytest.fixture
def upcoming(body):
    """A meeting three weeks ahead whose agenda is not yet published."""
    return MeetingFactory(body=body, start=local(2024, 6, 20, 8, 30), place="Stadshuset")


@pytest.fixture
def held(body):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 28), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Budget 2025", proposal="Att anta budgeten.")
    return meeting


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- detection and marking ----------------------------------------------------------------------------------------


def test_marking_wraps_every_unmarked_number_and_leaves_marked_ones_alone():
    text = f"Sökande {NUMBER} och [[{OTHER}]], ärende Ks 181/2022, tfn 070-123 45 67, {OTHER}."
    assert [text[start:end] for start, end in unmarked_numbers(text)] == [NUMBER, OTHER]
    assert (
        mark_numbers(text)
        == f"Sökande [[{NUMBER}]] och [[{OTHER}]], ärende Ks 181/2022, tfn 070-123 45 67, [[{OTHER}]]."
    )
    assert mark_numbers(mark_numbers(text)) == mark_numbers(text)


def test_a_number_broken_over_a_line_is_marked_whole():
    text = "Sökande 811218-\n9876 har ansökt."
    assert mark_numbers(text) == "Sökande [[811218-\n9876]] har ansökt."


# --- every form with free text ------------------------------------------------------------------------------------


@dataclass
class Case:
    url: str
    data: dict
    field: str  # the form field holding the number
    stored: Callable[[], str | None]  # what is saved in that field now (None: nothing saved)
    files: Callable[[], dict] = dict


def _meeting_create(body, **_):
    def stored():
        meeting = Meeting.objects.filter(body=body, start__date=dt.date(2024, 6, 24)).first()
        return meeting.place if meeting else None

    data = {"body": body.pk, "day": "2024-06-24", "place": f"Hemma hos {NUMBER}"}
    return Case(reverse("staff:meeting_create"), data, "place", stored)


def _meeting_edit(upcoming, **_):
    data = {"day": "2024-06-20", "start_time": "08:30", "place": f"Hemma hos {NUMBER}", "is_public": "on"}
    return Case(
        reverse("staff:meeting_edit", args=[upcoming.pk]),
        data,
        "place",
        lambda: Meeting.objects.get(pk=upcoming.pk).place,
    )


def _meeting_cancel(upcoming, **_):
    def stored():
        meeting = Meeting.objects.get(pk=upcoming.pk)
        return meeting.status_note if meeting.is_cancelled else None

    data = {"reason": f"Ordföranden {NUMBER} är sjuk."}
    return Case(reverse("staff:meeting_cancel", args=[upcoming.pk]), data, "reason", stored)


def _meeting_move(upcoming, **_):
    def stored():
        meeting = Meeting.objects.get(pk=upcoming.pk)
        return meeting.status_note if meeting.start != local(2024, 6, 20, 8, 30) else None

    data = {"day": "2024-06-21", "start_time": "09:00", "reason": f"Ordföranden {NUMBER} är sjuk."}
    return Case(reverse("staff:meeting_move", args=[upcoming.pk]), data, "reason", stored)


def _item_title(upcoming, **_):
    def stored():
        item = upcoming.items.first()
        return item.title if item else None

    data = {"number": "1", "title": f"Bygglov för {NUMBER}", "case_number": "", "proposal": "", "is_public": "on"}
    return Case(reverse("staff:item_create", args=[upcoming.pk]), data, "title", stored)


def _item_proposal(upcoming, **_):
    item = AgendaItemFactory(meeting=upcoming, number="1", title="Bygglov", proposal="Att bevilja.")
    data = {"number": "1", "title": "Bygglov", "case_number": "", "proposal": f"Att bevilja {NUMBER} bygglov."}
    data["is_public"] = "on"
    return Case(
        reverse("staff:item_edit", args=[item.pk]),
        data,
        "proposal",
        lambda: AgendaItem.objects.get(pk=item.pk).proposal,
    )


def _document_upload(upcoming, **_):
    def stored():
        document = Document.objects.filter(meeting=upcoming).first()
        return document.title if document else None

    data = {"title": f"Ansökan från {NUMBER}", "kind": Document.Kind.REPORT, "agenda_item": "", "is_published": "on"}
    files = lambda: {"file": SimpleUploadedFile("ansokan.pdf", make_pdf("Ansökan"), "application/pdf")}  # noqa: E731
    return Case(reverse("staff:document_create", args=[upcoming.pk]), data, "title", stored, files)


def _document_edit(upcoming, **_):
    document = make_document(title="Ansökan", kind=Document.Kind.REPORT, meeting=upcoming)
    data = {"title": f"Ansökan från {NUMBER}", "kind": Document.Kind.REPORT, "is_published": "on"}
    return Case(
        reverse("staff:document_edit", args=[document.pk]),
        data,
        "title",
        lambda: Document.objects.get(pk=document.pk).title,
    )


def _protocol_header(held, secretary, **_):
    protocol = protocol_create(meeting=held, user=secretary)
    data = {
        "chair": "Marie Johansson (S)",
        "secretary": "Karin Lund",
        "adjusters": "Jan Berg (M)",
        "members": f"Marie Johansson (S)\nJan Berg (M) {NUMBER}",
        "substitutes": "",
        "officials": "",
    }
    return Case(
        reverse("staff:protocol_edit", args=[protocol.pk]),
        data,
        "members",
        lambda: Protocol.objects.get(pk=protocol.pk).members,
    )


def _paragraph(held, secretary, **_):
    protocol = protocol_create(meeting=held, user=secretary)
    paragraph = protocol.paragraphs.get()
    data = {
        "number": "1",
        "title": "Budget 2025",
        "case_number": "",
        "agenda_item": paragraph.agenda_item_id,
        "matter": "Förslag till budget.",
        "decision": f"Bidrag beviljas {NUMBER}.",
        "reservations": "",
        "is_public": "on",
    }
    return Case(
        reverse("staff:paragraph_edit", args=[paragraph.pk]),
        data,
        "decision",
        lambda: ProtocolParagraph.objects.get(pk=paragraph.pk).decision,
    )


def _correction(held, **_):
    protocol = posted_protocol(posted_on=dt.date(2024, 5, 30), meeting=held)
    ProtocolParagraphFactory(protocol=protocol, number=1)

    def stored():
        correction = held.protocols.filter(version=2).first()
        return correction.correction_note if correction else None

    data = {"correction_note": f"Fel personnummer i § 1, rätt är {NUMBER}."}
    return Case(reverse("staff:protocol_correct", args=[protocol.pk]), data, "correction_note", stored)


def _commitment_comment(**_):
    commitment = CommitmentFactory(area=PolicyAreaFactory(name="Trygghet", slug="trygghet"))

    def stored():
        update = CommitmentUpdate.objects.filter(commitment=commitment).first()
        return update.comment if update else None

    data = {"date": "2024-05-14", "status": CommitmentStatus.IN_PROGRESS, "comment": f"Enligt {NUMBER}."}
    return Case(reverse("goals_staff:commitment_update_add", args=[commitment.pk]), data, "comment", stored)


def _report_section(body, **_):
    report = AnnualReportFactory(body=body)
    section = Section.objects.create(report=report, number="1", heading="Analys", text="Året var svårt.", position=1)

    def stored():
        text = Section.objects.get(pk=section.pk).text
        return None if text == "Året var svårt." else text

    data = {"heading": "Analys", "text": f"Året var svårt för {NUMBER}."}
    return Case(reverse("reports_staff:section_edit", args=[section.pk]), data, "text", stored)


def _report_heading(body, **_):
    report = AnnualReportFactory(body=body)
    section = Section.objects.create(report=report, number="1", heading="Analys", text="Året var svårt.", position=1)

    def stored():
        heading = Section.objects.get(pk=section.pk).heading
        return None if heading == "Analys" else heading

    data = {"heading": f"Analys av {NUMBER}", "text": "Året var svårt."}
    return Case(reverse("reports_staff:section_edit", args=[section.pk]), data, "heading", stored)


CASES = {
    "meeting place (create)": _meeting_create,
    "meeting place (edit)": _meeting_edit,
    "cancellation reason": _meeting_cancel,
    "move reason": _meeting_move,
    "agenda item title": _item_title,
    "agenda item proposal": _item_proposal,
    "document title (upload)": _document_upload,
    "document title (edit)": _document_edit,
    "protocol members": _protocol_header,
    "paragraph decision": _paragraph,
    "correction note": _correction,
    "commitment comment": _commitment_comment,
    "report section text": _report_section,
    "report section heading": _report_heading,
}


@pytest.fixture(params=list(CASES))
def case(request, body, secretary, upcoming, held) -> Case:
    return CASES[request.param](body=body, secretary=secretary, upcoming=upcoming, held=held)


def test_the_first_save_stops_at_the_field_with_the_warning_and_saves_nothing(client, case):
    before = case.stored()
    response = client.post(case.url, {**case.data, **case.files()})

    assert response.status_code == 200
    assert case.stored() == before
    html = response.content.decode()
    # The warning is tied to the field it is about.
    field = re.search(rf'<(?:input|textarea)[^>]*name="{case.field}"[^>]*>', html)[0]
    described = re.search(r'aria-describedby="([^"]*)"', field)[1].split()
    assert f"id_{case.field}_personal" in described
    note = html.split(f'id="id_{case.field}_personal"')[1].split("</div>\n  </div>")[0]
    assert WARNING in note
    assert 'name="personuppgifter" value="maskera"' in note and 'name="personuppgifter" value="behall"' in note
    assert "Formuläret innehåller personnummer: välj hur de ska sparas" in html


def test_mask_and_save_wraps_the_number_in_brackets(client, case):
    response = client.post(case.url, {**case.data, **case.files(), "personuppgifter": "maskera"})

    assert response.status_code == 302, page_text(response)
    assert f"[[{NUMBER}]]" in case.stored()


def test_keep_saves_the_text_as_typed(client, case):
    response = client.post(case.url, {**case.data, **case.files(), "personuppgifter": "behall"})

    assert response.status_code == 302, page_text(response)
    stored = case.stored()
    assert NUMBER in stored and "[[" not in stored


def test_a_number_already_saved_does_not_stop_the_next_save(client, secretary, upcoming):
    item = AgendaItemFactory(meeting=upcoming, number="1", title="Bygglov", proposal=f"Att bevilja {NUMBER}.")
    data = {"number": "1", "title": "Bygglov", "case_number": "", "proposal": f"Att bevilja {NUMBER} i år."}
    response = client.post(reverse("staff:item_edit", args=[item.pk]), data)
    assert response.status_code == 302
    # A new one does.
    data["proposal"] += f" Även {OTHER}."
    response = client.post(reverse("staff:item_edit", args=[item.pk]), data)
    assert response.status_code == 200
    assert f"Fältet innehåller ett personnummer ({OTHER})" in page_text(response)
    assert NUMBER not in page_text(response).split("Fältet innehåller")[1][:60]


def test_other_errors_are_shown_with_the_warning_and_nothing_is_saved(client, secretary, upcoming):
    data = {"number": "1", "title": "", "case_number": "", "proposal": f"Att bevilja {NUMBER}.", "is_public": "on"}
    response = client.post(reverse("staff:item_create", args=[upcoming.pk]), {**data, "personuppgifter": "maskera"})
    assert response.status_code == 200
    assert "Formuläret har fel" in page_text(response)
    assert not upcoming.items.exists()


def test_the_form_lists_marked_spans_and_numbers_as_masked(client, secretary, upcoming):
    item = AgendaItemFactory(
        meeting=upcoming, number="1", title="Bygglov", proposal=f"Ansökan från [[Anna Berg]], {NUMBER}."
    )
    html = client.get(reverse("staff:item_edit", args=[item.pk])).content.decode()
    note = html.split('id="id_proposal_personal"')[1].split("</div>")[0]
    assert "Maskeras för allmänheten:" in note
    assert '<mark class="mask mask--manual">Anna Berg</mark>' in note
    assert f'<mark class="mask mask--identity">{NUMBER}</mark>' in note
    assert 'value="maskera"' not in note  # nothing to decide: the number was saved before
    textarea = re.search(r'<textarea[^>]*name="proposal"[^>]*>', html)[0]
    assert "id_proposal_personal" in textarea


def test_a_field_without_personal_data_has_no_note(client, secretary, upcoming):
    item = AgendaItemFactory(meeting=upcoming, number="1", title="Bygglov", proposal="Att bevilja.")
    html = client.get(reverse("staff:item_edit", args=[item.pk])).content.decode()
    assert "id_proposal_personal" not in html


# --- the confirmations list every masked span ---------------------------------------------------------------------


def test_the_publish_confirmation_lists_every_masked_span_of_the_agenda(client, secretary, upcoming):
    Meeting.objects.filter(pk=upcoming.pk).update(place=f"Hos [[Anna Berg]], {NUMBER}")
    AgendaItemFactory(meeting=upcoming, number="1", position=1, title="Budget 2025", proposal="Att anta budgeten.")
    item = AgendaItemFactory(
        meeting=upcoming, number="2", position=2, title=f"Bygglov för {OTHER}", proposal=f"Att bevilja {NUMBER}."
    )
    secret = AgendaItemFactory(
        meeting=upcoming,
        number="3",
        position=3,
        title="Personalärende",
        proposal=f"Avsked av {NUMBER}",
        is_public=False,
    )
    make_document(title=f"Ansökan från {NUMBER}", kind=Document.Kind.REPORT, agenda_item=item)
    make_document(title="Kallelse till [[Per Holm]]", meeting=upcoming)
    make_document(title=f"Utredning om {NUMBER}", kind=Document.Kind.REPORT, agenda_item=secret)

    response = client.get(reverse("staff:agenda_publish", args=[upcoming.pk]))

    text = page_text(response)
    listing = text.split("Det här maskeras för allmänheten")[1]
    for line in (
        "Sammanträdet, plats: Anna Berg → [personuppgift maskerad]",
        f"Sammanträdet, plats: {NUMBER} → [personnummer maskerat]",
        f"Ärende 2, rubrik: {OTHER} → [personnummer maskerat]",
        f"Ärende 2, förslag till beslut: {NUMBER} → [personnummer maskerat]",
        f"Handlingen ”Ansökan från [personnummer maskerat]” i ärende 2, titel: {NUMBER} → [personnummer maskerat]",
        "Handlingen ”Kallelse till [personuppgift maskerad]”, titel: Per Holm → [personuppgift maskerad]",
    ):
        assert line in listing.replace(" visas som ", " "), line
    assert "6 uppgifter syns inte för allmänheten" in listing
    assert "Ärende 3" not in listing  # secret: published as "Sekretessärende" only, nothing of it to mask
    # "Visas som" shows the masked title.
    assert "Bygglov för [personnummer maskerat]" in text


def test_the_publish_confirmation_says_when_nothing_is_masked(client, secretary, upcoming):
    AgendaItemFactory(meeting=upcoming, number="1", title="Budget 2025", proposal="Att anta budgeten.")
    text = page_text(client.get(reverse("staff:agenda_publish", args=[upcoming.pk])))
    assert "Inget maskeras" in text


def test_the_posting_confirmation_lists_every_masked_span_of_the_protocol(client, secretary, held):
    protocol = protocol_create(meeting=held, user=secretary)
    Protocol.objects.filter(pk=protocol.pk).update(
        chair="Marie Johansson (S)",
        secretary="Karin Lund",
        adjusters="Jan Berg (M)",
        members=f"Marie Johansson (S)\n[[Anna Berg]] {NUMBER}",
        adjusted_on=dt.date(2024, 5, 30),
    )
    protocol.paragraphs.update(matter="Anna Berg har ansökt.", decision=f"Bidrag till {OTHER}.")
    ProtocolParagraphFactory(protocol=protocol, number=2, position=2, is_public=False, decision=f"Om {NUMBER}")

    response = client.get(reverse("staff:protocol_post", args=[protocol.pk]))

    assert response.status_code == 200
    listing = page_text(response).split("Det här maskeras för allmänheten")[1].replace(" visas som ", " ")
    for line in (
        # The field's name as the model gives it: the older free text of those who decided.
        "Protokollet, beslutande (fritext): Anna Berg → [personuppgift maskerad]",
        f"Protokollet, beslutande (fritext): {NUMBER} → [personnummer maskerat]",
        "§ 1, ärendet: Anna Berg → [personuppgift maskerad]",  # marked once, masked throughout the protocol
        f"§ 1, beslut: {OTHER} → [personnummer maskerat]",
    ):
        assert line in listing, line
    assert "§ 2" not in listing


def test_the_preview_says_where_a_name_marked_once_is_masked(client, secretary, held):
    protocol = protocol_create(meeting=held, user=secretary)
    Protocol.objects.filter(pk=protocol.pk).update(members="Marie Johansson (S)\n[[Anna Berg]]")
    paragraph = protocol.paragraphs.get()
    paragraph.matter = "Anna Berg har ansökt om bidrag."
    paragraph.decision = "Bidrag beviljas Anna Berg."
    paragraph.save()

    html = client.get(reverse("staff:protocol_preview", args=[protocol.pk])).content.decode()

    assert "”Anna Berg” är markerad en gång och maskeras på alla 3 ställen i protokollet." in html
    section = html.split(f'id="granska-{paragraph.pk}"')[1].split('class="preview-paragraph"')[0]
    original, public = section.split("preview-column--public")
    assert re.search(r'<mark class="mask mask--manual"[^>]*>Anna Berg</mark>', original)
    assert "Anna Berg" not in public and "[personuppgift maskerad]" in public
    assert "0 personnummer/samordningsnummer maskeras automatiskt, 3 uppgifter är markerade för maskering." in html


# --- editing what is already public -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["item_edit", "item_create", "document_edit", "meeting_edit"])
def test_editing_under_a_published_agenda_says_the_change_is_public_at_once(client, secretary, held, page):
    item = held.items.get()
    document = make_document(title="Kallelse", meeting=held)
    target = {"item_edit": item, "item_create": held, "document_edit": document, "meeting_edit": held}[page]
    text = page_text(client.get(reverse(f"staff:{page}", args=[target.pk])))
    assert "Ärendelistan är publicerad: ändringen syns direkt för allmänheten." in text


def test_editing_before_publishing_says_nothing_about_the_public(client, secretary, upcoming):
    item = AgendaItemFactory(meeting=upcoming, number="1")
    text = page_text(client.get(reverse("staff:item_edit", args=[item.pk])))
    assert "Ärendelistan är publicerad" not in text


def test_a_change_to_a_published_item_is_recorded_with_the_user_and_shown_in_the_history(client, secretary, held):
    item = held.items.get()
    data = {"number": "1", "title": "Budget 2025", "case_number": "", "proposal": "Att anta budgeten med ändring."}
    data["is_public"] = "on"
    assert client.post(reverse("staff:item_edit", args=[item.pk]), data).status_code == 302

    latest = item.history.first()
    assert latest.history_user == secretary and latest.proposal == "Att anta budgeten med ändring."
    text = page_text(client.get(reverse("staff:meeting_history", args=[held.pk])))
    assert "Karin Lund" in text and "Att anta budgeten med ändring." in text


def test_a_choice_made_while_another_field_has_an_error_is_kept_for_the_next_save(client, secretary, upcoming):
    create = reverse("staff:item_create", args=[upcoming.pk])
    data = {"number": "1", "title": "", "case_number": "", "proposal": f"Att bevilja {NUMBER}.", "is_public": "on"}

    masked = client.post(create, {**data, "personuppgifter": "maskera"}).content.decode()
    assert f"Att bevilja [[{NUMBER}]].</textarea>" in masked  # the brackets are in the field now
    kept = client.post(create, {**data, "personuppgifter": "behall"}).content.decode()
    assert '<input type="hidden" name="personuppgifter" value="behall">' in kept

    assert client.post(create, {**data, "title": "Bygglov", "personuppgifter": "behall"}).status_code == 302
    assert upcoming.items.get().proposal == f"Att bevilja {NUMBER}."
