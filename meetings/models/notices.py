"""Notices on the notice board (anslagstavla) other than adjusted protocols, which are `Posting`s.

Kommunallagen 8 kap. 9–12 § and 13 kap. 5 § (see docs/0016-notice-board.md for each paragraph and what it asks):
- a council meeting's notice (kungörelse: time, place and the matters), posted at least a week before the meeting and
  made from the published council agenda, so its text is the agenda's and never typed twice;
- a delegation decision (delegationsbeslut) that is not reported to the body, with its posting and appeal dates;
- other notices that other laws require on the board (a plan notice under PBL, a traffic regulation): title, text,
  an optional PDF, posting and take-down dates.

A notice is on the board from `posted_on` until the periodic task takes it down on `taken_down_on` (`taken_down_at`
records when it did); after that it stays in the searchable archive.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orebro_portal.lib.bounds import DateRangeValidator

from .cases import CaseLinked
from .meetings import Body, Meeting, case_number_validator


def notice_file_upload_to(instance: "Notice", filename: str) -> str:
    return f"anslag/{uuid.uuid4().hex}.pdf"


class NoticeQuerySet(models.QuerySet):
    def posted(self, today=None):
        """Every notice citizens may read, on the board or in its archive: its posting day has come, and a council
        meeting's notice only while the agenda it was made from is published."""
        today = today or timezone.localdate()
        return self.filter(posted_on__lte=today).filter(
            Q(meeting__isnull=True) | Q(meeting__agenda_published_at__isnull=False)
        )

    def current(self, today=None):
        """On the board today: posted, and not yet taken down by the periodic task."""
        return self.posted(today).filter(taken_down_at__isnull=True)

    def archived(self, today=None):
        """Taken down by the periodic task: the board's archive."""
        return self.posted(today).filter(taken_down_at__isnull=False)


class Notice(CaseLinked, models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Kungörelse av fullmäktiges sammanträde")
        DELEGATION = "delegation", _("Delegationsbeslut")
        OTHER = "other", _("Kungörelse enligt annan lag")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    # A council meeting's notice: its title, time, place and matters are the meeting's and its published agenda's.
    meeting = models.OneToOneField(
        Meeting, verbose_name=_("sammanträde"), null=True, blank=True, on_delete=models.PROTECT, related_name="notice"
    )
    title = models.CharField(_("rubrik"), max_length=300, blank=True)
    text = models.TextField(
        _("text"), blank=True, help_text=_("Markera personuppgifter som ska maskeras med [[ och ]].")
    )
    case_number = models.CharField(_("diarienummer"), max_length=40, blank=True, validators=[case_number_validator])
    # Delegation decisions: when, and by which delegate (a role such as "Stadsbyggnadsdirektör", not a name).
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True, validators=[DateRangeValidator(_("Datum"))])
    decided_by = models.CharField(_("beslutat av (befattning)"), max_length=200, blank=True)
    # Other notices: the law that asks for the notice ("Plan- och bygglagen 5 kap. 11 §").
    legal_basis = models.CharField(_("enligt"), max_length=200, blank=True)
    file = models.FileField(_("fil (PDF)"), upload_to=notice_file_upload_to, blank=True)
    file_text = models.TextField(_("utdragen text"), blank=True, editable=False)
    posted_on = models.DateField(_("anslaget publicerat"), validators=[DateRangeValidator(_("Datum"))])
    appeal_last_day = models.DateField(_("sista dag för överklagande"), null=True, blank=True, editable=False)
    taken_down_on = models.DateField(_("anslaget tas ned"), validators=[DateRangeValidator(_("Datum"))])
    taken_down_at = models.DateTimeField(_("togs ned"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoticeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["file_text"])

    class Meta:
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag (kungörelser och delegationsbeslut)")
        ordering = ["-posted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(taken_down_on__gt=models.F("posted_on")),
                name="notice_taken_down_after_posting",
                violation_error_message=_("Anslaget måste tas ned efter den dag det publiceras."),
            ),
            models.CheckConstraint(
                condition=Q(appeal_last_day__isnull=True) | Q(taken_down_on__gt=models.F("appeal_last_day")),
                name="notice_up_until_appeal_ends",
                violation_error_message=_("Anslaget får inte tas ned förrän överklagandetiden har gått ut."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="meeting") | Q(meeting__isnull=False),
                name="notice_meeting_has_meeting",
                violation_error_message=_("En kungörelse av ett sammanträde hör till ett sammanträde."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="delegation") | Q(decided_on__isnull=False, body__isnull=False),
                name="notice_delegation_has_date_and_body",
                violation_error_message=_("Ett delegationsbeslut har ett beslutsdatum och ett organ."),
            ),
        ]
        indexes = [models.Index(fields=["posted_on", "taken_down_at"], name="notice_board_idx")]

    def __str__(self) -> str:
        return self.title or str(self.meeting)

    def get_absolute_url(self) -> str:
        return reverse("meetings:notice_detail", kwargs={"pk": self.pk})

    def case_title_source(self) -> str:
        return self.title
