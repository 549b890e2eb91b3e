"""The analysts' and controllers' pages for indicator values (/redigera/mal/): their indicators, the year × Tot/K/M
grid of one indicator, its change history and a CSV import with a preview.

Every view gets its indicator through `goals.access`, which answers 403 to anyone who may not edit it. Forms
validate; the services in `goals.services.indicators` write, all or nothing, recorded by django-simple-history.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from orebro_portal.lib.formatting import DASH

from ..access import (
    editable_indicators,
    goals_staff_required,
    indicator_editor_required,
    indicator_for_edit,
    is_commitment_editor,
    is_indicator_editor,
)
from ..forms import IndicatorImportForm, IndicatorValuesForm
from ..models import IndicatorValue
from ..services.indicators import (
    GENDERS,
    PlannedChange,
    State,
    format_value,
    gender_label,
    indicator_values_import,
    indicator_values_import_preview,
    indicator_values_save,
    indicator_year_rows,
)

CHANGES_PER_PAGE = 50
IMPORT_SESSION_KEY = "goals_indicator_import"


@require_safe
@goals_staff_required
def index(request):
    """What the user may do here: edit their indicators (analysts, controllers), follow up commitments (secretaries)."""
    indicators = []
    if is_indicator_editor(request.user):
        indicators = list(
            editable_indicators(request.user)
            .select_related("owner")
            .annotate(latest_year=Max("values__year"))
            .order_by("owner__name", "position", "name")
        )
    return render(
        request,
        "goals/staff/index.html",
        {
            "indicators": indicators,
            "indicator_editor": is_indicator_editor(request.user),
            "commitment_editor": is_commitment_editor(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@indicator_editor_required
def values_grid(request, slug):
    """The values of one indicator per year for total, women and men, with each year's note and comparability."""
    indicator = indicator_for_edit(request.user, slug)
    years = indicator_year_rows(indicator=indicator)
    # The next year to fill in: after the last stored one, or last year (the latest a value can be known for).
    next_year = years[-1].year + 1 if years else timezone.localdate().year - 1
    form = IndicatorValuesForm(request.POST if request.method == "POST" else None, years=years, next_year=next_year)
    if request.method == "POST" and form.is_valid():
        try:
            changed = indicator_values_save(indicator=indicator, rows=form.year_rows(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(
                    request,
                    ngettext("Sparat: %(count)d ändrat värde.", "Sparat: %(count)d ändrade värden.", changed)
                    % {"count": changed},
                )
            else:
                messages.info(request, _("Inget ändrades: värdena var redan desamma."))
            return redirect("goals_staff:indicator_values", slug=indicator.slug)
    return render(
        request,
        "goals/staff/values_grid.html",
        {
            "indicator": indicator,
            "form": form,
            "rows": form.rows(),
            "genders": [gender_label(gender) for gender in GENDERS],
            "errors": form.error_list() if form.is_bound else [],
        },
    )


@dataclass(frozen=True)
class HistoryRow:
    when: object
    who: str
    year: int
    gender: str
    old: str
    new: str
    other: list[str]
    how: str


def _state_of(record) -> State:
    return State() if record is None or record.history_type == "-" else State.of(record)


def _history_row(record, previous) -> HistoryRow:
    before = _state_of(previous)
    after = _state_of(record)
    other = []
    if before.note != after.note:
        other.append(
            _("Anmärkning: ”%(old)s” → ”%(new)s”") % {"old": before.note or DASH, "new": after.note or DASH}
            if before.note
            else _("Anmärkning: ”%(new)s”") % {"new": after.note or DASH}
        )
    if before.not_comparable != after.not_comparable:
        other.append(
            _("Markerat som inte jämförbart med andra år")
            if after.not_comparable
            else _("Inte längre markerat som ej jämförbart")
        )
    if record.history_type == "-":
        other.append(_("Raden togs bort"))
    user = record.history_user
    return HistoryRow(
        when=record.history_date,
        who=(user.get_full_name() or user.username) if user else DASH,
        year=record.year,
        gender=gender_label(record.gender),
        old=format_value(before.value) or DASH,
        new=format_value(after.value) or DASH,
        other=other,
        how=record.history_change_reason or DASH,
    )


@require_safe
@indicator_editor_required
def history(request, slug):
    """Every change of the indicator's values, newest first: when, who, year, gender, from what to what, and how.

    The old value is the previous historical record of the same row; an indicator has few values, so all of its
    records are read in one query and paired here rather than one query per record.
    """
    indicator = indicator_for_edit(request.user, slug)
    records = IndicatorValue.history.filter(indicator_id=indicator.pk).select_related("history_user")
    previous_of_row: dict[int, object] = {}
    paired = []
    for record in records.order_by("id", "history_date", "history_id"):
        paired.append((record, previous_of_row.get(record.id)))
        previous_of_row[record.id] = record
    paired.sort(key=lambda pair: (pair[0].history_date, pair[0].history_id), reverse=True)
    page = Paginator(paired, CHANGES_PER_PAGE).get_page(request.GET.get("sida"))
    rows = [_history_row(record, previous) for record, previous in page]
    return render(request, "goals/staff/history.html", {"indicator": indicator, "page": page, "rows": rows})


# --- import -------------------------------------------------------------------------------------------------------


def _cell_text(state: State) -> str:
    parts = [format_value(state.value) or DASH]
    if state.not_comparable:
        parts.append(_("ej jämförbart"))
    if state.note:
        parts.append(_("anm.: %(note)s") % {"note": state.note})
    return ", ".join(parts)


KIND_LABELS = {"new": gettext_lazy("Nytt"), "changed": gettext_lazy("Ändrat"), "unchanged": gettext_lazy("Oförändrat")}


def _preview_groups(changes: list[PlannedChange], indicators: dict) -> list[dict]:
    """The preview per indicator, its rows ordered by year and gender, with counts of new/changed/unchanged."""
    groups: dict[int, dict] = {}
    for change in sorted(changes, key=lambda c: (c.indicator_id, c.year, GENDERS.index(c.gender))):
        group = groups.setdefault(
            change.indicator_id,
            {"indicator": indicators[change.indicator_id], "rows": [], "new": 0, "changed": 0, "unchanged": 0},
        )
        group[change.kind] += 1
        group["rows"].append(
            {
                "year": change.year,
                "gender": gender_label(change.gender),
                "before": _cell_text(change.before),
                "after": _cell_text(change.after),
                "kind": change.kind,
                "kind_label": str(KIND_LABELS[change.kind]),
                "line": change.line,
            }
        )
    return sorted(groups.values(), key=lambda group: group["indicator"].name)


@require_http_methods(["GET", "HEAD", "POST"])
@indicator_editor_required
def values_import(request):
    """Upload a CSV file → a preview of what changes (kept in the session) → confirm or cancel.

    Confirming applies exactly the previewed rows, and is refused if any of those cells changed in between.
    """
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("confirm", "cancel"):
        pending = request.session.get(IMPORT_SESSION_KEY)
        # Compared as bytes: `compare_digest` raises TypeError for a str with non-ASCII characters ("å").
        expected = str(pending.get("token", "")).encode() if pending else b""
        posted = request.POST.get("token", "").encode()
        if not pending or not secrets.compare_digest(expected, posted):
            messages.error(request, _("Förhandsgranskningen finns inte längre. Läs in filen igen."))
            return redirect("goals_staff:indicator_import")
        del request.session[IMPORT_SESSION_KEY]
        if action == "cancel":
            messages.info(request, _("Importen avbröts. Ingenting ändrades."))
            return redirect("goals_staff:indicator_import")
        changes = [PlannedChange.from_json(data) for data in pending["changes"]]
        try:
            changed = indicator_values_import(changes=changes, user=request.user, filename=pending["filename"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("goals_staff:indicator_import")
        messages.success(
            request,
            ngettext(
                "”%(file)s” är inläst: %(count)d värde ändrades.",
                "”%(file)s” är inläst: %(count)d värden ändrades.",
                changed,
            )
            % {"file": pending["filename"], "count": changed},
        )
        return redirect("goals_staff:index")

    posted = request.method == "POST"
    form = IndicatorImportForm(request.POST if posted else None, request.FILES if posted else None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        plan = indicator_values_import_preview(content=upload.read(), user=request.user)
        errors = plan.errors
        if not errors:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "filename": upload.name,
                "changes": [change.to_json() for change in plan.changes],
            }
            return render(
                request,
                "goals/staff/values_import_preview.html",
                {
                    "token": token,
                    "filename": upload.name,
                    "groups": _preview_groups(plan.changes, plan.indicators),
                    "counts": {kind: plan.count(kind) for kind in ("new", "changed", "unchanged")},
                },
            )
    return render(
        request,
        "goals/staff/values_import.html",
        {"form": form, "errors": errors, "filename": request.FILES["file"].name if errors else ""},
    )
