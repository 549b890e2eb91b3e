"""Importing a ledger file in the staff area: upload, preview, confirm or discard, follow a big file's progress.

Every view is behind `controller_required`; an import is shown to and acted on by the user who uploaded it (and
administrators), anyone else gets 403. Confirm and discard take POST only; the service refuses a second confirm.
Confirming carries the ticks for new years and scale warnings; a missing one is shown on its checkbox and in the
error summary above, with the preview as it was.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings.forms import add_service_errors
from orebro_portal.lib.tasks import QueueUnavailable

from ..access import controller_required, is_administrator
from ..forms_import import LedgerConfirmForm, LedgerUploadForm
from ..models import FiscalYear, LedgerImport
from ..services.importing import ledger_import_confirm, ledger_import_discard, ledger_import_preview, sync_rows
from ..services.publishing import fiscal_years_publishable

RECENT_IMPORTS = 10
CODES_SHOWN = 1000  # a 50 000-row file has thousands of (year, code) pairs; the totals always count them all


def _visible_imports(user):
    imports = LedgerImport.objects.select_related("created_by")
    return imports if is_administrator(user) else imports.filter(created_by=user)


def _import_for(user, pk: int) -> LedgerImport:
    ledger_import = get_object_or_404(LedgerImport.objects.select_related("created_by"), pk=pk)
    if not is_administrator(user) and (ledger_import.created_by_id is None or ledger_import.created_by_id != user.pk):
        raise PermissionDenied
    return ledger_import


@require_http_methods(["GET", "HEAD", "POST"])
@controller_required
def upload(request):
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ledger_import = ledger_import_preview(uploaded_file=form.cleaned_data["file"], user=request.user)
        return redirect("budget_staff:import_detail", pk=ledger_import.pk)
    recent = _visible_imports(request.user).defer("preview")[:RECENT_IMPORTS]
    return render(
        request,
        "budget/staff/import_upload.html",
        {"form": form, "recent": recent, "sync_rows": sync_rows()},
    )


def _amounts(pair: dict | None) -> dict[str, Decimal | None]:
    pair = pair or {}
    return {key: None if pair.get(key) is None else Decimal(pair[key]) for key in ("budget", "outcome")}


def _preview_context(preview: dict) -> dict:
    years = [
        {
            **year,
            "codes_before": _amounts(year["codes_before"]),
            "codes_after": _amounts(year["codes_after"]),
            "all_before": _amounts(year["all_before"]),
            "all_after": _amounts(year["all_after"]),
        }
        for year in preview.get("years", [])
    ]
    codes = [
        {**entry, "before": _amounts(entry["before"]), "after": _amounts(entry["after"])}
        for entry in preview.get("codes", [])[:CODES_SHOWN]
    ]
    return {
        "years": years,
        "codes": codes,
        "codes_total": len(preview.get("codes", [])),
        "counts": preview.get("counts", {}),
        "units": preview.get("units", []),
        "errors": preview.get("errors", []),
        "warnings": preview.get("warnings", []),
        "new_years": preview.get("new_years", []),
        "notes": preview.get("notes", []),
        "acknowledged": _acknowledged(preview.get("acknowledged")),
    }


def _acknowledged(acknowledged: dict | None) -> dict | None:
    if not acknowledged:
        return None
    at = acknowledged.get("at")
    return {**acknowledged, "at": datetime.fromisoformat(at) if at else None}


def _confirm_form(ledger_import: LedgerImport, data=None) -> LedgerConfirmForm:
    preview = ledger_import.preview or {}
    return LedgerConfirmForm(data, new_years=preview.get("new_years", []), has_warnings=bool(preview.get("warnings")))


def _publishable(user, ledger_import: LedgerImport) -> list[int]:
    """The years of an applied import whose figures the user may publish now: the page links to each."""
    if ledger_import.status != LedgerImport.Status.APPLIED:
        return []
    years = FiscalYear.objects.filter(year__in=[year["year"] for year in ledger_import.preview.get("years", [])])
    return sorted(fiscal_years_publishable(user, years))


def _render_detail(request, ledger_import: LedgerImport, confirm_form: LedgerConfirmForm | None = None):
    working = ledger_import.status in (LedgerImport.Status.QUEUED, LedgerImport.Status.RUNNING)
    context = {
        "ledger_import": ledger_import,
        "preview": ledger_import.preview,
        "working": working,
        "Status": LedgerImport.Status,
        "message_lines": [line for line in ledger_import.message.splitlines() if line.strip()],
        "confirm_form": confirm_form or _confirm_form(ledger_import),
        "publishable": _publishable(request.user, ledger_import),
        **_preview_context(ledger_import.preview),
    }
    return render(request, "budget/staff/import_detail.html", context)


@require_safe
@controller_required
def detail(request, pk: int):
    return _render_detail(request, _import_for(request.user, pk))


@require_POST
@controller_required
def confirm(request, pk: int):
    ledger_import = _import_for(request.user, pk)
    form = _confirm_form(ledger_import, request.POST)
    form.is_valid()  # only checkboxes: always valid; what is missing the service says
    try:
        queued = ledger_import_confirm(
            ledger_import=ledger_import,
            user=request.user,
            create_years=form.create_years(),
            warnings_seen=form.warnings_seen(),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            # The preview again, the missing ticks named on their checkboxes and summarised above.
            add_service_errors(form, error)
            return _render_detail(request, ledger_import, form)
        messages.error(request, " ".join(error.messages))
    except QueueUnavailable as error:
        # The import is back in its preview: the page shows the confirm button again.
        message = _("Filen ”%(name)s” lästes inte in. %(reason)s")
        messages.error(request, message % {"name": ledger_import.filename, "reason": error.message})
    else:
        ledger_import.refresh_from_db()
        if ledger_import.status == LedgerImport.Status.APPLIED:
            messages.success(request, _("Filen är inläst. %(message)s") % {"message": ledger_import.message})
        elif ledger_import.status == LedgerImport.Status.FAILED:
            messages.error(request, ledger_import.message)
        elif queued:
            messages.success(request, _("Filen läses in. Sidan visar hur långt det har kommit."))
    return redirect("budget_staff:import_detail", pk=ledger_import.pk)


@require_POST
@controller_required
def discard(request, pk: int):
    ledger_import = _import_for(request.user, pk)
    try:
        ledger_import_discard(ledger_import=ledger_import, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("budget_staff:import_detail", pk=ledger_import.pk)
    messages.success(
        request, _("Importen av ”%(name)s” är avbruten. Ingenting ändrades.") % {"name": ledger_import.filename}
    )
    return redirect("budget_staff:import_upload")
