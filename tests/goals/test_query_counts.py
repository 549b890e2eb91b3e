"""The goals list pages run the same number of queries with a few rows as with many."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.models import CommitmentStatus, CommitmentUpdate, IndicatorValue, Means
from tests.factories import (
    BodyFactory,
    CommitmentFactory,
    GoalAreaFactory,
    GoalPeriodFactory,
    IndicatorFactory,
    PlatformFactory,
    PolicyAreaFactory,
    StrategicAreaFactory,
)

pytestmark = pytest.mark.django_db

PATHS = [
    "/mal/",
    "/mal/indikatorer/",
    "/mal/indikatorer/?organ=kommunstyrelsen&bedomning=improved",
    "/mal/plattform/",
    "/mal/plattform/?status=not_started",
]


def add_goals(count: int) -> None:
    """`count` goal areas (half under a strategic area) with means, indicators with three years of values each,
    and `count` commitments across areas, half of them with status updates."""
    period = GoalPeriodFactory()
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    platform = PlatformFactory()
    for n in range(count):
        area = StrategicAreaFactory(period=period) if n % 2 else None
        goal_area = GoalAreaFactory(period=period, strategic_area=area)
        Means.objects.bulk_create(Means(goal_area=goal_area, text=f"medel {m}", position=m) for m in range(3))
        indicator = IndicatorFactory(owner=body)
        indicator.goal_areas.add(goal_area)
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, year=year, gender=gender, value=Decimal(n + year - 2000))
            for year in (2019, 2020, 2021)
            for gender in ("T", "K", "M")
        )
        commitment = CommitmentFactory(area=PolicyAreaFactory(platform=platform))
        if n % 2:
            CommitmentUpdate.objects.create(
                commitment=commitment, date=dt.date(2023, 1, 1), status=CommitmentStatus.IN_PROGRESS
            )


def count_queries(client) -> dict[str, int]:
    counts = {}
    for path in PATHS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_list_pages_do_not_run_more_queries_with_more_rows(client):
    add_goals(2)
    few = count_queries(client)
    add_goals(30)
    many = count_queries(client)
    assert many == few
    assert max(few.values()) <= 10, few


def test_the_bigger_data_set_is_really_shown(client):
    """Guards the comparison above: with many rows the pages show them all (no accidental empty pages)."""
    add_goals(12)
    assert client.get("/mal/").content.decode().count('class="goal-area-card"') == 12
    assert client.get("/mal/plattform/").content.decode().count('class="commitment-row"') == 12
