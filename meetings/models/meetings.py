"""Bodies, their meetings, agendas and documents — shaped after OParl (our Body is OParl's Organization)."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orebro_portal.lib.bounds import DateRangeValidator, datetime_in_range, moment_in_database_range

from ..masking import public_text
from .cases import CaseLinked

case_number_validator = RegexValidator(
    r"^[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5} \d{1,6}/\d{4}$",
    _("Diarienumret ska skrivas som ”Ks 181/2022”: förkortning, löpnummer, snedstreck och år."),
)


class Body(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Fullmäktige")
        BOARD = "board", _("Styrelse")
        COMMITTEE = "committee", _("Nämnd")
        SUB_COMMITTEE = "sub_committee", _("Utskott")
        COLLABORATION = "collaboration", _("Samverkansråd")

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    summary = models.CharField(_("kort beskrivning"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True, help_text=_("Stycken skiljs åt med en tom rad."))
    responsibilities = models.TextField(
        _("uppgifter och ansvarsområden"),
        blank=True,
        help_text=_("Stycken skiljs åt med en tom rad; rader som börjar med ”- ” blir en punktlista."),
    )
    contact_email = models.EmailField(_("e-post"), blank=True)
    meetings_public = models.BooleanField(_("sammanträdena är öppna för allmänheten"), default=False)
    default_start_time = models.TimeField(_("vanlig starttid"), null=True, blank=True)
    default_place = models.CharField(_("vanlig plats"), max_length=200, blank=True)
    # Kommunallagen 8 kap. 12 §: the notice of an adjusted protocol says where the protocol is kept.
    protocol_kept_at = models.CharField(
        _("där protokollen förvaras"),
        max_length=300,
        blank=True,
        help_text=_("Den fysiska platsen, t.ex. förvaltningens kansli med adress. Visas i anslaget om justering."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="sub_committee") | Q(parent__isnull=False),
                name="body_sub_committee_has_parent",
                violation_error_message=_("Ett utskott måste höra till ett överordnat organ."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:body_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Ett organ kan inte ligga under sig självt.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    @property
    def is_collaboration(self) -> bool:
        return self.kind == self.Kind.COLLABORATION


class MeetingQuerySet(models.QuerySet):
    def with_agenda(self):
        return self.filter(agenda_published_at__isnull=False)

    def upcoming(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.filter(start__gte=now).exclude(status=Meeting.Status.CANCELLED).order_by("start")

    def latest_first(self):
        return self.order_by("-start")

    def for_listing(self):
        """What a list of meetings shows, in a fixed number of queries however many rows."""
        return self.select_related("body")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        MOVED = "moved", _("Flyttat")
        CANCELLED = "cancelled", _("Inställt")
        HELD = "held", _("Genomfört")

    body = models.ForeignKey(Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings")
    start = models.DateTimeField(_("början"), validators=[DateRangeValidator(_("Början"))])
    end = models.DateTimeField(_("slut"), null=True, blank=True, validators=[DateRangeValidator(_("Slut"))])
    place = models.CharField(_("plats"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_note = models.TextField(
        _("meddelande om ändringen"),
        blank=True,
        help_text=_("Visas för allmänheten när ett sammanträde ställs in eller flyttas."),
    )
    is_public = models.BooleanField(_("öppet för allmänheten"), default=False)
    agenda_published_at = models.DateTimeField(_("ärendelistan publicerad"), null=True, blank=True)
    # Set when a published agenda is changed afterwards (an item added, edited, moved or removed, a document
    # published): citizens see "Ändrad" with this date, and the feed entry is updated.
    agenda_changed_at = models.DateTimeField(_("ärendelistan ändrad"), null=True, blank=True, editable=False)
    # RFC 5545 SEQUENCE: raised every time a published meeting is cancelled or moved, so calendars update it.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["sequence", "updated_at"])

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "start"],
                name="meeting_unique_body_start",
                violation_error_message=_("Organet har redan ett sammanträde som börjar vid den tiden."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="meeting_end_after_start",
                violation_error_message=_("Sammanträdet måste sluta efter att det börjat."),
            ),
            # The last line behind the validators: a row nothing can show (year 1, 9999) never gets in.
            models.CheckConstraint(
                condition=moment_in_database_range("start"),
                name="meeting_start_in_range",
                violation_error_message=_("Sammanträdet måste ligga mellan år 1900 och 2200."),
            ),
            models.CheckConstraint(
                condition=moment_in_database_range("end", nullable=True),
                name="meeting_end_in_range",
                violation_error_message=_("Sammanträdet måste ligga mellan år 1900 och 2200."),
            ),
        ]
        indexes = [models.Index(fields=["start"], name="meeting_start_idx")]

    def __str__(self) -> str:
        return f"{self.body.name}, {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_agenda(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def times_in_range(self) -> bool:
        """Are start and end within the portal's dates (orebro_portal.lib.bounds)? Only a row written past the
        validators and the constraint is not; calendars and feeds leave such a meeting out."""
        return datetime_in_range(self.start) and (self.end is None or datetime_in_range(self.end))


class AgendaItemQuerySet(models.QuerySet):
    def on_published_agendas(self):
        """The items citizens see listed: those of meetings whose agenda is published (a non-public one only as
        "Sekretessärende" with its number)."""
        return self.filter(meeting__agenda_published_at__isnull=False)

    def public(self):
        """The items whose title and content citizens may read: public items on published agendas."""
        return self.on_published_agendas().filter(is_public=True)


class AgendaItem(CaseLinked, models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("sammanträde"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("ordning"))
    number = models.CharField(_("nummer"), max_length=20)
    title = models.CharField(_("rubrik"), max_length=500)
    case_number = models.CharField(_("diarienummer"), max_length=40, blank=True, validators=[case_number_validator])
    proposal = models.TextField(_("förslag till beslut"), blank=True)
    is_public = models.BooleanField(
        _("offentligt"),
        default=True,
        help_text=_("Ett ärende som inte är offentligt visas bara som ”Sekretessärende” med sitt nummer."),
    )

    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agendaitem_unique_position"),
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agendaitem_unique_number",
                violation_error_message=_("Det finns redan ett ärende med det numret på ärendelistan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def document_upload_to(instance: "Document", filename: str) -> str:
    # Non-guessable names: the file system never reveals titles, and no URL leads to a file directly.
    return f"dokument/{uuid.uuid4().hex}.pdf"


class DocumentQuerySet(models.QuerySet):
    def published_for(self, meeting: "Meeting"):
        """The published documents of a meeting and of its public items: what citizens see once (or as soon as)
        the agenda is out. A non-public item's documents are never shown, so they are not in this set."""
        return self.filter(
            Q(meeting=meeting) | Q(agenda_item__meeting=meeting, agenda_item__is_public=True), is_published=True
        )

    def public(self):
        """Published documents of meetings whose agenda is out; an item's documents only if the item is public.
        Before the agenda is published, citizens see the date of a meeting and nothing else."""
        return self.filter(is_published=True).filter(
            Q(agenda_item__isnull=True, meeting__agenda_published_at__isnull=False)
            | Q(agenda_item__is_public=True, agenda_item__meeting__agenda_published_at__isnull=False)
        )


