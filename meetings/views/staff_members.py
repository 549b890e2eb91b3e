"""The staff area for the elected (/redigera/ledamoter/, /redigera/organ/<slug>/ledamoter/): parties, persons, the
memberships of a body, the CSV import of a term's roster, and the history of every change.

Who may do what, checked on the server for every request (GET and POST):
- a body's secretaries (and administrators) manage its memberships and import its roster; a membership of another
  body answers 403;
- secretaries create persons and edit those who sit in one of their bodies or in none yet (a person who sits only
  in other bodies answers 403);
- administrators alone decide the parties and link a person to a staff account.

Forms validate, services (meetings.services.members, meetings.services.member_import) check the rules and store; a
refusal is shown at its field and nothing is stored.
"""

import datetime as dt
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from ..access import (
    body_for_edit,
    editable_bodies,
    editable_persons,
    is_administrator,
    membership_for_edit,
    person_for_edit,
    secretary_required,
)
from ..forms import add_service_errors
from ..forms.members import (
    MemberImportForm,
    MembershipEndForm,
    MembershipForm,
    PartyForm,
    PersonAccountForm,
    PersonForm,
    PersonSearchForm,
)
from ..history import history_entries
from ..models import Body, Membership, Party, Person
from ..services import member_import as importing
from ..services import members as services

IMPORT_SESSION_KEY = "member_import"
PERSONS_PER_PAGE = 50
_ROLE_ORDER = {role: index for index, role in enumerate(Membership.Role.values)}


# --- access ------------------------------------------------------------------------------------------------------


