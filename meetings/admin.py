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
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Assignment, Body, Document, Meeting, Membership, Party, Person
from .services import members as member_services


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


# --- the elected (issue 15) -----------------------------------------------------------------------------------------
# The same rules as the staff area: each form runs the service's check (errors at their fields), and saving goes
# through the services, which check again under a lock and record the administrator in the history.


def _service_errors(form, error: ValidationError) -> None:
    """A service's refusal on an admin form: at the field when the form has it, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class PartyAdminForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["name", "abbreviation", "position"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = Party(pk=self.instance.pk, **{field: cleaned.get(field) for field in self.Meta.fields})
        try:
            member_services.party_check(candidate)
        except ValidationError as error:
            _service_errors(self, error)
        return cleaned


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    form = PartyAdminForm
    list_display = ["name", "abbreviation", "position"]
    search_fields = ["name", "abbreviation"]

    def save_model(self, request, obj, form, change):
        values = {field: form.cleaned_data[field] for field in PartyAdminForm.Meta.fields}
        if change:
            saved = member_services.party_update(party=obj, user=request.user, **values)
        else:
            saved = member_services.party_create(user=request.user, **values)
        obj.pk = saved.pk


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "party", "public_email", "is_example", "user"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = Person(
            pk=self.instance.pk, **{field: cleaned.get(field) for field in member_services.PERSON_FIELDS}
        )
        try:
            member_services.person_check(candidate)
        except ValidationError as error:
            _service_errors(self, error)
        return cleaned


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    form = PersonAdminForm
    list_display = ["name", "party", "is_example", "user"]
    list_filter = ["party", "is_example"]
    list_select_related = ["party", "user"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        values = {field: form.cleaned_data[field] for field in member_services.PERSON_FIELDS}
        if change:
            saved = member_services.person_update(person=obj, user=request.user, **values)
        else:
            saved = member_services.person_create(user=request.user, **values)
        if saved.user_id != (form.cleaned_data["user"].pk if form.cleaned_data["user"] else None):
            saved = member_services.person_link_user(person=saved, account=form.cleaned_data["user"], user=request.user)
        obj.pk, obj.slug = saved.pk, saved.slug


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person", "body", "role", "party", "start", "end"]
        help_texts = {"party": gettext_lazy("Tomt: personens parti i dag.")}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        original = Membership.objects.get(pk=self.instance.pk) if self.instance.pk else None
        person = cleaned.get("person") or (original.person if original else None)
        body = cleaned.get("body") or (original.body if original else None)
        candidate = Membership(
            pk=self.instance.pk,
            person=person,
            body=body,
            role=cleaned.get("role"),
            party=cleaned.get("party") or (person.party if person else None),
            start=cleaned.get("start"),
            end=cleaned.get("end"),
        )
        try:
            member_services.membership_check(candidate, original=original)
        except ValidationError as error:
            _service_errors(self, error)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    form = MembershipAdminForm
    list_display = ["person", "body", "role", "party", "start", "end"]
    list_filter = ["body", "role", "party"]
    list_select_related = ["person", "body", "party"]
    search_fields = ["person__name", "body__name"]
    autocomplete_fields = ["person", "body"]
    date_hierarchy = "start"

    def get_readonly_fields(self, request, obj=None):
        # A membership does not move to another person or body: end it and add a new one.
        return ["person", "body"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = member_services.membership_update(
                membership=obj,
                user=request.user,
                **{field: data.get(field) for field in member_services.MEMBERSHIP_FIELDS},
            )
        else:
            saved = member_services.membership_create(
                person=data["person"],
                body=data["body"],
                role=data["role"],
                party=data.get("party"),
                start=data["start"],
                end=data.get("end"),
                user=request.user,
            )
        obj.pk = saved.pk
