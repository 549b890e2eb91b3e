"""E-mail alerts: a citizen follows a body. The address is used for these alerts only and deleted on unsubscribe,
which is why this model has no history. The alert form's limits are counted in `AlertLimitEvent`."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    email = models.EmailField(_("e-postadress"))
    # What is followed: a body (its agendas and protocols) or one case through every body (exactly one of the two).
    body = models.ForeignKey(
        "meetings.Body",
        verbose_name=_("organ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    case = models.ForeignKey(
        "meetings.Case",
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    # One secret per subscription, in the confirm and unsubscribe links; it dies with the row.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    # When the last confirmation mail went: at most one an hour for the same address and body.
    confirmation_sent_at = models.DateTimeField(_("bekräftelsemejl skickat"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        constraints = [
            models.UniqueConstraint(fields=["email", "body"], name="subscription_unique_email_body"),
            models.UniqueConstraint(fields=["email", "case"], name="subscription_unique_email_case"),
            models.CheckConstraint(
                condition=Q(body__isnull=False, case__isnull=True) | Q(body__isnull=True, case__isnull=False),
                name="subscription_body_or_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body or self.case}: {self.email}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class AlertLimitEventQuerySet(models.QuerySet):
    def of(self, kind: str, digest: str):
        return self.filter(kind=kind, digest=digest)

    def since(self, moment):
        return self.filter(created_at__gt=moment)

    def record(self, kind: str, digest: str, *, now, keep):
        """Count one event, and delete those older than `keep` (the longest window): no scheduler is needed, and
        no digest outlives the window it counts in."""
        self.filter(created_at__lte=now - keep).delete()
        return self.create(kind=kind, digest=digest, created_at=now)


class AlertLimitEvent(models.Model):
    """One thing the alert form's limits count: a form post from a client, or a confirmation mail to an address.

    In the database rather than the cache, so that the limits hold across a restart and with Redis down. Neither
    the address nor the client's IP is stored, only a keyed hash of it (`digest`, an HMAC with SECRET_KEY): enough to
    count, useless to read who asked. Rows older than the longest window are deleted whenever a new one is written.
    """

    class Kind(models.TextChoices):
        FORM_POST = "form_post", _("formulär skickat från en klientadress")
        CONFIRMATION_MAIL = "confirmation_mail", _("bekräftelsemejl till en e-postadress")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AlertLimitEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("räknad bevakningsförfrågan")
        verbose_name_plural = _("räknade bevakningsförfrågningar")
        indexes = [
            models.Index(fields=["kind", "digest", "created_at"], name="alert_limit_kind_digest_time"),
            models.Index(fields=["created_at"], name="alert_limit_time"),  # for pruning
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def digest_of(kind: str, value: str) -> str:
        """A keyed hash (HMAC-SHA256 with SECRET_KEY) of an address: the same address gives the same digest, which
        cannot be turned back into the address, nor checked against a list of addresses without the key."""
        return salted_hmac(f"meetings.alerts.limit.{kind}", value, algorithm="sha256").hexdigest()
