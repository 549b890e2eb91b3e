"""The Django admin, for administrators: reference data and repairs.

What makes something public — an agenda's publication, an item's "offentligt", a document's "publicerad" and its
file — is read-only here: it goes through the services of the staff area, which check every document for personal
data before citizens can see it (meetings/services/meetings.py). The admin must not be a way around that check.
"""

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
    readonly_fields = ["is_public"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "start", "status", "agenda_published_at"]
    list_filter = ["body", "status"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline]
    list_select_related = ["body"]
    readonly_fields = ["agenda_published_at"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "meeting", "agenda_item", "size", "pages", "is_published"]
    list_filter = ["kind", "is_published"]
    readonly_fields = ["file", "is_published", "size", "pages", "sha256", "content_type"]

    def has_add_permission(self, request) -> bool:
        return False  # documents are uploaded in the staff area, where every upload is checked

    raw_id_fields = ["meeting", "agenda_item"]
