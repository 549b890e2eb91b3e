"""Cases (ärenden): one per diarienummer, such as "Ks 181/2022", followed through every meeting that handles it.

A case is found or created when staff type its number on an agenda item, a paragraph or a notice (`CaseLinked`); the
typed `case_number` stays the record of what was written, and `case` is the link the case page follows. Citizens see
a case only through the public steps that name it (`meetings.public.PublicCase`): the registrar's `title` is for
staff, because it may come from a secret item.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The earliest year a diarienummer may carry; the latest is next year (a case registered in December for January).
FIRST_CASE_YEAR = 1900

# Any notation citizens type: "Ks 181/2022", "KS 181/22", "ks-181-2022", "Ks181/2022", "KS 181 2022".
_ANY_NOTATION = re.compile(
    r"^\s*(?P<prefix>[A-Za-zÅÄÖåäö]{1,6})\s*[-\s]?\s*(?P<serial>\d{1,6})\s*[/\-\s]\s*(?P<year>\d{2}|\d{4})\s*$"
)
# What staff type, as `case_number_validator` allows it.
_STORED = re.compile(r"^(?P<prefix>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5}) (?P<serial>\d{1,6})/(?P<year>\d{4})$")


@dataclass(frozen=True)
class CaseNumber:
    prefix: str
    serial: int
    year: int

    @property
    def key(self) -> str:
        """The case's address and identity: the registry's prefix in any case, "Ks" and "KS" being one registry."""
        return f"{self.prefix.casefold()}-{self.serial}-{self.year}"

    def __str__(self) -> str:
        return f"{self.prefix} {self.serial}/{self.year}"


def case_number_parse(text: str) -> CaseNumber | None:
    """A stored diarienummer ("Ks 181/2022", as the validator has it) as its parts, or None."""
    match = _STORED.match(" ".join((text or "").split()))
    if match is None:
        return None
    return CaseNumber(match["prefix"], int(match["serial"]), int(match["year"]))


def case_number_search(text: str, *, today=None) -> CaseNumber | None:
    """What a citizen typed into search, in any notation, as a case number, or None.

    A two-digit year is read in the current century and only if that year has begun ("KS 181/22" is 2022); a search
    may be lenient because it stores nothing, and a miss just finds nothing."""
    match = _ANY_NOTATION.match(text or "")
    if match is None:
        return None
    year = int(match["year"])
    if len(match["year"]) == 2:
        this_year = (today or timezone.localdate()).year
        year += this_year // 100 * 100
        if year > this_year + 1:
            return None
    return CaseNumber(match["prefix"], int(match["serial"]), year)


def case_year_check(number: CaseNumber, *, field: str = "case_number") -> None:
    """Refuse a year no case can have: before 1900 or after next year (a typo such as 2202 is not guessed at)."""
    last = timezone.localdate().year + 1
    if not FIRST_CASE_YEAR <= number.year <= last:
        raise ValidationError(
            {
                field: _("Året i diarienumret ”%(number)s” finns inte: det ska ligga mellan %(first)s och %(last)s.")
                % {"number": number, "first": FIRST_CASE_YEAR, "last": last}
            }
        )


class CaseQuerySet(models.QuerySet):
    def for_number(self, number: CaseNumber, *, title: str = "") -> "Case":
        """The case with this number, created (titled `title`) if there is none yet."""
        case, _created = self.get_or_create(
            key=number.key,
            defaults={"prefix": number.prefix, "serial": number.serial, "year": number.year, "title": title[:500]},
        )
        if title and not case.title:
            case.title = title[:500]
            case.save(update_fields=["title"])
        return case


class Case(models.Model):
    prefix = models.CharField(
        _("diarieförkortning"),
        max_length=6,
        validators=[RegexValidator(r"^[A-Za-zÅÄÖåäö]{1,6}$", _("Förkortningen är en till sex bokstäver."))],
    )
    serial = models.PositiveIntegerField(_("löpnummer"))
    year = models.PositiveSmallIntegerField(_("år"))
    # "ks-181-2022": unique, and the case's address (/arenden/ks-181-2022/).
    key = models.CharField(_("nyckel"), max_length=30, unique=True, editable=False)
    title = models.CharField(
        _("ärendemening"),
        max_length=500,
        blank=True,
        help_text=_(
            "Som i diariet. Visas bara för handläggare; allmänheten ser rubriken från ärendets offentliga steg."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ärende i diariet")
        verbose_name_plural = _("ärenden i diariet")
        ordering = ["-year", "prefix", "-serial"]
        indexes = [models.Index(fields=["year", "serial"], name="case_year_serial_idx")]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        self.key = CaseNumber(self.prefix, self.serial, self.year).key
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:case_detail", kwargs={"key": self.key})

    @property
    def number(self) -> str:
        return str(CaseNumber(self.prefix, self.serial, self.year))


class CaseLinked(models.Model):
    """A row that carries a typed diarienummer (`case_number`) and links to its `Case`.

    The link follows the text on every save, whoever saves (a service, a form, the admin): a number typed is a case
    found or created, a number removed is no link. A case created here is titled with the row's title only when the
    row is public (`case_title_source`), so a secret item never names a case."""

    case = models.ForeignKey(
        "meetings.Case",
        verbose_name=_("ärende i diariet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        editable=False,
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "case_number" not in update_fields:
            super().save(*args, **kwargs)  # the number is not saved, so neither is its link (a move, an outcome)
            return
        number = case_number_parse(self.case_number)
        if number is None:
            self.case = None
        elif self.case is None or self.case.key != number.key:
            self.case = Case.objects.for_number(number, title=self.case_title_source())
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "case"}
        super().save(*args, **kwargs)

    def case_title_source(self) -> str:
        return self.title if getattr(self, "is_public", True) else ""

    def clean_fields(self, exclude=None) -> None:
        super().clean_fields(exclude=exclude)
        number = case_number_parse(self.case_number)
        if number is not None and not (exclude and "case_number" in exclude):
            case_year_check(number)
