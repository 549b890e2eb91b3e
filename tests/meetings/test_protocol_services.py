"""The protocol workflow: create a draft from the agenda, edit it, adjust it, post it, correct it."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Document, Meeting, Posting, Protocol, ProtocolParagraph
from meetings.services import (
    paragraph_add,
    paragraph_delete,
    paragraph_update,
    protocol_adjust,
    protocol_correct,
    protocol_create,
    protocol_post,
    protocol_update,
)
from meetings.tasks import protocol_pdf_render, publication_alert_send
from tests.factories import (
    STOCKHOLM,
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    make_document,
    posted_protocol,
    roster,
    secretary_of,
)

pytestmark = pytest.mark.django_db

IMMUTABLE = "Protokollet är justerat och kan inte ändras. Gör en rättelse i stället."


@pytest.fixture
def body():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def secretary(body):
    return secretary_of(body, username="karin")


def meeting_with_agenda(body, start, items=2, **kwargs) -> Meeting:
    meeting = MeetingFactory(body=body, start=start, agenda_published_at=timezone.now(), **kwargs)
    for position in range(1, items + 1):
        AgendaItemFactory(meeting=meeting, position=position, number=str(position), proposal=f"Förslag {position}.")
    return meeting


def numbers(protocol: Protocol) -> list[int]:
    return list(protocol.paragraphs.order_by("position").values_list("number", flat=True))


def messages(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.messages


def complete_protocol(meeting_start=None, **kwargs) -> Protocol:
    """A draft with everything adjusting needs: header, one public paragraph with a decision."""
    meeting = MeetingFactory(start=meeting_start or local(2024, 5, 28), agenda_published_at=timezone.now())
    protocol = ProtocolFactory(meeting=meeting, **kwargs)
    ProtocolParagraphFactory(protocol=protocol, number=40, title="Budget 2025")
    return protocol


def pdf_stored_before_the_agenda(meeting: Meeting, /, **kwargs) -> Document:
    """A published PDF stored while the agenda was not out yet, for a meeting or (agenda_item=…) one of its items.

    document_add reads a PDF for personnummer only when it is public the moment it is stored; one stored earlier is
    how a personnummer can still be among a meeting's documents when its protocol is posted.
    """
    published_at = meeting.agenda_published_at
    meeting.agenda_published_at = None
    try:
        return make_document(**kwargs)
    finally:
        meeting.agenda_published_at = published_at


# --- Creating the draft ---------------------------------------------------------------------------------------------


def test_paragraph_numbers_continue_through_the_bodys_year(body, secretary):
    january = protocol_create(meeting=meeting_with_agenda(body, local(2024, 1, 16), items=3), user=secretary)
    other_body = meeting_with_agenda(BodyFactory(), local(2024, 2, 1), items=4)
    protocol_create(meeting=other_body, user=secretary_of(other_body.body))
    march = protocol_create(meeting=meeting_with_agenda(body, local(2024, 3, 12), items=2), user=secretary)

    assert numbers(january) == [1, 2, 3]
    assert numbers(march) == [4, 5]  # the other body's paragraphs do not count


def test_paragraph_numbers_start_at_one_in_a_new_year(body, secretary):
    december = protocol_create(meeting=meeting_with_agenda(body, local(2023, 12, 5), items=2), user=secretary)
    paragraph_add(protocol=december, number=187, title="Sista paragrafen 2023")

    january = protocol_create(meeting=meeting_with_agenda(body, local(2024, 1, 16), items=2), user=secretary)

    assert numbers(january) == [1, 2]


def test_draft_has_one_paragraph_per_agenda_item_in_agenda_order(body, secretary):
    meeting = MeetingFactory(body=body, start=local(2024, 5, 7), agenda_published_at=timezone.now())
    second = AgendaItemFactory(meeting=meeting, position=2, number="2", title="Budget", proposal="Att anta budgeten.")
    first = AgendaItemFactory(
        meeting=meeting, position=1, number="1", title="Val av justerare", case_number="Ks 12/2024", proposal=""
    )
    secret = AgendaItemFactory(meeting=meeting, position=3, number="3", title="Personalärende", is_public=False)

    protocol = protocol_create(meeting=meeting, user=secretary)

    assert protocol.version == 1 and not protocol.is_adjusted
    paragraphs = list(protocol.paragraphs.order_by("position"))
    assert [(p.number, p.title, p.agenda_item) for p in paragraphs] == [
        (1, "Val av justerare", first),
        (2, "Budget", second),
        (3, "Personalärende", secret),
    ]
    assert paragraphs[0].case_number == "Ks 12/2024"
    assert paragraphs[1].decision == "Att anta budgeten."  # the proposal, for the secretary to edit
    assert [p.is_public for p in paragraphs] == [True, True, False]


def test_the_elected_come_from_the_roster_and_the_officials_from_the_latest_adjusted_protocol(body, secretary):
    chair, member, substitute = roster(body, members=2, substitutes=1)
    ended = MembershipFactory(body=body, start=dt.date(2023, 1, 1), end=dt.date(2024, 4, 30))  # left before the day
    older = MeetingFactory(body=body, start=local(2024, 3, 12))
    ProtocolFactory(meeting=older, adjusted_on=dt.date(2024, 3, 14), secretary="Gammal Sekreterare")
    latest = MeetingFactory(body=body, start=local(2024, 4, 9))
    ProtocolFactory(
        meeting=latest,
        adjusted_on=dt.date(2024, 4, 11),
        chair="Marie Johansson (S)",
        secretary="Karin Lund",
        members="Marie Johansson (S)\nJan Berg (M)",
        adjusters="Jan Berg (M)",
        officials="Karin Lund, nämndsekreterare",
    )
    ProtocolFactory(meeting=MeetingFactory(body=body, start=local(2024, 4, 20)), secretary="Utkastets sekreterare")

    protocol = protocol_create(meeting=meeting_with_agenda(body, local(2024, 5, 7)), user=secretary)

    rows = {row.membership: row for row in protocol.attendance.all()}
    assert set(rows) == {chair, member, substitute}  # not the one whose membership ended before the meeting
    assert ended not in rows
    assert rows[chair].is_present and rows[chair].is_chair
    assert rows[member].is_present and not rows[member].is_chair
    assert not rows[substitute].is_present  # an ersättare is absent until the secretary marks them
    assert not any(row.is_adjuster for row in rows.values())  # they take turns: the secretary names this meeting's
    assert (protocol.secretary, protocol.officials) == ("Karin Lund", "Karin Lund, nämndsekreterare")
    # The older free text is not copied: the elected are in the attendance now.
    assert (protocol.chair, protocol.members, protocol.adjusters) == ("", "", "")


def test_a_body_with_no_roster_gets_who_attended_from_its_latest_adjusted_protocol_but_not_the_adjusters(
    body, secretary
):
    ProtocolFactory(
        meeting=MeetingFactory(body=body, start=local(2024, 4, 9)),
        adjusted_on=dt.date(2024, 4, 11),
        chair="Marie Johansson (S)",
        members="Marie Johansson (S)\nJan Berg (M)",
        substitutes="Per Holm (S)",
        adjusters="Jan Berg (M)",
        secretary="Karin Lund",
    )
    protocol = protocol_create(meeting=meeting_with_agenda(body, local(2024, 5, 7)), user=secretary)
    assert not protocol.attendance.exists()
    assert (protocol.chair, protocol.members, protocol.substitutes) == (
        "Marie Johansson (S)",
        "Marie Johansson (S)\nJan Berg (M)",
        "Per Holm (S)",
    )
    assert (protocol.adjusters, protocol.secretary) == ("", "Karin Lund")


def test_first_protocol_of_a_body_starts_with_an_empty_header(body, secretary):
    protocol = protocol_create(meeting=meeting_with_agenda(body, local(2024, 5, 7)), user=secretary)
    assert (protocol.chair, protocol.members) == ("", "")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda m: ProtocolFactory(meeting=m), "Sammanträdet har redan ett protokoll"),
        (lambda m: Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.CANCELLED), "inställt"),
        (lambda m: Meeting.objects.filter(pk=m.pk).update(agenda_published_at=None), "Ärendelistan är inte publicerad"),
    ],
    ids=["already-has-protocol", "cancelled", "agenda-unpublished"],
)
def test_create_is_refused_and_stores_nothing(body, secretary, setup, message):
    meeting = meeting_with_agenda(body, local(2024, 5, 7))
    setup(meeting)
    before = (Protocol.objects.count(), ProtocolParagraph.objects.count())

    with pytest.raises(ValidationError) as error:
        protocol_create(meeting=meeting, user=secretary)

    assert message in messages(error)[0]
    assert (Protocol.objects.count(), ProtocolParagraph.objects.count()) == before


# --- Editing the draft ----------------------------------------------------------------------------------------------


def test_draft_paragraphs_can_be_added_changed_and_deleted(body, secretary):
    protocol = protocol_create(meeting=meeting_with_agenda(body, local(2024, 5, 7), items=1), user=secretary)
    added = paragraph_add(
        protocol=protocol, number=2, title="Anmälningar", decision="Anmälningarna läggs till handlingarna."
    )
    assert added.position == 2  # last

    paragraph_update(paragraph=added, decision="Kommunstyrelsen beslutar att lägga anmälningarna till handlingarna.")
    added.refresh_from_db()
    assert added.decision.startswith("Kommunstyrelsen beslutar")

    paragraph_delete(paragraph=added)
    assert numbers(protocol) == [1]


def test_unclosed_masking_marker_is_refused_naming_the_field(body, secretary):
    protocol = protocol_create(meeting=meeting_with_agenda(body, local(2024, 5, 7), items=1), user=secretary)
    paragraph = protocol.paragraphs.get()

    with pytest.raises(ValidationError) as error:
        paragraph_update(paragraph=paragraph, decision="Bidrag beviljas [[Anna Andersson, Storgatan 1.")

    assert error.value.message_dict["decision"] == [
        "Beslut: en markering för maskering börjar med [[ men avslutas inte med ]]."
    ]
    paragraph.refresh_from_db()
    assert paragraph.decision == "Förslag 1."


def test_a_paragraph_number_is_used_once_in_the_bodys_year(body, secretary):
    may = protocol_create(meeting=meeting_with_agenda(body, local(2024, 5, 7), items=2), user=secretary)
    june = protocol_create(meeting=meeting_with_agenda(body, local(2024, 6, 3), items=1), user=secretary)

    with pytest.raises(ValidationError) as same:
        paragraph_add(protocol=may, number=2, title="Dubblett")
    with pytest.raises(ValidationError) as other:
        paragraph_add(protocol=june, number=1, title="Dubblett")

    assert same.value.message_dict["number"] == ["Paragraf (§): protokollet har redan en § 2."]
    assert other.value.message_dict["number"] == [
        "Paragraf (§): § 1 finns redan i protokollet från sammanträdet tisdag 7 maj 2024."
    ]
    assert not ProtocolParagraph.objects.filter(title="Dubblett").exists()


def test_header_changes_are_saved_while_draft(body, secretary):
    protocol = protocol_create(meeting=meeting_with_agenda(body, local(2024, 5, 7)), user=secretary)
    protocol_update(protocol=protocol, chair="Marie Johansson (S)", adjusters="Jan Berg (M)")
    protocol.refresh_from_db()
    assert (protocol.chair, protocol.adjuster_list) == ("Marie Johansson (S)", ["Jan Berg (M)"])


@pytest.mark.parametrize(
    "change",
    [
        lambda protocol, paragraph: protocol_update(protocol=protocol, chair="Någon annan"),
        lambda protocol, paragraph: paragraph_add(protocol=protocol, number=99, title="Efterhandskonstruktion"),
        lambda protocol, paragraph: paragraph_update(paragraph=paragraph, decision="Ett annat beslut."),
        lambda protocol, paragraph: paragraph_delete(paragraph=paragraph),
    ],
    ids=["header", "add", "update", "delete"],
)
def test_an_adjusted_protocol_cannot_be_changed(change):
    protocol = ProtocolFactory(adjusted_on=dt.date(2024, 1, 20))
    paragraph = ProtocolParagraphFactory(protocol=protocol, decision="Det justerade beslutet.")

    with pytest.raises(ValidationError) as error:
        change(protocol, paragraph)

    assert messages(error) == [IMMUTABLE]
    protocol.refresh_from_db()
    assert protocol.chair == "Marie Johansson (S)"
    assert list(protocol.paragraphs.values_list("decision", flat=True)) == ["Det justerade beslutet."]


# --- Adjusting ------------------------------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_adjusting_records_the_date_and_who(secretary):
    protocol = complete_protocol()
    protocol_adjust(protocol=protocol, adjusted_on=dt.date(2024, 5, 30), user=secretary)
    protocol.refresh_from_db()
    assert protocol.adjusted_on == dt.date(2024, 5, 30)
    assert protocol.adjusted_by == secretary
    assert protocol.status == Protocol.Status.ADJUSTED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.__setattr__("chair", ""), "Ordförande saknas."),
        (lambda p: p.__setattr__("secretary", "  "), "Sekreterare saknas."),
        (lambda p: p.__setattr__("adjusters", "\n"), "Justerare saknas: minst en justerare behövs."),
        (lambda p: p.__setattr__("members", ""), "Beslutande ledamöter saknas: minst en ledamot behövs."),
        (lambda p: p.paragraphs.all().delete(), "Protokollet har inga paragrafer."),
        (lambda p: p.paragraphs.update(decision=""), "§ 40 ”Budget 2025” saknar beslut."),
    ],
    ids=["chair", "secretary", "adjusters", "members", "paragraphs", "decision"],
)
@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_adjusting_is_refused_with_a_message_for_what_is_missing(secretary, change, message):
    protocol = complete_protocol()
    change(protocol)
    protocol.save()

    with pytest.raises(ValidationError) as error:
        protocol_adjust(protocol=protocol, adjusted_on=dt.date(2024, 5, 30), user=secretary)

    assert messages(error) == [message]
    protocol.refresh_from_db()
    assert protocol.adjusted_on is None


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_each_missing_piece_is_its_own_message(secretary):
    protocol = complete_protocol(chair="", adjusters="")
    with pytest.raises(ValidationError) as error:
        protocol_adjust(protocol=protocol, adjusted_on=dt.date(2024, 6, 1), user=secretary)
    assert messages(error) == [
        "Ordförande saknas.",
        "Justerare saknas: minst en justerare behövs.",
        "Justeringsdatum: dagen har inte kommit än. Ange den dag protokollet justerades.",
    ]


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_a_secret_paragraph_needs_no_published_decision(secretary):
    protocol = complete_protocol()
    ProtocolParagraphFactory(protocol=protocol, number=41, is_public=False, decision="")
    protocol_adjust(protocol=protocol, adjusted_on=dt.date(2024, 5, 31), user=secretary)
    assert Protocol.objects.get(pk=protocol.pk).is_adjusted


@pytest.mark.parametrize(
    ("adjusted_on", "message"),
    [
        (
            dt.date(2024, 5, 27),
            "Justeringsdatum: protokollet kan inte justeras före sammanträdet (tisdag 28 maj 2024).",
        ),
        (dt.date(2024, 6, 1), "Justeringsdatum: dagen har inte kommit än. Ange den dag protokollet justerades."),
    ],
    ids=["before-meeting", "future"],
)
@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_adjustment_date_lies_between_the_meeting_and_today(secretary, adjusted_on, message):
    protocol = complete_protocol()
    with pytest.raises(ValidationError) as error:
        protocol_adjust(protocol=protocol, adjusted_on=adjusted_on, user=secretary)
    assert error.value.message_dict["adjusted_on"] == [message]


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_the_meeting_day_itself_is_a_valid_adjustment_date(secretary):
    protocol = complete_protocol(meeting_start=local(2024, 5, 31, 9, 0))
    protocol_adjust(protocol=protocol, adjusted_on=dt.date(2024, 5, 31), user=secretary)


# --- Posting --------------------------------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_posting_on_friday_before_midsummer_gives_the_monday_after_as_last_appeal_day(secretary):
    protocol = complete_protocol(adjusted_on=dt.date(2024, 5, 30))

    posting = protocol_post(protocol=protocol, user=secretary)

    # 2024-05-31 + 3 weeks = Friday 21 June, midsommarafton; Saturday and Sunday follow: Monday 24 June.
    assert posting.posted_on == dt.date(2024, 5, 31)
    assert posting.appeal_last_day == dt.date(2024, 6, 24)
    assert posting.taken_down_on == dt.date(2024, 6, 25)
    assert posting.posted_by == secretary
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.POSTED
    assert protocol.meeting.status == Meeting.Status.HELD


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_posting_keeps_a_cancelled_meeting_cancelled(secretary):
    protocol = complete_protocol(adjusted_on=dt.date(2024, 5, 30))
    Meeting.objects.filter(pk=protocol.meeting_id).update(status=Meeting.Status.CANCELLED)
    protocol_post(protocol=protocol, user=secretary)
    assert Meeting.objects.get(pk=protocol.meeting_id).status == Meeting.Status.CANCELLED


@pytest.mark.parametrize(
    ("posted_on", "message"),
    [
        (dt.date(2024, 5, 29), "Anslagsdatum: anslaget kan inte publiceras före justeringen (torsdag 30 maj 2024)."),
        (dt.date(2024, 6, 1), "Anslagsdatum: dagen har inte kommit än."),
    ],
    ids=["before-adjustment", "future"],
)
@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_posting_date_lies_between_the_adjustment_and_today(secretary, posted_on, message):
    protocol = complete_protocol(adjusted_on=dt.date(2024, 5, 30))
    with pytest.raises(ValidationError) as error:
        protocol_post(protocol=protocol, user=secretary, posted_on=posted_on)
    assert messages(error) == [message]
    assert not Posting.objects.exists()


def test_a_draft_cannot_be_posted_nor_a_posted_protocol_again(secretary):
    with pytest.raises(ValidationError) as draft:
        protocol_post(protocol=complete_protocol(), user=secretary)
    with pytest.raises(ValidationError) as again:
        protocol_post(protocol=posted_protocol(posted_on=dt.date(2024, 1, 20)), user=secretary)
    assert messages(draft) == ["Protokollet måste justeras innan det kan anslås."]
    assert messages(again) == ["Protokollet är redan anslaget."]
    assert Posting.objects.count() == 1


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_posting_is_refused_while_a_published_pdf_of_the_meeting_contains_a_personnummer(secretary):
    protocol = complete_protocol(adjusted_on=dt.date(2024, 5, 30))
    meeting = protocol.meeting
    make_document(title="Ärendelista", meeting=meeting, text="Ärendelista utan personuppgifter")
    pdf_stored_before_the_agenda(
        meeting,
        title="Tjänsteskrivelse",
        kind=Document.Kind.REPORT,
        meeting=meeting,
        text="Sökande 811218-9876 ansöker",
    )

    with pytest.raises(ValidationError) as error:
        protocol_post(protocol=protocol, user=secretary)

    [message] = messages(error)
    assert "Tjänsteskrivelse" in message and "sidan 1" in message
    assert not Posting.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_a_published_pdf_of_an_agenda_item_also_blocks_posting_but_an_unpublished_one_does_not(secretary):
    protocol = complete_protocol(adjusted_on=dt.date(2024, 5, 30))
    item = AgendaItemFactory(meeting=protocol.meeting)
    attachment = pdf_stored_before_the_agenda(
        item.meeting, title="Bilaga 1", kind=Document.Kind.ATTACHMENT, agenda_item=item, text="Nr 811218-9876"
    )

    with pytest.raises(ValidationError) as error:
        protocol_post(protocol=protocol, user=secretary)
    assert "Bilaga 1" in messages(error)[0]

    Document.objects.filter(pk=attachment.pk).update(is_published=False)
    protocol_post(protocol=protocol, user=secretary)
    assert Posting.objects.filter(protocol=protocol).exists()


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_posting_queues_the_alert_to_subscribers_and_the_pdf_once_committed(
    secretary, django_capture_on_commit_callbacks
):
    protocol = complete_protocol(adjusted_on=dt.date(2024, 5, 30))
    with (
        mock.patch.object(publication_alert_send, "apply_async") as alert,
        mock.patch.object(protocol_pdf_render, "apply_async") as render,
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            protocol_post(protocol=protocol, user=secretary)
        assert not alert.called and not render.called  # nothing leaves before the commit
        for callback in callbacks:
            callback()
    alert.assert_called_once()
    assert alert.call_args.kwargs["args"] == ("protocol", protocol.pk)
    render.assert_called_once()
    assert render.call_args.kwargs["args"] == (protocol.pk,)


@time_machine.travel(dt.datetime(2024, 5, 31, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_a_refused_posting_queues_no_alert(secretary, django_capture_on_commit_callbacks):
    protocol = complete_protocol()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        protocol_post(protocol=protocol, user=secretary)
    assert callbacks == []


# --- Correcting -----------------------------------------------------------------------------------------------------


def test_correction_creates_version_2_as_a_draft_and_leaves_version_1_posted(secretary):
    original = posted_protocol(posted_on=dt.date(2024, 1, 20))
    ProtocolParagraphFactory(protocol=original, number=12, title="Budget", decision="Beslut med fel.", position=1)
    ProtocolParagraphFactory(protocol=original, number=13, title="Motion", is_public=False, position=2)

    correction = protocol_correct(protocol=original, note="Beslutet i § 12 var felskrivet.", user=secretary)

    assert correction.version == 2
    assert correction.status == Protocol.Status.DRAFT
    assert correction.correction_note == "Beslutet i § 12 var felskrivet."
    assert (correction.chair, correction.adjusters) == (original.chair, original.adjusters)
    assert list(correction.paragraphs.values_list("number", "title", "decision", "is_public")) == [
        (12, "Budget", "Beslut med fel.", True),
        (13, "Motion", "Kommunstyrelsen beslutar att godkänna förslaget.", False),
    ]
    original.refresh_from_db()
    assert original.status == Protocol.Status.POSTED
    assert original.paragraphs.count() == 2

    paragraph_update(paragraph=correction.paragraphs.get(number=12), decision="Rätt beslut.")
    assert original.paragraphs.get(number=12).decision == "Beslut med fel."


@pytest.mark.parametrize(
    ("make", "note", "message"),
    [
        (lambda: complete_protocol(), "Rättelse", "Bara ett anslaget protokoll kan rättas."),
        (lambda: posted_protocol(posted_on=dt.date(2024, 1, 20)), "  ", "Om rättelsen: beskriv vad som rättas."),
        (
            lambda: posted_protocol(posted_on=dt.date(2024, 1, 20)),
            "Namnet på [[Per Holm var fel.",
            "Om rättelsen: en markering för maskering börjar med [[",
        ),
    ],
    ids=["draft", "no-note", "unclosed-marker"],
)
def test_correction_is_refused(secretary, make, note, message):
    protocol = make()
    with pytest.raises(ValidationError) as error:
        protocol_correct(protocol=protocol, note=note, user=secretary)
    assert messages(error)[0].startswith(message)
    assert Protocol.objects.count() == 1


def test_only_the_newest_version_can_be_corrected(secretary):
    original = posted_protocol(posted_on=dt.date(2024, 1, 20))
    protocol_correct(protocol=original, note="Första rättelsen.", user=secretary)
    with pytest.raises(ValidationError) as error:
        protocol_correct(protocol=original, note="Andra rättelsen.", user=secretary)
    assert messages(error) == ["Det finns redan en nyare version (version 2) av protokollet. Rätta den i stället."]
