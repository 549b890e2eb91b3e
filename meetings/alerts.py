"""E-mail alerts: a citizen follows a body or a case ("bevaka ärendet"), confirms by mail (double opt-in), and gets
one mail per published agenda or posted protocol of that body, or that names the case in a public item or paragraph,
and a mail when a published agenda is changed afterwards (at most one a day per meeting). An address that follows a
body and some of its cases gets one mail per publication, which names what it follows.

The address is personal data kept for this purpose only: an unconfirmed one is deleted after a week, a confirmed one
when its owner unsubscribes. Nothing here tells a visitor whether an address follows a body: the form only queues
the same task for every address, and the worker decides (`subscription_request`); following a case works the same
way, with the same limits, counted together with the bodies'. The form's limits, per mailbox and
per client address, count keyed hashes in the database, never addresses, for a day at most.

A mail is published text like a page: what it says of a body, a meeting, its agenda or a protocol comes from their
public projections (`meetings.public`), masked, and its links from the portal's configured address.
"""

import hashlib
import ipaddress
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Prefetch, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.tasks import enqueue

from . import case_steps
from .models import AgendaItem, AlertLimitEvent, Body, Case, Meeting, Protocol, Subscription
from .public import (
    PublicAgendaItem,
    PublicBody,
    PublicCase,
    PublicMeeting,
    PublicProtocol,
    protocol_prefetch,
)

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
    AGENDA_CHANGED = "agenda_changed"  # pk = the meeting whose published agenda was changed


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


# --- What is followed: a body, or a case with a public step -------------------------------------------------------


def public_case(case: Case | None) -> PublicCase | None:
    """The case as citizens see it, titled by its first public step (masked), or None when no public step names it
    (`meetings.case_steps`): a secret item or paragraph is no step, so a case that only secret rows name can neither
    be followed nor its title learnt."""
    if case is None or not case_steps.public_cases().filter(pk=case.pk).exists():
        return None
    return case_steps.case_summary(case, documents=False).case


def case_label(case: PublicCase) -> str:
    """ "ärende Ks 181/2022 – Detaljplan för Vivalla": how a page or a mail names a followed case."""
    label = _("ärende %(number)s") % {"number": case.number}
    title = one_line(case.title)
    return f"{label} – {title}" if title else label


# --- Workflows ---------------------------------------------------------------------------------------------------


def subscription_request_queue(*, email: str, body: Body | None = None, case: Case | None = None, undo=None) -> None:
    """Hand a request to follow `body` or `case` to the worker, which decides what to store and whether to mail.

    The web request does the same work for every address: it never looks the address up, so neither its answer nor
    the time it takes can tell whether the address follows a body or a case (a lookup and a mail made a known
    address answer in about half the time of a new one). Raises QueueUnavailable, after running `undo`, when the
    broker cannot take the task; nothing about the address has been stored then.
    """
    from .tasks import subscription_request_handle  # tasks.py imports this module: a top-level import is a cycle

    if (body is None) == (case is None):
        raise ValueError("follow a body or a case")
    if case is None:
        enqueue(subscription_request_handle, email, body.pk, undo=undo)
    else:
        enqueue(subscription_request_handle, email, None, case.pk, undo=undo)


def _followed(*, body_id: int | None, case_id: int | None) -> dict | None:
    """What the request asks to follow, as the lookup of its subscription (`{"body": …}` or `{"case": …}`); None when
    the body is gone, or the case has no public step (any more)."""
    if case_id is None:
        body = Body.objects.filter(pk=body_id).first()
        return {"body": body} if body is not None else None
    case = Case.objects.filter(pk=case_id).first()
    return {"case": case} if public_case(case) is not None else None


