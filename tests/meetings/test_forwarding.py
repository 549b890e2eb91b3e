"""A decision sent on ("föreslås fullmäktige"): Kommunstyrelsen's paragraph becomes an item on a council meeting's
agenda, in the same case; the paragraph records where it went, and the public protocol shows the outcome."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Body, Meeting, ProtocolParagraph
from meetings.services import paragraph_update
from meetings.services.cases import forward_targets, paragraph_forward
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    posted_protocol,
    secretary_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ks():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)


@pytest.fixture
def kf():
    return BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)


@pytest.fixture
def council_meeting(kf):
    """A council meeting after Kommunstyrelsen's, with two items on its agenda already."""
    meeting = MeetingFactory(body=kf, start=local(2024, 6, 18, 9, 0))
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Val av justerare", case_number="")
    AgendaItemFactory(meeting=meeting, position=2, number="2", title="Allmänhetens frågestund", case_number="")
    return meeting


@pytest.fixture
def paragraph(ks):
    """§ 112 of Kommunstyrelsen's draft protocol of 3 June 2024, proposing a decision to the council."""
    protocol = ProtocolFactory(meeting=MeetingFactory(body=ks, start=local(2024, 6, 3)))
    return ProtocolParagraphFactory(
        protocol=protocol,
        number=112,
        title="Detaljplan för Ekbacken",
        case_number="Ks 181/2024",
        decision="Kommunstyrelsen föreslår kommunfullmäktige att anta detaljplanen.",
    )


def test_a_ks_decision_goes_on_to_a_council_meeting_in_the_same_case(paragraph, council_meeting):
    item = paragraph_forward(paragraph=paragraph, meeting=council_meeting)

    assert list(council_meeting.items.order_by("position").values_list("number", "title")) == [
        ("1", "Val av justerare"),
        ("2", "Allmänhetens frågestund"),
        ("3", "Detaljplan för Ekbacken"),
    ]
    assert item.case_number == "Ks 181/2024"
    assert item.proposal == "Kommunstyrelsen föreslår kommunfullmäktige att anta detaljplanen."
    assert item.is_public
    paragraph.refresh_from_db()
    assert item.case_id is not None and item.case_id == paragraph.case_id
    assert paragraph.outcome == ProtocolParagraph.Outcome.FORWARDED
    assert paragraph.forwarded_to == item


def test_a_published_council_agenda_gets_the_item_and_reads_as_changed(paragraph, council_meeting):
    Meeting.objects.filter(pk=council_meeting.pk).update(agenda_published_at=local(2024, 6, 10, 9, 0))
    council_meeting.refresh_from_db()
    paragraph_forward(paragraph=paragraph, meeting=council_meeting)
    council_meeting.refresh_from_db()
    assert council_meeting.agenda_changed_at is not None


def test_a_secret_paragraph_becomes_a_secret_item(paragraph, council_meeting):
    ProtocolParagraph.objects.filter(pk=paragraph.pk).update(is_public=False)
    paragraph.refresh_from_db()
    item = paragraph_forward(paragraph=paragraph, meeting=council_meeting)
    assert not item.is_public


def test_an_utskott_decision_goes_on_to_its_board(ks):
    utskott = BodyFactory(name="Kommunstyrelsens personalutskott", kind=Body.Kind.SUB_COMMITTEE, parent=ks)
    protocol = ProtocolFactory(meeting=MeetingFactory(body=utskott, start=local(2024, 5, 7, 8, 30)))
    paragraph = ProtocolParagraphFactory(protocol=protocol, case_number="Ks 90/2024", title="Lönepolicy")
    board_meeting = MeetingFactory(body=ks, start=local(2024, 6, 3))

    assert board_meeting in forward_targets(paragraph)
    item = paragraph_forward(paragraph=paragraph, meeting=board_meeting)

    assert item.meeting == board_meeting and item.title == "Lönepolicy"


def _refused(paragraph, meeting, expected: str) -> None:
    items_before = AgendaItem.objects.count()
    outcome_before = ProtocolParagraph.objects.get(pk=paragraph.pk).outcome
    with pytest.raises(ValidationError) as refusal:
        paragraph_forward(paragraph=paragraph, meeting=meeting)
    assert expected in " ".join(refusal.value.messages)
    assert AgendaItem.objects.count() == items_before
    assert ProtocolParagraph.objects.get(pk=paragraph.pk).outcome == outcome_before


