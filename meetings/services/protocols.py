"""The secretary's protocol workflow: draft → adjusted (justerat) → posted (anslaget), and corrections as new versions.

Every workflow locks the protocol row it changes (`select_for_update`), so that two secretaries cannot, say, edit a
paragraph while the other adjusts the protocol. An adjusted protocol is never changed again; a correction is a new
version that goes through the same steps, and the old version stays public.
"""

import logging
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.statutory_time import appeal_last_day, notice_taken_down_on
from orebro_portal.lib.tasks import QueueUnavailable, enqueue, enqueue_on_commit

from ..masking import unclosed_markers
from ..models import AgendaItem, Document, Meeting, Posting, Protocol, ProtocolParagraph
from .attendance import attendance_copy, attendance_missing, attendance_prefill, roster
from .documents import documents_check_personal_data
from .votes import paragraph_parts_copy, paragraph_parts_missing

__all__ = [
    "PARAGRAPH_FIELDS",
    "PROTOCOL_HEADER_FIELDS",
    "next_paragraph_number",
    "paragraph_add",
    "paragraph_delete",
    "paragraph_update",
    "protocol_adjust",
    "protocol_correct",
    "protocol_create",
    "protocol_missing_for_adjustment",
    "protocol_post",
    "protocol_update",
]

logger = logging.getLogger(__name__)

PROTOCOL_HEADER_FIELDS = ("chair", "secretary", "adjusters", "members", "substitutes", "officials")
# The officials are copied from the body's latest adjusted protocol; the elected come from the roster
# (services.attendance.attendance_prefill), or, for a body with no roster that day, from that protocol's free text
# too. The adjusters are never copied: they take turns.
_PREFILLED_HEADER_FIELDS = ("secretary", "officials")
_PREFILLED_WITHOUT_ROSTER = ("chair", "members", "substitutes")
PARAGRAPH_FIELDS = (
    "number",
    "title",
    "case_number",
    "agenda_item",
    "matter",
    "procedure",
    "decision",
    "reservations",
    "is_public",
    "position",
    "outcome",
)
_PARAGRAPH_TEXT_FIELDS = ("title", "matter", "procedure", "decision", "reservations")


def _immutable_error() -> ValidationError:
    return ValidationError(
        _("Protokollet är justerat och kan inte ändras. Gör en rättelse i stället."), code="adjusted"
    )


def _locked_draft(protocol: Protocol) -> Protocol:
    """The protocol as stored now, locked for this transaction; refused unless it is still a draft that is not out
    for justering (the adjusters approve what they were sent, so it must not change under them)."""
    locked = Protocol.objects.select_for_update().select_related("meeting__body").get(pk=protocol.pk)
    if locked.is_adjusted:
        raise _immutable_error()
    if locked.is_sent_for_adjustment:
        raise ValidationError(
            _("Protokollet är skickat för justering och kan inte ändras. Ta tillbaka det först."),
            code="sent_for_adjustment",
        )
    return locked


def _label(model, field: str) -> str:
    return capfirst(str(model._meta.get_field(field).verbose_name))


def _check_markers(model, values: dict) -> None:
    """Refuse text with a `[[` that is never closed: it would publish the data the secretary meant to mask."""
    errors = {}
    for field, value in values.items():
        if isinstance(value, str) and unclosed_markers(value):
            errors[field] = ValidationError(
                _("%(field)s: en markering för maskering börjar med [[ men avslutas inte med ]].")
                % {"field": _label(model, field)},
                code="unclosed_marker",
            )
    if errors:
        raise ValidationError(errors)


def _set_history_user(obj, user) -> None:
    # Outside a request (a management command, a test) the history middleware knows no user; the service does.
    if user is not None and user.is_authenticated:
        obj._history_user = user


def _year_paragraphs(body_id: int, year: int):
    return ProtocolParagraph.objects.filter(protocol__meeting__body_id=body_id, protocol__meeting__start__year=year)


