"""Administrators maintain the reference data here: units, their controllers and the responsibility codes.
A person's units are also on the person's page, next to their roles per body (meetings/admin.py).

Figures are not edited here: the grid and the import record every change in the audit trail, the admin would not.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin import PortalUserAdmin

from .models import AccountGroup, FigureChange, FigurePublication, FiscalYear, ResponsibilityCode, Unit, UnitController
from .services.codes import code_problems, name_problems


class UnitControllerInline(admin.TabularInline):
    model = UnitController
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    inlines = [UnitControllerInline]


class ResponsibilityCodeAdminForm(forms.ModelForm):
    """The chart of ansvar's rules (`budget.services.codes`) hold in the admin too."""

    class Meta:
        model = ResponsibilityCode
        fields = ["code", "name", "unit", "is_placeholder", "retired_from"]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if problems := code_problems(code):
            raise forms.ValidationError(problems)
        return code

    def clean_name(self):
        name = self.cleaned_data["name"]
        if problems := name_problems(name):
            raise forms.ValidationError(problems)
        return name


@admin.register(ResponsibilityCode)
class ResponsibilityCodeAdmin(SimpleHistoryAdmin):
    """Controllers manage their units' ansvar at /redigera/ekonomi/ansvar/; an existing code never changes (lines,
    files, audit rows and URLs carry it)."""

    form = ResponsibilityCodeAdminForm
    list_display = ["code", "name", "unit", "is_placeholder", "retired_from"]
    list_filter = ["unit"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []


@admin.register(AccountGroup)
class AccountGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    """Read-only: years are opened and closed in the staff area, where closing asks for a confirmation."""

    list_display = ["year", "status", "closed_at", "closed_by"]

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record written by a workflow (publishing, the grid, the import), never by hand: the admin only shows it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FigurePublication)
class FigurePublicationAdmin(ReadOnlyAdmin):
    """Read-only: figures are published from the staff area, where the page shows what becomes public."""

    list_display = ["year", "kind", "published_at", "published_by", "line_count", "note"]
    list_filter = ["kind", "year"]
    list_select_related = ["published_by"]


@admin.register(FigureChange)
class FigureChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "year", "code", "group", "field", "old_value", "new_value", "changed_by", "source"]
    list_filter = ["source", "field", "year"]
    list_select_related = ["code", "group", "changed_by"]


class UnitControllerUserInline(admin.TabularInline):
    model = UnitController
    extra = 0
    autocomplete_fields = ["unit"]
    verbose_name = gettext_lazy("enhet som personen är controller för")
    verbose_name_plural = gettext_lazy("Ekonomi: enheter som personen är controller för (budget och utfall)")


class UserAdmin(PortalUserAdmin):
    """The person's page with their budget units as well; importing meetings.admin first makes this registration
    the last, whatever order the admin modules are loaded in."""

    inlines = [*PortalUserAdmin.inlines, UnitControllerUserInline]


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
