"""Justering by the adjusters themselves: the secretary sends the protocol, the chair and each adjuster approve it in
the portal or send it back with a comment, and the protocol is adjusted when all of them have approved.

What the approvers approve is pinned by a digest: `protocol_digest` is the SHA-256 of a canonical serialisation of
everything in the protocol (the header, the attendance, every paragraph with its proposals, votes, ballots and
statements). It is stored on the protocol when it is sent (`Protocol.adjustment_digest`) and with every answer
(`AdjustmentApproval.digest`); an answer is refused when the protocol no longer has that digest, so nobody approves
something other than what they were sent. A later e-signature signs the same digest (docs/0014-digital-justering.md).

Each send opens a new round (`Protocol.adjustment_round`). Answers of earlier rounds stay, as the record of what
happened, but only the current round's count. The paper path (`services.protocols.protocol_adjust`, a date typed by
the secretary) stays for approvers without an account or when the signatures were made on paper.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.tasks import QueueUnavailable, enqueue, enqueue_on_commit

from ..models import AdjustmentApproval, Attendance, Person, Protocol, ProtocolParagraph
from .protocols import (
    PARAGRAPH_FIELDS,
    PROTOCOL_HEADER_FIELDS,
    _immutable_error,
    _locked_draft,
    _set_history_user,
    protocol_missing_for_adjustment,
)

__all__ = [
    "DIGEST_FORMAT",
    "AdjustmentState",
    "Approver",
    "adjustment_mails_send",
    "adjustment_state",
    "approval_record",
    "approver_names",
    "person_of",
    "protocol_approvers",
    "protocol_digest",
    "protocol_send_for_adjustment",
    "protocol_withdraw_from_adjustment",
]

logger = logging.getLogger(__name__)

# Raised whenever the serialisation below changes, so that a digest says which rules made it. 2: the paragraph's
# outcome is part of what is approved (every field a draft's paragraph can be edited in, from PARAGRAPH_FIELDS).
DIGEST_FORMAT = 2
# `forwarded_to` is not among them: it is set when the decision is sent on, and says where it went, not what it is.
_DIGEST_PARAGRAPH_FIELDS = tuple("agenda_item_id" if name == "agenda_item" else name for name in PARAGRAPH_FIELDS)

MAIL_SENT_SECONDS = 7 * 24 * 60 * 60


class MailKind:
    """What an `adjustment_mail_send` task is about; plain strings, as they travel through the broker."""

    REQUEST = "request"  # to every approver of the round: please read and answer
    RETURNED = "returned"  # to the secretary who sent it: an approver sent it back
    ADJUSTED = "adjusted"  # to the secretary who sent it: everyone approved


# --- the digest -------------------------------------------------------------------------------------------------


def _membership(membership) -> dict | None:
    if membership is None:
        return None
    return {
        "id": membership.pk,
        "person": membership.person.name,
        "party": membership.party.abbreviation if membership.party_id else "",
        "role": membership.role,
    }


def _value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def protocol_content(protocol: Protocol) -> dict:
    """Everything the approvers approve, as plain data: the meeting as the protocol prints it, the header texts, the
    attendance, and every paragraph with its proposals, votes (with ballots) and statements, in protocol order.

    Texts are taken as stored (the original, `[[…]]` marks included: what is masked is part of what is approved)."""
    protocol = (
        Protocol.objects.select_related("meeting__body")
        .prefetch_related(
            "attendance__membership__person",
            "attendance__membership__party",
            "attendance__serving_for__person",
            "attendance__serving_for__party",
        )
        .get(pk=protocol.pk)
    )
    meeting = protocol.meeting
    paragraphs = (
        ProtocolParagraph.objects.filter(protocol=protocol)
        .order_by("position", "number", "pk")
        .prefetch_related(
            "proposals__membership__person",
            "proposals__membership__party",
            "votes__ballots__membership__person",
            "votes__ballots__membership__party",
            "statements__membership__person",
            "statements__membership__party",
        )
    )
    attendance = sorted(protocol.attendance.all(), key=lambda row: (row.position, row.pk))
    return {
        "format": DIGEST_FORMAT,
        "protocol": {"id": protocol.pk, "version": protocol.version},
        "meeting": {
            "id": meeting.pk,
            "body": meeting.body.name,
            "start": _value(meeting.start),
            "end": _value(meeting.end),
            "place": meeting.place,
        },
        "header": {name: getattr(protocol, name) for name in ("correction_note", *PROTOCOL_HEADER_FIELDS)},
        "attendance": [
            {
                "membership": _membership(row.membership),
                "status": row.status,
                "serving_for": _membership(row.serving_for),
                "from_paragraph": row.from_paragraph,
                "to_paragraph": row.to_paragraph,
                "is_chair": row.is_chair,
                "is_adjuster": row.is_adjuster,
                "position": row.position,
            }
            for row in attendance
        ],
        "paragraphs": [
            {
                **{name: _value(getattr(paragraph, name)) for name in _DIGEST_PARAGRAPH_FIELDS},
                "proposals": [
                    {"membership": _membership(p.membership), "text": p.text, "position": p.position}
                    for p in sorted(paragraph.proposals.all(), key=lambda p: (p.position, p.pk))
                ],
                "votes": [
                    {
                        "question": v.question,
                        "is_secret": v.is_secret,
                        "yes": v.yes_count,
                        "no": v.no_count,
                        "abstain": v.abstain_count,
                        "outcome": v.outcome,
                        "position": v.position,
                        "ballots": sorted(
                            ({"membership": _membership(b.membership), "choice": b.choice} for b in v.ballots.all()),
                            key=lambda b: (b["membership"]["id"], b["choice"]),
                        ),
                    }
                    for v in sorted(paragraph.votes.all(), key=lambda v: (v.position, v.pk))
                ],
                "statements": [
                    {
                        "membership": _membership(s.membership),
                        "kind": s.kind,
                        "text": s.text,
                        "position": s.position,
                    }
                    for s in sorted(paragraph.statements.all(), key=lambda s: (s.position, s.pk))
                ],
            }
            for paragraph in paragraphs
        ],
    }


def canonical_json(content: dict) -> bytes:
    """Sorted keys, no insignificant white space, UTF-8: the same content always gives the same bytes."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def protocol_digest(protocol: Protocol) -> str:
    """SHA-256 (hex) of the canonical serialisation of `protocol_content`: any change of content changes it."""
    return hashlib.sha256(canonical_json(protocol_content(protocol))).hexdigest()


