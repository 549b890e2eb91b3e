import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from orebro_portal.lib.formatting import (
    sv_date,
    sv_datetime,
    sv_file_label,
    sv_filesize,
    sv_number,
    sv_percent,
)

NBSP = "\u00a0"


def test_datetime_reads_like_the_municipality_writes_it():
    start = dt.datetime(2024, 1, 16, 13, 15, tzinfo=dt.UTC)  # 14.15 in Stockholm in winter
    assert sv_datetime(start) == "tisdag 16 januari 2024 kl. 14.15"


def test_datetime_in_summer_time_is_shown_in_stockholm_time():
    start = dt.datetime(2024, 6, 3, 12, 15, tzinfo=dt.UTC)  # CEST
    assert sv_datetime(start) == "måndag 3 juni 2024 kl. 14.15"


def test_date_of_a_late_evening_meeting_is_the_local_date():
    start = dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.UTC)  # 1 april 01.30 in Stockholm
    assert sv_date(start) == "måndag 1 april 2024"
    assert sv_date(dt.date(2024, 12, 3)) == "tisdag 3 december 2024"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (-12417, 0, f"\u221212{NBSP}417"),
        (12791, 0, f"12{NBSP}791"),
        (-383057, 0, f"\u2212383{NBSP}057"),
        (964, 0, "964"),
        (Decimal("-9.3"), 1, "\u22129,3"),
        (Decimal("-0.04"), 1, "0,0"),
        (0, 0, "0"),
        (1234567.891, 2, f"1{NBSP}234{NBSP}567,89"),
    ],
)
def test_amounts_have_spaces_decimal_comma_and_a_real_minus(value, decimals, expected):
    assert sv_number(value, decimals) == expected


def test_percent_and_missing_values():
    assert sv_percent(Decimal("-9.3")) == f"\u22129,3{NBSP}%"
    assert sv_percent(Decimal("-320.2")) == f"\u2212320,2{NBSP}%"
    assert sv_percent(None) == "\u2013"
    assert sv_number(None) == "\u2013"


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (211_600, f"211,6{NBSP}kB"),
        (96_800, f"96,8{NBSP}kB"),
        (512, f"512{NBSP}byte"),
        (2_345_678, f"2,3{NBSP}MB"),
    ],
)
def test_file_sizes_as_on_orebro_se(size, expected):
    assert sv_filesize(size) == expected


def test_file_label():
    assert sv_file_label("application/pdf", 211_600) == f"Pdf, 211,6{NBSP}kB"


def test_formatting_uses_stockholm_even_for_other_zones():
    start = dt.datetime(2024, 1, 16, 8, 15, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    assert sv_datetime(start) == "tisdag 16 januari 2024 kl. 14.15"
