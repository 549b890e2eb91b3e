"""A body's annual report (årsberättelse): numbered sections written once in Markdown, with generated blocks whose
tables come straight from the budget and goals data, and the PDFs made from it.

While a report is a draft its blocks show the current figures; adopting it freezes every block's data into the block
(`frozen`), so an adopted report — and any PDF made from it — never changes again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Fastställd")

    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("organ"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("titel"), max_length=200, help_text=_("T.ex. ”Kommunstyrelsens årsberättelse 2021”."))
    case_number = models.CharField(_("diarienummer"), max_length=50, blank=True, help_text=_("T.ex. ”Ks 181/2022”."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fastställd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adopted_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("fastställd vid sammanträdet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_reports",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("årsberättelse")
        verbose_name_plural = _("årsberättelser")
        ordering = ["-year", "body__position", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                name="annual_report_one_per_body_and_year",
                violation_error_message=_("Organet har redan en årsberättelse för året."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft", adopted_at__isnull=True) | Q(status="adopted", adopted_at__isnull=False),
                name="annual_report_adopted_has_date",
                violation_error_message=_("En fastställd årsberättelse måste ha ett datum."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


class Section(models.Model):
    """A numbered chapter or subchapter ("2.1 Kommundirektörens analys …") with its text in Markdown."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("årsberättelse"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat avsnitt"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    number = models.CharField(_("nummer"), max_length=20, help_text=_("Som i dokumentet, t.ex. ”2.1” eller ”4.1.3”."))
    heading = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: stycken skiljs med en tom rad; ”- ” ger en punktlista.")
    )
    position = models.PositiveIntegerField(_("ordning"), default=0, help_text=_("Ordningen i hela dokumentet."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="section_number_unique",
                violation_error_message=_("Det finns redan ett avsnitt med det numret."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}"

    @property
    def level(self) -> int:
        """1 for "2", 2 for "2.1", 3 for "4.1.3" — the heading level below the report's title."""
        return self.number.strip(".").count(".") + 1


class Block(models.Model):
    """A generated block in a section: a table computed from the budget or goals data (see `reports/blocks.py`)."""

    class Kind(models.TextChoices):
        UNIT_TABLES = "unit_tables", _("Budgettabeller för en enhet (per ansvar och per kontogrupp)")
        DEVIATION_SUMMARY = "deviation_summary", _("Sammanställning av avvikelser per enhet")
        GOAL_OBSERVATIONS = "goal_observations", _("Iakttagelser per målområde")
        INDICATOR_TABLE = "indicator_table", _("Indikatortabell")

    section = models.ForeignKey(Section, verbose_name=_("avsnitt"), on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(_("slag"), max_length=30, choices=Kind.choices)
    unit = models.ForeignKey(
        "budget.Unit", verbose_name=_("enhet"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"), help_text=_("Vilket års siffror, iakttagelser eller värden."))
    indicators = models.ManyToManyField(
        "goals.Indicator",
        verbose_name=_("indikatorer"),
        blank=True,
        related_name="+",
        help_text=_("För en indikatortabell; tom = organets alla indikatorer."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    frozen = models.JSONField(
        _("fryst innehåll"), null=True, blank=True, help_text=_("Blockets data när årsberättelsen fastställdes.")
    )

    class Meta:
        verbose_name = _("genererat block")
        verbose_name_plural = _("genererade block")
        ordering = ["section", "position"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="unit_tables") | Q(unit__isnull=False),
                name="block_unit_tables_has_unit",
                violation_error_message=_("Budgettabeller behöver en enhet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.year})"


class ReportPdf(models.Model):
    """One rendering of a report as PDF, keyed by a hash of everything it was made from; reused while that holds."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Skapas")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Misslyckades")

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("årsberättelse"), on_delete=models.CASCADE, related_name="pdfs"
    )
    content_hash = models.CharField(_("innehållets kontrollsumma"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("fil"), upload_to="reports/pdf/%Y/", blank=True)
    size = models.PositiveIntegerField(_("storlek"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("sidor"), null=True, blank=True)
    requested_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("skapad"), null=True, blank=True)
    render_seconds = models.FloatField(_("tid att skapa (s)"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)

    class Meta:
        verbose_name = _("pdf av årsberättelse")
        verbose_name_plural = _("pdf:er av årsberättelser")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "content_hash"],
                name="report_pdf_one_per_content",
                violation_error_message=_("Det finns redan en pdf för det innehållet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.content_hash[:8]} ({self.get_status_display()})"
