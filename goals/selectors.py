"""The queries of the public goals pages, each in a fixed number of queries however many rows there are.

Verdicts are computed here from prefetched values (never stored, never one query per indicator). What the pages show
of the rows comes out as the public projections of `goals.public`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from meetings.models import AgendaItem, Body
from meetings.public import PublicBody

from . import verdicts
from .models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    GoalArea,
    GoalPeriod,
    Indicator,
    IndicatorValue,
    Means,
    Observation,
    Platform,
    PolicyArea,
    StrategicArea,
)
from .public import PublicIndicator, PublicObservation

GENDERS = [code for code, _label in IndicatorValue.Gender.choices]  # "T", "K", "M": the order of the columns

# A symbol beside the text of each status, so neither colour nor the symbol alone carries the meaning.
STATUS_SYMBOLS = {
    CommitmentStatus.NOT_STARTED: "○",
    CommitmentStatus.IN_PROGRESS: "◐",
    CommitmentStatus.DONE: "✓",
    CommitmentStatus.CANCELLED: "✗",
}


@dataclass(frozen=True)
class StatusBadge:
    key: str
    label: str
    symbol: str


def status_badge(status: str | None) -> StatusBadge:
    status = CommitmentStatus(status or CommitmentStatus.NOT_STARTED)
    return StatusBadge(key=status.value, label=str(status.label), symbol=STATUS_SYMBOLS[status])


# --- /mal/ -----------------------------------------------------------------------------------------------------------


def _goal_areas_with_means() -> QuerySet[GoalArea]:
    return GoalArea.objects.prefetch_related(Prefetch("means", queryset=Means.objects.order_by("position", "pk")))


def goal_periods() -> list[GoalPeriod]:
    """Every period, newest first, with `.areas` → `.goal_areas` → `.means`, and `.loose_goal_areas` (the goal areas
    that belong to no strategic area). Six queries."""
    areas = StrategicArea.objects.order_by("position", "pk").prefetch_related(
        Prefetch("goal_areas", queryset=_goal_areas_with_means().order_by("position", "number", "pk"))
    )
    loose = _goal_areas_with_means().filter(strategic_area__isnull=True).order_by("position", "number", "pk")
    return list(
        GoalPeriod.objects.order_by("-start_year", "-pk").prefetch_related(
            Prefetch("areas", queryset=areas),
            Prefetch("goal_areas", queryset=loose, to_attr="loose_goal_areas"),
        )
    )


# --- indicators ------------------------------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    """An indicator as a list shows it (its public projection): its latest total and the headline verdict (the
    total's)."""

    indicator: PublicIndicator
    latest: verdicts.Point | None
    assessment: verdicts.Assessment
    decimals: int


def value_decimals(indicator: Indicator, values) -> int:
    """How many decimals the indicator's values are shown with: as many as the stored values use (4,4 stays 4,4, not
    4,400), at least one for a percentage, at most three."""
    least = 1 if indicator.unit == Indicator.Unit.PERCENT else 0
    used = [
        -row.value.normalize().as_tuple().exponent
        for row in values
        if row.value is not None and row.value.normalize().as_tuple().exponent < 0
    ]
    if indicator.target_value is not None and indicator.target_value.normalize().as_tuple().exponent < 0:
        used.append(-indicator.target_value.normalize().as_tuple().exponent)
    return min(3, max([least, *used]))


def indicator_row(indicator: Indicator, values: list[IndicatorValue]) -> IndicatorRow:
    totals = verdicts.series(values).get(IndicatorValue.Gender.TOTAL, [])
    with_value = [point for point in totals if point.value is not None]
    assessment = verdicts.assess(totals, direction=indicator.direction, target=indicator.target_value)
    return IndicatorRow(
        indicator=PublicIndicator(indicator),
        latest=with_value[-1] if with_value else None,
        assessment=assessment,
        decimals=value_decimals(indicator, values),
    )


def indicators_for_listing(queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    """Indicators with their owner and all their values (`.value_list`): two queries for any number."""
    queryset = Indicator.objects.all() if queryset is None else queryset
    return queryset.select_related("owner").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year", "gender"), to_attr="value_list")
    )


def indicator_rows(indicators) -> list[IndicatorRow]:
    """Rows from indicators fetched with `indicators_for_listing`."""
    return [indicator_row(indicator, indicator.value_list) for indicator in indicators]


def owner_bodies() -> QuerySet[Body]:
    """The bodies that own at least one indicator (the choices of the list's filter)."""
    return Body.objects.filter(Q(indicators__isnull=False)).distinct().order_by("position", "name")


# --- /mal/omrade/<slug>/ ---------------------------------------------------------------------------------------------


@dataclass
class BodyObservations:
    body: PublicBody
    positive: list[PublicObservation] = field(default_factory=list)
    improve: list[PublicObservation] = field(default_factory=list)


@dataclass
class YearObservations:
    year: int
    bodies: list[BodyObservations]


def observations_by_year(goal_area: GoalArea) -> list[YearObservations]:
    """The goal area's observations, newest year first, then per body: positive ones and areas to improve. One query."""
    rows = goal_area.observations.select_related("body").order_by(
        "-year", "body__position", "body__name", "position", "pk"
    )
    grouped: dict[int, dict[int, BodyObservations]] = defaultdict(dict)
    for row in rows:
        entry = grouped[row.year].setdefault(row.body_id, BodyObservations(PublicBody(row.body)))
        (entry.positive if row.kind == Observation.Kind.POSITIVE else entry.improve).append(PublicObservation(row))
    return [YearObservations(year, list(bodies.values())) for year, bodies in grouped.items()]


# --- the platform ----------------------------------------------------------------------------------------------------


def current_platform() -> Platform | None:
    return Platform.objects.order_by("-start_year", "-pk").first()


def platform_commitments(platform: Platform) -> QuerySet[Commitment]:
    """The platform's commitments with their area and current status (annotated): one query for any number."""
    return (
        Commitment.objects.filter(area__platform=platform)
        .with_status()
        .select_related("area")
        .order_by("area__position", "area__pk", "position", "pk")
    )


def platform_areas(platform: Platform) -> list[PolicyArea]:
    return list(platform.areas.order_by("position", "pk"))


def status_counts(platform: Platform) -> dict[str, int]:
    """Status → how many of the platform's commitments have it now (those without any update count as not started)."""
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for status in platform_commitments(platform).values_list("latest_status", flat=True):
        counts[status or CommitmentStatus.NOT_STARTED] += 1
    return counts


def commitment_with_history(pk: int) -> Commitment | None:
    """The commitment with its area and platform, `.update_list` (newest first) and each update's
    `.public_items` (the decisions linked to it that citizens may see). Four queries."""
    updates = CommitmentUpdate.objects.order_by("-date", "-pk").prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.on_published_agendas()
            .select_related("meeting__body")
            .order_by("meeting__start", "position"),
            to_attr="public_items",
        )
    )
    return (
        Commitment.objects.select_related("area__platform")
        .prefetch_related(Prefetch("updates", queryset=updates, to_attr="update_list"))
        .filter(pk=pk)
        .first()
    )


def decimal_text(value: Decimal, decimals: int) -> str:
    """A value for a CSV file: fixed decimals, a decimal comma, the ASCII minus, no grouping (what Excel reads)."""
    return f"{value:.{decimals}f}".replace(".", ",")