def test_a_paragraph_without_case_number_is_refused(paragraph, council_meeting):
    ProtocolParagraph.objects.filter(pk=paragraph.pk).update(case_number="")
    paragraph.refresh_from_db()
    _refused(paragraph, council_meeting, "ange diarienummer på paragrafen först")


def test_a_sibling_committee_is_not_a_target(paragraph):
    committee = BodyFactory(name="Kulturnämnden", kind=Body.Kind.COMMITTEE)
    meeting = MeetingFactory(body=committee, start=local(2024, 6, 20))
    assert meeting not in forward_targets(paragraph)
    _refused(paragraph, meeting, "Sammanträde: beslut från Kommunstyrelsen kan bara skickas vidare till fullmäktige.")


def test_a_cancelled_council_meeting_is_refused(paragraph, council_meeting):
    Meeting.objects.filter(pk=council_meeting.pk).update(status=Meeting.Status.CANCELLED)
    council_meeting.refresh_from_db()
    assert council_meeting not in forward_targets(paragraph)
    _refused(paragraph, council_meeting, "är inställt")


def test_a_council_meeting_before_the_decision_is_refused(paragraph, kf):
    earlier = MeetingFactory(body=kf, start=local(2024, 5, 20, 9, 0))
    assert earlier not in forward_targets(paragraph)
    _refused(paragraph, earlier, "är inte efter sammanträdet måndag 3 juni 2024")


def test_a_decision_is_sent_on_once(paragraph, council_meeting, kf):
    paragraph_forward(paragraph=paragraph, meeting=council_meeting)
    later = MeetingFactory(body=kf, start=local(2024, 9, 10, 9, 0))
    _refused(paragraph, later, "§ 112 är redan skickad vidare, som ärende 3 till Kommunfullmäktige")


def test_an_adjusted_protocol_is_not_changed(paragraph, council_meeting):
    protocol = paragraph.protocol
    protocol.adjusted_on = dt.date(2024, 6, 5)
    protocol.save()
    _refused(paragraph, council_meeting, "Protokollet är justerat och kan inte ändras")


def test_a_forwarded_decision_keeps_its_outcome_while_the_item_exists(paragraph, council_meeting):
    item = paragraph_forward(paragraph=paragraph, meeting=council_meeting)
    with pytest.raises(ValidationError, match="beslutet är skickat vidare som ärende 3"):
        paragraph_update(paragraph=paragraph, outcome=ProtocolParagraph.Outcome.FINAL)

    item.delete()  # the council's secretary removed it: the paragraph may say something else now
    paragraph.refresh_from_db()
    assert paragraph.forwarded_to is None
    paragraph_update(paragraph=paragraph, outcome=ProtocolParagraph.Outcome.FINAL)
    assert ProtocolParagraph.objects.get(pk=paragraph.pk).outcome == ProtocolParagraph.Outcome.FINAL


# --- the staff page ------------------------------------------------------------------------------------------------


def test_the_secretary_chooses_the_council_meeting_and_sees_the_item(client, paragraph, council_meeting, ks, kf):
    client.force_login(secretary_of(ks))
    url = reverse("staff:paragraph_forward", kwargs={"pk": paragraph.pk})

    page = client.get(url).content.decode()
    assert re.search(
        rf'<optgroup label="Kommunfullmäktige">\s*<option value="{council_meeting.pk}"[^>]*>'
        r"tisdag 18 juni 2024 kl\. 09\.00</option>",
        page,
    )
    protocol_page = client.get(reverse("staff:protocol_detail", kwargs={"pk": paragraph.protocol_id})).content
    assert f'href="{url}"'.encode() in protocol_page

    response = client.post(url, {"meeting": council_meeting.pk}, follow=True)
    page = response.content.decode()
    assert "§ 112 är skickad vidare som ärende 3 till Kommunfullmäktige tisdag 18 juni 2024." in page
    assert "Ärende 3 ”Detaljplan för Ekbacken” på ärendelistan för Kommunfullmäktige" in page
    assert "<select" not in page  # sent on once: no form any more

    # The council's secretary, another person, finds it on their agenda.
    client.force_login(secretary_of(kf))
    agenda = client.get(reverse("staff:meeting_detail", kwargs={"pk": council_meeting.pk})).content.decode()
    assert "Detaljplan för Ekbacken" in agenda


