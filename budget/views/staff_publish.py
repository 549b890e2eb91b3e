"""Publishing a year's figures (/redigera/ekonomi/<år>/publicera/): the page shows what will become public — the
number of lines and each unit's totals next to what the public sees now — and a POST from it publishes them.

Who may: those who may close the year (`budget.services.publishing`); anyone else gets 403. A closed year's page
says that its final figures were published when the bokslut was fastställt, and a POST to it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from meetings.forms import add_service_errors

from .. import selectors
from ..access import controller_required
from ..forms import PublishForm
from ..models import FiscalYear
from ..services.publishing import (
    closed_year_publish_message,
    draft_fingerprint,
    figures_may_publish,
    figures_publish,
    figures_publish_refusals,
    publication_states,
)


@dataclass(frozen=True)
class Comparison:
    """One unit's totals in the draft and in the public copy (kronor; None where it has no lines)."""

    name: str
    level: int
    draft_outcome: Decimal | None
    public_outcome: Decimal | None
    draft_budget: Decimal | None
    public_budget: Decimal | None

    @property
    def changed(self) -> bool:
        return (self.draft_outcome, self.draft_budget) != (self.public_outcome, self.public_budget)


def _comparisons(year: int) -> list[Comparison]:
    """Every unit with lines in the draft or the public copy, in the tree's order. Two GROUP BY queries for each of
    the two, and the units, whatever the number of lines."""
    draft = {row.key: row for row in selectors.unit_rows(year, draft=True)}
    public = {row.key: row for row in selectors.unit_rows(year)}
    comparisons = []
    for unit in selectors.unit_tree():
        mine, theirs = draft.get(unit.slug), public.get(unit.slug)
        if mine is None and theirs is None:
            continue
        comparisons.append(
            Comparison(
                name=unit.name,
                level=2 if unit.parent_id else 1,
                draft_outcome=mine.outcome if mine else None,
                public_outcome=theirs.outcome if theirs else None,
                draft_budget=mine.budget if mine else None,
                public_budget=theirs.budget if theirs else None,
            )
        )
    return comparisons


@require_http_methods(["GET", "HEAD", "POST"])
@controller_required
def publish(request, year):
    fiscal_year = get_object_or_404(FiscalYear, pk=year)
    if fiscal_year.is_closed:
        if request.method == "POST":
            messages.error(request, closed_year_publish_message(fiscal_year.year))
            return redirect("budget_staff:index")
        state = publication_states([fiscal_year.year])[fiscal_year.year]
        return render(request, "budget/staff/publish.html", {"year": fiscal_year, "state": state})
    if not figures_may_publish(request.user, fiscal_year):
        raise PermissionDenied

    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            publication = figures_publish(
                year=fiscal_year,
                user=request.user,
                note=form.cleaned_data["note"],
                fingerprint=form.cleaned_data["fingerprint"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Siffrorna för %(year)s är publicerade: %(count)s rad visas nu för allmänheten.",
                    "Siffrorna för %(year)s är publicerade: %(count)s rader visas nu för allmänheten.",
                    publication.line_count,
                )
                % {"year": fiscal_year.year, "count": publication.line_count},
            )
            return redirect("budget_staff:index")

    # The page carries the fingerprint of the draft it shows now: confirming publishes exactly this (a form shown
    # again after an error gets the current one, with the figures it then shows).
    fingerprint = draft_fingerprint(fiscal_year.year)
    if form.is_bound:
        form.data = form.data.copy()
        form.data["fingerprint"] = fingerprint
    else:
        form = PublishForm(initial={"fingerprint": fingerprint})
    state = publication_states([fiscal_year.year])[fiscal_year.year]
    return render(
        request,
        "budget/staff/publish.html",
        {
            "year": fiscal_year,
            "state": state,
            "form": form,
            "refusals": figures_publish_refusals(fiscal_year),
            "comparisons": _comparisons(fiscal_year.year),
        },
    )
