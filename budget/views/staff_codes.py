"""The chart of ansvar in the staff area (/redigera/ekonomi/ansvar/): the user's units with their codes, a new code;
one code's page to rename it (or move it, while it has no figures), retire it from a year or undo that, and its
history.

Behind `controller_required`; a code is fetched through `budget.access.code_for_edit` (403 for a controller of
another unit) and the units offered are the user's own. The services in `budget.services.codes` check the unit again
and make every change.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meetings.forms import add_service_errors
from meetings.history import history_entries

from ..access import code_for_edit, controlled_units, controller_required
from ..forms import CodeCreateForm, CodeEditForm, CodeRetireForm
from ..models import ResponsibilityCode, Unit
from ..selectors import unit_tree
from ..services.codes import (
    code_create,
    code_figure_years,
    code_move_problems,
    code_reinstate,
    code_retire,
    code_update,
)


@require_http_methods(["GET", "HEAD", "POST"])
@controller_required
def code_list(request):
    """The user's units, each with its codes (status, years with figures, links); the form for a new code.

    A fixed number of queries whatever the number of units and codes.
    """
    controlled = set(controlled_units(request.user).values_list("pk", flat=True))
    choices = Unit.objects.filter(pk__in=controlled)
    initial = {"unit": next(iter(controlled))} if len(controlled) == 1 else {}
    form = CodeCreateForm(request.POST if request.method == "POST" else None, units=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = code_create(unit=data["unit"], code=data["code"], name=data["name"], user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Ansvaret %(code)s %(name)s är upplagt i %(unit)s.")
                % {"code": created.code, "name": created.name, "unit": created.unit.name},
            )
            return redirect("budget_staff:codes")

    codes_by_unit: dict[int, list[ResponsibilityCode]] = {}
    codes = ResponsibilityCode.objects.filter(unit_id__in=controlled).annotate(
        figure_years=Count("lines__year", distinct=True)
    )
    for code in codes.order_by("code"):
        codes_by_unit.setdefault(code.unit_id, []).append(code)
    units = [unit for unit in unit_tree() if unit.pk in controlled]
    for unit in units:
        unit.code_list = codes_by_unit.get(unit.pk, [])
    return render(request, "budget/staff/codes.html", {"units": units, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@controller_required
def code_edit(request, code):
    """One code: rename (and move while it has no figures), retire from a year or undo that; its history.

    Three forms on one page, told apart by `action`; each redirects back here when it changed something.
    """
    responsibility = code_for_edit(request.user, code)
    years = code_figure_years(responsibility)
    move_problems = code_move_problems(responsibility, years)
    own = set(controlled_units(request.user).values_list("pk", flat=True))
    movable_to = Unit.objects.filter(pk__in=own) if not move_problems and len(own) > 1 else None

    action = request.POST.get("action") if request.method == "POST" else None
    edit_form = CodeEditForm(
        request.POST if action == "rename" else None,
        units=movable_to,
        initial={"name": responsibility.name, "unit": responsibility.unit_id},
    )
    retire_form = CodeRetireForm(
        request.POST if action == "retire" else None, initial={"retired_from": responsibility.retired_from}
    )
    if action == "rename":
        if edit_form.is_valid():
            try:
                changed = code_update(
                    code=responsibility,
                    user=request.user,
                    name=edit_form.cleaned_data["name"],
                    unit=edit_form.cleaned_data.get("unit"),
                )
            except ValidationError as error:
                add_service_errors(edit_form, error)
            else:
                data = edit_form.cleaned_data
                said = []
                if "name" in changed:
                    said.append(
                        _("%(code)s heter nu ”%(name)s”.") % {"code": responsibility.code, "name": data["name"]}
                    )
                if "unit" in changed:
                    said.append(
                        _("%(code)s hör nu till %(unit)s.") % {"code": responsibility.code, "unit": data["unit"]}
                    )
                return _done(request, responsibility, changed=bool(changed), message=" ".join(said))
    elif action == "retire":
        if retire_form.is_valid():
            year = retire_form.cleaned_data["retired_from"]
            try:
                changed = code_retire(code=responsibility, year=year, user=request.user)
            except ValidationError as error:
                add_service_errors(retire_form, error)
            else:
                message = _(
                    "%(code)s är avvecklat från och med %(year)s: det tar inte emot siffror för %(year)s och senare "
                    "år. Tidigare års siffror finns kvar."
                ) % {"code": responsibility.code, "year": year}
                return _done(request, responsibility, changed=changed, message=message)
    elif action == "reinstate":
        changed = code_reinstate(code=responsibility, user=request.user)
        message = _("Avvecklingen av %(code)s är ångrad: ansvaret tar emot siffror igen.") % {
            "code": responsibility.code
        }
        return _done(request, responsibility, changed=changed, message=message)
    elif action is not None:
        raise BadRequest(_("Formuläret skickade en okänd åtgärd."))

    entries = history_entries(
        ResponsibilityCode.history.filter(id=responsibility.pk),
        labels={ResponsibilityCode: lambda record: record.code},
    )
    return render(
        request,
        "budget/staff/code_edit.html",
        {
            "code": responsibility,
            "years": years,
            "first_retirable": years[-1] + 1 if years else None,
            "move_problems": move_problems if len(own) > 1 else [],
            "edit_form": edit_form,
            "retire_form": retire_form,
            "entries": entries,
        },
    )


def _done(request, code: ResponsibilityCode, *, changed: bool, message: str):
    if changed:
        messages.success(request, message)
    else:
        messages.info(request, _("Inget ändrades: uppgifterna var redan desamma."))
    return redirect("budget_staff:code_edit", code=code.code)
