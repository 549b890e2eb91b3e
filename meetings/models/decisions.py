"""Who attended a meeting and how each paragraph was decided: attendance from the roster, proposals (yrkanden),
votes (omröstningar) with each member's ballot, and reservations and protokollsanteckningar by member.

Everything here belongs to a protocol and follows it: drafts change, an adjusted protocol never does, a correction
copies it all into the new version. The rules (who may vote, whether the counts agree with those serving) live in
`meetings.services.attendance` and `meetings.services.votes`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .members import Membership
from .protocols import Protocol, ProtocolParagraph


class Attendance(models.Model):
    """One member of the body's roster on the meeting day, present or absent.

    An ersättare who is present decides only when serving for (tjänstgör för) an absent ledamot; a ledamot who is
    present decides. `from_paragraph`/`to_paragraph` bound the paragraphs someone was there for ("från § 5").
    """

    class Status(models.TextChoices):
        PRESENT = "present", _("Närvarande")
        ABSENT = "absent", _("Frånvarande")

    protocol = models.ForeignKey(
        Protocol, verbose_name=_("protokoll"), on_delete=models.CASCADE, related_name="attendance"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("uppdrag"), on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("närvaro"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    serving_for = models.ForeignKey(
        Membership,
        verbose_name=_("tjänstgör för"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_in",
        help_text=_("För en ersättare som tjänstgör: den frånvarande ledamot som ersättaren går in för."),
    )
    from_paragraph = models.PositiveIntegerField(_("från §"), null=True, blank=True)
    to_paragraph = models.PositiveIntegerField(_("till och med §"), null=True, blank=True)
    is_chair = models.BooleanField(_("ordförande vid sammanträdet"), default=False)
    is_adjuster = models.BooleanField(_("justerare"), default=False)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        ordering = ["protocol", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "membership"],
                name="attendance_unique_membership",
                violation_error_message=_("Personen finns redan i närvarolistan."),
            ),
            models.UniqueConstraint(
                fields=["protocol"],
                condition=Q(is_chair=True),
                name="attendance_one_chair",
                violation_error_message=_("Protokollet har redan en ordförande."),
            ),
            models.CheckConstraint(
                condition=Q(from_paragraph__isnull=True)
                | Q(to_paragraph__isnull=True)
                | Q(to_paragraph__gte=models.F("from_paragraph")),
                name="attendance_paragraphs_in_order",
                violation_error_message=_("”Till och med §” kan inte komma före ”från §”."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.person}: {self.get_status_display()}"

    @property
    def is_present(self) -> bool:
        return self.status == self.Status.PRESENT

    def present_at(self, number: int) -> bool:
        """Was this person in the room for § `number`?"""
        if not self.is_present:
            return False
        if self.from_paragraph is not None and number < self.from_paragraph:
            return False
        return self.to_paragraph is None or number <= self.to_paragraph

    def serves_at(self, number: int) -> bool:
        """Did this person decide § `number`: a present ledamot, or a present ersättare serving for someone?"""
        if not self.present_at(number):
            return False
        return self.membership.is_ledamot or self.serving_for_id is not None


class Proposal(models.Model):
    """A yrkande: a proposal put at the meeting, by a member or (without one) the chair's or the board's own."""

    paragraph = models.ForeignKey(
        ProtocolParagraph, verbose_name=_("paragraf"), on_delete=models.CASCADE, related_name="proposals"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("yrkande av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    text = models.TextField(_("yrkande"), help_text=_("T.ex. ”yrkar bifall till förvaltningens förslag”."))
    position = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        ordering = ["paragraph", "position", "pk"]

    def __str__(self) -> str:
        return str(_("Yrkande i %(paragraph)s") % {"paragraph": self.paragraph})


class Vote(models.Model):
    """An omröstning on a paragraph. An open vote has a ballot per serving member and its counts are theirs; a closed
    one (sluten omröstning, at elections) has only the counts."""

    paragraph = models.ForeignKey(
        ProtocolParagraph, verbose_name=_("paragraf"), on_delete=models.CASCADE, related_name="votes"
    )
    question = models.TextField(
        _("propositionsordning"),
        help_text=_("Vad ja och nej betyder, t.ex. ”Ja för ordförandens förslag, nej för Moderaternas yrkande”."),
    )
    is_secret = models.BooleanField(_("sluten omröstning"), default=False)
    yes_count = models.PositiveSmallIntegerField(_("ja"))
    no_count = models.PositiveSmallIntegerField(_("nej"))
    abstain_count = models.PositiveSmallIntegerField(_("avstår"), default=0)
    outcome = models.TextField(
        _("utfall"), blank=True, help_text=_("T.ex. ”Kommunstyrelsen bifaller ordförandens förslag”.")
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")
        ordering = ["paragraph", "position", "pk"]

    def __str__(self) -> str:
        return str(
            _("Omröstning i %(paragraph)s: %(yes)s ja, %(no)s nej, %(abstain)s avstår")
            % {"paragraph": self.paragraph, "yes": self.yes_count, "no": self.no_count, "abstain": self.abstain_count}
        )


class Ballot(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")
        ABSTAIN = "abstain", _("Avstår")

    vote = models.ForeignKey(Vote, verbose_name=_("omröstning"), on_delete=models.CASCADE, related_name="ballots")
    membership = models.ForeignKey(
        Membership, verbose_name=_("ledamot"), on_delete=models.PROTECT, related_name="ballots"
    )
    choice = models.CharField(_("röst"), max_length=10, choices=Choice.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        ordering = ["vote", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "membership"],
                name="ballot_one_per_member",
                violation_error_message=_("Ledamoten har redan röstat i omröstningen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.person}: {self.get_choice_display()}"


class Statement(models.Model):
    """A reservation (by a member who took part in the decision) or a protokollsanteckning (by anyone present)."""

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        NOTE = "note", _("Protokollsanteckning")

    paragraph = models.ForeignKey(
        ProtocolParagraph, verbose_name=_("paragraf"), on_delete=models.CASCADE, related_name="statements"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("av"), on_delete=models.PROTECT, related_name="statements"
    )
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Reservationens eller anteckningens text, eller ”till förmån för eget yrkande”."),
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reservation eller protokollsanteckning")
        verbose_name_plural = _("reservationer och protokollsanteckningar")
        ordering = ["paragraph", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.membership.person}"