def subscription_request(*, email: str, body_id: int | None = None, case_id: int | None = None) -> bool:
    """Ask to follow the body or the case (run by the worker): store an unconfirmed subscription and mail the
    confirmation link, unless a limit says no. Returns whether a mail went.

    No mail when the address already follows it, when this subscription was mailed less than an hour ago, or when
    the address has had its confirmation mails for the hour or the day across all bodies and cases (so the form cannot
    be used to flood someone's inbox). A new address that gets no mail is not stored: there is no link to confirm it.
    """
    if (body_id is None) == (case_id is None):
        raise ValueError("follow a body or a case")
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        # Addresses that were never confirmed are deleted after a week, here, whenever someone asks to follow
        # something: we keep them for nothing else, and this needs no scheduler.
        Subscription.objects.filter(_expired()).delete()
        followed = _followed(body_id=body_id, case_id=case_id)
        if followed is None:  # deleted (or no longer public) since the form was sent
            return False
        digest = AlertLimitEvent.digest_of(AlertLimitEvent.Kind.CONFIRMATION_MAIL, mailbox_key(email))
        if not _address_may_be_mailed(digest, now=now):
            return False
        subscription = Subscription.objects.filter(email=email, **followed).first()
        previous_sent_at = subscription.confirmation_sent_at if subscription else None
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email, confirmation_sent_at=now, **followed)
            except IntegrityError:  # the same address and body or case in a request handled at the same moment
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
    for name, value in followed.items():
        setattr(subscription, name, value)
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
    return Subscription.objects.select_related("body", "case").exclude(_expired()).filter(token=token).first()


def followed_context(subscription: Subscription) -> dict:
    """What the subscription follows, projected, for its pages and mails: `body` (a PublicBody) or `case` (a
    PublicCase, titled by its first public step), the other None."""
    if subscription.case_id is not None:
        case = public_case(subscription.case) or PublicCase(subscription.case)
        return {"body": None, "case": case, "case_label": case_label(case)}
    return {"body": PublicBody(subscription.body), "case": None, "case_label": ""}


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
    followed = followed_context(subscription)
    if followed["case"] is not None:
        name, page = followed["case_label"], followed["case"].get_absolute_url()
    else:
        name, page = one_line(followed["body"].name), followed["body"].get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            subject=_("Bekräfta din bevakning av %(body)s") % {"body": name},
            template="email/subscription_confirm.txt",
            context={
                **followed,
                "confirm_url": confirm_url(subscription),
                "body_url": absolute_url(page),
                "lifetime_days": UNCONFIRMED_LIFETIME.days,
            },
            to=subscription.email,
        )


@dataclass(frozen=True)
class Publication:
    """What an alert is about: the same text for every subscriber, built once.

    `case_ids` are the cases that public items or paragraphs of it name, whose followers get the mail too, and
    `case_lines` what the mail lists of each for them; `sent_as` is the part of the "already sent" mark that tells
    publications apart (a change mail's has the day, so that a meeting's changes make one mail a day)."""

    kind: str
    pk: int
    body_id: int
    body: PublicBody
    subject: str
    template: str
    context: dict
    case_ids: frozenset[int] = frozenset()
    case_lines: dict[int, list[str]] = field(default_factory=dict)
    sent_as: str = ""


def agenda_title(meeting: PublicMeeting) -> str:
    return _("Ärendelista: %(body)s, %(date)s") % {"body": one_line(meeting.body.name), "date": sv_date(meeting.start)}


def protocol_title(protocol: PublicProtocol) -> str:
    meeting = protocol.meeting
    title = _("Protokoll: %(body)s, %(date)s") % {"body": one_line(meeting.body.name), "date": sv_date(meeting.start)}
    if protocol.version > 1:
        title += " " + _("(rättad version %(version)s)") % {"version": protocol.version}
    return title


def _item_line(item: PublicAgendaItem) -> str:
    return f"{one_line(item.number)}. {one_line(item.title)}"


