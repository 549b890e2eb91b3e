"""E-mail alerts: a citizen follows a body. The address is used for these alerts only and deleted on unsubscribe,
which is why this model has no history."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    email = models.EmailField(_("e-postadress"))
    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("organ"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    # One secret per subscription, in the confirm and unsubscribe links; it dies with the row.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        constraints = [
            models.UniqueConstraint(fields=["email", "body"], name="subscription_unique_email_body"),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.email}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
