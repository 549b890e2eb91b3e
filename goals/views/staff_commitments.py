"""The secretaries' pages on the platform's commitments (/redigera/mal/plattform/): the list with each commitment's
current status, and adding or changing a status update linked to the decisions it rests on.

Every view is behind `commitment_editor_required` and gets its object through `goals.access`. The agenda items the
form searches, shows as chosen and accepts come from one set, `goals.access.linkable_agenda_items`: an id in the
query string or the post outside it (another body's secret item, an agenda not yet published) shows nothing and
is refused without its title. The form validates its fields; the services in `goals.services.commitments` check
the rest and save, recording history.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from meetings.forms import add_service_errors

from ..access import (
    commitment_editor_required,
    commitment_for_edit,
    commitment_update_for_edit,
    linkable_agenda_items,
)
from ..forms_commitments import CommitmentFilter, CommitmentUpdateForm, chosen_ids
from ..models import Commitment, CommitmentUpdate
from ..services.commitments import agenda_items_search, commitment_update_change, commitment_update_create

SEARCH_PARAM = "sok"
FORM_FIELDS = ("date", "status", "comment")


@require_safe
@commitment_editor_required
def commitment_list(request):
    """Every commitment per policy area with its current status, the date of its latest update, and its updates.

    A fixed number of queries however many commitments: the commitments with their status (subqueries), their
    updates (one prefetch) and the areas for the filter.
    """
    commitments = (
        Commitment.objects.with_status()
        .select_related("area__platform")
        .prefetch_related(Prefetch("updates", queryset=CommitmentUpdate.objects.order_by("-date", "-pk")))
        .order_by("area__platform__start_year", "area__position", "area__pk", "position", "pk")
    )
    commitment_filter = CommitmentFilter(request.GET or None, queryset=commitments)
    rows = list(commitment_filter.qs)
    return render(
        request,
        "goals/staff/commitment_list.html",
        {"filter": commitment_filter, "commitments": rows, "filtered": bool(request.GET)},
    )


def _without_csrf_token(request) -> HttpResponseRedirect | None:
    """The search submits the whole form by GET, CSRF token included; keep it out of the address bar and logs."""
    if "csrfmiddlewaretoken" not in request.GET:
        return None
    query = request.GET.copy()
    del query["csrfmiddlewaretoken"]
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")


def _form_and_search(request, *, initial: dict) -> tuple[CommitmentUpdateForm, dict]:
    """The form as posted or as carried by a search (GET), with the chosen and the found agenda items as checkboxes."""
    source = request.POST if request.method == "POST" else request.GET
    search = source.get(SEARCH_PARAM, "").strip()
    if request.method == "GET" and SEARCH_PARAM in request.GET:
        # A search step: show what was typed, unvalidated (errors come when saving).
        initial = {name: request.GET.get(name, "") for name in FORM_FIELDS}
        initial["agenda_items"] = chosen_ids(request.GET.getlist("agenda_items"))
    chosen = (
        chosen_ids(request.POST.getlist("agenda_items"))
        if request.method == "POST"
        else [int(pk) for pk in initial.get("agenda_items", [])]
    )
    linkable = linkable_agenda_items(request.user)
    found = agenda_items_search(user=request.user, query=search) if search else []
    # Only chosen ids the user may link are shown; any other is dropped here and, if posted, refused by the form.
    chosen_items = {item.pk: item for item in linkable.filter(pk__in=chosen).select_related("meeting__body")}
    choices = [chosen_items[pk] for pk in chosen if pk in chosen_items]
    choices += [item for item in found if item.pk not in chosen_items]
    form = CommitmentUpdateForm(
        request.POST if request.method == "POST" else None, initial=initial, linkable=linkable, choices=choices
    )
    return form, {"search": search, "searched": bool(search), "found": found}


def _saved(request, commitment: Commitment, message: str):
    messages.success(request, message)
    return redirect(reverse("goals_staff:commitments") + f"#atagande-{commitment.pk}")


@require_http_methods(["GET", "HEAD", "POST"])
@commitment_editor_required
def update_add(request, pk):
    commitment = commitment_for_edit(request.user, pk)
    if cleaned_redirect := _without_csrf_token(request):
        return cleaned_redirect
    # The status it has now is the likeliest starting point; the date defaults to today (in the form).
    form, search = _form_and_search(request, initial={"status": commitment.current_status})
    if request.method == "POST" and form.is_valid():
        try:
            commitment_update_create(commitment=commitment, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, commitment, _("Lägesrapporten är sparad."))
    return render(
        request,
        "goals/staff/commitment_update_form.html",
        {"commitment": commitment, "update": None, "form": form, **search},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@commitment_editor_required
def update_edit(request, pk):
    update = commitment_update_for_edit(request.user, pk)
    commitment = update.commitment
    if cleaned_redirect := _without_csrf_token(request):
        return cleaned_redirect
    stored = {
        "date": update.date,
        "status": update.status,
        "comment": update.comment,
        "agenda_items": list(update.agenda_items.order_by("meeting__start", "position").values_list("pk", flat=True)),
    }
    form, search = _form_and_search(request, initial=stored)
    if request.method == "POST" and form.is_valid():
        try:
            changed = commitment_update_change(update=update, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("Lägesrapporten är ändrad.") if changed else _("Inget ändrades: värdena var redan desamma.")
            return _saved(request, commitment, message)
    return render(
        request,
        "goals/staff/commitment_update_form.html",
        {"commitment": commitment, "update": update, "form": form, "unlinked": _unlinked(request, update), **search},
    )


def _unlinked(request, update: CommitmentUpdate) -> str:
    """Linked decisions that may no longer be linked (made secret since) are not shown, and saving unlinks them:
    say so, counting them, naming none."""
    count = update.agenda_items.exclude(pk__in=linkable_agenda_items(request.user)).count()
    if not count:
        return ""
    return ngettext(
        "%(count)d av de kopplade besluten är inte längre offentligt och visas inte här. Det kopplas bort när du "
        "sparar.",
        "%(count)d av de kopplade besluten är inte längre offentliga och visas inte här. De kopplas bort när du "
        "sparar.",
        count,
    ) % {"count": count}