def next_paragraph_number(*, meeting: Meeting, protocol: Protocol | None = None) -> int:
    """The § number to suggest next.

    Örebro numbers paragraphs through a body's calendar year, so a new protocol continues after the highest number
    of that body's protocols in the meeting's year; within a protocol, a new paragraph follows its last one.
    """
    if protocol is not None:
        highest = protocol.paragraphs.aggregate(highest=Max("number"))["highest"]
        if highest is not None:
            return highest + 1
    year = timezone.localtime(meeting.start).year
    highest = _year_paragraphs(meeting.body_id, year).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def _check_number(paragraph: ProtocolParagraph) -> None:
    """A § number is unique in its protocol, and in the body's year apart from other versions of the same meeting."""
    label = _label(ProtocolParagraph, "number")
    protocol = paragraph.protocol
    same_protocol = protocol.paragraphs.filter(number=paragraph.number).exclude(pk=paragraph.pk)
    if same_protocol.exists():
        raise ValidationError(
            {
                "number": _("%(field)s: protokollet har redan en § %(number)s.")
                % {"field": label, "number": paragraph.number}
            }
        )
    meeting = protocol.meeting
    elsewhere = (
        _year_paragraphs(meeting.body_id, timezone.localtime(meeting.start).year)
        .filter(number=paragraph.number)
        .exclude(protocol__meeting=meeting)
        .select_related("protocol__meeting")
        .first()
    )
    if elsewhere is not None:
        raise ValidationError(
            {
                "number": _("%(field)s: § %(number)s finns redan i protokollet från sammanträdet %(date)s.")
                % {"field": label, "number": paragraph.number, "date": sv_date(elsewhere.protocol.meeting.start)}
            }
        )


def _check_agenda_item(paragraph: ProtocolParagraph) -> None:
    if paragraph.agenda_item_id is not None and paragraph.agenda_item.meeting_id != paragraph.protocol.meeting_id:
        raise ValidationError(
            {
                "agenda_item": _("%(field)s: ärendet hör till ett annat sammanträde.")
                % {"field": _label(ProtocolParagraph, "agenda_item")}
            }
        )


def _check_outcome(paragraph: ProtocolParagraph) -> None:
    """A decision sent on to another body's meeting (services.cases.paragraph_forward) stays "forwarded" while the
    item it became exists: the secretary removes that item first (citizens may already have read that agenda)."""
    if paragraph.forwarded_to_id is None or paragraph.outcome == ProtocolParagraph.Outcome.FORWARDED:
        return
    item = AgendaItem.objects.select_related("meeting__body").filter(pk=paragraph.forwarded_to_id).first()
    if item is None:
        return
    raise ValidationError(
        {
            "outcome": _(
                "%(field)s: beslutet är skickat vidare som ärende %(item)s till %(body)s %(date)s. Ta bort ärendet "
                "där först om beslutet inte ska gå vidare."
            )
            % {
                "field": _label(ProtocolParagraph, "outcome"),
                "item": item.number,
                "body": item.meeting.body.name,
                "date": sv_date(item.meeting.start),
            }
        },
        code="forwarded",
    )


def _save_paragraph(paragraph: ProtocolParagraph) -> ProtocolParagraph:
    """Validate everything, so that the secretary sees every problem at once, then save."""
    checks = [
        (None, lambda: _check_markers(ProtocolParagraph, {f: getattr(paragraph, f) for f in _PARAGRAPH_TEXT_FIELDS})),
        # A draft may lack a decision for a while; protocol_adjust insists on one for every public paragraph.
        (None, lambda: paragraph.full_clean(exclude=["protocol", "decision"], validate_constraints=False)),
        # These read the database, so only with a value that passed the checks above.
        ("number", lambda: _check_number(paragraph)),
        ("agenda_item", lambda: _check_agenda_item(paragraph)),
        ("outcome", lambda: _check_outcome(paragraph)),
    ]
    errors: dict = {}
    for field, check in checks:
        if field in errors:
            continue
        try:
            check()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    paragraph.save()
    return paragraph


