"""The attendance of a protocol, chosen from the body's roster on the meeting day: who was present, who served for
whom, from which §, who chaired and who adjusts.

Secretaries only (`secretary_required`), the protocol through meetings.access (403 for another body's). The page
edits a draft; once the protocol is sent for justering, adjusted or posted it only shows the table. The rules are in
meetings.services.attendance; a refusal is shown at the field it concerns and nothing is stored.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ..access import protocol_for_edit, secretary_required
from ..forms import add_service_errors
from ..forms.attendance import AttendanceForm
from ..models import Protocol
from ..services import attendance as services


def _page(protocol: Protocol) -> str:
    return reverse("staff:protocol_attendance", args=[protocol.pk])


def free_text_lists(protocol: Protocol) -> list[tuple[str, list[str]]]:
    """The older free-text lists that have content, with their labels."""
    lists = []
    for name in services.TEXT_FIELDS:
        lines = [line.strip() for line in getattr(protocol, name).splitlines() if line.strip()]
        if lines:
            lists.append((str(Protocol._meta.get_field(name).verbose_name), lines))
    return lists


@secretary_required
@require_http_methods(["GET", "POST"])
def protocol_attendance(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    editable = protocol.status == Protocol.Status.DRAFT
    if request.method == "POST" and not editable:
        messages.error(request, _("Närvaron kan bara ändras medan protokollet är ett utkast."))
        return redirect(_page(protocol))
    rows = services.attendance_rows(protocol)
    numbers = list(protocol.paragraphs.order_by("number").values_list("number", flat=True))
    form = None
    if editable and rows:
        form = AttendanceForm(request.POST if request.method == "POST" else None, rows=rows, numbers=numbers)
        if form.is_bound and form.is_valid():
            try:
                services.attendance_update(protocol=protocol, rows=form.rows_data(), user=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Närvaron är sparad."))
                return redirect(reverse("staff:protocol_detail", args=[protocol.pk]) + "#rubrik-narvaro")
    day = services.meeting_day(protocol)
    return render(
        request,
        "staff/protocol_attendance.html",
        {
            "protocol": protocol,
            "meeting": protocol.meeting,
            "day": day,
            "editable": editable,
            "form": form,
            "rows": rows,
            "missing_members": [services.who(m) for m in services.roster_missing(protocol)] if editable else [],
            "free_text": free_text_lists(protocol),
            "has_roster": bool(rows) or services.roster(body_id=protocol.meeting.body_id, day=day).exists(),
        },
    )


@secretary_required
@require_POST
def protocol_attendance_refresh(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    try:
        added = services.attendance_refresh(protocol=protocol, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)d person från ledamotslistan är tillagd: %(names)s.",
                    "%(count)d personer från ledamotslistan är tillagda: %(names)s.",
                    len(added),
                )
                % {"count": len(added), "names": ", ".join(services.who(row.membership) for row in added)},
            )
        else:
            messages.info(request, _("Alla på ledamotslistan finns redan i tabellen."))
    return redirect(_page(protocol))


@secretary_required
@require_POST
def protocol_attendance_from_text(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    try:
        result = services.attendance_from_text(protocol=protocol, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_page(protocol))
    if result.matched:
        messages.success(
            request,
            ngettext(
                "%(count)d rad i fritexten är förd till närvarolistan och borttagen ur fritexten.",
                "%(count)d rader i fritexten är förda till närvarolistan och borttagna ur fritexten.",
                len(result.matched),
            )
            % {"count": len(result.matched)},
        )
    else:
        messages.info(request, _("Ingen rad i fritexten kunde matchas mot ledamotslistan. Inget är ändrat."))
    for line in result.unmatched:
        messages.warning(
            request,
            _("%(field)s: ”%(line)s” står kvar i fritexten: %(reason)s.")
            % {"field": line.field.capitalize(), "line": line.line, "reason": line.reason},
        )
    if result.marked_absent:
        messages.warning(
            request,
            _("Markerade som frånvarande eftersom de inte står bland de beslutande i fritexten: %(names)s.")
            % {"names": ", ".join(result.marked_absent)},
        )
    for note in result.notes:
        messages.warning(request, note)
    return redirect(_page(protocol))