def _cases_of(rows, projections, line) -> tuple[frozenset[int], dict[int, list[str]]]:
    """The cases the public `rows` name (a secret row names none: its case must neither get a mail nor be named in
    one), and for each the lines of the mail that are about it, from the rows' `projections`."""
    lines: dict[int, list[str]] = {}
    for row, projection in zip(rows, projections, strict=True):
        if row.is_public and row.case_id is not None:
            lines.setdefault(row.case_id, []).append(line(projection))
    return frozenset(lines), lines


def _published_meeting(pk: int) -> tuple[Meeting, PublicMeeting] | None:
    items = Prefetch("items", queryset=AgendaItem.objects.order_by("position"), to_attr="agenda_items")
    found = Meeting.objects.with_agenda().select_related("body").prefetch_related(items).filter(pk=pk).first()
    if found is None:  # deleted, or the agenda withdrawn, before the worker got to it
        return None
    return found, PublicMeeting(found)


def _agenda_context(meeting: PublicMeeting) -> dict:
    # A non-public item is its number and "Sekretessärende": its title must never leave the portal.
    return {
        "meeting": meeting,
        "place": one_line(meeting.place),
        "status_note": one_line(meeting.status_note),
        "items": [_item_line(item) for item in meeting.items],
        "public_items": sum(1 for item in meeting.items if item.is_public),
        "url": absolute_url(meeting.get_absolute_url()),
    }


def _agenda_publication(pk: int) -> Publication | None:
    published = _published_meeting(pk)
    if published is None:
        return None
    found, meeting = published
    body = meeting.body
    case_ids, case_lines = _cases_of(found.agenda_items, meeting.items, _item_line)
    return Publication(
        kind=AlertKind.AGENDA,
        pk=pk,
        body_id=found.body_id,
        body=body,
        subject=_("Ny ärendelista: %(body)s, %(date)s") % {"body": one_line(body.name), "date": sv_date(meeting.start)},
        template="email/alert_agenda.txt",
        context=_agenda_context(meeting),
        case_ids=case_ids,
        case_lines=case_lines,
        sent_as=AlertKind.AGENDA,
    )


def _agenda_changed_publication(pk: int) -> Publication | None:
    """A published agenda changed afterwards (`Meeting.agenda_changed_at`): nothing when the agenda is no longer
    published, the meeting is cancelled, or it was never changed."""
    published = _published_meeting(pk)
    if published is None:
        return None
    found, meeting = published
    if found.is_cancelled or found.agenda_changed_at is None:
        return None
    changed_on = timezone.localdate(found.agenda_changed_at)
    body = meeting.body
    case_ids, case_lines = _cases_of(found.agenda_items, meeting.items, _item_line)
    changed = formats.date_format(changed_on, "j F Y")
    return Publication(
        kind=AlertKind.AGENDA_CHANGED,
        pk=pk,
        body_id=found.body_id,
        body=body,
        subject=_("Ärendelistan till %(body)s, %(date)s, har ändrats %(changed)s")
        % {"body": one_line(body.name), "date": sv_date(meeting.start), "changed": changed},
        template="email/alert_agenda_changed.txt",
        context={**_agenda_context(meeting), "changed": changed},
        case_ids=case_ids,
        case_lines=case_lines,
        sent_as=agenda_changed_sent_as(changed_on),
    )


def agenda_changed_sent_as(day: date) -> str:
    """The mark of a change mail: one per meeting and calendar day of the change."""
    return f"{AlertKind.AGENDA_CHANGED}:{day.isoformat()}"


def _paragraph_line(paragraph) -> str:
    return f"§ {paragraph.number} {one_line(paragraph.title)}"


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
    case_ids, case_lines = _cases_of(found.paragraphs.all(), protocol.paragraphs, _paragraph_line)
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
            "paragraphs": [_paragraph_line(paragraph) for paragraph in protocol.paragraphs],
            "url": absolute_url(protocol.get_absolute_url()),
        },
        case_ids=case_ids,
        case_lines=case_lines,
        sent_as=AlertKind.PROTOCOL,
    )


