"""Verdicts on indicators, computed from the values every time they are shown, never stored.

- With a numeric target: the latest value against the target → uppnått / nära (within `GOALS_TARGET_TOLERANCE` of
  the target, relative) / ej uppnått. Öka means "at least the target", Minska "at most".
- With a direction only (Öka/Minska): the latest value against the previous one → förbättrad / oförändrad /
  försämrad. The previous value is the nearest earlier year that has one.
- No verdict when there is no value, only one, or when either of the two compared values is marked as not
  comparable with other years (a comparison is never made across such a value, nor around it by skipping it).

A zero previous value is an ordinary value here: the verdict compares differences, not ratios.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

INCREASE = "increase"
DECREASE = "decrease"


class Verdict(enum.Enum):
    """Each verdict has a text and a symbol, so colour never carries the meaning alone."""

    IMPROVED = ("improved", _("Förbättrad"), "⊕", "good")
    UNCHANGED = ("unchanged", _("Oförändrad"), "=", "neutral")
    WORSENED = ("worsened", _("Försämrad"), "⊖", "bad")
    ACHIEVED = ("achieved", _("Uppnått"), "✓", "good")
    CLOSE = ("close", _("Nära"), "≈", "neutral")
    NOT_ACHIEVED = ("not_achieved", _("Ej uppnått"), "✗", "bad")
    NONE = ("none", _("Ingen bedömning"), "–", "none")

    def __init__(self, key, label, symbol, tone):
        self.key = key
        self.label = label
        self.symbol = symbol
        self.tone = tone  # a CSS modifier: good / neutral / bad / none


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal | None
    not_comparable: bool = False


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    reason: str  # why, in Swedish, for the page ("2021 jämfört med 2020", "inte jämförbart med 2019" …)
    latest: Point | None = None
    previous: Point | None = None


def _with_values(points: Iterable[Point]) -> list[Point]:
    return sorted((point for point in points if point.value is not None), key=lambda point: point.year)


def compare(previous: Point, latest: Point, direction: str) -> Assessment:
    """The verdict of one step from `previous` to `latest` (both with values)."""
    if previous.not_comparable or latest.not_comparable:
        flagged = previous if previous.not_comparable else latest
        return Assessment(
            Verdict.NONE,
            _("%(year)s års värde är inte jämförbart med andra års") % {"year": flagged.year},
            latest,
            previous,
        )
    reason = _("%(latest)s jämfört med %(previous)s") % {"latest": latest.year, "previous": previous.year}
    difference = latest.value - previous.value
    if difference == 0:
        return Assessment(Verdict.UNCHANGED, reason, latest, previous)
    better = difference > 0 if direction == INCREASE else difference < 0
    return Assessment(Verdict.IMPROVED if better else Verdict.WORSENED, reason, latest, previous)


def against_target(latest: Point, target: Decimal, direction: str, tolerance: float | None = None) -> Assessment:
    """The latest value against a numeric target."""
    tolerance = settings.GOALS_TARGET_TOLERANCE if tolerance is None else tolerance
    reason = _("%(year)s jämfört med målvärdet") % {"year": latest.year}
    reached = latest.value >= target if direction == INCREASE else latest.value <= target
    if reached:
        return Assessment(Verdict.ACHIEVED, reason, latest)
    if abs(latest.value - target) <= abs(target) * Decimal(str(tolerance)):
        return Assessment(Verdict.CLOSE, reason, latest)
    return Assessment(Verdict.NOT_ACHIEVED, reason, latest)


def assess(
    points: Iterable[Point], *, direction: str, target: Decimal | None = None, tolerance: float | None = None
) -> Assessment:
    """The verdict of a series (one gender's values over the years)."""
    values = _with_values(points)
    if not values:
        return Assessment(Verdict.NONE, _("Det finns inget värde att bedöma"))
    latest = values[-1]
    if target is not None:
        return against_target(latest, target, direction, tolerance)
    if len(values) < 2:
        return Assessment(Verdict.NONE, _("Det finns bara ett värde, inget att jämföra med"), latest)
    return compare(values[-2], latest, direction)


def steps(points: Iterable[Point], *, direction: str) -> dict[int, Assessment]:
    """Year → the verdict of the step from the previous year with a value to that year (for the table of values)."""
    values = _with_values(points)
    return {latest.year: compare(previous, latest, direction) for previous, latest in itertools.pairwise(values)}


def series(values: Iterable) -> dict[str, list[Point]]:
    """IndicatorValue rows (any order) → gender code ("T", "K", "M") → points by year."""
    by_gender: dict[str, list[Point]] = {}
    for row in values:
        by_gender.setdefault(row.gender, []).append(Point(row.year, row.value, row.not_comparable))
    for points in by_gender.values():
        points.sort(key=lambda point: point.year)
    return by_gender


def assess_indicator(indicator, values: Iterable) -> dict[str, Assessment]:
    """Gender code → the verdict of that series; the headline verdict of an indicator is its total ("T")."""
    return {
        gender: assess(points, direction=indicator.direction, target=indicator.target_value)
        for gender, points in series(values).items()
    }
