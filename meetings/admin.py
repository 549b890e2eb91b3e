"""The Django admin, for administrators: reference data, who has which role, and repairs.

What makes something public — an agenda's publication, an item's "offentligt", a document's "publicerad" and its
file — is read-only here: it goes through the services of the staff area, which check every document for personal
data before citizens can see it (meetings/services/meetings.py). The admin must not be a way around that check.

Roles (`Assignment`) are given here, on a page of their own and on the person's page: the auth User admin is
re-registered with the assignments as an inline, keeping everything of Django's UserAdmin.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AgendaItem, Assignment, Body, Document, Meeting


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


# --- roles -------------------------------------------------------------------------------------------------------

ROLE_HELP = gettext_lazy(
    "Nämndsekreterare redigerar organets sammanträden, föredragningslistor, protokoll och årsberättelser och följer "
    "upp åtaganden. Controller och analytiker redigerar indikatorerna som organet äger. Vem som matar in budget och "
    "utfall anges per enhet under Ekonomi › Enheter (och på personens sida), inte med en roll här."
)


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def duplicate_message(user, body: Body, role: str) -> str:
    """Names the person, the role and the body, unlike the constraint's own message, so the administrator sees
    which row of a long inline is the repeat."""
    return _("%(person)s är redan %(role)s för %(body)s.") % {
        "person": _person(user),
        "role": Assignment.Role(role).label.lower(),
        "body": body.name,
    }


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["user", "body", "role"]
        help_texts = {"role": ROLE_HELP}

    def clean(self):
        cleaned = super().clean()
        user, body, role = cleaned.get("user"), cleaned.get("body"), cleaned.get("role")
        if user is None or user.pk is None or body is None or not role:
            return cleaned  # a new person on the user add page has no roles yet to repeat
        repeated = Assignment.objects.filter(user=user, body=body, role=role).exclude(pk=self.instance.pk)
        if repeated.exists():
            # On the field, so the database constraint's generic message is not added as well.
            self.add_error("role", duplicate_message(user, body, role))
        return cleaned


class AssignmentFormSet(BaseInlineFormSet):
    def clean(self):
        """The same role twice among the rows of one person's page (two new rows, say), named like a saved one."""
        seen = set()
        for form in self.forms:
            if not form.is_valid() or self._should_delete_form(form) or not form.cleaned_data:
                continue
            key = (form.cleaned_data["body"], form.cleaned_data["role"])
            if key in seen:
                form.add_error("role", duplicate_message(self.instance, *key))
            seen.add(key)
        super().clean()


class AssignmentInline(admin.TabularInline):
    model = Assignment
    form = AssignmentForm
    formset = AssignmentFormSet
    extra = 0
    autocomplete_fields = ["body"]
    verbose_name = gettext_lazy("uppdrag för ett organ")
    verbose_name_plural = gettext_lazy("Uppdrag (roller per organ)")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    form = AssignmentForm
    list_display = ["person", "body", "role"]
    list_filter = ["role", "body"]
    list_select_related = ["user", "body"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "body__name"]
    autocomplete_fields = ["user", "body"]
    ordering = ["user__last_name", "user__first_name", "body__name", "role"]

    @admin.display(description=gettext_lazy("person"), ordering="user__last_name")
    def person(self, assignment: Assignment) -> str:
        return f"{_person(assignment.user)} ({assignment.user.get_username()})"


User = get_user_model()


class PortalUserAdmin(DjangoUserAdmin):
    """Django's UserAdmin (password forms, permissions, search) with the person's roles on the same page.

    An app that assigns something else per person subclasses this and registers its subclass (budget/admin.py adds
    the units a controller enters figures for); meetings imports none of them.
    """

    inlines = [AssignmentInline]
    list_display = [*DjangoUserAdmin.list_display, "is_superuser"]
    list_filter = [*DjangoUserAdmin.list_filter, "assignments__role"]


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