def test_a_meeting_that_is_not_offered_is_refused_on_the_page(client, paragraph, council_meeting, ks):
    committee_meeting = MeetingFactory(body=BodyFactory(kind=Body.Kind.COMMITTEE), start=local(2024, 6, 20))
    client.force_login(secretary_of(ks))
    response = client.post(
        reverse("staff:paragraph_forward", kwargs={"pk": paragraph.pk}), {"meeting": committee_meeting.pk}
    )
    assert response.status_code == 200
    assert "Välj ett av sammanträdena i listan." in response.content.decode()
    assert not AgendaItem.objects.filter(title="Detaljplan för Ekbacken").exists()


def test_the_secretary_of_another_body_is_refused(client, paragraph, council_meeting, kf):
    # The council's secretary may not send Kommunstyrelsen's decisions on: 403, as every staff page of another body.
    client.force_login(secretary_of(kf))
    url = reverse("staff:paragraph_forward", kwargs={"pk": paragraph.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"meeting": council_meeting.pk}).status_code == 403
    assert not AgendaItem.objects.filter(title="Detaljplan för Ekbacken").exists()


def test_the_outcome_is_chosen_in_the_paragraph_form(client, paragraph, ks):
    client.force_login(secretary_of(ks))
    url = reverse("staff:paragraph_edit", kwargs={"pk": paragraph.pk})
    form = client.get(url).content.decode()
    assert '<option value="" selected>Ej angivet</option>' in form
    data = {
        "number": 112,
        "title": paragraph.title,
        "case_number": paragraph.case_number,
        "decision": paragraph.decision,
        "is_public": "on",
        "outcome": "final",
    }
    assert client.post(url, data).status_code == 302
    assert ProtocolParagraph.objects.get(pk=paragraph.pk).outcome == ProtocolParagraph.Outcome.FINAL


# --- the public protocol ---------------------------------------------------------------------------------------------


def test_the_public_protocol_shows_the_outcome_and_links_the_case(client, ks):
    meeting = MeetingFactory(body=ks, start=local(2024, 6, 3), agenda_published_at=timezone.now())
    protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=meeting)
    ProtocolParagraphFactory(
        protocol=protocol, number=112, case_number="Ks 181/2024", outcome=ProtocolParagraph.Outcome.FORWARDED
    )
    ProtocolParagraphFactory(
        protocol=protocol, number=113, case_number="Ks 7/2024", outcome=ProtocolParagraph.Outcome.FINAL
    )
    ProtocolParagraphFactory(protocol=protocol, number=114, case_number="Ks 8/2024", is_public=False)

    page = client.get(protocol.get_absolute_url()).content.decode()

    assert '<a href="/arenden/ks-181-2024/">Diarienummer: Ks 181/2024</a>' in page
    assert "Utfall: <strong>Förslag till annat organ</strong>" in page
    assert "Utfall: <strong>Beslut – ärendet avgjort</strong>" in page
    assert "Ks 8/2024" not in page and "ks-8-2024" not in page  # a secret paragraph names no case


def test_the_public_meeting_page_links_each_item_to_its_case(client, ks):
    meeting = MeetingFactory(body=ks, agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, case_number="Ks 181/2024")
    AgendaItemFactory(meeting=meeting, case_number="Ks 9/2024", is_public=False)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert '<a href="/arenden/ks-181-2024/">Diarienummer: Ks 181/2024</a>' in page
    assert "ks-9-2024" not in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_case_links_cost_no_query_per_paragraph_or_item(client, ks):
    meeting = MeetingFactory(body=ks, start=local(2024, 6, 3), agenda_published_at=timezone.now())
    protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=meeting)

    def add(first: int, last: int) -> None:
        for n in range(first, last):
            ProtocolParagraphFactory(protocol=protocol, number=n, case_number=f"Ks {n}/2024")
            AgendaItemFactory(meeting=meeting, position=n, number=str(n), case_number=f"Ks {n}/2024")

    add(1, 3)
    few = (_queries(client, protocol.get_absolute_url()), _queries(client, meeting.get_absolute_url()))
    add(3, 30)
    many = (_queries(client, protocol.get_absolute_url()), _queries(client, meeting.get_absolute_url()))
    assert many == few