# --- who approves ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approver:
    """A person who must approve the protocol: its chair or one of its adjusters, present at the meeting."""

    person: Person
    role: str  # AdjustmentApproval.Role

    @property
    def role_label(self) -> str:
        return str(AdjustmentApproval.Role(self.role).label)

    @property
    def user(self):
        return self.person.user

    @property
    def has_account(self) -> bool:
        return self.person.user_id is not None and self.person.user.is_active


def protocol_approvers(protocol: Protocol) -> list[Approver]:
    """The chair first, then the adjusters in attendance order; a person who is both counts once, as chair."""
    rows = (
        Attendance.objects.filter(protocol_id=protocol.pk, status=Attendance.Status.PRESENT)
        .filter(Q(is_chair=True) | Q(is_adjuster=True))
        .select_related("membership__person__user")
        .order_by("-is_chair", "position", "pk")
    )
    approvers: dict[int, Approver] = {}
    for row in rows:
        person = row.membership.person
        if person.pk not in approvers:
            role = AdjustmentApproval.Role.CHAIR if row.is_chair else AdjustmentApproval.Role.ADJUSTER
            approvers[person.pk] = Approver(person=person, role=role)
    return list(approvers.values())


def person_of(user) -> Person | None:
    """The elected person whose staff account `user` is, if any."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return Person.objects.filter(user=user).first()


@dataclass
class AdjustmentState:
    """Where a protocol's justering stands, for the secretary's page, the review page and the inbox."""

    protocol: Protocol
    approvers: list[Approver]
    answers: dict[int, AdjustmentApproval]  # person id → their answer in the current round
    returned: list[AdjustmentApproval] = field(default_factory=list)  # the answers that sent the last round back

    @property
    def rows(self) -> list[tuple[Approver, AdjustmentApproval | None]]:
        return [(approver, self.answers.get(approver.person.pk)) for approver in self.approvers]

    @property
    def waiting(self) -> list[Approver]:
        return [approver for approver, answer in self.rows if answer is None]

    @property
    def without_account(self) -> list[Approver]:
        return [approver for approver in self.approvers if not approver.has_account]


def adjustment_state(protocol: Protocol) -> AdjustmentState:
    """The approvers and their answers in the protocol's current round (two queries)."""
    approvers = protocol_approvers(protocol)
    answers = list(
        AdjustmentApproval.objects.filter(protocol_id=protocol.pk, round=protocol.adjustment_round)
        .select_related("person", "user")
        .order_by("at", "pk")
    )
    by_person = {answer.person_id: answer for answer in answers}
    returned = [answer for answer in answers if answer.decision == AdjustmentApproval.Decision.RETURNED]
    return AdjustmentState(protocol=protocol, approvers=approvers, answers=by_person, returned=returned)


