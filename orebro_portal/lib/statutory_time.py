"""Statutory time limits: when an appeal against a decision must have reached the court.

An appeal by laglighetsprövning must arrive within three weeks from the day the adjusted protocol was posted on the
notice board (kommunallagen 13 kap. 5 §). Lagen (1930:173) om beräkning av lagstadgad tid moves a last day that falls on
a Saturday, a Sunday, a public holiday, midsommarafton, julafton or nyårsafton on to the next day that is none of them.

The holidays come from the `holidays` library rather than a list of our own, so that moving feasts (Easter, Ascension,
Midsummer, All Saints) never need maintaining here.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

APPEAL_PERIOD = timedelta(weeks=3)

# The library's "de_facto" category follows custom, not the law, and may grow in a later version (a klämdag, påskafton);
# the law names only these three eves, so they are picked by name.
_CLOSED_EVES = frozenset({"Midsommarafton", "Julafton", "Nyårsafton"})


@lru_cache(maxsize=32)  # a few years are ever in play; bounded all the same
def _closed_holidays(year: int) -> frozenset[date]:
    """Public holidays and the three eves of the law in `year`; weekends are handled by weekday, not listed here."""
    public = holidays.Sweden(years=year, language="sv")
    de_facto = holidays.Sweden(years=year, categories=("de_facto",), language="sv")
    eves = {day for day in de_facto if _CLOSED_EVES.intersection(de_facto.get_list(day))}
    return frozenset(public) | frozenset(eves)


def is_closed_day(day: date) -> bool:
    """Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton: a day a time limit cannot end on."""
    return day.weekday() >= 5 or day in _closed_holidays(day.year)


def next_open_day(day: date) -> date:
    """`day` itself if a time limit may end on it, otherwise the first such day after it."""
    while is_closed_day(day):
        day += timedelta(days=1)
    return day


def appeal_last_day(posted_on: date) -> date:
    """The last day an appeal may reach the court, for a protocol whose adjustment was posted on `posted_on`."""
    return next_open_day(posted_on + APPEAL_PERIOD)


def notice_taken_down_on(posted_on: date) -> date:
    """The first day the notice may come down: it must stay up for the whole of the last appeal day."""
    return appeal_last_day(posted_on) + timedelta(days=1)
