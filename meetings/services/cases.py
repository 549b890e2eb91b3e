"""Workflows of cases (ärenden) between bodies: a decision sent on as a proposal to another body's meeting.

Kommunstyrelsen (or an utskott) often decides to propose something to Kommunfullmäktige ("föreslås fullmäktige"):
the paragraph's decision becomes an item, last on the agenda of a chosen council meeting, in the same case (the
same diarienummer, so the same `Case`). The paragraph records where it went (`outcome` = FORWARDED,
`forwarded_to` = the new item), and the case page follows it there.

An adjusted protocol never changes, so a decision is sent on while its protocol is a draft: that is when the
secretary writes it. An adjusted protocol's decision can still be put on the council's agenda by hand (an item with
the same diarienummer is the same case); the paragraph then just does not record it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date

from ..models import AgendaItem, Body, Meeting, Protocol, ProtocolParagraph
from .meetings import agenda_item_add
from .protocols import _label as _field_label
from .protocols import _locked_draft

__all__ = ["forward_targets", "paragraph_forward"]


def forward_targets(paragraph: ProtocolParagraph) -> QuerySet[Meeting]:
    """The meetings a paragraph's decision may go on to: those of its body's parent (an utskott's board) and of any
    council, not cancelled, starting after the paragraph's meeting, in body order and then by date."""
    meeting = paragraph.protocol.meeting
    bodies = Q(body__kind=Body.Kind.COUNCIL)
    if meeting.body.parent_id is not None:
        bodies |= Q(body_id=meeting.body.parent_id)
    return (
        Meeting.objects.filter(bodies, start__gt=meeting.start)
        .exclude(body_id=meeting.body_id)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("body__position", "body__name", "start")
    )


def _meeting_refusal(message: str) -> ValidationError:
    return ValidationError({"meeting": _("Sammanträde: %(message)s") % {"message": message}}, code="not_allowed")


def _check_target(paragraph: ProtocolParagraph, target: Meeting) -> None:
    """Refuse a meeting the decision cannot go to, saying why."""
    meeting = paragraph.protocol.meeting
    body = meeting.body
    allowed_body = target.body.kind == Body.Kind.COUNCIL or target.body_id == body.parent_id
    if target.body_id == body.pk or not allowed_body:
        parent = body.parent.name if body.parent_id else ""
        raise _meeting_refusal(
            _("beslut från %(body)s kan bara skickas vidare till %(parent)s eller till fullmäktige.")
            % {"body": body.name, "parent": parent}
            if parent
            else _("beslut från %(body)s kan bara skickas vidare till fullmäktige.") % {"body": body.name}
        )
    if target.is_cancelled:
        raise _meeting_refusal(
            _("sammanträdet %(date)s är inställt. Välj ett annat sammanträde.") % {"date": sv_date(target.start)}
        )
    if target.start <= meeting.start:
        raise _meeting_refusal(
            _("sammanträdet %(date)s är inte efter sammanträdet %(own)s där beslutet fattades.")
            % {"date": sv_date(target.start), "own": sv_date(meeting.start)}
        )


def _locked_protocol(protocol: Protocol) -> Protocol:
    """The protocol, locked, as `services.protocols` locks a draft; an adjusted one is refused with what to do instead
    of forwarding."""
    try:
        return _locked_draft(protocol)
    except ValidationError as refusal:
        if refusal.code != "adjusted":
            raise
        raise ValidationError(
            _(
                "Protokollet är justerat och kan inte ändras, så beslutet kan inte skickas vidare härifrån. Lägg "
                "till ärendet direkt på det andra organets ärendelista med samma diarienummer."
            ),
            code="adjusted",
        ) from refusal


def _forwarded_item(paragraph: ProtocolParagraph) -> AgendaItem | None:
    """The item this paragraph's decision already became, from this version of the protocol or an earlier one (a
    correction copies the paragraph, not where it was sent)."""
    return (
        AgendaItem.objects.filter(
            forwarded_from__protocol__meeting_id=paragraph.protocol.meeting_id, forwarded_from__number=paragraph.number
        )
        .select_related("meeting__body")
        .first()
    )


def _free_number(meeting: Meeting) -> str:
    """The next number on the agenda: one more than the highest plain number, and not taken."""
    numbers = set(meeting.items.values_list("number", flat=True))
    highest = max((int(number) for number in numbers if number.isascii() and number.isdigit()), default=0)
    candidate = max(highest, len(numbers)) + 1
    while str(candidate) in numbers:
        candidate += 1
    return str(candidate)


@transaction.atomic
def paragraph_forward(*, paragraph: ProtocolParagraph, meeting: Meeting, user=None) -> AgendaItem:
    """Send the paragraph's decision on as a proposal to `meeting` (of the body's parent or of a council), in the
    same case: a new item last on that agenda, titled as the paragraph, with its diarienummer, its decision as the
    proposal, and secret if the paragraph is. The paragraph records it (`outcome` FORWARDED, `forwarded_to`).

    Refused, with a Swedish message, for an adjusted protocol or one out for justering, a paragraph without a
    diarienummer, one already sent on, and a meeting it may not go to (another body, cancelled, not later). An agenda
    already published gets the item too, and so shows "Ändrad" (`agenda_change_record`)."""
    protocol = _locked_protocol(paragraph.protocol)
    paragraph = ProtocolParagraph.objects.select_for_update().get(pk=paragraph.pk)
    paragraph.protocol = protocol
    if not paragraph.case_number.strip():
        raise ValidationError(
            {
                "case_number": _(
                    "%(field)s: ange diarienummer på paragrafen först, så hamnar förslaget i samma ärende."
                )
                % {"field": _field_label(ProtocolParagraph, "case_number")}
            },
            code="no_case_number",
        )
    existing = _forwarded_item(paragraph)
    if existing is not None:
        raise _meeting_refusal(
            _("§ %(number)s är redan skickad vidare, som ärende %(item)s till %(body)s %(date)s.")
            % {
                "number": paragraph.number,
                "item": existing.number,
                "body": existing.meeting.body.name,
                "date": sv_date(existing.meeting.start),
            }
        )
    target = Meeting.objects.select_related("body").get(pk=meeting.pk)
    _check_target(paragraph, target)

    item = agenda_item_add(
        meeting=target,
        number=_free_number(target),
        title=paragraph.title,
        case_number=paragraph.case_number,
        proposal=paragraph.decision,
        is_public=paragraph.is_public,
    )
    paragraph.outcome = ProtocolParagraph.Outcome.FORWARDED
    paragraph.forwarded_to = item
    if user is not None and user.is_authenticated:
        paragraph._history_user = user
    paragraph.save(update_fields=["outcome", "forwarded_to"])
    return item
