from django.contrib import admin

from .models import AgendaItem, Body, Document, Meeting


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "meetings_public"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "start", "status", "agenda_published_at"]
    list_filter = ["body", "status"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline]
    list_select_related = ["body"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "meeting", "agenda_item", "size", "pages", "is_published"]
    list_filter = ["kind", "is_published"]
    readonly_fields = ["size", "pages", "sha256", "content_type"]
    raw_id_fields = ["meeting", "agenda_item"]
