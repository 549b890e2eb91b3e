"""Justering by the adjusters themselves: the secretary sends the protocol, the chair and each adjuster approve it or
send it back, and it is adjusted only when all of them have approved (meetings.services.adjustment)."""

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import OperationalError

from meetings.models import AdjustmentApproval, Attendance, Ballot, Protocol, ProtocolParagraph, Vote
from meetings.public import PublicProtocol, protocol_prefetch
from meetings.services import paragraph_update, protocol_adjust, protocol_create, protocol_missing_for_adjustment
from meetings.services.adjustment import (
    adjustment_state,
    approval_record,
    protocol_digest,
    protocol_send_for_adjustment,
    protocol_withdraw_from_adjustment,
)
from meetings.tasks import adjustment_mail_send
from orebro_portal.lib.tasks import QueueUnavailable
from tests.factories import (
    STOCKHOLM,
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    UserFactory,
    local,
    roster,
    secretary_of,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 5, 31, 10, 12, tzinfo=STOCKHOLM)
APPROVED = AdjustmentApproval.Decision.APPROVED
RETURNED = AdjustmentApproval.Decision.RETURNED


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _no_mails_remembered():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _link(membership, name: str, username: str):
    """Give the roster's person an example name and a staff account of their own."""
    person = membership.person
    first, last = name.split(" ", 1)
    person.name = name
    person.is_example = True
    person.user = UserFactory(username=username, first_name=first, last_name=last, email=f"{username}@orebro.se")
    person.save()
    return person.user


