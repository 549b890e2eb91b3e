"""Administrators create a body's report and its generated blocks here; secretaries write the sections' text in the
staff area (`/redigera/arsberattelser/`), where an adopted report is read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualReport, Block, Section


class BlockInline(admin.TabularInline):
    model = Block
    extra = 0
    exclude = ["frozen"]
    autocomplete_fields = ["indicators"]


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "year", "case_number", "status"]
    list_filter = ["body", "status"]
    readonly_fields = ["status", "adopted_at", "adopted_by", "adopted_meeting"]


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "heading", "report", "position"]
    list_filter = ["report"]
    inlines = [BlockInline]
