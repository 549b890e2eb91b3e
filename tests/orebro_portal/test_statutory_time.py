import datetime as dt

import pytest

from orebro_portal.lib.statutory_time import appeal_last_day, is_closed_day, next_open_day, notice_taken_down_on

# Expected dates worked out by hand from a calendar; the weekday is written out so a wrong date stands out.


@pytest.mark.parametrize(
    ("posted_on", "last_day"),
    [
        pytest.param(dt.date(2024, 6, 4), dt.date(2024, 6, 25), id="tue-to-ordinary-tue"),
        pytest.param(dt.date(2024, 4, 12), dt.date(2024, 5, 3), id="fri-to-ordinary-fri"),
        pytest.param(dt.date(2024, 5, 31), dt.date(2024, 6, 24), id="midsommarafton-fri-to-mon"),
        pytest.param(dt.date(2024, 12, 3), dt.date(2024, 12, 27), id="julafton-tue-past-christmas-to-fri"),
        pytest.param(dt.date(2024, 12, 10), dt.date(2025, 1, 2), id="nyarsafton-tue-past-new-year-to-thu"),
        pytest.param(dt.date(2024, 6, 8), dt.date(2024, 7, 1), id="sat-to-mon"),
        pytest.param(dt.date(2024, 6, 9), dt.date(2024, 7, 1), id="sun-to-mon"),
        pytest.param(dt.date(2024, 4, 18), dt.date(2024, 5, 10), id="ascension-thu-to-klamdag-fri"),
        pytest.param(dt.date(2025, 5, 16), dt.date(2025, 6, 9), id="nationaldagen-fri-to-mon"),
        pytest.param(dt.date(2025, 3, 28), dt.date(2025, 4, 22), id="langfredag-past-easter-to-tue"),
    ],
)
def test_appeal_last_day_moves_past_closed_days(posted_on, last_day):
    assert appeal_last_day(posted_on) == last_day
    assert notice_taken_down_on(posted_on) == last_day + dt.timedelta(days=1)


def test_the_weekdays_in_the_cases_above_are_the_ones_the_law_is_about():
    # 0 = Monday; the cases are only meaningful if the dates fall where the ids say.
    assert dt.date(2024, 6, 21).weekday() == 4  # midsommarafton, Friday
    assert dt.date(2024, 12, 24).weekday() == 1  # julafton, Tuesday
    assert dt.date(2024, 12, 31).weekday() == 1  # nyårsafton, Tuesday
    assert dt.date(2024, 6, 29).weekday() == 5
    assert dt.date(2024, 5, 9).weekday() == 3  # Kristi himmelsfärdsdag
    assert dt.date(2025, 6, 6).weekday() == 4  # Nationaldagen
    assert dt.date(2025, 4, 18).weekday() == 4  # Långfredagen


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2024, 6, 8),  # Saturday
        dt.date(2024, 6, 9),  # Sunday
        dt.date(2024, 1, 1),  # Nyårsdagen
        dt.date(2024, 1, 6),  # Trettondedag jul (a Saturday in 2024)
        dt.date(2025, 1, 6),  # Trettondedag jul, Monday
        dt.date(2025, 4, 18),  # Långfredagen
        dt.date(2025, 4, 21),  # Annandag påsk
        dt.date(2025, 5, 1),  # Första maj
        dt.date(2025, 5, 29),  # Kristi himmelsfärdsdag
        dt.date(2025, 6, 6),  # Nationaldagen
        dt.date(2025, 6, 20),  # Midsommarafton
        dt.date(2025, 12, 24),  # Julafton, Wednesday
        dt.date(2025, 12, 25),  # Juldagen
        dt.date(2025, 12, 26),  # Annandag jul
        dt.date(2025, 12, 31),  # Nyårsafton, Wednesday
    ],
)
def test_closed_days(day):
    assert is_closed_day(day)
    assert next_open_day(day) > day


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2024, 5, 10),  # klämdag after Kristi himmelsfärdsdag
        dt.date(2024, 1, 5),  # trettondagsafton, Friday
        dt.date(2024, 3, 28),  # skärtorsdagen
        dt.date(2024, 4, 30),  # valborgsmässoafton, Tuesday
        dt.date(2024, 11, 1),  # allhelgonaafton, Friday
        dt.date(2024, 6, 25),  # an ordinary Tuesday
    ],
)
def test_days_that_are_only_closed_by_custom_are_open(day):
    assert day.weekday() < 5
    assert not is_closed_day(day)
    assert next_open_day(day) == day


def test_next_open_day_of_an_open_day_is_the_day_itself():
    assert next_open_day(dt.date(2024, 6, 25)) == dt.date(2024, 6, 25)


def test_next_open_day_crosses_the_new_year():
    assert next_open_day(dt.date(2026, 12, 31)) == dt.date(2027, 1, 4)  # Thu, Fri 1 Jan, weekend, Mon 4 Jan