@transaction.atomic
def protocol_create(*, meeting: Meeting, user) -> Protocol:
    """Start version 1 of a meeting's protocol as a draft, prefilled so the secretary mostly edits.

    Who attended comes from the body's latest adjusted protocol (members change rarely); there is one paragraph per
    agenda item, in agenda order, its decision prefilled with the item's proposal; § numbers continue the body's year.
    """
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.protocols.exists():
        raise ValidationError(
            _("Sammanträdet har redan ett protokoll. Ett justerat protokoll ändras genom en rättelse."), code="exists"
        )
    if meeting.is_cancelled:
        raise ValidationError(_("Sammanträdet är inställt och får inget protokoll."), code="cancelled")
    if not meeting.has_agenda:
        raise ValidationError(
            _("Ärendelistan är inte publicerad. Publicera den innan protokollet skrivs."), code="no_agenda"
        )

    protocol = Protocol(meeting=meeting, version=1)
    previous = (
        Protocol.objects.filter(meeting__body=meeting.body, adjusted_on__isnull=False)
        .order_by("-meeting__start", "-version")
        .first()
    )
    if previous is not None:
        has_roster = roster(body_id=meeting.body_id, day=timezone.localtime(meeting.start).date()).exists()
        for field in (
            _PREFILLED_HEADER_FIELDS if has_roster else (*_PREFILLED_HEADER_FIELDS, *_PREFILLED_WITHOUT_ROSTER)
        ):
            setattr(protocol, field, getattr(previous, field))
    _set_history_user(protocol, user)
    protocol.save()
    attendance_prefill(protocol=protocol, user=user)

    number = next_paragraph_number(meeting=meeting)
    for position, item in enumerate(meeting.items.order_by("position"), start=1):
        paragraph = ProtocolParagraph(
            protocol=protocol,
            number=number,
            position=position,
            agenda_item=item,
            title=item.title,
            case_number=item.case_number,
            is_public=item.is_public,
            decision=item.proposal,
        )
        _set_history_user(paragraph, user)
        paragraph.save()
        number += 1
    return protocol


@transaction.atomic
def protocol_update(*, protocol: Protocol, user=None, **changes: str) -> Protocol:
    """Change the header of a draft: chair, secretary, adjusters, members, substitutes, officials."""
    unknown = set(changes) - set(PROTOCOL_HEADER_FIELDS)
    if unknown:
        raise TypeError(f"protocol_update() cannot change {', '.join(sorted(unknown))}")
    protocol = _locked_draft(protocol)
    _check_markers(Protocol, changes)
    for field, value in changes.items():
        setattr(protocol, field, value)
    protocol.full_clean(exclude=["meeting", "pdf", "adjusted_by"], validate_constraints=False)
    _set_history_user(protocol, user)
    protocol.save()
    return protocol


@transaction.atomic
def paragraph_add(
    *,
    protocol: Protocol,
    number: int,
    title: str,
    case_number: str = "",
    agenda_item: AgendaItem | None = None,
    matter: str = "",
    procedure: str = "",
    decision: str = "",
    reservations: str = "",
    is_public: bool = True,
    position: int | None = None,
    outcome: str = "",
    user=None,
) -> ProtocolParagraph:
    """Add a paragraph to a draft; it goes last unless a position is given."""
    protocol = _locked_draft(protocol)
    if position is None:
        position = (protocol.paragraphs.aggregate(last=Max("position"))["last"] or 0) + 1
    paragraph = ProtocolParagraph(
        protocol=protocol,
        number=number,
        title=title,
        case_number=case_number,
        agenda_item=agenda_item,
        matter=matter,
        procedure=procedure,
        decision=decision,
        reservations=reservations,
        is_public=is_public,
        position=position,
        outcome=outcome,
    )
    _set_history_user(paragraph, user)
    return _save_paragraph(paragraph)


@transaction.atomic
def paragraph_update(*, paragraph: ProtocolParagraph, user=None, **changes) -> ProtocolParagraph:
    """Change a paragraph of a draft (any of PARAGRAPH_FIELDS)."""
    unknown = set(changes) - set(PARAGRAPH_FIELDS)
    if unknown:
        raise TypeError(f"paragraph_update() cannot change {', '.join(sorted(unknown))}")
    protocol = _locked_draft(paragraph.protocol)
    paragraph = ProtocolParagraph.objects.select_related("agenda_item").get(pk=paragraph.pk)
    paragraph.protocol = protocol
    for field, value in changes.items():
        setattr(paragraph, field, value)
    _set_history_user(paragraph, user)
    return _save_paragraph(paragraph)


@transaction.atomic
def paragraph_delete(*, paragraph: ProtocolParagraph, user=None) -> None:
    _locked_draft(paragraph.protocol)
    paragraph = ProtocolParagraph.objects.get(pk=paragraph.pk)
    _set_history_user(paragraph, user)
    paragraph.delete()