class Document(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "kallelse", _("Kallelse")
        AGENDA = "arendelista", _("Ärendelista")
        REPORT = "tjansteskrivelse", _("Tjänsteskrivelse")
        ATTACHMENT = "bilaga", _("Bilaga")
        PROTOCOL = "protokoll", _("Protokoll")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("sammanträde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("fil"), upload_to=document_upload_to)
    content_type = models.CharField(max_length=100, default="application/pdf", editable=False)
    size = models.PositiveBigIntegerField(_("storlek i byte"), editable=False)
    pages = models.PositiveIntegerField(_("sidor"), null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    # Pages are separated by form feeds ("\f"), so a finding can be reported with its page number.
    text = models.TextField(_("utdragen text"), blank=True, editable=False)
    text_extracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Why the file could not be read (a limit, a broken file), in Swedish: shown to the secretary beside the document
    # and named when the document is to become public. Empty once it has been read.
    reading_error = models.TextField(_("fel vid läsning"), blank=True, editable=False)
    # What a PDF reader shows under the document's properties ("Title", "Author", …, "XMP" → text): checked for
    # personnummer like the pages, see meetings.pdf.
    metadata = models.JSONField(_("metadata"), default=dict, blank=True, editable=False)
    # Pages (1-based) without a text layer that OCR could not read: nobody knows whether they hold a personnummer,
    # so the document is not made public until a secretary has looked at them and said so (recorded in the history).
    unread_pages = models.JSONField(_("sidor utan läsbar text"), default=list, blank=True, editable=False)
    unread_pages_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sidor utan läsbar text granskade av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unread_pages_confirmed_at = models.DateTimeField(_("sidor utan läsbar text granskade"), null=True, blank=True)
    is_published = models.BooleanField(_("publicerad"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()
    # The extracted text is derived from the file, whose sha256 the history keeps: no need to copy it per change.
    history = HistoricalRecords(
        excluded_fields=["text", "text_extracted_at", "reading_error", "metadata", "unread_pages"]
    )

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=False, agenda_item__isnull=True)
                    | Q(meeting__isnull=True, agenda_item__isnull=False)
                ),
                name="document_belongs_to_meeting_or_item",
                violation_error_message=_("Ett dokument hör antingen till ett sammanträde eller till ett ärende."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:document_download", kwargs={"pk": self.pk, "filename": self.filename})

    @property
    def filename(self) -> str:
        # Public: the address and the download's name. Made from the masked title, so no personnummer or marked
        # name in the title ends up in a link.
        return f"{slugify(public_text(self.title)) or 'dokument'}.pdf"

    @property
    def is_unreadable(self) -> bool:
        """Could the file not be read (a limit, a broken file), with no reading of it from before? Then the staff page
        shows why beside it, and it cannot become public."""
        return bool(self.reading_error) and self.text_extracted_at is None

    @property
    def needs_unread_pages_confirmation(self) -> bool:
        """Has the file pages nobody could read by machine, and has no secretary yet said they are free of
        personnummer? Then it must not become public."""
        return bool(self.unread_pages) and self.unread_pages_confirmed_at is None