def approver_names(approvers: list[Approver]) -> str:
    names = [f"{approver.person.name} ({approver.role_label.lower()})" for approver in approvers]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s och %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


# --- the workflows --------------------------------------------------------------------------------------------------


def _locked(protocol: Protocol) -> Protocol:
    return Protocol.objects.select_for_update().select_related("meeting__body").get(pk=protocol.pk)


@transaction.atomic
def protocol_send_for_adjustment(*, protocol: Protocol, user) -> Protocol:
    """Send the draft to its chair and adjusters: the text is frozen, a new round begins, and each approver is told by
    mail (queued when the transaction commits; when the queue cannot take it, the sending is undone and
    QueueUnavailable raised, so nobody waits for a mail that never comes)."""
    protocol = _locked_draft(protocol)
    missing = protocol_missing_for_adjustment(protocol)
    if missing:
        raise ValidationError({NON_FIELD_ERRORS: missing})
    approvers = protocol_approvers(protocol)
    if not approvers:
        raise ValidationError(
            _(
                "Digital justering kräver att ordförande och justerare är valda i närvarolistan. Välj dem där, "
                "eller registrera justeringen på papper."
            ),
            code="no_approvers",
        )
    without = [approver for approver in approvers if not approver.has_account]
    if without:
        raise ValidationError(
            [
                ValidationError(
                    _(
                        "%(name)s (%(role)s) har inget aktivt medarbetarkonto kopplat till sig och kan inte justera "
                        "digitalt. Koppla ett konto till personen, eller registrera justeringen på papper."
                    )
                    % {"name": approver.person.name, "role": approver.role_label.lower()},
                    code="no_account",
                )
                for approver in without
            ]
        )

    protocol.sent_for_adjustment_at = timezone.now()
    protocol.sent_for_adjustment_by = user if user is not None and user.is_authenticated else None
    protocol.adjustment_round += 1
    protocol.adjustment_digest = protocol_digest(protocol)
    _set_history_user(protocol, user)
    protocol.save(
        update_fields=[
            "sent_for_adjustment_at",
            "sent_for_adjustment_by",
            "adjustment_round",
            "adjustment_digest",
            "updated_at",
        ]
    )

    from ..tasks import adjustment_mail_send  # tasks.py imports the services: a cycle

    round_number = protocol.adjustment_round
    enqueue_on_commit(
        adjustment_mail_send,
        MailKind.REQUEST,
        protocol.pk,
        round_number,
        undo=lambda: _send_undo(protocol_pk=protocol.pk, round_number=round_number, user=user),
    )
    return protocol


def _send_undo(*, protocol_pk: int, round_number: int, user) -> None:
    """Undo protocol_send_for_adjustment when the approvers' mails could not be queued: a draft again, as before."""
    protocol = Protocol.objects.select_for_update().filter(pk=protocol_pk).first()
    if protocol is None or protocol.adjustment_round != round_number or not protocol.is_sent_for_adjustment:
        return
    protocol.sent_for_adjustment_at = None
    protocol.adjustment_round = round_number - 1
    _set_history_user(protocol, user)
    protocol.save(update_fields=["sent_for_adjustment_at", "adjustment_round", "updated_at"])


