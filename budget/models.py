"""The books: fiscal years, units, responsibility codes (ansvar), account groups (kontogrupp) and ledger lines.

Amounts are stored exactly, in kronor, and nothing derived is stored: deviation (avvikelse = utfall − budget) and
change from last year (förändring %) are computed in the database query (see `budget/selectors.py`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

AMOUNT = {"max_digits": 15, "decimal_places": 2}


class FiscalYear(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Öppet")
        CLOSED = "closed", _("Bokslut fastställt")

    # The year itself is the key: ledger lines then carry it without a join, and URLs use it as it is.
    year = models.PositiveSmallIntegerField(_("år"), primary_key=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("bokslut fastställt"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fastställt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("räkenskapsår")
        verbose_name_plural = _("räkenskapsår")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200),
                name="fiscal_year_plausible",
                violation_error_message=_("Året måste ligga mellan 1900 och 2200."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="fiscal_year_closed_has_date",
                violation_error_message=_("Ett stängt år måste ha ett datum för bokslutet."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Unit(models.Model):
    """An organisational unit whose books are reported together (Kommunledning, Stadsrevisionen …).

    The tree is two levels deep: a unit with a parent has no children. Figures of a parent are the sum of its
    children's (and its own codes', if any).
    """

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnad enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("beskrivning"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    # Path segments the budget's URLs use next to a unit's slug (`/redigera/ekonomi/<år>/stang/`).
    RESERVED_SLUGS = frozenset({"stang", "publicera", "import", "ansvar", "jamfor"})

    def clean(self):
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("”%(slug)s” används redan i adresserna; välj ett annat kortnamn.") % {"slug": self.slug}}
            )
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("En underenhet kan inte ha egna underenheter (två nivåer).")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("En enhet kan inte vara sin egen överordnade enhet.")})


class ResponsibilityCode(models.Model):
    """An ansvar, e.g. "KLC Kansli Centerpartiet", belonging to one unit."""

    code = models.CharField(_("ansvar"), max_length=20, unique=True)
    name = models.CharField(_("ansvarsbenämning"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="codes")
    is_placeholder = models.BooleanField(
        _("platshållare"), default=False, help_text=_("Koden är inte publicerad i källan utan tillagd för demodata.")
    )
    retired_from = models.PositiveSmallIntegerField(
        _("avvecklat från och med år"),
        null=True,
        blank=True,
        help_text=_("Ansvaret tar inte emot siffror från och med detta år; tidigare års siffror finns kvar."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ansvar")
        verbose_name_plural = _("ansvar")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @staticmethod
    def retired_by(retired_from: int | None, year: int) -> bool:
        """Does a code retired from `retired_from` (None: in use) take no figures for `year`? The one rule, for the
        grid, the import and the chart of ansvar."""
        return retired_from is not None and year >= retired_from

    def is_retired_in(self, year: int) -> bool:
        return self.retired_by(self.retired_from, year)


class AccountGroup(models.Model):
    """A kontogrupp of Kommun-Bas: 3 Intäkter, 4 Inköp …, 5 Personalkostnader, 6A, 6B, 7."""

    code = models.CharField(_("kontogrupp"), max_length=5, unique=True)
    name = models.CharField(_("benämning"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("kontogrupp")
        verbose_name_plural = _("kontogrupper")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LedgerLine(models.Model):
    """Budget and outcome of one ansvar in one kontogrupp in one year, in kronor.

    `budget` is empty (NULL) when no budget is known for the year (the demo's 2020 has only its outcome, bokslut);
    the deviation is then shown as "–" rather than as a made-up figure.
    """

    # The year and the kontogrupp are reference rows that every writer checks (and the year row locks) before it
    # writes, and that the application never deletes (PROTECT holds in the ORM): no database constraint and no index
    # of their own, which would cost each of the tens of thousands of lines an import writes a trigger at commit and
    # an index entry. The unique (year, code, group) index serves the year; the group is only asked for with the
    # year. The ansvar, which controllers create and move, keeps its constraint.
    year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("år"),
        on_delete=models.PROTECT,
        related_name="lines",
        db_index=False,
        db_constraint=False,
    )
    code = models.ForeignKey(
        ResponsibilityCode, verbose_name=_("ansvar"), on_delete=models.PROTECT, related_name="lines"
    )
    group = models.ForeignKey(
        AccountGroup,
        verbose_name=_("kontogrupp"),
        on_delete=models.PROTECT,
        related_name="lines",
        db_index=False,
        db_constraint=False,
    )
    budget = models.DecimalField(_("budget (kr)"), null=True, blank=True, **AMOUNT)
    outcome = models.DecimalField(_("utfall (kr)"), default=0, **AMOUNT)
    comparable = models.BooleanField(
        _("jämförbar med föregående år"),
        default=True,
        db_default=True,  # the import writes lines with plain INSERTs
        help_text=_("Falskt när utfallet inte kan jämföras med föregående års (t.ex. efter en omorganisation)."),
    )
    derived = models.BooleanField(
        _("härledd"),
        default=False,
        db_default=False,
        help_text=_("Sant när fördelningen på kontogrupper är räknad fram ur publicerade summor (demodata)."),
    )

    class Meta:
        verbose_name = _("rad i huvudboken")
        verbose_name_plural = _("rader i huvudboken")
        ordering = ["year", "code", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code", "group"],
                name="ledger_line_unique",
                violation_error_message=_("Det finns redan en rad för året, ansvaret och kontogruppen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_id} {self.code_id} {self.group_id}"


class UnitController(models.Model):
    """A controller's assignment: may enter and import the figures of a unit (and of its subunits)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="budget_units"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.CASCADE, related_name="controllers")

    class Meta:
        verbose_name = _("controller för enhet")
        verbose_name_plural = _("controllers för enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                name="unit_controller_unique",
                violation_error_message=_("Användaren är redan controller för enheten."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.unit}"


class LedgerImport(models.Model):
    """One uploaded file: previewed first, applied all-or-nothing after the controller confirms."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Förhandsgranskas")
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Läses in")
        APPLIED = "applied", _("Inläst")
        FAILED = "failed", _("Misslyckades")
        DISCARDED = "discarded", _("Avbruten")

    class Origin(models.TextChoices):
        WEB = "web", _("Uppladdad i portalen")
        COMMAND = "command", _("Kommandot import_ledger")

    file = models.FileField(_("fil"), upload_to="budget/imports/%Y/", blank=True)
    filename = models.CharField(_("filnamn"), max_length=255)
    origin = models.CharField(_("ursprung"), max_length=10, choices=Origin.choices, default=Origin.WEB)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    created_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppladdad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    row_count = models.PositiveIntegerField(_("rader i filen"), default=0)
    progress = models.PositiveIntegerField(_("bearbetade rader"), default=0)
    preview = models.JSONField(_("förhandsgranskning"), default=dict, blank=True)
    message = models.TextField(_("meddelande"), blank=True)
    applied_at = models.DateTimeField(_("inläst"), null=True, blank=True)

    class Meta:
        verbose_name = _("import av huvudbok")
        verbose_name_plural = _("importer av huvudbok")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class FigureChange(models.Model):
    """The audit trail: every change of a stored figure, who made it, when, from what to what, and how."""

    class Field(models.TextChoices):
        BUDGET = "budget", _("Budget")
        OUTCOME = "outcome", _("Utfall")
        # The line's mark "jämförbar med föregående år": old and new value 1 (comparable) or 0 (not).
        COMPARABLE = "comparable", _("Jämförbar med föregående år")

    class Source(models.TextChoices):
        MANUAL = "manual", _("För hand")
        IMPORT = "import", _("Import")
        DEMO = "demo", _("Demodata")

    # The trail refers to what it records without database constraints, as django-simple-history's tables do: the
    # import writes tens of thousands of rows at once and each constraint costs a trigger per row at commit. The
    # rows it names exist (they are changed in the same transaction) and are never deleted while figures refer to
    # them (LedgerLine protects them).
    year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("år"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,  # asked for only with the code (figure_change_code_idx)
    )
    code = models.ForeignKey(
        ResponsibilityCode,
        verbose_name=_("ansvar"),
        on_delete=models.CASCADE,
        related_name="changes",
        db_constraint=False,
        db_index=False,  # figure_change_code_idx (code, −changed_at) serves it
    )
    group = models.ForeignKey(
        AccountGroup,
        verbose_name=_("kontogrupp"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    field = models.CharField(_("fält"), max_length=10, choices=Field.choices)
    old_value = models.DecimalField(_("tidigare värde (kr)"), null=True, blank=True, **AMOUNT)
    new_value = models.DecimalField(_("nytt värde (kr)"), null=True, blank=True, **AMOUNT)
    # No index of its own: the trail is read per ansvar (figure_change_code_idx), and each index costs every row an
    # import writes. The admin's list of all changes sorts without one.
    changed_at = models.DateTimeField(_("ändrad"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    source = models.CharField(_("hur"), max_length=10, choices=Source.choices)
    ledger_import = models.ForeignKey(
        LedgerImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
        db_constraint=False,
        db_index=False,  # never looked up by import in the portal; an index would cost every row an import writes
    )

    class Meta:
        verbose_name = _("ändring av siffra")
        verbose_name_plural = _("ändringar av siffror")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["code", "-changed_at"], name="figure_change_code_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="import", ledger_import__isnull=False) | ~Q(source="import"),
                name="figure_change_import_named",
                violation_error_message=_("En ändring genom import måste ange vilken import."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_id} {self.code_id} {self.group_id} {self.field}: {self.old_value} → {self.new_value}"


class FigurePublication(models.Model):
    """One publication of a year's figures: what citizens see is the copy made then (`PublishedLedgerLine`).

    An open year's figures are a draft until a controller publishes them (preliminära siffror, e.g. for a
    delårsrapport); closing the year publishes the final figures (bokslut). The latest publication of a year is the
    one shown; the earlier ones are its history.
    """

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Preliminära siffror")
        FINAL = "final", _("Bokslut")

    year = models.ForeignKey(FiscalYear, verbose_name=_("år"), on_delete=models.PROTECT, related_name="publications")
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("anteckning"), max_length=200, blank=True, help_text=_("T.ex. ”Delårsrapport augusti”."))
    published_at = models.DateTimeField(_("publicerad"), default=timezone.now, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    line_count = models.PositiveIntegerField(_("antal rader"), default=0)

    class Meta:
        verbose_name = _("publicering av siffror")
        verbose_name_plural = _("publiceringar av siffror")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year_id} {self.get_kind_display()} {self.published_at:%Y-%m-%d}"


class PublishedLedgerLine(models.Model):
    """The public copy of a ledger line, as of the year's latest publication. Every public surface reads these,
    never `LedgerLine` (the controllers' working copy)."""

    year = models.ForeignKey(FiscalYear, verbose_name=_("år"), on_delete=models.PROTECT, related_name="published_lines")
    code = models.ForeignKey(
        ResponsibilityCode, verbose_name=_("ansvar"), on_delete=models.PROTECT, related_name="published_lines"
    )
    group = models.ForeignKey(
        AccountGroup, verbose_name=_("kontogrupp"), on_delete=models.PROTECT, related_name="published_lines"
    )
    budget = models.DecimalField(_("budget (kr)"), null=True, blank=True, **AMOUNT)
    outcome = models.DecimalField(_("utfall (kr)"), default=0, **AMOUNT)
    comparable = models.BooleanField(_("jämförbar med föregående år"), default=True, db_default=True)
    derived = models.BooleanField(_("härledd"), default=False, db_default=False)

    class Meta:
        verbose_name = _("publicerad rad")
        verbose_name_plural = _("publicerade rader")
        ordering = ["year", "code", "group"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code", "group"], name="published_ledger_line_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year_id} {self.code_id} {self.group_id}"


class StagedLedgerLine(models.Model):
    """A line as an import's preview read it from the file: what applying writes, so applying neither reads nor
    parses the file again and can replace the books in a few set-based statements. Deleted once applied or
    discarded."""

    ledger_import = models.ForeignKey(
        LedgerImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="staged_lines"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    # Ids as the preview found them, without constraints (a staging table): applying checks them again.
    code = models.ForeignKey(
        ResponsibilityCode, verbose_name=_("ansvar"), on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    group = models.ForeignKey(
        AccountGroup, verbose_name=_("kontogrupp"), on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    budget = models.DecimalField(_("budget (kr)"), **AMOUNT)
    outcome = models.DecimalField(_("utfall (kr)"), **AMOUNT)
    row = models.PositiveIntegerField(_("första raden i filen"))  # of the year and ansvar, for messages

    class Meta:
        verbose_name = _("inläst rad före import")
        verbose_name_plural = _("inlästa rader före import")
        indexes = [models.Index(fields=["ledger_import", "year", "code", "group"], name="staged_line_key_idx")]

    def __str__(self) -> str:
        return f"{self.ledger_import_id}: {self.year} {self.code_id} {self.group_id}"
