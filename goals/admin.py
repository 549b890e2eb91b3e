"""Administrators maintain the goal structure and the platform here; indicator values and commitment status
updates are edited in the staff area, where each change is checked and recorded with who made it."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Commitment,
    GoalArea,
    GoalPeriod,
    Indicator,
    Means,
    Platform,
    PolicyArea,
    StrategicArea,
)


class StrategicAreaInline(admin.TabularInline):
    model = StrategicArea
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GoalPeriod)
class GoalPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "vision"]
    inlines = [StrategicAreaInline]


class MeansInline(admin.TabularInline):
    model = Means
    extra = 0


@admin.register(GoalArea)
class GoalAreaAdmin(admin.ModelAdmin):
    list_display = ["statement", "number", "strategic_area", "period"]
    list_filter = ["period", "strategic_area"]
    prepopulated_fields = {"slug": ["statement"]}
    inlines = [MeansInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "direction", "target_value", "owner", "kolada_kpi"]
    list_filter = ["owner", "unit", "direction"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["goal_areas"]
    search_fields = ["name", "kolada_kpi"]


class PolicyAreaInline(admin.TabularInline):
    model = PolicyArea
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "parties", "start_year", "end_year"]
    inlines = [PolicyAreaInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["text", "area"]
    list_filter = ["area__platform", "area"]
    search_fields = ["text"]
