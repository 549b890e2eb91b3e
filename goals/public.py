"""What citizens may see of the goals: the public projections of the goal structure, the indicators and the platform.

Built on `meetings.public.Projection` (see its docstring): choices, codes, years and numbers are `fields`; every text a
member of staff typed — a vision, a goal statement, an observation, an indicator's name, description and notes, a
value's note, a commitment and its updates' comments — is in `texts` (or `lists`, one entry per line) and comes out
masked as `PublicText`. The public goals pages, the indicator CSV, the report blocks, the API and the search index read
these and never the models' own text fields.

Relations are properties returning projections. They read what the caller prefetched (the names of the selectors'
`Prefetch(..., to_attr=...)`) and fall back to a query, so a list page keeps its fixed number of queries.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import Model

from meetings.models import AgendaItem
from meetings.public import Projection, PublicAgendaItem, PublicBody

from .models import (
    Commitment,
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


def _rows(obj: Model, to_attr: str | None, related: str) -> list[Any]:
    """The related rows: the prefetched list `to_attr` when the caller made one, else `obj.<related>.all()` (itself
    free when prefetched by name)."""
    if to_attr is not None and (rows := getattr(obj, to_attr, None)) is not None:
        return list(rows)
    return list(getattr(obj, related).all())


# --- the goal structure ----------------------------------------------------------------------------------------------


class PublicGoalPeriod(Projection):
    model = GoalPeriod
    fields = ("pk", "id", "start_year", "end_year")
    texts = ("name", "vision", "introduction", "source")

    @cached_property
    def areas(self) -> list[PublicStrategicArea]:
        return [PublicStrategicArea(area) for area in _rows(self._obj, None, "areas")]

    @cached_property
    def loose_goal_areas(self) -> list[PublicGoalArea]:
        """The period's goal areas that belong to no strategic area (`goals.selectors.goal_periods` prefetches them)."""
        rows = getattr(self._obj, "loose_goal_areas", None)
        if rows is None:
            rows = self._obj.goal_areas.filter(strategic_area__isnull=True).order_by("position", "number", "pk")
        return [PublicGoalArea(goal_area) for goal_area in rows]


class PublicStrategicArea(Projection):
    model = StrategicArea
    fields = ("pk", "id", "period_id", "slug", "position")
    texts = ("name", "description")

    @cached_property
    def goal_areas(self) -> list[PublicGoalArea]:
        return [PublicGoalArea(goal_area) for goal_area in _rows(self._obj, None, "goal_areas")]


class PublicGoalArea(Projection):
    model = GoalArea
    fields = ("pk", "id", "period_id", "strategic_area_id", "number", "slug", "position")
    texts = ("statement", "means_intro")

    @cached_property
    def period(self) -> PublicGoalPeriod:
        return PublicGoalPeriod(self._obj.period)

    @cached_property
    def strategic_area(self) -> PublicStrategicArea | None:
        return PublicStrategicArea(self._obj.strategic_area) if self._obj.strategic_area_id else None

    @cached_property
    def means(self) -> list[PublicMeans]:
        """The means in their order (prefetch `means` ordered to keep this free)."""
        return [PublicMeans(means) for means in _rows(self._obj, None, "means")]


class PublicMeans(Projection):
    model = Means
    fields = ("pk", "id", "goal_area_id", "position")
    texts = ("text",)


class PublicObservation(Projection):
    model = Observation
    fields = ("pk", "id", "goal_area_id", "body_id", "year", "kind", "get_kind_display", "position")
    texts = ("text",)

    @cached_property
    def body(self) -> PublicBody:
        return PublicBody(self._obj.body)

    @cached_property
    def goal_area(self) -> PublicGoalArea:
        return PublicGoalArea(self._obj.goal_area)


# --- indicators ------------------------------------------------------------------------------------------------------


class PublicIndicator(Projection):
    """An indicator; `footnotes_list` gives its footnotes (one per line), each masked."""

    model = Indicator
    fields = (
        "pk",
        "id",
        "slug",
        "unit",
        "get_unit_display",
        "direction",
        "get_direction_display",
        "target_value",
        "owner_id",
        "position",
    )
    # The Kolada ids are typed by staff without a validator: masked like any text (a real id passes unchanged).
    texts = ("name", "description", "incomplete_note", "kolada_kpi", "kolada_municipality")
    lists = ("footnotes",)

    @cached_property
    def owner(self) -> PublicBody:
        return PublicBody(self._obj.owner)

    @cached_property
    def values(self) -> list[PublicIndicatorValue]:
        """The values in year and gender order (`goals.selectors.indicators_for_listing` prefetches `value_list`)."""
        rows = getattr(self._obj, "value_list", None)
        if rows is None:
            rows = self._obj.values.order_by("year", "gender")
        return [PublicIndicatorValue(value) for value in rows]


class PublicIndicatorValue(Projection):
    model = IndicatorValue
    fields = ("pk", "id", "indicator_id", "year", "gender", "get_gender_display", "value", "not_comparable")
    texts = ("note",)


# --- the platform ----------------------------------------------------------------------------------------------------


class PublicPlatform(Projection):
    model = Platform
    fields = ("pk", "id", "start_year", "end_year")
    texts = ("name", "parties", "introduction")


class PublicPolicyArea(Projection):
    model = PolicyArea
    fields = ("pk", "id", "platform_id", "slug", "position")
    texts = ("name",)

    @cached_property
    def platform(self) -> PublicPlatform:
        return PublicPlatform(self._obj.platform)


class PublicCommitment(Projection):
    """A commitment; `current_status` and `status_changed_on` need `Commitment.objects.with_status()` (or a query)."""

    model = Commitment
    fields = (
        "pk",
        "id",
        "area_id",
        "position",
        "current_status",
        "get_current_status_display",
        "status_changed_on",
    )
    texts = ("text",)

    @cached_property
    def area(self) -> PublicPolicyArea:
        return PublicPolicyArea(self._obj.area)

    @cached_property
    def updates(self) -> list[PublicCommitmentUpdate]:
        """Newest first (`goals.selectors.commitment_with_history` prefetches them as `update_list`)."""
        rows = getattr(self._obj, "update_list", None)
        if rows is None:
            rows = self._obj.updates.order_by("-date", "-pk")
        return [PublicCommitmentUpdate(update) for update in rows]


class PublicCommitmentUpdate(Projection):
    model = CommitmentUpdate
    fields = ("pk", "id", "commitment_id", "date", "status", "get_status_display", "created_at")
    texts = ("comment",)

    @cached_property
    def agenda_items(self) -> list[PublicAgendaItem]:
        """The decisions the update rests on that are listed publicly — items on published agendas only, a secret
        one as "Sekretessärende" — in meeting order. `goals.selectors.commitment_with_history` prefetches them as
        `public_items`; without that this is one query."""
        rows = getattr(self._obj, "public_items", None)
        if rows is None:
            rows = (
                AgendaItem.objects.on_published_agendas()
                .filter(commitment_updates=self._obj)
                .select_related("meeting__body")
                .order_by("meeting__start", "position")
            )
        return [PublicAgendaItem(item) for item in rows]

    @cached_property
    def commitment(self) -> PublicCommitment:
        return PublicCommitment(self._obj.commitment)