def _administrator_required(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied


# --- helpers -----------------------------------------------------------------------------------------------------


def _sort_key(membership: Membership):
    party = membership.party
    return (
        _ROLE_ORDER.get(membership.role, 99),
        party.position if party else 9999,
        party.name if party else "",
        membership.person.name,
        membership.pk,
    )


def _roster_groups(memberships: list[Membership], today: dt.date) -> dict[str, list[Membership]]:
    groups = {"current": [], "coming": [], "ended": []}
    for membership in sorted(memberships, key=_sort_key):
        if membership.start > today:
            groups["coming"].append(membership)
        elif membership.end is not None and membership.end < today:
            groups["ended"].append(membership)
        else:
            groups["current"].append(membership)
    groups["ended"].sort(key=lambda m: (m.end, m.person.name), reverse=True)
    return groups


def _membership_labels(records_by_model) -> dict:
    """History labels naming the person and body of each membership, read in two queries for the whole page."""
    person_ids, body_ids = set(), set()
    for queryset in records_by_model:
        for person_id, body_id in queryset.values_list("person_id", "body_id"):
            person_ids.add(person_id)
            body_ids.add(body_id)
    persons = Person.objects.in_bulk(person_ids)
    bodies = Body.objects.in_bulk(body_ids)

    def membership(record) -> str:
        person = persons.get(record.person_id)
        body = bodies.get(record.body_id)
        return _("Uppdrag för %(person)s i %(body)s") % {
            "person": person.name if person else _("nr %(pk)s (borttagen)") % {"pk": record.person_id},
            "body": body.name if body else "–",
        }

    return {
        Membership: membership,
        Person: lambda record: _("Personen %(name)s") % {"name": record.name},
        Party: lambda record: _("Partiet %(abbreviation)s") % {"abbreviation": record.abbreviation},
    }


def _has_examples(memberships) -> bool:
    return any(membership.person.is_example for membership in memberships)


# --- overview ----------------------------------------------------------------------------------------------------


@require_safe
@secretary_required
def members(request):
    today = timezone.localdate()
    in_force = Q(memberships__start__lte=today) & (Q(memberships__end__isnull=True) | Q(memberships__end__gte=today))
    bodies = (
        editable_bodies(request.user)
        .annotate(
            ledamot_count=Count(
                "memberships", filter=in_force & Q(memberships__role__in=Membership.LEDAMOT_ROLES), distinct=True
            ),
            substitute_count=Count(
                "memberships", filter=in_force & Q(memberships__role=Membership.Role.SUBSTITUTE), distinct=True
            ),
        )
        .order_by("position", "name")
    )
    return render(
        request,
        "staff/members/index.html",
        {"bodies": bodies, "is_administrator": is_administrator(request.user), "today": today},
    )


# --- persons -----------------------------------------------------------------------------------------------------


@require_safe
@secretary_required
def person_list(request):
    form = PersonSearchForm(request.GET or None)
    persons = editable_persons(request.user).select_related("party").order_by("name", "pk")
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    if query:
        persons = persons.filter(name__icontains=query)
    page = Paginator(persons, PERSONS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(request, "staff/members/person_list.html", {"form": form, "page": page, "query": query})


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def person_create(request):
    form = PersonForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            person = services.person_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s är tillagd. Lägg till personens uppdrag under organets ledamöter.") % {"name": person.name},
            )
            return redirect("staff:person_edit", pk=person.pk)
    return render(request, "staff/members/person_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def person_edit(request, pk: int):
    person = person_for_edit(request.user, pk)
    initial = {field: getattr(person, field) for field in services.PERSON_FIELDS}
    form = PersonForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            person = services.person_update(person=person, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uppgifterna om %(name)s är sparade.") % {"name": person.name})
            return redirect("staff:person_edit", pk=person.pk)
    mine = set(editable_bodies(request.user).values_list("pk", flat=True))
    memberships = list(
        person.memberships.select_related("body", "party").order_by("-start", "body__position", "body__name")
    )
    for membership in memberships:
        membership.editable = membership.body_id in mine
    return render(
        request,
        "staff/members/person_form.html",
        {
            "form": form,
            "person": person,
            "memberships": memberships,
            "is_administrator": is_administrator(request.user),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def person_account(request, pk: int):
    _administrator_required(request.user)
    person = person_for_edit(request.user, pk)
    form = PersonAccountForm(request.POST if request.method == "POST" else None, initial={"user": person.user_id})
    if form.is_bound and form.is_valid():
        account = form.cleaned_data["user"]
        try:
            services.person_link_user(person=person, account=account, user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if account is None:
                message = _("%(name)s är inte längre kopplad till något konto.") % {"name": person.name}
            else:
                message = _("%(name)s är kopplad till kontot %(account)s.") % {
                    "name": person.name,
                    "account": account.get_username(),
                }
            messages.success(request, message)
            return redirect("staff:person_edit", pk=person.pk)
    return render(request, "staff/members/person_account.html", {"form": form, "person": person})


@require_safe
@secretary_required
def person_history(request, pk: int):
    person = person_for_edit(request.user, pk)
    memberships = Membership.history.filter(person_id=person.pk)
    entries = history_entries(
        Person.history.filter(id=person.pk), memberships, labels=_membership_labels([memberships])
    )
    return render(
        request,
        "staff/members/history.html",
        {
            "entries": entries,
            "heading": _("Historik för %(name)s") % {"name": person.name},
            "lead": _("Alla ändringar av personen och personens uppdrag: vem, när och vad. Nyast först."),
            "back_url": person_url(person),
            "back_label": person.name,
        },
    )


def person_url(person: Person) -> str:
    return reverse("staff:person_edit", kwargs={"pk": person.pk})


# --- a body's roster ---------------------------------------------------------------------------------------------


@require_safe
@secretary_required
def roster(request, slug: str):
    body = body_for_edit(request.user, slug)
    today = timezone.localdate()
    memberships = list(body.memberships.select_related("person", "party"))
    groups = _roster_groups(memberships, today)
    current = groups["current"]
    sections = [
        {
            "key": "ledamoter",
            "title": _("Ledamöter i dag"),
            "rows": [m for m in current if m.is_ledamot],
        },
        {
            "key": "ersattare",
            "title": _("Ersättare i dag"),
            "rows": [m for m in current if not m.is_ledamot],
        },
        {"key": "kommande", "title": _("Kommande uppdrag"), "rows": groups["coming"]},
        {"key": "avslutade", "title": _("Avslutade uppdrag"), "rows": groups["ended"]},
    ]
    return render(
        request,
        "staff/members/roster.html",
        {
            "body": body,
            "sections": sections,
            "today": today,
            "has_examples": _has_examples(memberships),
            "count": len(memberships),
        },
    )


@require_safe
@secretary_required
def roster_history(request, slug: str):
    body = body_for_edit(request.user, slug)
    memberships = Membership.history.filter(body_id=body.pk)
    entries = history_entries(memberships, labels=_membership_labels([memberships]))
    return render(
        request,
        "staff/members/history.html",
        {
            "entries": entries,
            "body": body,
            "heading": _("Historik för ledamöterna i %(name)s") % {"name": body.name},
            "lead": _("Alla ändringar av organets uppdrag: vem, när och vad. Nyast först."),
            "back_url": reverse("staff:roster", kwargs={"slug": body.slug}),
            "back_label": _("Ledamöter i %(name)s") % {"name": body.name},
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def membership_create(request, slug: str):
    body = body_for_edit(request.user, slug)
    form = MembershipForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"]
                if person is None:
                    try:
                        person = services.person_create(
                            name=data["new_person_name"], party=data["party"], user=request.user
                        )
                    except ValidationError as exc:
                        # The person's name is this form's "new person" field.
                        raise ValidationError(
                            {
                                "new_person_name" if key == "name" else key: value
                                for key, value in exc.error_dict.items()
                            }
                        ) from exc
                membership = services.membership_create(
                    person=person,
                    body=body,
                    role=data["role"],
                    party=data["party"],
                    start=data["start"],
                    end=data["end"],
                    user=request.user,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s är %(role)s i %(body)s från och med %(start)s.")
                % {
                    "name": membership.person.name,
                    "role": membership.get_role_display().lower(),
                    "body": body.name,
                    "start": services.day_text(membership.start),
                },
            )
            return redirect("staff:roster", slug=body.slug)
    return render(request, "staff/members/membership_form.html", {"form": form, "body": body, "membership": None})


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def membership_edit(request, pk: int):
    membership = membership_for_edit(request.user, pk)
    initial = {"role": membership.role, "party": membership.party_id, "start": membership.start, "end": membership.end}
    form = MembershipForm(request.POST if request.method == "POST" else None, initial=initial, membership=membership)
    if form.is_bound and form.is_valid():
        try:
            membership = services.membership_update(
                membership=membership,
                user=request.user,
                **{field: form.cleaned_data[field] for field in services.MEMBERSHIP_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uppdraget för %(name)s är sparat.") % {"name": membership.person.name})
            return redirect("staff:roster", slug=membership.body.slug)
    return render(
        request,
        "staff/members/membership_form.html",
        {"form": form, "body": membership.body, "membership": membership},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def membership_end(request, pk: int):
    membership = membership_for_edit(request.user, pk)
    form = MembershipEndForm(
        request.POST if request.method == "POST" else None, initial={"end": membership.end or timezone.localdate()}
    )
    if form.is_bound and form.is_valid():
        try:
            membership = services.membership_end(membership=membership, end=form.cleaned_data["end"], user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Uppdraget för %(name)s gäller till och med %(end)s.")
                % {"name": membership.person.name, "end": services.day_text(membership.end)},
            )
            return redirect("staff:roster", slug=membership.body.slug)
    return render(request, "staff/members/membership_end.html", {"form": form, "membership": membership})


# --- import ------------------------------------------------------------------------------------------------------


def _preview_context(body: Body, plan: importing.ImportPlan, filename: str, token: str, term) -> dict:
    matched = Person.objects.in_bulk(plan.matched_persons)
    rows = [
        {
            "line": row.line,
            "name": row.name,
            "party": plan.parties[row.party_id].abbreviation,
            "role": row.role_label,
            "start": row.start_date,
            "end": row.end_date,
            "person_is_new": row.person_id is None,
            "existing": row.existing,
        }
        for row in plan.rows
    ]
    return {
        "body": body,
        "filename": filename,
        "token": token,
        "term_start": term[0],
        "term_end": term[1],
        "rows": rows,
        "new_persons": [(name, plan.parties[party_id].abbreviation) for name, party_id in plan.new_persons],
        "matched_persons": [matched[pk] for pk in plan.matched_persons if pk in matched],
        "new_count": len(plan.new_memberships),
        "existing_count": len(plan.existing_memberships),
        "warnings": plan.warnings,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def member_import(request, slug: str):
    """Upload a CSV file → a preview (kept in the session under a one-time token) → confirm or cancel.

    Confirming reads the same text again and applies it only if it still does exactly what the preview showed."""
    body = body_for_edit(request.user, slug)
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("confirm", "cancel"):
        pending = request.session.get(IMPORT_SESSION_KEY)
        expected = str(pending.get("token", "")).encode() if pending else b""
        posted = request.POST.get("token", "").encode()
        if not pending or pending.get("body") != body.pk or not secrets.compare_digest(expected, posted):
            messages.error(request, _("Förhandsgranskningen finns inte längre. Läs in filen igen."))
            return redirect("staff:member_import", slug=body.slug)
        del request.session[IMPORT_SESSION_KEY]
        if action == "cancel":
            messages.info(request, _("Importen avbröts. Ingenting ändrades."))
            return redirect("staff:member_import", slug=body.slug)
        try:
            result = importing.member_import_apply(
                body=body,
                term_start=dt.date.fromisoformat(pending["term_start"]),
                term_end=dt.date.fromisoformat(pending["term_end"]),
                text=pending["text"],
                digest=pending["digest"],
                user=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("staff:member_import", slug=body.slug)
        messages.success(
            request,
            ngettext(
                "”%(file)s” är inläst: %(count)d uppdrag lades till",
                "”%(file)s” är inläst: %(count)d uppdrag lades till",
                result.memberships_created,
            )
            % {"file": pending["filename"], "count": result.memberships_created}
            + ngettext(", %(count)d ny person.", ", %(count)d nya personer.", result.persons_created)
            % {"count": result.persons_created},
        )
        return redirect("staff:roster", slug=body.slug)

    posted = request.method == "POST"
    form = MemberImportForm(request.POST if posted else None, request.FILES if posted else None)
    errors: list[str] = []
    filename = ""
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = upload.name
        term = (form.cleaned_data["term_start"], form.cleaned_data["term_end"])
        try:
            text = importing.member_import_read(upload.read())
            plan = importing.member_import_preview(body=body, term_start=term[0], term_end=term[1], text=text)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            errors = plan.errors
            if not errors:
                token = secrets.token_urlsafe(16)
                request.session[IMPORT_SESSION_KEY] = {
                    "token": token,
                    "body": body.pk,
                    "filename": filename,
                    "term_start": term[0].isoformat(),
                    "term_end": term[1].isoformat(),
                    "text": text,
                    "digest": plan.digest,
                }
                return render(
                    request,
                    "staff/members/import_preview.html",
                    _preview_context(body, plan, filename, token, term),
                )
    return render(
        request,
        "staff/members/import.html",
        {"form": form, "body": body, "errors": errors, "filename": filename},
    )


# --- parties (administrators) ------------------------------------------------------------------------------------


@require_safe
@secretary_required
def party_list(request):
    _administrator_required(request.user)
    parties = Party.objects.annotate(person_count=Count("persons", distinct=True)).order_by("position", "name")
    return render(request, "staff/members/party_list.html", {"parties": parties})


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def party_create(request):
    _administrator_required(request.user)
    form = PartyForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            party = services.party_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s är tillagt.") % {"name": party.name})
            return redirect("staff:party_list")
    return render(request, "staff/members/party_form.html", {"form": form, "party": None})


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def party_edit(request, pk: int):
    _administrator_required(request.user)
    party = get_object_or_404(Party, pk=pk)
    initial = {field: getattr(party, field) for field in services.PARTY_FIELDS}
    form = PartyForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            party = services.party_update(party=party, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s är sparat.") % {"name": party.name})
            return redirect("staff:party_list")
    return render(request, "staff/members/party_form.html", {"form": form, "party": party})


@require_safe
@secretary_required
def party_history(request):
    _administrator_required(request.user)
    entries = history_entries(Party.history.all(), labels=_membership_labels([]))
    return render(
        request,
        "staff/members/history.html",
        {
            "entries": entries,
            "heading": _("Historik för partierna"),
            "lead": _("Alla ändringar av partierna: vem, när och vad. Nyast först."),
            "back_url": reverse("staff:party_list"),
            "back_label": _("Partier"),
        },
    )
