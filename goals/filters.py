"""The filters of the public goals lists. GET parameters in Swedish, state in the query string (bookmarkable)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from . import verdicts
from .models import Commitment, CommitmentStatus, GoalArea, Indicator, PolicyArea
from .selectors import owner_bodies


def _goal_areas():
    return GoalArea.objects.select_related("period").order_by("-period__start_year", "position", "number", "pk")


class _GoalAreaField(ModelChoiceField):
    """The goal area's statement prefixed with its period: the same statement may recur in two periods."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.period.name}: {obj.statement}"


class _GoalAreaChoice(django_filters.ModelChoiceFilter):
    field_class = _GoalAreaField


VERDICT_CHOICES = [(verdict.key, verdict.label) for verdict in verdicts.Verdict]


class IndicatorFilter(django_filters.FilterSet):
    organ = django_filters.ModelChoiceFilter(
        label=_("Ansvarigt organ"),
        field_name="owner",
        to_field_name="slug",
        queryset=lambda request: owner_bodies(),
        empty_label=_("Alla organ"),
    )
    malomrade = _GoalAreaChoice(
        label=_("Målområde"),
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
    omrade = django_filters.ModelChoiceFilter(
        label=_("Politikområde"),
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
