"""Protocols (minutes): written in the portal, adjusted (justerat), then posted on the notice board (anslagstavla).

The stored text is the original, with personal data in it; citizens only ever see the version derived from it by
`meetings.masking`. An adjusted protocol is never edited again: a correction is a new version of the same meeting's
protocol, with a note that citizens see.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orebro_portal.lib.bounds import DateRangeValidator

from .cases import CaseLinked
from .meetings import AgendaItem, Meeting, case_number_validator


def protocol_pdf_upload_to(instance: "Protocol", filename: str) -> str:
    return f"protokoll/{uuid.uuid4().hex}.pdf"


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class ProtocolQuerySet(models.QuerySet):
    def posted(self):
        """Versions that have been on the notice board: the only ones citizens may read."""
        return self.filter(posting__isnull=False)

    def latest_posted(self):
        """The latest posted version of each meeting's protocol: what the public reads now (an earlier version that a
        correction replaced no longer says what was decided, and would count every vote twice)."""
        newer = Protocol.objects.posted().filter(meeting_id=OuterRef("meeting_id"), version__gt=OuterRef("version"))
        return self.posted().filter(~Exists(newer))

    def drafts(self):
        return self.filter(adjusted_on__isnull=True)


class Protocol(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SENT = "sent", _("Skickat för justering")
        ADJUSTED = "adjusted", _("Justerat")
        POSTED = "posted", _("Anslaget")

    class AdjustmentMethod(models.TextChoices):
        DIGITAL = "digital", _("Digitalt i portalen")
        PAPER = "paper", _("På papper, registrerat av sekreteraren")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("sammanträde"), on_delete=models.PROTECT, related_name="protocols"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    correction_note = models.TextField(
        _("om rättelsen"),
        blank=True,
        help_text=_("Vad som rättats jämfört med föregående version. Visas för allmänheten."),
    )
    # The elected come from the roster (`Attendance`); these four texts are what protocols written before the roster
    # said, kept where no name could be matched to it (`services.attendance.attendance_from_text`).
    chair = models.CharField(_("ordförande (fritext)"), max_length=200, blank=True)
    adjusters = models.TextField(_("justerare (fritext)"), blank=True, help_text=_("En person per rad."))
    members = models.TextField(
        _("beslutande (fritext)"), blank=True, help_text=_("En person per rad, t.ex. ”Anna Berg (S)”.")
    )
    substitutes = models.TextField(_("ersättare (fritext)"), blank=True, help_text=_("En person per rad."))
    # Officials are not on any roster: the secretary types them.
    secretary = models.CharField(_("sekreterare"), max_length=200, blank=True)
    officials = models.TextField(_("övriga närvarande"), blank=True, help_text=_("En person per rad, med titel."))
    # Sent for justering: the text is frozen until every approver has approved (then adjusted) or one sent it back.
    sent_for_adjustment_at = models.DateTimeField(_("skickat för justering"), null=True, blank=True)
    sent_for_adjustment_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skickat för justering av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adjustment_round = models.PositiveSmallIntegerField(_("justeringsomgång"), default=0)
    adjustment_digest = models.CharField(
        _("kontrollsumma för justeringen"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("SHA-256 av protokollets innehåll när det skickades för justering: det som justerarna godkänner."),
    )
    adjustment_method = models.CharField(
        _("justeringssätt"), max_length=10, choices=AdjustmentMethod.choices, blank=True
    )
    # Set by the last approval (digital) or typed by the secretary (paper); kept between the meeting's day and today.
    adjusted_on = models.DateField(
        _("justerat den"), null=True, blank=True, validators=[DateRangeValidator(_("Justeringsdatum"))]
    )
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("justering registrerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The public PDF, rendered once after posting: an adjusted protocol never changes, so neither does its PDF.
    pdf = models.FileField(upload_to=protocol_pdf_upload_to, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProtocolQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["pdf", "updated_at"])

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")
        ordering = ["meeting", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"],
                name="protocol_unique_version",
                violation_error_message=_("Sammanträdet har redan ett protokoll med den versionen."),
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(adjusted_on__isnull=True),
                name="protocol_one_draft_per_meeting",
                violation_error_message=_("Sammanträdet har redan ett protokoll som inte är justerat."),
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(correction_note=""),
                name="protocol_correction_has_note",
                violation_error_message=_("En rättad version måste säga vad som rättats."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Protokoll %(meeting)s, version %(version)s") % {"meeting": self.meeting, "version": self.version})

    def get_absolute_url(self) -> str:
        return reverse("meetings:protocol_version", kwargs={"pk": self.meeting_id, "version": self.version})

    @property
    def status(self) -> "Protocol.Status":
        if self.adjusted_on is None:
            return self.Status.SENT if self.sent_for_adjustment_at is not None else self.Status.DRAFT
        return self.Status.POSTED if self.is_posted else self.Status.ADJUSTED

    @property
    def is_adjusted(self) -> bool:
        return self.adjusted_on is not None

    @property
    def is_sent_for_adjustment(self) -> bool:
        """Waiting for the adjusters: neither adjusted yet nor sent back."""
        return self.sent_for_adjustment_at is not None and self.adjusted_on is None

    @property
    def is_posted(self) -> bool:
        return hasattr(self, "posting")

    @property
    def adjuster_list(self) -> list[str]:
        return _lines(self.adjusters)

    @property
    def member_list(self) -> list[str]:
        return _lines(self.members)

    @property
    def substitute_list(self) -> list[str]:
        return _lines(self.substitutes)

    @property
    def official_list(self) -> list[str]:
        return _lines(self.officials)


class ProtocolParagraph(CaseLinked, models.Model):
    """A numbered paragraph (§) of a protocol. Numbers run on through a body's year, as in Örebro's protocols."""

    class Outcome(models.TextChoices):
        """Where the decision leaves the case: the case page marks the final decision and follows a forwarded one."""

        FINAL = "final", _("Beslut – ärendet avgjort")
        FORWARDED = "forwarded", _("Förslag till annat organ")
        REFERRED_BACK = "referred_back", _("Återremitterat")
        TABLED = "tabled", _("Bordlagt")
        NOTED = "noted", _("Informationen noterad")

    protocol = models.ForeignKey(
        Protocol, verbose_name=_("protokoll"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    number = models.PositiveIntegerField(_("paragraf (§)"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("ärende på ärendelistan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paragraphs",
    )
    title = models.CharField(_("rubrik"), max_length=500)
    case_number = models.CharField(_("diarienummer"), max_length=40, blank=True, validators=[case_number_validator])
    matter = models.TextField(
        _("ärendet"),
        blank=True,
        help_text=_("Bakgrund och beslutsunderlag. Markera personuppgifter som ska maskeras med [[ och ]]."),
    )
    decision = models.TextField(
        _("beslut"),
        help_text=_("T.ex. ”Kommunstyrelsen beslutar att …”. Markera personuppgifter med [[ och ]]."),
    )
    procedure = models.TextField(
        _("beslutsgång"),
        blank=True,
        help_text=_("T.ex. ”Ordföranden ställer förslagen mot varandra och finner att …”."),
    )
    # Reservations are `Statement`s by member; this text is what protocols written before them said.
    reservations = models.TextField(_("reservationer (fritext)"), blank=True)
    is_public = models.BooleanField(
        _("offentlig"),
        default=True,
        help_text=_("En paragraf som inte är offentlig visas bara som ”Sekretessärende” med sitt nummer."),
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    outcome = models.CharField(
        _("utfall"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text=_("Avgör beslutet ärendet, eller går det vidare till ett annat organ?"),
    )
    # The agenda item a forwarded decision became on the receiving body's meeting (services.cases.paragraph_forward).
    forwarded_to = models.ForeignKey(
        AgendaItem,
        verbose_name=_("vidare till ärende"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forwarded_from",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        ordering = ["protocol", "position", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "number"],
                name="paragraph_unique_number",
                violation_error_message=_("Protokollet har redan en paragraf med det numret."),
            ),
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"


class PostingQuerySet(models.QuerySet):
    def current(self, today=None):
        """What the notice board shows today: posted, and not yet taken down by the periodic task (which takes a
        posting down on its `taken_down_on`, never before: the appeal time is over by then)."""
        today = today or timezone.localdate()
        return self.filter(posted_on__lte=today, taken_down_at__isnull=True)


class Posting(models.Model):
    """The posting of an adjusted protocol on the digital notice board (Kommunallagen 8 kap. 12 §).

    The appeal dates are stored, not recomputed: they are what the municipality announced on the day of posting,
    and must not shift if a later holiday calendar or rule changes.
    """

    protocol = models.OneToOneField(
        Protocol, verbose_name=_("protokoll"), on_delete=models.PROTECT, related_name="posting"
    )
    posted_on = models.DateField(_("anslaget publicerat"))
    appeal_last_day = models.DateField(_("sista dag för överklagande"))
    taken_down_on = models.DateField(_("anslaget tas ned"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the periodic task took the posting down (on or after `taken_down_on`); until then it is on the board.
    taken_down_at = models.DateTimeField(_("togs ned"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PostingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag")
        ordering = ["-posted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal_last_day__gt=models.F("posted_on"))
                & Q(taken_down_on__gt=models.F("appeal_last_day")),
                name="posting_dates_in_order",
                violation_error_message=_("Anslaget får inte tas ned förrän överklagandetiden har gått ut."),
            ),
        ]
        indexes = [models.Index(fields=["posted_on", "taken_down_on"], name="posting_dates_idx")]

    def __str__(self) -> str:
        return str(self.protocol)


class AdjustmentApproval(models.Model):
    """An approver's answer in one round of justering: approved, or sent back with a comment.

    `digest` is the SHA-256 of the protocol's content that was approved (`Protocol.adjustment_digest` of the round):
    an approval of other content counts for nothing. `method` and `signature` are where an e-signature (BankID through
    a signing service) records itself when it replaces the portal's approval step; see docs/0014.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        ADJUSTER = "adjuster", _("Justerare")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Godkänt")
        RETURNED = "returned", _("Skickat tillbaka")

    class Method(models.TextChoices):
        PORTAL = "portal", _("Inloggad i portalen")

    protocol = models.ForeignKey(
        Protocol, verbose_name=_("protokoll"), on_delete=models.CASCADE, related_name="approvals"
    )
    round = models.PositiveSmallIntegerField(_("justeringsomgång"))
    person = models.ForeignKey(
        "meetings.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="approvals"
    )
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("konto"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("svar"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    digest = models.CharField(_("kontrollsumma"), max_length=64, editable=False)
    method = models.CharField(_("sätt"), max_length=10, choices=Method.choices, default=Method.PORTAL)
    signature = models.TextField(
        _("signatur"), blank=True, editable=False, help_text=_("Signeringstjänstens underskrift, när en finns.")
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("justeringssvar")
        verbose_name_plural = _("justeringssvar")
        ordering = ["protocol", "round", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "round", "person"],
                name="approval_once_per_round",
                violation_error_message=_("Du har redan svarat i den här justeringsomgången."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_decision_display()} ({self.protocol})"