def protocol_missing_for_adjustment(protocol: Protocol) -> list[str]:
    """What the protocol still lacks before it can be adjusted, one Swedish sentence each; empty when complete.

    The staff pages show this list before the secretary tries; protocol_adjust refuses with the same sentences.
    """
    missing = attendance_missing(protocol)
    meeting_day = timezone.localtime(protocol.meeting.start).date()
    if meeting_day > timezone.localdate():
        missing.append(
            _("Sammanträdet har inte hållits än (%(date)s): protokollet kan justeras först efter det.")
            % {"date": sv_date(meeting_day)}
        )
    if not protocol.secretary.strip():
        missing.append(_("Sekreterare saknas."))
    paragraphs = list(protocol.paragraphs.order_by("position", "number"))
    if not paragraphs:
        missing.append(_("Protokollet har inga paragrafer."))
    for paragraph in paragraphs:
        if paragraph.is_public and not paragraph.decision.strip():
            missing.append(
                _("§ %(number)s ”%(title)s” saknar beslut.") % {"number": paragraph.number, "title": paragraph.title}
            )
    missing.extend(paragraph_parts_missing(protocol=protocol, paragraphs=paragraphs))
    return missing


@transaction.atomic
def protocol_adjust(*, protocol: Protocol, adjusted_on: date, user) -> Protocol:
    """Record that the protocol has been adjusted (justerat) on `adjusted_on`. From then on it never changes."""
    protocol = _locked_draft(protocol)
    errors: dict[str, list[str]] = {}
    missing = protocol_missing_for_adjustment(protocol)
    if missing:
        errors[NON_FIELD_ERRORS] = missing
    date_errors = []
    meeting_day = timezone.localtime(protocol.meeting.start).date()
    if adjusted_on < meeting_day:
        date_errors.append(
            _("Justeringsdatum: protokollet kan inte justeras före sammanträdet (%(date)s).")
            % {"date": sv_date(meeting_day)}
        )
    if adjusted_on > timezone.localdate():
        date_errors.append(_("Justeringsdatum: dagen har inte kommit än. Ange den dag protokollet justerades."))
    if date_errors:
        errors["adjusted_on"] = date_errors
    if errors:
        raise ValidationError(errors)

    protocol.adjusted_on = adjusted_on
    protocol.adjusted_by = user
    protocol.adjustment_method = Protocol.AdjustmentMethod.PAPER
    _set_history_user(protocol, user)
    protocol.save(update_fields=["adjusted_on", "adjusted_by", "adjustment_method", "updated_at"])
    return protocol


@transaction.atomic
def protocol_post(*, protocol: Protocol, user, posted_on: date | None = None) -> Posting:
    """Post the adjusted protocol on the notice board: the appeal time starts, its public PDF is rendered, and
    subscribers are told.

    Refused while a published PDF of the meeting or its public items still contains a personnummer (on a page, in
    its metadata, on a scanned page read by OCR) or has pages nobody could read that no secretary has confirmed: the
    protocol's page links the meeting's documents, so posting would spread them further. Documents whose text the
    Celery task has not extracted yet are read by the check itself.

    The subscribers' mails are queued when the posting commits; if the task queue cannot take them, the posting is
    undone and QueueUnavailable (`orebro_portal.lib.tasks`) is raised from the commit, so the secretary posts again
    later rather than the protocol being posted with nobody told. A PDF task that cannot be queued undoes nothing.
    """
    protocol = Protocol.objects.select_for_update().select_related("meeting").get(pk=protocol.pk)
    if not protocol.is_adjusted:
        raise ValidationError(_("Protokollet måste justeras innan det kan anslås."), code="not_adjusted")
    if Posting.objects.filter(protocol=protocol).exists():
        raise ValidationError(_("Protokollet är redan anslaget."), code="posted")
    today = timezone.localdate()
    posted_on = posted_on or today
    if posted_on < protocol.adjusted_on:
        raise ValidationError(
            {
                "posted_on": _("Anslagsdatum: anslaget kan inte publiceras före justeringen (%(date)s).")
                % {"date": sv_date(protocol.adjusted_on)}
            }
        )
    if posted_on > today:
        raise ValidationError({"posted_on": _("Anslagsdatum: dagen har inte kommit än.")})

    meeting = protocol.meeting
    documents_check_personal_data(documents=Document.objects.published_for(meeting))
    status_before = meeting.status

    posting = Posting(
        protocol=protocol,
        posted_on=posted_on,
        appeal_last_day=appeal_last_day(posted_on),
        taken_down_on=notice_taken_down_on(posted_on),
        posted_by=user,
    )
    _set_history_user(posting, user)
    posting.save()
    protocol.posting = posting

    if not meeting.is_cancelled and meeting.status != Meeting.Status.HELD:
        meeting.status = Meeting.Status.HELD
        _set_history_user(meeting, user)
        meeting.save(update_fields=["status", "updated_at"])

    from ..tasks import publication_alert_send  # tasks.py imports the services: a cycle

    # Only once committed: a worker must find the posting, and a refused posting must tell no one. The mails first:
    # when they cannot be queued, the posting is withdrawn and the PDF's hook, registered after, never runs.
    enqueue_on_commit(
        publication_alert_send,
        "protocol",
        protocol.pk,
        undo=lambda: _posting_withdraw(posting_pk=posting.pk, status_before=status_before, user=user),
    )
    transaction.on_commit(lambda: _pdf_render_queue(protocol.pk))
    return posting


