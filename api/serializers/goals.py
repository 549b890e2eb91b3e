"""Goal areas with their means, indicators with their values (per year and gender), and the platform's commitments
with their current status and dated updates (which link the decisions — agenda items — they rest on).

Every serializer reads the public projection of `goals/public.py` (through `ProjectedSerializer`): each text staff
wrote — a vision, a goal statement, the means, an indicator's description and notes, a commitment and its updates'
comments — comes out masked. The linked decisions are `PublicAgendaItem`s: on published agendas only.
"""

from functools import cached_property

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from goals.models import Commitment, CommitmentStatus, CommitmentUpdate, GoalArea, Indicator, IndicatorValue
from goals.public import (
    PublicCommitment,
    PublicCommitmentUpdate,
    PublicGoalArea,
    PublicIndicator,
    PublicIndicatorValue,
)

from .common import LinkField, LinkListField, ProjectedSerializer, web_url

VALUE = {"max_digits": 14, "decimal_places": 3, "coerce_to_string": True, "read_only": True}


class ApiGoalArea(PublicGoalArea):
    """The public goal area with the indicators that follow it up, which the API links (ids only, no text)."""

    @cached_property
    def indicators(self) -> list[PublicIndicator]:
        return [PublicIndicator(indicator) for indicator in self._obj.indicators.all()]  # prefetched by the viewset


class ApiIndicator(PublicIndicator):
    """The public indicator with the goal areas it follows up, which the API links (ids only, no text)."""

    @cached_property
    def goal_areas(self) -> list[PublicGoalArea]:
        return [PublicGoalArea(area) for area in self._obj.goal_areas.all()]  # prefetched by the viewset


class GoalAreaSerializer(ProjectedSerializer):
    projection = ApiGoalArea
    url = LinkField("goalarea", source="pk")
    period = serializers.CharField(source="period.name", read_only=True)
    period_start_year = serializers.IntegerField(source="period.start_year", read_only=True)
    period_end_year = serializers.IntegerField(source="period.end_year", read_only=True, allow_null=True)
    vision = serializers.CharField(source="period.vision", read_only=True)
    strategic_area = serializers.CharField(source="strategic_area.name", read_only=True, allow_null=True, default=None)
    means = serializers.SerializerMethodField(help_text="Medlen: ”Detta ska ske genom …”.")
    indicators = LinkListField("indicator")
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = GoalArea
        fields = [
            "id",
            "url",
            "period",
            "period_start_year",
            "period_end_year",
            "vision",
            "strategic_area",
            "number",
            "statement",
            "slug",
            "means_intro",
            "means",
            "indicators",
            "web_url",
        ]

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_means(self, area: PublicGoalArea) -> list[str]:
        return [means.text for means in area.means]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, area: PublicGoalArea) -> str:
        return web_url(self.context.get("request"), reverse("goals:goal_area", kwargs={"slug": area.slug}))


class IndicatorValueSerializer(ProjectedSerializer):
    projection = PublicIndicatorValue
    value = serializers.DecimalField(allow_null=True, **VALUE)

    class Meta:
        model = IndicatorValue
        fields = ["year", "gender", "value", "note", "not_comparable"]


class IndicatorSerializer(ProjectedSerializer):
    projection = ApiIndicator
    url = LinkField("indicator", source="pk")
    owner = LinkField("body", source="owner_id")
    owner_slug = serializers.CharField(source="owner.slug", read_only=True)
    target_value = serializers.DecimalField(allow_null=True, **VALUE)
    goal_areas = LinkListField("goalarea")
    footnotes = serializers.SerializerMethodField(help_text="Fotnoterna, en per rad.")
    values = IndicatorValueSerializer(many=True, read_only=True)
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "description",
            "unit",
            "direction",
            "target_value",
            "owner",
            "owner_slug",
            "goal_areas",
            "kolada_kpi",
            "kolada_municipality",
            "footnotes",
            "values",
            "web_url",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_footnotes(self, indicator: PublicIndicator) -> str:
        return "\n".join(indicator.footnotes_list)

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, indicator: PublicIndicator) -> str:
        return web_url(self.context.get("request"), reverse("goals:indicator", kwargs={"slug": indicator.slug}))


class CommitmentUpdateSerializer(ProjectedSerializer):
    projection = PublicCommitmentUpdate
    agenda_item_ids = serializers.SerializerMethodField(help_text="Besluten (ärendena) som lägesrapporten bygger på.")
    agenda_items = LinkListField("agendaitem")

    class Meta:
        model = CommitmentUpdate
        fields = ["date", "status", "comment", "agenda_item_ids", "agenda_items"]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_agenda_item_ids(self, update: PublicCommitmentUpdate) -> list[int]:
        return [item.pk for item in update.agenda_items]


class CommitmentSerializer(ProjectedSerializer):
    projection = PublicCommitment
    url = LinkField("commitment", source="pk")
    platform = serializers.CharField(source="area.platform.name", read_only=True)
    policy_area = serializers.CharField(source="area.name", read_only=True)
    status = serializers.ChoiceField(
        choices=CommitmentStatus.choices, source="current_status", read_only=True, help_text="Status just nu."
    )
    status_changed_on = serializers.DateField(read_only=True, allow_null=True)
    updates = CommitmentUpdateSerializer(many=True, read_only=True)
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = ["id", "url", "platform", "policy_area", "text", "status", "status_changed_on", "updates", "web_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, commitment: PublicCommitment) -> str:
        return web_url(self.context.get("request"), reverse("goals:commitment", kwargs={"pk": commitment.pk}))
