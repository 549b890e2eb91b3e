"""The elected: parties, persons and their memberships of a body — shaped after OParl's Person and Membership.

A person's role in a body is a membership with dates, so a roster on any day is a query, and a member's history
(ledamot one term, ordförande the next) is the list of their memberships. The party of a membership is the party group
the person sat for then; `Person.party` is only their party today, for lists.

Demo rosters are invented: `Person.is_example` marks such a person, and every page that shows one says so.
"""

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orebro_portal.lib.bounds import DateRangeValidator


class Party(models.Model):
    name = models.CharField(_("namn"), max_length=100, unique=True)
    abbreviation = models.CharField(
        _("förkortning"),
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,9}$", _("Förkortningen skrivs med bokstäver, t.ex. ”S” eller ”KD”.")
            )
        ],
        help_text=_("T.ex. ”S” eller ”KD”."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partier")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class PersonQuerySet(models.QuerySet):
    def serving_on(self, body_id: int, day: date):
        return self.filter(memberships__in=Membership.objects.on(day).filter(body_id=body_id)).distinct()


class Person(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100, unique=True)
    party = models.ForeignKey(
        Party,
        verbose_name=_("parti"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="persons",
        help_text=_("Partiet i dag. Vilket parti ett uppdrag gällde står på uppdraget."),
    )
    public_email = models.EmailField(
        _("e-post för allmänheten"),
        blank=True,
        help_text=_("Visas på ledamotens sida. Lämna tomt om ledamoten inte vill visa någon adress."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbetarkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("Kontot som ledamoten loggar in med för att justera protokoll."),
    )
    is_example = models.BooleanField(
        _("exempelperson"),
        default=False,
        help_text=_("Påhittad person i exempeldata. Sidor som visar personen säger att namnet är ett exempel."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:person_detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def on(self, day: date):
        """Memberships in force on `day` (both ends inclusive)."""
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        FIRST_VICE_CHAIR = "first_vice_chair", _("Förste vice ordförande")
        SECOND_VICE_CHAIR = "second_vice_chair", _("Andre vice ordförande")
        MEMBER = "member", _("Ledamot")
        SUBSTITUTE = "substitute", _("Ersättare")

    # Roles that make the person a ledamot (a decision-maker by right); an ersättare decides only when serving.
    LEDAMOT_ROLES = (Role.CHAIR, Role.FIRST_VICE_CHAIR, Role.SECOND_VICE_CHAIR, Role.MEMBER)

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("organ"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("partigrupp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    start = models.DateField(_("från och med"), validators=[DateRangeValidator(_("Från och med"))])
    end = models.DateField(_("till och med"), null=True, blank=True, validators=[DateRangeValidator(_("Till och med"))])

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppdrag i organ")
        verbose_name_plural = _("uppdrag i organ")
        ordering = ["body", "start", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_dates_in_order",
                violation_error_message=_("Uppdraget kan inte sluta innan det börjar."),
            ),
        ]
        indexes = [models.Index(fields=["body", "start", "end"], name="membership_body_dates_idx")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}, {self.body}"

    @property
    def is_ledamot(self) -> bool:
        return self.role in self.LEDAMOT_ROLES
