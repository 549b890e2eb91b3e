"""Who may edit what: a staff member's role for a body. Administrators are superusers and may edit everything."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Nämndsekreterare")
        CONTROLLER = "controller", _("Controller")
        ANALYST = "analyst", _("Analytiker")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="assignments"
    )
    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("organ"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["user", "body", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "body", "role"],
                name="assignment_unique",
                violation_error_message=_("Användaren har redan den rollen för organet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}, {self.body}"
