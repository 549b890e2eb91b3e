"""Where the municipality is heading and whether it gets there: the vision and goal structure, the yearly
assessments, indicators with values split total/women/men, and the ruling coalition's commitments.

Verdicts (förbättrad/uppnått …) and a commitment's current status are computed, never stored (`goals/verdicts.py`,
`CommitmentQuerySet.with_status()`).
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orebro_portal.lib.bounds import FIRST_DAY, LAST_DAY, DateRangeValidator

VALUE = {"max_digits": 14, "decimal_places": 3}


class GoalPeriod(models.Model):
    """A period of the goal structure, e.g. 2017–2019, with the vision that held in it."""

    name = models.CharField(_("namn"), max_length=100, help_text=_("T.ex. ”2017–2019”."))
    start_year = models.PositiveSmallIntegerField(_("första år"))
    end_year = models.PositiveSmallIntegerField(_("sista år"), null=True, blank=True)
    vision = models.CharField(_("vision"), max_length=300, blank=True)
    introduction = models.TextField(_("inledning"), blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("målperiod")
        verbose_name_plural = _("målperioder")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="goal_period_ends_after_start",
                violation_error_message=_("Perioden kan inte sluta före den börjar."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StrategicArea(models.Model):
    period = models.ForeignKey(GoalPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100)
    description = models.TextField(_("beskrivning"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("strategiskt område")
        verbose_name_plural = _("strategiska områden")
        ordering = ["period", "position"]
        constraints = [models.UniqueConstraint(fields=["period", "slug"], name="strategic_area_slug_unique")]

    def __str__(self) -> str:
        return self.name


class GoalArea(models.Model):
    """A målområde: a numbered statement, and the means by which it is to be reached ("Detta ska ske genom …")."""

    period = models.ForeignKey(
        GoalPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="goal_areas"
    )
    strategic_area = models.ForeignKey(
        StrategicArea,
        verbose_name=_("strategiskt område"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goal_areas",
    )
    number = models.PositiveSmallIntegerField(_("nummer"), null=True, blank=True)
    statement = models.CharField(_("mål"), max_length=300)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100, unique=True)
    means_intro = models.CharField(
        _("inledning till medlen"), max_length=100, blank=True, help_text=_("T.ex. ”Detta ska ske genom att”.")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("målområde")
        verbose_name_plural = _("målområden")
        ordering = ["period", "strategic_area__position", "position", "number"]

    def __str__(self) -> str:
        return self.statement


class Means(models.Model):
    goal_area = models.ForeignKey(GoalArea, verbose_name=_("målområde"), on_delete=models.CASCADE, related_name="means")
    text = models.CharField(_("medel"), max_length=500)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("medel")
        verbose_name_plural = _("medel")
        ordering = ["goal_area", "position"]

    def __str__(self) -> str:
        return self.text


class Observation(models.Model):
    """One item of a body's yearly assessment of a goal area: a positive observation or an area to improve."""

    class Kind(models.TextChoices):
        POSITIVE = "positive", _("Positiv iakttagelse")
        IMPROVE = "improve", _("Förbättringsområde")

    goal_area = models.ForeignKey(
        GoalArea, verbose_name=_("målområde"), on_delete=models.CASCADE, related_name="observations"
    )
    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("organ"), on_delete=models.PROTECT, related_name="goal_observations"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")
        ordering = ["goal_area", "-year", "body", "kind", "position"]
        indexes = [models.Index(fields=["goal_area", "year"], name="observation_area_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}: {self.text[:60]}"


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", _("procent")
        INDEX = "index", _("index")
        COUNT = "count", _("antal")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Öka")
        DECREASE = "decrease", _("Minska")

    name = models.CharField(_("namn"), max_length=300)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices)
    direction = models.CharField(
        _("riktning"),
        max_length=10,
        choices=Direction.choices,
        help_text=_("Vilket håll som är bättre. Med ett målvärde: Öka = minst målvärdet, Minska = högst målvärdet."),
    )
    target_value = models.DecimalField(_("målvärde"), null=True, blank=True, **VALUE)
    owner = models.ForeignKey(
        "meetings.Body", verbose_name=_("ansvarigt organ"), on_delete=models.PROTECT, related_name="indicators"
    )
    goal_areas = models.ManyToManyField(GoalArea, verbose_name=_("målområden"), blank=True, related_name="indicators")
    kolada_kpi = models.CharField(
        _("Kolada-nyckeltal"), max_length=20, blank=True, db_index=True, help_text=_("T.ex. ”N00945”.")
    )
    kolada_municipality = models.CharField(
        _("Kolada-kommunkod"), max_length=10, blank=True, default="1880", help_text=_("Örebro är 1880.")
    )
    footnotes = models.TextField(_("fotnoter"), blank=True, help_text=_("En fotnot per rad."))
    incomplete_note = models.TextField(
        _("varför uppgifterna är ofullständiga"),
        blank=True,
        help_text=_("Visas överst när källan inte går att läsa fullt ut."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """The value of an indicator in a year for total, women or men; NULL when not measured or not published."""

    class Gender(models.TextChoices):
        TOTAL = "T", _("Totalt")
        WOMEN = "K", _("Kvinnor")
        MEN = "M", _("Män")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    value = models.DecimalField(_("värde"), null=True, blank=True, **VALUE)
    note = models.CharField(_("anmärkning"), max_length=500, blank=True)
    not_comparable = models.BooleanField(
        _("inte jämförbart med andra år"),
        default=False,
        help_text=_("Värdet är inte (fullt) jämförbart med andra års: ingen bedömning görs över det."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        ordering = ["indicator", "year", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "gender"],
                name="indicator_value_unique",
                violation_error_message=_("Det finns redan ett värde för indikatorn, året och könet."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200),
                name="indicator_value_year_plausible",
                violation_error_message=_("Året måste ligga mellan 1900 och 2200."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.gender}: {self.value}"


class Platform(models.Model):
    """A political platform (majority agreement), e.g. Politisk plattform 2022–2026 (S, M, C)."""

    name = models.CharField(_("namn"), max_length=200)
    parties = models.CharField(
        _("partier"), max_length=300, help_text=_("T.ex. ”Socialdemokraterna, Moderaterna, Centerpartiet”.")
    )
    start_year = models.PositiveSmallIntegerField(_("första år"))
    end_year = models.PositiveSmallIntegerField(_("sista år"))
    introduction = models.TextField(_("inledning"), blank=True)

    class Meta:
        verbose_name = _("politisk plattform")
        verbose_name_plural = _("politiska plattformar")
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return self.name


class PolicyArea(models.Model):
    platform = models.ForeignKey(Platform, verbose_name=_("plattform"), on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("politikområde")
        verbose_name_plural = _("politikområden")
        ordering = ["platform", "position"]
        constraints = [models.UniqueConstraint(fields=["platform", "slug"], name="policy_area_slug_unique")]

    def __str__(self) -> str:
        return self.name


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ej påbörjad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Avbruten")


class CommitmentQuerySet(models.QuerySet):
    def with_status(self):
        """Annotate `current_status` and `status_changed_on` from the latest update ("ej påbörjad" without one)."""
        latest = CommitmentUpdate.objects.filter(commitment=OuterRef("pk")).order_by("-date", "-pk")
        return self.annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            status_changed_on=Subquery(latest.values("date")[:1]),
        )


class Commitment(models.Model):
    """One promise of the platform, e.g. "En miljard ska satsas fördelat över åtta år på örebroarnas trygghet"."""

    area = models.ForeignKey(
        PolicyArea, verbose_name=_("politikområde"), on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.TextField(_("åtagande"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        ordering = ["area", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def current_status(self) -> str:
        """The latest update's status; needs `with_status()` (or costs a query)."""
        status = getattr(self, "latest_status", None)
        if status is None and not hasattr(self, "latest_status"):
            latest = self.updates.order_by("-date", "-pk").first()
            status = latest.status if latest else None
        return status or CommitmentStatus.NOT_STARTED

    def get_current_status_display(self) -> str:
        return CommitmentStatus(self.current_status).label


class CommitmentUpdate(models.Model):
    """A dated status of a commitment, with a comment and the decisions (agenda items) it rests on."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("åtagande"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("datum"), validators=[DateRangeValidator(_("Datum"))])
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    agenda_items = models.ManyToManyField(
        "meetings.AgendaItem", verbose_name=_("beslut (ärenden)"), blank=True, related_name="commitment_updates"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[agenda_items])

    class Meta:
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")
        ordering = ["commitment", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__gte=FIRST_DAY, date__lte=LAST_DAY),
                name="commitmentupdate_date_in_range",
                violation_error_message=_("Lägesrapportens datum måste ligga mellan år 1900 och 2200."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_status_display()}"
