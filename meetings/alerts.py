"""E-mail alerts: a citizen follows a body, confirms by mail (double opt-in), and gets one mail per published agenda
or posted protocol of that body.

The address is personal data kept for this purpose only: an unconfirmed one is deleted after a week, a confirmed one
when its owner unsubscribes. Nothing here tells a visitor whether an address follows a body: the form only queues
the same task for every address, and the worker decides (`subscription_request`). The form's limits, per mailbox and
per client address, count keyed hashes in the database, never addresses, for a day at most.

A mail is published text like a page: what it says of a body, a meeting, its agenda or a protocol comes from their
public projections (`meetings.public`), masked, and its links from the portal's configured address.
"""

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.tasks import enqueue

from .models import AgendaItem, AlertLimitEvent, Body, Meeting, Protocol, Subscription
from .public import PublicBody, PublicMeeting, PublicProtocol, protocol_prefetch

UNCONFIRMED_LIFETIME = timedelta(days=7)
ALERT_SENT_SECONDS = 7 * 24 * 60 * 60

# The alert form's limits, counted in the database (AlertLimitEvent), so a restart or a Redis outage resets nothing.
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)  # the longest window: rows older than this are deleted
# Confirmation mails to one mailbox, across all bodies: someone who follows a few bodies gets their links at once,
# and someone who wants all ten waits a day; whoever types another person's address into the form, from however
# many clients, can send that person at most five unwanted mails a day (the flood found was ten a minute, again
# every hour). Mails to the same address about the same body: at most one an hour, as before.
ADDRESS_MAILS_PER_HOUR = 3
ADDRESS_MAILS_PER_DAY = 5
CONFIRMATION_RESEND_INTERVAL = HOUR
# Form posts from one client address (an IPv6 client by its /64, which one host usually holds whole): thirty an hour
# leaves room for a household or an office behind one address following all ten bodies with a few typos, and
# holds a script to thirty addresses an hour.
CLIENT_POSTS_PER_HOUR = 30


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


# --- Limits ------------------------------------------------------------------------------------------------------


class ClientLimitReached(Exception):
    """The client address has sent the form CLIENT_POSTS_PER_HOUR times in the last hour."""

    def __init__(self, retry_after: timedelta):
        super().__init__(retry_after)
        self.retry_after = retry_after


def client_key(ip: str) -> str:
    """What counts as one client: an IPv4 address, or an IPv6 /64 (one host gets a whole /64 and can pick any
    address in it, so counting single IPv6 addresses would count nothing)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip  # no address at all (a test client or a Unix socket): one bucket for all of them
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def mailbox_key(email: str) -> str:
    """What counts as one mailbox for the limits: anna+1@, anna+2@ and a.nna@ reach the same inbox at many
    providers (RFC 5233 subaddresses; dots ignored), so they share the limit. Merging a few distinct addresses
    only makes their limit stricter; the subscription itself keeps the address as typed."""
    local, _at, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0].replace('.', '')}@{domain}"


def _address_may_be_mailed(digest: str, *, now) -> bool:
    counts = (
        AlertLimitEvent.objects.of(AlertLimitEvent.Kind.CONFIRMATION_MAIL, digest)
        .since(now - DAY)
        .aggregate(day=Count("pk"), hour=Count("pk", filter=Q(created_at__gt=now - HOUR)))
    )
    return counts["hour"] < ADDRESS_MAILS_PER_HOUR and counts["day"] < ADDRESS_MAILS_PER_DAY


def client_post_record(*, ip: str) -> AlertLimitEvent:
    """Count a post of the alert form from this client; raise ClientLimitReached (counting nothing) when it has
    sent its CLIENT_POSTS_PER_HOUR already. The same queries for every address typed into the form.

    Counted before the insert, not atomically: two posts at the very same moment may both pass at the limit, which
    costs at most a mail or two and needs no lock."""
    now = timezone.now()
    digest = AlertLimitEvent.digest_of(AlertLimitEvent.Kind.FORM_POST, client_key(ip))
    recent = (
        AlertLimitEvent.objects.of(AlertLimitEvent.Kind.FORM_POST, digest)
        .since(now - HOUR)
        .aggregate(count=Count("pk"), oldest=Min("created_at"))
    )
    if recent["count"] >= CLIENT_POSTS_PER_HOUR:
        raise ClientLimitReached(recent["oldest"] + HOUR - now)
    return AlertLimitEvent.objects.record(AlertLimitEvent.Kind.FORM_POST, digest, now=now, keep=DAY)


# --- Workflows ---------------------------------------------------------------------------------------------------


def subscription_request_queue(*, email: str, body: Body, undo=None) -> None:
    """Hand a request to follow `body` to the worker, which decides what to store and whether to mail.

    The web request does the same work for every address: it never looks the address up, so neither its answer nor
    the time it takes can tell whether the address follows a body (a lookup and a mail made a known address answer
    in about half the time of a new one). Raises QueueUnavailable, after running `undo`, when the broker cannot
    take the task; nothing about the address has been stored then.
    """
    from .tasks import subscription_request_handle  # tasks.py imports this module: a top-level import is a cycle

    enqueue(subscription_request_handle, email, body.pk, undo=undo)


def subscription_request(*, email: str, body_id: int) -> bool:
    """Ask to follow the body (run by the worker): store an unconfirmed subscription and mail the confirmation link,
    unless a limit says no. Returns whether a mail went.

    No mail when the address already follows the body, when this subscription was mailed less than an hour ago, or
    when the address has had its confirmation mails for the hour or the day across all bodies (so the form cannot be
    used to flood someone's inbox). A new address that gets no mail is not stored: there is no link to confirm it.
    """
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        # Addresses that were never confirmed are deleted after a week, here, whenever someone asks to follow a
        # body: we keep them for nothing else, and this needs no scheduler.
        Subscription.objects.filter(_expired()).delete()
        body = Body.objects.filter(pk=body_id).first()
        if body is None:  # deleted since the form was sent
            return False
        digest = AlertLimitEvent.digest_of(AlertLimitEvent.Kind.CONFIRMATION_MAIL, mailbox_key(email))
        if not _address_may_be_mailed(digest, now=now):
            return False
        subscription = Subscription.objects.filter(email=email, body=body).first()
        previous_sent_at = subscription.confirmation_sent_at if subscription else None
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email, body=body, confirmation_sent_at=now)
            except IntegrityError:  # the same address and body in a request handled at the same moment
                return False
            created = True
        else:
            # A conditional update: of two requests at once, one sends. Also "not confirmed in the meantime".
            resend_before = now - CONFIRMATION_RESEND_INTERVAL
            created = False
            if not (
                Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True)
                .filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lte=resend_before))
                .update(confirmation_sent_at=now)
            ):
                return False
        event = AlertLimitEvent.objects.record(AlertLimitEvent.Kind.CONFIRMATION_MAIL, digest, now=now, keep=DAY)
    subscription.body = body
    try:
        confirmation_message(subscription).send()
    except OSError:
        # Undone so that the task's retry decides again, instead of finding "sent" and sending nothing.
        event.delete()
        if created:
            subscription.delete()
        else:
            Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=previous_sent_at)
        raise
    return True


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
        .prefetch_related(*protocol_prefetch())
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