def _pdf_render_queue(protocol_pk: int) -> None:
    """Queue the rendering of the posted protocol's PDF. If it cannot be, the posting stands: the download renders
    the PDF itself when none is stored (meetings.views.protocols.protocol_pdf), so only the first reader waits."""
    from ..tasks import protocol_pdf_render

    try:
        enqueue(protocol_pdf_render, protocol_pk)
    except QueueUnavailable:
        logger.warning("protocol %s: PDF not queued; the first download renders it", protocol_pk)


def _posting_withdraw(*, posting_pk: int, status_before: str, user) -> None:
    """Undo protocol_post when the subscribers' mails could not be queued (they leave only through the queue): the
    posting is deleted and the meeting gets its status back. History records both steps, by the same user."""
    posting = Posting.objects.select_related("protocol__meeting").filter(pk=posting_pk).first()
    if posting is None:
        return
    meeting = posting.protocol.meeting
    _set_history_user(posting, user)
    posting.delete()
    if meeting.status != status_before:
        meeting.status = status_before
        _set_history_user(meeting, user)
        meeting.save(update_fields=["status", "updated_at"])


@transaction.atomic
def protocol_correct(*, protocol: Protocol, note: str, user) -> Protocol:
    """Start a correction: version N+1 as a draft, a copy of the posted version N with the same § numbers.

    Version N stays on the public pages; the new version is adjusted and posted through the same steps.
    """
    protocol = Protocol.objects.select_for_update().select_related("meeting").get(pk=protocol.pk)
    if not protocol.is_posted:
        raise ValidationError(
            _("Bara ett anslaget protokoll kan rättas. Ändra utkastet direkt i stället."), code="not_posted"
        )
    newest = protocol.meeting.protocols.order_by("-version").first()
    if newest.pk != protocol.pk:
        raise ValidationError(
            _("Det finns redan en nyare version (version %(version)s) av protokollet. Rätta den i stället.")
            % {"version": newest.version},
            code="not_newest",
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {
                "correction_note": _("%(field)s: beskriv vad som rättas. Texten visas för allmänheten.")
                % {"field": _label(Protocol, "correction_note")}
            },
            code="required",
        )

    if unclosed_markers(note):
        raise ValidationError(
            {
                "correction_note": _("%(field)s: en markering för maskering börjar med [[ men avslutas inte med ]].")
                % {"field": _label(Protocol, "correction_note")}
            },
            code="unclosed_marker",
        )

    correction = Protocol(
        meeting=protocol.meeting,
        version=protocol.version + 1,
        correction_note=note,
        **{field: getattr(protocol, field) for field in PROTOCOL_HEADER_FIELDS},
    )
    _set_history_user(correction, user)
    correction.save()
    attendance_copy(source=protocol, target=correction, user=user)
    for paragraph in protocol.paragraphs.order_by("position", "number"):
        copy = ProtocolParagraph(
            protocol=correction,
            **{field: getattr(paragraph, field) for field in PARAGRAPH_FIELDS if field != "agenda_item"},
            agenda_item_id=paragraph.agenda_item_id,
            forwarded_to_id=paragraph.forwarded_to_id,
        )
        _set_history_user(copy, user)
        copy.save()
        paragraph_parts_copy(source=paragraph, target=copy, user=user)
    return correction
