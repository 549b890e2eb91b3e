"""The filters of the public goals lists. GET parameters in Swedish, state in the query string (bookmarkable)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.filters import PublicChoiceFilter, body_label

from . import verdicts
from .models import Commitment, CommitmentStatus, GoalArea, Indicator, PolicyArea
from .public import PublicGoalArea, PublicPolicyArea
from .selectors import owner_bodies


def _goal_areas():
    return GoalArea.objects.select_related("period").order_by("-period__start_year", "position", "number", "pk")


def _goal_area_label(goal_area: GoalArea) -> str:
    """The goal area's statement prefixed with its period: the same statement may recur in two periods."""
    public = PublicGoalArea(goal_area)
    return f"{public.period.name.line}: {public.statement.line}"


def _policy_area_label(area: PolicyArea) -> str:
    return PublicPolicyArea(area).name.line


VERDICT_CHOICES = [(verdict.key, verdict.label) for verdict in verdicts.Verdict]


class IndicatorFilter(django_filters.FilterSet):
    organ = PublicChoiceFilter(
        label=_("Ansvarigt organ"),
        label_of=body_label,
        field_name="owner",
        to_field_name="slug",
        queryset=lambda request: owner_bodies(),
        empty_label=_("Alla organ"),
    )
    malomrade = PublicChoiceFilter(
        label=_("Målområde"),
        label_of=_goal_area_label,
        field_name="goal_areas",
        to_field_name="slug",
        queryset=lambda request: _goal_areas(),
        empty_label=_("Alla målområden"),
    )
    # The verdict is computed from the values, never stored, so the database cannot filter on it: the view filters
    # the computed rows with this field's cleaned value (`verdict_key`).
    bedomning = django_filters.ChoiceFilter(
        label=_("Bedömning"),
        choices=VERDICT_CHOICES,
        method="filter_verdict",
        empty_label=_("Alla bedömningar"),
    )

    class Meta:
        model = Indicator
        fields = ["organ", "malomrade", "bedomning"]

    def filter_verdict(self, queryset, name, value):
        return queryset

    @property
    def verdict_key(self) -> str:
        if not self.is_bound:
            return ""
        self.errors  # noqa: B018 (validates the form, so cleaned_data exists)
        return self.form.cleaned_data.get("bedomning") or ""


class CommitmentFilter(django_filters.FilterSet):
    omrade = PublicChoiceFilter(
        label=_("Politikområde"),
        label_of=_policy_area_label,
        field_name="area",
        to_field_name="slug",
        queryset=PolicyArea.objects.none(),
        empty_label=_("Alla politikområden"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CommitmentStatus.choices,
        method="filter_status",
        empty_label=_("Alla statusar"),
    )

    class Meta:
        model = Commitment
        fields = ["omrade", "status"]

    def __init__(self, *args, platform=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = platform.areas.order_by("position", "pk") if platform else PolicyArea.objects.none()
        self.filters["omrade"].queryset = areas
        self.form.fields["omrade"].queryset = areas

    def filter_status(self, queryset, name, value):
        """On the annotated current status (`with_status()`); a commitment without any update is not started."""
        if value == CommitmentStatus.NOT_STARTED:
            return queryset.filter(Q(latest_status__isnull=True) | Q(latest_status=value))
        return queryset.filter(latest_status=value)