def justering_world(*, body=None, start=None, secretary=None, prefix: str = "") -> SimpleNamespace:
    """A draft protocol ready for justering: a roster of five ledamöter and two ersättare, attendance prefilled, the
    ordförande chairing and two ledamöter adjusting, each of those three with a staff account; two paragraphs with
    decisions. `prefix` keeps user names apart when one test builds two of these."""
    body = body or BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    secretary = secretary or secretary_of(body, username=f"{prefix}karin", first_name="Karin", last_name="Lund")
    memberships = roster(body, members=5, substitutes=2)
    meeting = MeetingFactory(body=body, start=start or local(2024, 5, 28), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Budget 2025", proposal="Att anta budgeten.")
    AgendaItemFactory(meeting=meeting, position=2, number="2", title="Cykelvägar", proposal="Motionen besvaras.")
    protocol = protocol_create(meeting=meeting, user=secretary)
    Protocol.objects.filter(pk=protocol.pk).update(secretary="Karin Lund")
    # The chair, and the next two ledamöter in the attendance list as adjusters.
    rows = list(protocol.attendance.order_by("position", "pk").select_related("membership"))
    chair_m, first_m, second_m = (row.membership for row in rows[:3])
    assert chair_m.role == "chair" and first_m.is_ledamot and second_m.is_ledamot
    Attendance.objects.filter(protocol=protocol, membership__in=[first_m, second_m]).update(is_adjuster=True)
    chair = _link(chair_m, "Anna Exempelsson", f"{prefix}anna")
    first = _link(first_m, "Bo Exempelsson", f"{prefix}bo")
    second = _link(second_m, "Cecilia Exempeldotter", f"{prefix}cecilia")
    protocol.refresh_from_db()
    memberships = [row.membership for row in rows]
    return SimpleNamespace(
        body=body,
        secretary=secretary,
        protocol=protocol,
        meeting=meeting,
        chair=chair,
        first=first,
        second=second,
        memberships=memberships,
    )


@pytest.fixture
def world():
    return justering_world()


@pytest.fixture
def sent(world):
    protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    world.protocol.refresh_from_db()
    return world


def fresh(protocol: Protocol) -> Protocol:
    return Protocol.objects.get(pk=protocol.pk)


def messages_of(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- sending -------------------------------------------------------------------------------------------------------


def test_sending_freezes_the_draft_and_opens_a_round_with_the_digest(world):
    protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    protocol = fresh(world.protocol)
    assert protocol.status == Protocol.Status.SENT
    assert protocol.sent_for_adjustment_at == NOW
    assert protocol.sent_for_adjustment_by == world.secretary
    assert protocol.adjustment_round == 1
    assert protocol.adjustment_digest == protocol_digest(protocol)
    assert len(protocol.adjustment_digest) == 64
    paragraph = protocol.paragraphs.first()
    with pytest.raises(ValidationError, match="skickat för justering och kan inte ändras"):
        paragraph_update(paragraph=paragraph, user=world.secretary, decision="Något annat.")
    assert [(a.person.name, a.role) for a in adjustment_state(protocol).approvers] == [
        ("Anna Exempelsson", "chair"),
        ("Bo Exempelsson", "adjuster"),
        ("Cecilia Exempeldotter", "adjuster"),
    ]


def test_sending_is_refused_with_the_same_sentences_as_adjusting_and_nothing_is_stored(world):
    ProtocolParagraph.objects.filter(protocol=world.protocol, number=2).update(decision="")
    Attendance.objects.filter(protocol=world.protocol).update(is_adjuster=False)
    expected = protocol_missing_for_adjustment(world.protocol)
    assert len(expected) == 2
    with pytest.raises(ValidationError) as refused:
        protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    assert messages_of(refused.value) == expected
    protocol = fresh(world.protocol)
    assert protocol.status == Protocol.Status.DRAFT
    assert protocol.adjustment_round == 0 and protocol.adjustment_digest == ""


def test_a_protocol_of_a_meeting_not_yet_held_cannot_be_sent_for_justering():
    world = justering_world(start=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ValidationError) as refused:
        protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    assert any("Sammanträdet har inte hållits än" in message for message in messages_of(refused.value))
    assert fresh(world.protocol).status == Protocol.Status.DRAFT


def test_an_approver_without_an_account_is_named_and_the_paper_path_pointed_to(world):
    cecilia = world.second.person
    cecilia.user = None
    cecilia.save()
    world.first.is_active = False
    world.first.save()
    with pytest.raises(ValidationError) as refused:
        protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    assert messages_of(refused.value) == [
        "Bo Exempelsson (justerare) har inget aktivt medarbetarkonto kopplat till sig och kan inte justera digitalt. "
        "Koppla ett konto till personen, eller registrera justeringen på papper.",
        "Cecilia Exempeldotter (justerare) har inget aktivt medarbetarkonto kopplat till sig och kan inte justera "
        "digitalt. Koppla ett konto till personen, eller registrera justeringen på papper.",
    ]
    assert fresh(world.protocol).status == Protocol.Status.DRAFT


def test_a_protocol_with_only_free_text_attendance_cannot_be_sent(world):
    world.protocol.attendance.all().delete()
    Protocol.objects.filter(pk=world.protocol.pk).update(
        chair="Marie Johansson (S)", adjusters="Jan Berg (M)", members="Marie Johansson (S)"
    )
    with pytest.raises(ValidationError, match="Digital justering kräver att ordförande och justerare är valda"):
        protocol_send_for_adjustment(protocol=fresh(world.protocol), user=world.secretary)


def test_a_sent_protocol_cannot_be_sent_again(sent):
    with pytest.raises(ValidationError, match="Ta tillbaka det först"):
        protocol_send_for_adjustment(protocol=sent.protocol, user=sent.secretary)


# --- approving ------------------------------------------------------------------------------------------------------


def test_the_protocol_is_not_adjusted_until_the_chair_and_every_adjuster_approved(sent):
    approval_record(protocol=sent.protocol, user=sent.chair, decision=APPROVED)
    assert fresh(sent.protocol).status == Protocol.Status.SENT
    approval_record(protocol=sent.protocol, user=sent.first, decision=APPROVED, comment="Bra skrivet.")
    protocol = fresh(sent.protocol)
    assert protocol.status == Protocol.Status.SENT and protocol.adjusted_on is None

    approval_record(protocol=sent.protocol, user=sent.second, decision=APPROVED)

    protocol = fresh(sent.protocol)
    assert protocol.status == Protocol.Status.ADJUSTED
    assert protocol.adjusted_on == dt.date(2024, 5, 31)
    assert protocol.adjusted_by == sent.second
    assert protocol.adjustment_method == Protocol.AdjustmentMethod.DIGITAL
    answers = list(protocol.approvals.order_by("at", "pk"))
    assert [(a.person.name, a.role, a.decision, a.round) for a in answers] == [
        ("Anna Exempelsson", "chair", "approved", 1),
        ("Bo Exempelsson", "adjuster", "approved", 1),
        ("Cecilia Exempeldotter", "adjuster", "approved", 1),
    ]
    assert {a.digest for a in answers} == {protocol.adjustment_digest}
    assert answers[1].comment == "Bra skrivet."
    # Adjusted: never changed again, and no more answers.
    with pytest.raises(ValidationError, match="Protokollet är redan justerat"):
        approval_record(protocol=protocol, user=sent.chair, decision=APPROVED)


def test_an_adjuster_of_another_bodys_protocol_is_refused(sent):
    other = justering_world(body=BodyFactory(name="Tekniska nämnden", slug="tekniska"), prefix="t-")
    protocol_send_for_adjustment(protocol=other.protocol, user=other.secretary)
    with pytest.raises(PermissionDenied):
        approval_record(protocol=other.protocol, user=sent.first, decision=APPROVED)
    assert not other.protocol.approvals.exists()


def test_a_member_who_is_no_approver_and_a_secretary_are_refused(sent):
    present = sent.memberships[3]
    member = _link(present, "Dan Exempelsson", "dan")
    for user in (member, sent.secretary):
        with pytest.raises(PermissionDenied):
            approval_record(protocol=sent.protocol, user=user, decision=APPROVED)
    assert not sent.protocol.approvals.exists()


def test_one_answer_per_person_and_round(sent):
    approval_record(protocol=sent.protocol, user=sent.first, decision=APPROVED)
    with pytest.raises(ValidationError, match="Du har redan svarat i den här justeringsomgången"):
        approval_record(protocol=sent.protocol, user=sent.first, decision=APPROVED)
    assert sent.protocol.approvals.count() == 1


def test_returning_needs_a_comment_and_puts_the_protocol_back_to_draft(sent):
    with pytest.raises(ValidationError) as refused:
        approval_record(protocol=sent.protocol, user=sent.first, decision=RETURNED, comment="  ")
    assert refused.value.message_dict == {
        "comment": ["Kommentar till sekreteraren: skriv vad som behöver ändras innan protokollet kan justeras."]
    }
    assert not sent.protocol.approvals.exists()

    approval_record(protocol=sent.protocol, user=sent.chair, decision=APPROVED)
    approval_record(protocol=sent.protocol, user=sent.first, decision=RETURNED, comment="§ 2: fel årtal.")

    protocol = fresh(sent.protocol)
    assert protocol.status == Protocol.Status.DRAFT
    assert protocol.sent_for_adjustment_at is None
    assert [a.comment for a in adjustment_state(protocol).returned] == ["§ 2: fel årtal."]
    # The secretary can fix it, and the others cannot answer a draft.
    paragraph_update(paragraph=protocol.paragraphs.get(number=2), user=sent.secretary, decision="Rättat.")
    with pytest.raises(ValidationError, match="inte skickat för justering just nu"):
        approval_record(protocol=protocol, user=sent.second, decision=APPROVED)

    # Sent again: a new round in which everyone answers anew, the chair's earlier approval no longer counting.
    protocol_send_for_adjustment(protocol=protocol, user=sent.secretary)
    approval_record(protocol=protocol, user=sent.first, decision=APPROVED)
    approval_record(protocol=protocol, user=sent.second, decision=APPROVED)
    assert fresh(protocol).status == Protocol.Status.SENT
    approval_record(protocol=protocol, user=sent.chair, decision=APPROVED)
    protocol = fresh(protocol)
    assert protocol.status == Protocol.Status.ADJUSTED and protocol.adjustment_round == 2
    assert protocol.approvals.filter(round=1).count() == 2  # the first round stays on record


def test_an_answer_to_changed_content_is_refused(sent):
    # The text cannot change through the services while sent; a change by any other way breaks the digest.
    ProtocolParagraph.objects.filter(protocol=sent.protocol, number=1).update(decision="Att avslå budgeten.")
    with pytest.raises(ValidationError, match="Protokollets innehåll har ändrats sedan det skickades") as refused:
        approval_record(protocol=sent.protocol, user=sent.chair, decision=APPROVED)
    assert refused.value.code == "digest"
    assert not sent.protocol.approvals.exists()
    assert fresh(sent.protocol).status == Protocol.Status.SENT


def test_the_digest_is_deterministic_and_changes_with_any_content(world):
    protocol = world.protocol
    first = protocol_digest(protocol)
    assert protocol_digest(fresh(protocol)) == first

    changes = []
    row = protocol.attendance.get(membership=world.memberships[4])
    row.status = Attendance.Status.ABSENT
    row.save()
    changes.append(protocol_digest(protocol))

    paragraph = protocol.paragraphs.get(number=1)
    vote = Vote.objects.create(paragraph=paragraph, question="Ja för förslaget", yes_count=1, no_count=0)
    changes.append(protocol_digest(protocol))
    ballot = Ballot.objects.create(vote=vote, membership=world.memberships[0], choice=Ballot.Choice.YES)
    changes.append(protocol_digest(protocol))
    ballot.choice = Ballot.Choice.NO
    ballot.save()
    changes.append(protocol_digest(protocol))

    ProtocolParagraph.objects.filter(pk=paragraph.pk).update(title="Budget 2025 [[Anna]]")
    changes.append(protocol_digest(protocol))
    ProtocolParagraph.objects.filter(pk=paragraph.pk).update(outcome=ProtocolParagraph.Outcome.FINAL)
    changes.append(protocol_digest(protocol))  # where the decision leaves the case is approved too
    Protocol.objects.filter(pk=protocol.pk).update(officials="Karin Lund, nämndsekreterare")
    changes.append(protocol_digest(protocol))
    person = world.memberships[1].person
    person.name = "Bo Exempelsson-Andersson"
    person.save()
    changes.append(protocol_digest(protocol))

    assert len({first, *changes}) == len(changes) + 1


# --- withdrawing ------------------------------------------------------------------------------------------------


def test_the_secretary_withdraws_and_the_rounds_answers_stop_counting(sent):
    approval_record(protocol=sent.protocol, user=sent.chair, decision=APPROVED)
    approval_record(protocol=sent.protocol, user=sent.first, decision=APPROVED)

    protocol_withdraw_from_adjustment(protocol=sent.protocol, user=sent.secretary)

    protocol = fresh(sent.protocol)
    assert protocol.status == Protocol.Status.DRAFT
    paragraph_update(paragraph=protocol.paragraphs.get(number=1), user=sent.secretary, title="Budget 2025–2026")
    with pytest.raises(ValidationError, match="inte skickat för justering just nu"):
        approval_record(protocol=protocol, user=sent.second, decision=APPROVED)
    assert protocol.approvals.count() == 2  # on record

    protocol_send_for_adjustment(protocol=protocol, user=sent.secretary)
    protocol = fresh(protocol)
    state = adjustment_state(protocol)
    assert state.answers == {} and len(state.waiting) == 3
    approval_record(protocol=protocol, user=sent.second, decision=APPROVED)
    assert fresh(protocol).status == Protocol.Status.SENT  # the first round's two approvals do not count


def test_only_a_sent_protocol_can_be_withdrawn(world, sent):
    draft = justering_world(body=BodyFactory(), prefix="x-")
    with pytest.raises(ValidationError, match="Protokollet är inte skickat för justering"):
        protocol_withdraw_from_adjustment(protocol=draft.protocol, user=draft.secretary)
    for user in (sent.chair, sent.first, sent.second):
        approval_record(protocol=sent.protocol, user=user, decision=APPROVED)
    with pytest.raises(ValidationError, match="Protokollet är justerat och kan inte ändras"):
        protocol_withdraw_from_adjustment(protocol=sent.protocol, user=sent.secretary)


# --- the paper path ---------------------------------------------------------------------------------------------


def test_the_paper_path_still_works_is_labelled_paper_and_waits_for_a_withdrawal(sent):
    with pytest.raises(ValidationError, match="skickat för justering"):
        protocol_adjust(protocol=sent.protocol, adjusted_on=dt.date(2024, 5, 30), user=sent.secretary)
    protocol_withdraw_from_adjustment(protocol=sent.protocol, user=sent.secretary)

    protocol = protocol_adjust(protocol=sent.protocol, adjusted_on=dt.date(2024, 5, 30), user=sent.secretary)

    assert protocol.adjustment_method == Protocol.AdjustmentMethod.PAPER
    html = render_to_string("meetings/partials/justering.html", {"protocol": _public(protocol)})
    assert "Justerat" in html and "torsdag 30 maj 2024</time> på papper." in html
    assert "digitalt" not in html


# --- mails ------------------------------------------------------------------------------------------------------


def test_each_approver_is_mailed_a_link_when_the_protocol_is_sent(
    world, eager_celery, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://politik.orebro.se"
    with django_capture_on_commit_callbacks(execute=True):
        protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)

    assert sorted(message.to[0] for message in mailoutbox) == ["anna@orebro.se", "bo@orebro.se", "cecilia@orebro.se"]
    anna = next(message for message in mailoutbox if message.to == ["anna@orebro.se"])
    assert anna.subject == "Protokoll att justera: Kommunstyrelsen, tisdag 28 maj 2024"
    body = " ".join(anna.body.split())
    assert "Hej Anna Exempelsson!" in body
    assert "Karin Lund har skickat protokollet från sammanträdet med Kommunstyrelsen tisdag 28 maj 2024" in body
    assert "till dig för justering som ordförande." in body
    assert f"https://politik.orebro.se/redigera/justera/{world.protocol.pk}/" in anna.body
    assert "Budget 2025" not in anna.body  # only the link: the protocol is not public yet


def test_a_retried_mail_task_sends_nothing_twice_and_nothing_for_a_withdrawn_round(sent, eager_celery, mailoutbox):
    protocol = fresh(sent.protocol)
    assert adjustment_mail_send("request", protocol.pk, protocol.adjustment_round) == 3
    assert adjustment_mail_send("request", protocol.pk, protocol.adjustment_round) == 0
    protocol_withdraw_from_adjustment(protocol=protocol, user=sent.secretary)
    from django.core.cache import cache

    cache.clear()
    assert adjustment_mail_send("request", protocol.pk, protocol.adjustment_round) == 0
    assert len(mailoutbox) == 3


def test_the_secretary_is_told_when_the_protocol_comes_back_and_when_it_is_adjusted(
    sent, eager_celery, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        approval_record(protocol=sent.protocol, user=sent.first, decision=RETURNED, comment="§ 2: fel årtal.")
    (returned,) = mailoutbox
    assert returned.to == [sent.secretary.email]
    assert returned.subject == "Protokollet är skickat tillbaka: Kommunstyrelsen, tisdag 28 maj 2024"
    assert "Bo Exempelsson (justerare) skriver:\n§ 2: fel årtal." in returned.body

    protocol_send_for_adjustment(protocol=sent.protocol, user=sent.secretary)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for user in (sent.chair, sent.first, sent.second):
            approval_record(protocol=sent.protocol, user=user, decision=APPROVED)
    (adjusted,) = mailoutbox
    assert adjusted.subject == "Protokollet är justerat: Kommunstyrelsen, tisdag 28 maj 2024"
    assert "Anna Exempelsson (ordförande), Bo Exempelsson (justerare) och Cecilia Exempeldotter (justerare)" in (
        " ".join(adjusted.body.split())
    )


def test_with_the_queue_down_sending_is_undone(world, django_capture_on_commit_callbacks, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(adjustment_mail_send, "apply_async", refused)
    with pytest.raises(QueueUnavailable), django_capture_on_commit_callbacks(execute=True):
        protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    protocol = fresh(world.protocol)
    assert protocol.status == Protocol.Status.DRAFT
    assert protocol.adjustment_round == 0


# --- what the public sees ---------------------------------------------------------------------------------------


def _public(protocol: Protocol) -> PublicProtocol:
    return PublicProtocol(Protocol.objects.prefetch_related(*protocol_prefetch()).get(pk=protocol.pk))


def _adjusted_digitally(sent) -> Protocol:
    for user, minutes in ((sent.chair, 0), (sent.first, 25), (sent.second, 61)):
        with time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False):
            approval_record(protocol=sent.protocol, user=user, decision=APPROVED)
    return fresh(sent.protocol)


def test_the_public_page_says_who_adjusted_digitally_and_when(sent):
    protocol = _adjusted_digitally(sent)
    html = render_to_string("meetings/partials/justering.html", {"protocol": _public(protocol)})
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert (
        "Justerat digitalt av Anna Exempelsson (ordförande) fredag 31 maj 2024 kl. 10.12, "
        "Bo Exempelsson (justerare) fredag 31 maj 2024 kl. 10.37 och "
        "Cecilia Exempeldotter (justerare) fredag 31 maj 2024 kl. 11.13."
    ) in text
    assert f'href="/ledamoter/{sent.chair.person.slug}/"' in html
    assert "<h2" in html and "Justering" in html


def test_the_pdf_block_can_be_read_by_pypdf(sent):
    import pypdf
    import weasyprint

    protocol = _adjusted_digitally(sent)
    block = render_to_string("meetings/partials/justering_pdf.html", {"protocol": _public(protocol)})
    pdf = weasyprint.HTML(string=f'<html lang="sv"><title>Protokoll</title><body>{block}</body></html>').write_pdf()
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Justering" in text
    assert "Justerat digitalt av Anna Exempelsson (ordförande) fredag 31 maj 2024 kl. 10.12" in text


def test_nothing_is_printed_before_the_protocol_is_adjusted(sent):
    approval_record(protocol=sent.protocol, user=sent.chair, decision=APPROVED)
    for template in ("meetings/partials/justering.html", "meetings/partials/justering_pdf.html"):
        assert render_to_string(template, {"protocol": _public(sent.protocol)}).strip() == ""


def _post(protocol: Protocol) -> Protocol:
    from meetings.models import Posting
    from orebro_portal.lib.statutory_time import appeal_last_day, notice_taken_down_on

    Posting.objects.create(
        protocol=protocol,
        posted_on=protocol.adjusted_on,
        appeal_last_day=appeal_last_day(protocol.adjusted_on),
        taken_down_on=notice_taken_down_on(protocol.adjusted_on),
    )
    return fresh(protocol)


def test_the_posted_protocols_page_and_pdf_print_the_digital_justering(client, sent):
    import pypdf

    from meetings.protocol_pdf import protocol_pdf_bytes

    protocol = _post(_adjusted_digitally(sent))
    page = client.get(protocol.get_absolute_url())
    assert page.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", "", page.content.decode()).split())
    assert "Justerat digitalt av Anna Exempelsson (ordförande) fredag 31 maj 2024 kl. 10.12" in text

    reader = pypdf.PdfReader(io.BytesIO(protocol_pdf_bytes(protocol)))
    pdf_text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Justerat digitalt av Anna Exempelsson (ordförande) fredag 31 maj 2024 kl. 10.12" in pdf_text
    assert "Cecilia Exempeldotter (justerare) fredag 31 maj 2024 kl. 11.13." in pdf_text