@transaction.atomic
def protocol_withdraw_from_adjustment(*, protocol: Protocol, user) -> Protocol:
    """The secretary takes the protocol back to change it: a draft again. The round's answers stay on record but no
    longer count; sending it again opens a new round in which everyone answers anew."""
    protocol = _locked(protocol)
    if protocol.is_adjusted:
        raise _immutable_error()
    if not protocol.is_sent_for_adjustment:
        raise ValidationError(_("Protokollet är inte skickat för justering."), code="not_sent")
    protocol.sent_for_adjustment_at = None
    _set_history_user(protocol, user)
    protocol.save(update_fields=["sent_for_adjustment_at", "updated_at"])
    return protocol


@transaction.atomic
def approval_record(*, protocol: Protocol, user, decision: str, comment: str = "") -> AdjustmentApproval:
    """Record the answer of `user` (through their Person) in the protocol's current round.

    "returned" needs a comment and makes the protocol a draft again; "approved" is recorded, and when the chair and
    every adjuster of the round have approved, the protocol is adjusted today, by this last approver, digitally. The
    protocol row is locked for the whole of it, so of two approvers answering at once one comes second and sees the
    other's answer: neither can miss being the last.
    """
    protocol = _locked(protocol)
    person = person_of(user)
    approvers = {approver.person.pk: approver for approver in protocol_approvers(protocol)}
    if person is None or person.pk not in approvers:
        raise PermissionDenied
    if protocol.is_adjusted:
        raise ValidationError(_("Protokollet är redan justerat."), code="adjusted")
    if not protocol.is_sent_for_adjustment:
        raise ValidationError(
            _("Protokollet är inte skickat för justering just nu. Sekreteraren skickar det igen när det är klart."),
            code="not_sent",
        )

    errors: dict[str, list[str]] = {}
    if decision not in AdjustmentApproval.Decision.values:
        errors["decision"] = [_("Svar: välj ”Godkänn” eller ”Skicka tillbaka”.")]
    comment = (comment or "").strip()
    if decision == AdjustmentApproval.Decision.RETURNED and not comment:
        errors["comment"] = [
            _("Kommentar till sekreteraren: skriv vad som behöver ändras innan protokollet kan justeras.")
        ]
    if errors:
        raise ValidationError(errors)
    if AdjustmentApproval.objects.filter(protocol=protocol, round=protocol.adjustment_round, person=person).exists():
        raise ValidationError(_("Du har redan svarat i den här justeringsomgången."), code="answered")
    if protocol.adjustment_digest != protocol_digest(protocol):
        raise ValidationError(
            _(
                "Protokollets innehåll har ändrats sedan det skickades för justering, så ditt svar kan inte gälla "
                "det. Sekreteraren behöver ta tillbaka protokollet och skicka det igen."
            ),
            code="digest",
        )

    approval = AdjustmentApproval(
        protocol=protocol,
        round=protocol.adjustment_round,
        person=person,
        role=approvers[person.pk].role,
        user=user,
        decision=decision,
        comment=comment,
        digest=protocol.adjustment_digest,
    )
    try:
        with transaction.atomic():
            approval.save()
    except IntegrityError:  # the model's constraint, should the lock ever be bypassed
        raise ValidationError(_("Du har redan svarat i den här justeringsomgången."), code="answered") from None

    if decision == AdjustmentApproval.Decision.RETURNED:
        protocol.sent_for_adjustment_at = None
        _set_history_user(protocol, user)
        protocol.save(update_fields=["sent_for_adjustment_at", "updated_at"])
        _notify_secretary(MailKind.RETURNED, protocol)
        return approval

    approved = set(
        AdjustmentApproval.objects.filter(
            protocol=protocol, round=protocol.adjustment_round, decision=AdjustmentApproval.Decision.APPROVED
        ).values_list("person_id", flat=True)
    )
    if set(approvers) <= approved:
        protocol.adjusted_on = timezone.localdate()
        protocol.adjusted_by = user
        protocol.adjustment_method = Protocol.AdjustmentMethod.DIGITAL
        _set_history_user(protocol, user)
        protocol.save(update_fields=["adjusted_on", "adjusted_by", "adjustment_method", "updated_at"])
        _notify_secretary(MailKind.ADJUSTED, protocol)
    return approval