def publication_load(*, kind: str, pk: int) -> Publication | None:
    loaders = {
        AlertKind.AGENDA: _agenda_publication,
        AlertKind.PROTOCOL: _protocol_publication,
        AlertKind.AGENDA_CHANGED: _agenda_changed_publication,
    }
    if kind not in loaders:
        raise ValueError(f"unknown alert kind {kind!r}")
    with translation.override(settings.LANGUAGE_CODE):
        return loaders[kind](pk)


def alert_message(publication: Publication, subscriptions: list[Subscription]) -> EmailMessage:
    """The one mail to one address about the publication, for all that address's subscriptions that it concerns:
    the body's, and those of the cases it names. The body's cancel link is the one-click one (else the first case's);
    the footer has a cancel link for each."""
    of_body = next((s for s in subscriptions if s.body_id == publication.body_id), None)
    of_cases = [s for s in subscriptions if s.case_id is not None]
    followed_cases = []
    for subscription in of_cases:
        case = PublicCase(subscription.case)  # the number only: the validated code, never the registrar's title
        followed_cases.append(
            {
                "number": case.number,
                "lines": publication.case_lines.get(subscription.case_id, []),
                "cancel_url": cancel_url(subscription),
            }
        )
    url = cancel_url(of_body or of_cases[0])
    with translation.override(settings.LANGUAGE_CODE):
        names = [one_line(publication.body.name)] if of_body is not None else []
        names += [_("ärende %(number)s") % {"number": case["number"]} for case in followed_cases]
        followed = (
            names[0]
            if len(names) == 1
            else _("%(first)s och %(last)s")
            % {
                "first": ", ".join(names[:-1]),
                "last": names[-1],
            }
        )
        return _message(
            subject=publication.subject,
            template=publication.template,
            context={
                **publication.context,
                "body": publication.body,
                "follows_body": of_body is not None,
                "followed_cases": followed_cases,
                "followed": followed,
                "cancel_url": url,
            },
            to=subscriptions[0].email,
            # RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to the link.
            headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )


def publication_alerts_send(*, kind: str, pk: int) -> int:
    """Mail each confirmed subscriber of the body, and of each case a public item or paragraph of the publication
    names, once about the publication; returns the number of mails sent. An address that follows the body and
    some of the cases gets one mail.

    The task runs with acks_late, so after a lost worker Celery runs it again. Rather than a table of sent mails
    (no model change for this), the cache remembers each (publication, subscription) for a week once its mail has
    gone, for every subscription the mail was for: a rerun skips an address any of whose subscriptions is marked, so
    it sends only what is missing, even if the address has confirmed another case in between. The marks are set
    right after each send, so a crash can repeat at most the one mail in flight; if the cache is flushed within the
    week a rerun could repeat mails, which we accept. A change mail's mark has the day of the change in it: at most
    one change mail per meeting and day.
    """
    publication = publication_load(kind=kind, pk=pk)
    if publication is None:
        return 0
    followers = Q(body_id=publication.body_id)
    if publication.case_ids:
        followers |= Q(case_id__in=publication.case_ids)
    subscriptions = (
        Subscription.objects.confirmed().filter(followers).select_related("case").order_by(Lower("email"), "pk")
    )
    sent = 0
    connection = None
    try:
        for _email, group in groupby(subscriptions.iterator(), key=lambda row: row.email.lower()):
            group = list(group)
            keys = [alert_sent_key(publication.sent_as, pk, subscription) for subscription in group]
            if cache.get_many(keys):
                continue
            if connection is None:
                connection = get_connection()
                connection.open()  # one SMTP session for all the mails
            sent += connection.send_messages([alert_message(publication, group)]) or 0
            cache.set_many(dict.fromkeys(keys, True), ALERT_SENT_SECONDS)
    finally:
        if connection is not None:
            connection.close()
    return sent
