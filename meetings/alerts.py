"""E-mail alerts: a citizen follows a body, confirms by mail (double opt-in), and gets one mail per published agenda
or posted protocol of that body.

The address is personal data kept for this purpose only: an unconfirmed one is deleted after a week, a confirmed one
when its owner unsubscribes. Nothing here tells a visitor whether an address follows a body.

A mail is published text like a page: what it says of a body, a meeting, its agenda or a protocol comes from their
public projections (`meetings.public`), masked, and its links from the portal's configured address.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date

from .models import AgendaItem, Body, Meeting, Protocol, Subscription
from .public import PublicBody, PublicMeeting, PublicProtocol

UNCONFIRMED_LIFETIME = timedelta(days=7)
CONFIRMATION_RESEND_SECONDS = 60 * 60
ALERT_SENT_SECONDS = 7 * 24 * 60 * 60


class AlertKind:
    """What a `publication_alert_send` task is about; plain strings, since they travel as JSON through the broker."""

    AGENDA = "agenda"
    PROTOCOL = "protocol"


def absolute_url(path: str) -> str:
    # A Celery task has no request to build the host from.
    return settings.PORTAL_BASE_URL + path


def confirm_url(subscription: Subscription) -> str:
    return absolute_url(reverse("meetings:subscription_confirm", kwargs={"token": subscription.token}))


def cancel_url(subscription: Subscription) -> str:
    return absolute_url(reverse("meetings:subscription_cancel", kwargs={"token": subscription.token}))


def _token_key(prefix: str, subscription: Subscription) -> str:
    # Keyed by (a digest of) the token, not the id: ids come back after a rolled-back transaction, tokens never do,
    # and the secret itself does not belong in key names that monitoring tools list.
    return f"alerts:{prefix}:{hashlib.sha256(subscription.token.encode()).hexdigest()[:32]}"


def alert_sent_key(kind: str, pk: int, subscription: Subscription) -> str:
    """The cache key that remembers that this subscriber has had the mail about this publication."""
    return _token_key(f"sent:{kind}:{pk}", subscription)


def _expired() -> Q:
    """Never confirmed, and older than a week: the link in the mail no longer works and the row is to be deleted."""
    return Q(confirmed_at__isnull=True, created_at__lt=timezone.now() - UNCONFIRMED_LIFETIME)


# --- Workflows ---------------------------------------------------------------------------------------------------


@transaction.atomic
def subscription_request(*, email: str, body: Body) -> Subscription | None:
    """Ask to follow `body`: store an unconfirmed subscription and queue the confirmation mail.

    Returns the subscription whose confirmation mail was queued, or None when no mail is sent: the address already
    follows the body, or it was sent a confirmation mail less than an hour ago (so the form cannot be used to flood
    someone's inbox). The caller must show the same page in every case.
    """
    # Addresses that were never confirmed are deleted after a week, here, whenever someone asks to follow a body:
    # we keep them for nothing else, and this needs no scheduler.
    Subscription.objects.filter(_expired()).delete()

    subscription, created = Subscription.objects.get_or_create(email=email.strip().lower(), body=body)
    if subscription.is_confirmed:
        return None
    # When the last confirmation mail went, kept in the cache (no model change for this). The stored time is compared
    # rather than trusting the key's expiry alone, which follows the cache server's clock instead of ours.
    key = _token_key("confirmation", subscription)
    now = timezone.now().timestamp()
    last_sent = cache.get(key)
    if not created and last_sent is not None and now - last_sent < CONFIRMATION_RESEND_SECONDS:
        return None
    cache.set(key, now, CONFIRMATION_RESEND_SECONDS)

    from .tasks import subscription_confirmation_send  # tasks.py imports this module: a top-level import is a cycle

    subscription_confirmation_send.delay_on_commit(subscription.pk)
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription | None:
    """Confirm the subscription with this token (idempotent); None when there is none, or its week has run out."""
    subscription = subscription_for_token(token)
    if subscription is None:
        return None
    if not subscription.is_confirmed:
        now = timezone.now()
        # A conditional update: of two clicks at once, the first one's time is kept.
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        subscription.confirmed_at = now
    return subscription


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """Delete the subscription, and with it the address. False when the token is unknown (e.g. already cancelled)."""
    deleted, _per_model = Subscription.objects.filter(token=token).delete()
    return deleted > 0


def subscription_for_token(token: str) -> Subscription | None:
    """The subscription a link in a mail leads to, unless it has expired unconfirmed."""
    return Subscription.objects.select_related("body").exclude(_expired()).filter(token=token).first()


# --- Mails -------------------------------------------------------------------------------------------------------


def _message(*, subject: str, template: str, context: dict, to: str, headers: dict | None = None) -> EmailMessage:
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        # RFC 3834: out-of-office replies should not answer an automatic mail.
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
    )


def one_line(text: str) -> str:
    """A text folded into one line of a plain-text mail or feed entry."""
    return " ".join(str(text).split())


def confirmation_message(subscription: Subscription) -> EmailMessage:
    body = PublicBody(subscription.body)
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            subject=_("Bekräfta din bevakning av %(body)s") % {"body": one_line(body.name)},
            template="email/subscription_confirm.txt",
            context={
                "body": body,
                "confirm_url": confirm_url(subscription),
                "body_url": absolute_url(body.get_absolute_url()),
                "lifetime_days": UNCONFIRMED_LIFETIME.days,
            },
            to=subscription.email,
        )


@dataclass(frozen=True)
class Publication:
    """What an alert is about: the same text for every subscriber, built once."""

    kind: str
    pk: int
    body_id: int
    body: PublicBody
    subject: str
    template: str
    context: dict


def agenda_title(meeting: PublicMeeting) -> str:
    return _("Ärendelista: %(body)s, %(date)s") % {"body": one_line(meeting.body.name), "date": sv_date(meeting.start)}


def protocol_title(protocol: PublicProtocol) -> str:
    meeting = protocol.meeting
    title = _("Protokoll: %(body)s, %(date)s") % {"body": one_line(meeting.body.name), "date": sv_date(meeting.start)}
    if protocol.version > 1:
        title += " " + _("(rättad version %(version)s)") % {"version": protocol.version}
    return title


def _agenda_publication(pk: int) -> Publication | None:
    items = Prefetch("items", queryset=AgendaItem.objects.order_by("position"), to_attr="agenda_items")
    found = Meeting.objects.with_agenda().select_related("body").prefetch_related(items).filter(pk=pk).first()
    if found is None:  # deleted, or the agenda withdrawn, before the worker got to it
        return None
    meeting = PublicMeeting(found)
    body = meeting.body
    return Publication(
        kind=AlertKind.AGENDA,
        pk=pk,
        body_id=found.body_id,
        body=body,
        subject=_("Ny ärendelista: %(body)s, %(date)s") % {"body": one_line(body.name), "date": sv_date(meeting.start)},
        template="email/alert_agenda.txt",
        # A non-public item is its number and "Sekretessärende": its title must never leave the portal.
        context={
            "meeting": meeting,
            "place": one_line(meeting.place),
            "status_note": one_line(meeting.status_note),
            "items": [f"{one_line(item.number)}. {one_line(item.title)}" for item in meeting.items],
            "public_items": sum(1 for item in meeting.items if item.is_public),
            "url": absolute_url(meeting.get_absolute_url()),
        },
    )


def _protocol_publication(pk: int) -> Publication | None:
    found = (
        Protocol.objects.posted()
        .select_related("meeting__body", "posting")
        .prefetch_related("paragraphs")
        .filter(pk=pk)
        .first()
    )
    if found is None:  # only a protocol on the notice board is public
        return None
    protocol = PublicProtocol(found)
    meeting = protocol.meeting
    body = meeting.body
    subject = _("Nytt protokoll: %(body)s, %(date)s") % {"body": one_line(body.name), "date": sv_date(meeting.start)}
    if protocol.version > 1:
        subject += " " + _("(rättad version %(version)s)") % {"version": protocol.version}
    return Publication(
        kind=AlertKind.PROTOCOL,
        pk=pk,
        body_id=found.meeting.body_id,
        body=body,
        subject=subject,
        template="email/alert_protocol.txt",
        context={
            "protocol": protocol,
            "meeting": meeting,
            "posting": protocol.posting,
            "correction_note": one_line(protocol.correction_note),
            "paragraphs": [f"§ {paragraph.number} {one_line(paragraph.title)}" for paragraph in protocol.paragraphs],
            "url": absolute_url(protocol.get_absolute_url()),
        },
    )


def publication_load(*, kind: str, pk: int) -> Publication | None:
    loaders = {AlertKind.AGENDA: _agenda_publication, AlertKind.PROTOCOL: _protocol_publication}
    if kind not in loaders:
        raise ValueError(f"unknown alert kind {kind!r}")
    with translation.override(settings.LANGUAGE_CODE):
        return loaders[kind](pk)


def alert_message(publication: Publication, subscription: Subscription) -> EmailMessage:
    url = cancel_url(subscription)
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            subject=publication.subject,
            template=publication.template,
            context={**publication.context, "body": publication.body, "cancel_url": url},
            to=subscription.email,
            # RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to the link.
            headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )


def publication_alerts_send(*, kind: str, pk: int) -> int:
    """Mail each confirmed subscriber of the body once about the publication; returns the number of mails sent.

    The task runs with acks_late, so after a lost worker Celery runs it again. Rather than a table of sent mails
    (no model change for this), the cache remembers each (kind, pk, subscription) for a week once its mail has gone:
    a rerun sends only what is missing. The mark is set right after each send, so a crash can repeat at most the one
    mail in flight; if the cache is flushed within the week a rerun could repeat mails, which we accept.
    """
    publication = publication_load(kind=kind, pk=pk)
    if publication is None:
        return 0
    subscriptions = Subscription.objects.confirmed().filter(body_id=publication.body_id).order_by("pk")
    sent = 0
    connection = None
    try:
        for subscription in subscriptions.iterator():
            key = alert_sent_key(kind, pk, subscription)
            if cache.get(key):
                continue
            if connection is None:
                connection = get_connection()
                connection.open()  # one SMTP session for all the mails
            sent += connection.send_messages([alert_message(publication, subscription)]) or 0
            cache.set(key, True, ALERT_SENT_SECONDS)
    finally:
        if connection is not None:
            connection.close()
    return sent