def _notify_secretary(kind: str, protocol: Protocol) -> None:
    """Tell the secretary who sent the protocol, once committed. The answer stands if the queue cannot take the mail:
    the secretary sees the state on the protocol's page anyway."""
    round_number = protocol.adjustment_round

    def queue() -> None:
        from ..tasks import adjustment_mail_send

        try:
            enqueue(adjustment_mail_send, kind, protocol.pk, round_number)
        except QueueUnavailable:
            logger.warning("protocol %s: the %s mail to the secretary was not queued", protocol.pk, kind)

    transaction.on_commit(queue)


# --- mails ------------------------------------------------------------------------------------------------------


def _absolute_url(path: str) -> str:
    # A Celery task has no request to build the host from.
    return settings.PORTAL_BASE_URL + path


def _display_name(user) -> str:
    if user is None:
        return _("Sekreteraren")
    return user.get_full_name() or user.get_username()


def _message(*, subject: str, template: str, context: dict, to: str) -> EmailMessage:
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},  # RFC 3834: no out-of-office replies
    )


def _sent_key(kind: str, protocol_pk: int, round_number: int, user_pk: int) -> str:
    return f"adjustment:sent:{kind}:{protocol_pk}:{round_number}:{user_pk}"


def adjustment_mails_send(*, kind: str, protocol_id: int, round_number: int) -> int:
    """Send the mails of one event of a round (run by the worker); returns how many went.

    Nothing is sent when the protocol has moved on since (withdrawn, sent back, or a newer round): the mail would
    point to something that is no longer asked of the reader. A cache mark per recipient keeps a retried task from
    sending twice. These mails go to staff, about a protocol that is not public yet; they carry only the link."""
    protocol = Protocol.objects.select_related("meeting__body", "sent_for_adjustment_by").filter(pk=protocol_id).first()
    if protocol is None or protocol.adjustment_round != round_number:
        return 0
    if kind == MailKind.REQUEST and not protocol.is_sent_for_adjustment:
        return 0
    if kind == MailKind.ADJUSTED and protocol.adjustment_method != Protocol.AdjustmentMethod.DIGITAL:
        return 0
    meeting = protocol.meeting
    with translation.override(settings.LANGUAGE_CODE):
        common = {
            "body": " ".join(meeting.body.name.split()),
            "date": sv_date(meeting.start),
            "version": protocol.version,
            "secretary": _display_name(protocol.sent_for_adjustment_by),
        }
        messages: list[tuple[int, EmailMessage]] = []
        if kind == MailKind.REQUEST:
            url = _absolute_url(reverse("staff:adjustment_review", kwargs={"pk": protocol.pk}))
            for approver in protocol_approvers(protocol):
                recipient = approver.user
                if not approver.has_account or not recipient.email:
                    logger.info("protocol %s: approver %s has no address to mail", protocol.pk, approver.person.pk)
                    continue
                messages.append(
                    (
                        recipient.pk,
                        _message(
                            subject=_("Protokoll att justera: %(body)s, %(date)s") % common,
                            template="email/adjustment_request.txt",
                            context={**common, "name": approver.person.name, "role": approver.role_label, "url": url},
                            to=recipient.email,
                        ),
                    )
                )
        else:
            secretary = protocol.sent_for_adjustment_by
            if secretary is None or not secretary.email:
                return 0
            state = adjustment_state(protocol)
            returned = kind == MailKind.RETURNED
            subject = (
                _("Protokollet är skickat tillbaka: %(body)s, %(date)s")
                if returned
                else _("Protokollet är justerat: %(body)s, %(date)s")
            )
            messages.append(
                (
                    secretary.pk,
                    _message(
                        subject=subject % common,
                        template="email/adjustment_returned.txt" if returned else "email/adjustment_adjusted.txt",
                        context={
                            **common,
                            "returned": state.returned,
                            "approvers": approver_names(state.approvers),
                            "adjusted_on": sv_date(protocol.adjusted_on) if protocol.adjusted_on else "",
                            "url": _absolute_url(reverse("staff:protocol_detail", kwargs={"pk": protocol.pk})),
                        },
                        to=secretary.email,
                    ),
                )
            )
    sent = 0
    for user_pk, message in messages:
        key = _sent_key(kind, protocol.pk, round_number, user_pk)
        if cache.get(key):
            continue
        message.send()
        cache.set(key, True, MAIL_SENT_SECONDS)
        sent += 1
    return sent
