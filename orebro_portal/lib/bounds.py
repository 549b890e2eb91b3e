"""The dates the portal accepts: 1 January 1900 to 31 December 2200, the years 1900–2200 that budget years and
indicator values already keep to (their CHECK constraints say `1900 <= year <= 2200`).

Python's `datetime` holds years 1 to 9999, but not every date in that span survives what the portal does with it:
year 1 in Stockholm time is year 0 in UTC (the database stores UTC), 9999-12-31 cannot be shown a day later, and an
iCalendar file adds its time zone's rules a year either side of its events. A date a person can type is therefore
checked against a range far inside those limits — wide enough for every historical record and every plan, narrow
enough that nothing computed from it can overflow. Forms and model fields use the validators; tables check
`FIRST_MOMENT <= value < END_MOMENT` (see `moment_in_database_range`).

The range is of *local* dates: a meeting at 00:30 on 1 January 1900 in Stockholm (23:30 on 31 December 1899 UTC) is
inside it. The database constraint cannot know the time zone, so it takes the same range widened by a day on each side
(no time zone is a day away from UTC): everything the validators accept passes it, and everything it lets through can
still be converted to any time zone and shown.
"""

from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 1900, 2200
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)
# For database constraints (UTC instants): the local range above, widened by a day either way.
FIRST_MOMENT = datetime.combine(FIRST_DAY - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
END_MOMENT = datetime.combine(LAST_DAY + timedelta(days=2), datetime.min.time(), tzinfo=UTC)  # exclusive
_ONE_DAY = timedelta(days=1)
# For an <input type="date">: its picker offers only days of the range (the server checks all the same).
DATE_INPUT_LIMITS = {"min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}


def year_in_range(value: int) -> bool:
    return FIRST_YEAR <= value <= LAST_YEAR


def date_in_range(value: date) -> bool:
    return FIRST_DAY <= value <= LAST_DAY


def local_date(value: datetime) -> date:
    """The date of `value` in the current time zone, safely: a value whose own date is more than a day outside the
    range is not converted (converting year 1 or 9999 may overflow), and its own date, as far out, is returned."""
    if timezone.is_naive(value) or not FIRST_DAY - _ONE_DAY <= value.date() <= LAST_DAY + _ONE_DAY:
        return value.date()
    return timezone.localtime(value).date()


def datetime_in_range(value: datetime) -> bool:
    """Does `value` fall on a day of the range, in the portal's time zone? Never raises for any `datetime`."""
    return date_in_range(local_date(value))


def moment_in_database_range(field: str, *, nullable: bool = False) -> Q:
    """The condition of a CheckConstraint on a DateTimeField (UTC instants, the range widened by a day)."""
    condition = Q(**{f"{field}__gte": FIRST_MOMENT, f"{field}__lt": END_MOMENT})
    return Q(**{f"{field}__isnull": True}) | condition if nullable else condition


def range_message(field: str = "") -> str:
    """ "Datumet måste ligga mellan 1 januari 1900 och 31 december 2200.", after "Början: " when a field is named."""
    days = {"first": formats.date_format(FIRST_DAY, "j F Y"), "last": formats.date_format(LAST_DAY, "j F Y")}
    if field:
        return _("%(field)s: datumet måste ligga mellan %(first)s och %(last)s.") % {"field": field, **days}
    return _("Datumet måste ligga mellan %(first)s och %(last)s.") % days


@deconstructible(path="orebro_portal.lib.bounds.DateRangeValidator")
class DateRangeValidator:
    """Refuses a date or datetime outside the range. `field`: the name said in the message, for errors read away from
    the field (a service's refusal, an import); a form field leaves it out, its label is beside the message."""

    code = "date_out_of_range"

    def __init__(self, field: str = "") -> None:
        self.field = field

    def __call__(self, value: date | datetime) -> None:
        inside = datetime_in_range(value) if isinstance(value, datetime) else date_in_range(value)
        if not inside:
            raise ValidationError(range_message(str(self.field)), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateRangeValidator) and str(self.field) == str(other.field)

    def __hash__(self) -> int:
        return hash(str(self.field))
