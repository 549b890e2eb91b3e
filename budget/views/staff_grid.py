"""The controllers' staff pages for figures (/redigera/ekonomi/): their units and years, the grid of one unit and
year, closing a year (fastställ bokslut) and the audit trail of one code.

Every view is behind `controller_required` and gets its unit or code through `budget.access`, which answers 403
for a controller of another unit. Forms validate; the services in `budget.services.figures` change the books.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from meetings.forms import add_service_errors
from orebro_portal.lib.formatting import DASH, sv_date

from ..access import code_for_edit, controlled_units, controller_required, unit_for_edit
from ..forms import (
    FigureGridForm,
    FiscalYearCreateForm,
    YearCloseConfirmForm,
    format_kronor,
)
from ..models import AccountGroup, FigureChange, FiscalYear, LedgerLine
from ..selectors import unit_tree
from ..services.figures import (
    closed_year_message,
    figures_save,
    fiscal_year_close,
    fiscal_year_create,
    fiscal_year_may_close,
    fiscal_years_closable,
)
from ..services.publishing import figures_may_publish, publication_states

CHANGES_PER_PAGE = 50


def _years_open_first() -> list[FiscalYear]:
    years = list(FiscalYear.objects.select_related("closed_by").order_by("-year"))
    return sorted(years, key=lambda year: year.is_closed)  # stable: newest first within open and within closed


@require_http_methods(["GET", "HEAD", "POST"])
@controller_required
def index(request):
    """The controller's units × the years, links into each grid; open a new year; close a year for those allowed."""
    controlled = set(controlled_units(request.user).values_list("pk", flat=True))
    units = [unit for unit in unit_tree() if unit.pk in controlled]
    years = _years_open_first()
    next_year = (max(year.year for year in years) + 1) if years else None
    form = FiscalYearCreateForm(request.POST or None, initial={"year": next_year})
    if request.method == "POST" and form.is_valid():
        try:
            created = fiscal_year_create(year=form.cleaned_data["year"], user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Räkenskapsåret %(year)s är öppnat för inmatning.") % {"year": created.year})
            return redirect("budget_staff:index")
    closable = fiscal_years_closable(request.user, years)  # who may close a year may publish it
    states = publication_states([year.year for year in years])
    for year in years:
        year.may_close = year.year in closable
        year.publication_state = states[year.year]
    return render(request, "budget/staff/index.html", {"units": units, "years": years, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@controller_required
def grid(request, year, unit):
    """Budget and outcome of the unit's own codes per account group; read-only once the year is closed.

    A code retired from this year on is left out, unless it has lines this year: then they are shown read-only,
    marked "avvecklat". Each editable row has a box "Ej jämförbar med föregående år" (`LedgerLine.comparable` of all
    the code's lines that year). The page says whether the year's figures are public.

    A fixed number of queries whatever the number of codes: the codes, the groups, the year's lines of the unit,
    the subunits and the year's publication state, each fetched once.
    """
    unit = unit_for_edit(request.user, unit)
    fiscal_year = get_object_or_404(FiscalYear, pk=year)
    if request.method == "POST" and fiscal_year.is_closed:
        messages.error(request, closed_year_message(fiscal_year.year))
        return redirect("budget_staff:grid", year=fiscal_year.year, unit=unit.slug)

    groups = list(AccountGroup.objects.order_by("position", "code"))
    lines = list(LedgerLine.objects.filter(year=fiscal_year, code__unit=unit))
    with_lines = {line.code_id for line in lines}
    codes = []
    for code in unit.codes.order_by("code"):
        code.retired = code.is_retired_in(fiscal_year.year)
        if not code.retired or code.pk in with_lines:
            codes.append(code)
    form = FigureGridForm(request.POST if request.method == "POST" else None, codes=codes, groups=groups, lines=lines)
    if request.method == "POST" and form.is_valid():
        cells = form.cells()
        editable = [code for code in codes if not code.retired]
        try:
            changed = figures_save(
                year=fiscal_year,
                unit=unit,
                cells=cells,
                user=request.user,
                comparable=form.comparability(cells, editable),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(
                    request,
                    ngettext("Sparat: %(count)d ändring.", "Sparat: %(count)d ändringar.", changed)
                    % {"count": changed},
                )
            else:
                messages.info(request, _("Inget ändrades: siffrorna var redan desamma."))
            return redirect("budget_staff:grid", year=fiscal_year.year, unit=unit.slug)

    budget_total, outcome_total = form.totals()
    return render(
        request,
        "budget/staff/grid.html",
        {
            "year": fiscal_year,
            "publication": publication_states([fiscal_year.year])[fiscal_year.year],
            "may_publish": not fiscal_year.is_closed and figures_may_publish(request.user, fiscal_year),
            "unit": unit,
            "form": form,
            "rows": form.rows(),
            "column_sums": form.column_sums(),
            "budget_total": budget_total,
            "outcome_total": outcome_total,
            "errors": form.error_list() if form.is_bound else [],
            "children": list(unit.children.order_by("position", "name")),
            "groups": groups,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@controller_required
def year_close(request, year):
    """Fastställ bokslut: a confirmation page on which the controller types the year, then a POST with it.
    Administrators and controllers of every unit with figures that year may (see `fiscal_year_may_close`); anyone
    else gets 403, whatever they typed. A POST without the year, or with another, shows the page again."""
    fiscal_year = get_object_or_404(FiscalYear.objects.select_related("closed_by"), pk=year)
    if fiscal_year.is_closed:
        if request.method == "POST":
            messages.error(request, _("Bokslutet för %(year)s är redan fastställt.") % {"year": fiscal_year.year})
            return redirect("budget_staff:index")
        return render(request, "budget/staff/year_close.html", {"year": fiscal_year})
    if not fiscal_year_may_close(request.user, fiscal_year):
        raise PermissionDenied
    form = YearCloseConfirmForm(request.POST if request.method == "POST" else None, year=fiscal_year.year)
    if form.is_valid():
        try:
            fiscal_year_close(year=fiscal_year, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Bokslutet för %(year)s är fastställt. Årets siffror kan inte längre ändras.")
                % {"year": fiscal_year.year},
            )
        return redirect("budget_staff:index")
    lines = LedgerLine.objects.filter(year=fiscal_year)
    unit_ids = set(lines.values_list("code__unit_id", flat=True).distinct().order_by())
    return render(
        request,
        "budget/staff/year_close.html",
        {
            "year": fiscal_year,
            "form": form,
            "line_count": lines.count(),
            "units": [unit for unit in unit_tree() if unit.pk in unit_ids],
        },
    )


@dataclass(frozen=True)
class HistoryRow:
    change: FigureChange
    who: str
    old: str
    new: str
    how: str


def _how(change: FigureChange) -> str:
    if change.source == FigureChange.Source.IMPORT and change.ledger_import is not None:
        imported = change.ledger_import
        return _("Import: %(filename)s (%(date)s)") % {
            "filename": imported.filename,
            "date": sv_date(imported.applied_at or imported.created_at),
        }
    return change.get_source_display()


def _value(change: FigureChange, value: Decimal | None) -> str:
    """An amount in kronor, or for the comparability mark "jämförbar" / "ej jämförbar"."""
    if change.field == FigureChange.Field.COMPARABLE and value is not None:
        return _("jämförbar") if value else _("ej jämförbar")
    return _kronor(value)


def _kronor(value: Decimal | None) -> str:
    return DASH if value is None else format_kronor(value).replace(" ", "\u00a0")


@require_safe
@controller_required
def code_history(request, code):
    """Every change of the code's figures, newest first, 50 a page: when, who, what, from what to what, and how."""
    responsibility = code_for_edit(request.user, code)
    changes = FigureChange.objects.filter(code=responsibility).select_related("changed_by", "group", "ledger_import")
    page = Paginator(changes, CHANGES_PER_PAGE).get_page(request.GET.get("sida"))
    rows = [
        HistoryRow(
            change=change,
            who=(change.changed_by.get_full_name() or change.changed_by.username) if change.changed_by else DASH,
            old=_value(change, change.old_value),
            new=_value(change, change.new_value),
            how=_how(change),
        )
        for change in page
    ]
    return render(request, "budget/staff/code_history.html", {"code": responsibility, "page": page, "rows": rows})
