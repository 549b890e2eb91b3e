"""Who may enter which figures: controllers of a unit (and of its subunits), and administrators everywhere.

Every staff view of the budget gets its units and codes through these helpers, so the check is made on the server
for every request; anyone else gets 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import ResponsibilityCode, Unit


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


def controlled_units(user) -> QuerySet[Unit]:
    """The units whose figures the user may enter: assigned units and their subunits; all for administrators."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if is_administrator(user):
        return Unit.objects.all()
    return Unit.objects.filter(Q(controllers__user=user) | Q(parent__controllers__user=user)).distinct()


def is_controller(user) -> bool:
    """May the user use the budget part of the staff area at all?"""
    return is_administrator(user) or (user.is_authenticated and user.is_active and user.budget_units.exists())


def can_edit_unit(user, unit: Unit) -> bool:
    return controlled_units(user).filter(pk=unit.pk).exists()


def controller_required(view):
    """Logged in (else the log-in page) and controller of some unit or administrator (else 403).

    This only admits the user to the budget staff pages; each view still checks the unit or code it touches.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_controller(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def unit_for_edit(user, slug: str) -> Unit:
    unit = get_object_or_404(Unit, slug=slug)
    if not can_edit_unit(user, unit):
        raise PermissionDenied
    return unit


def code_for_edit(user, code: str) -> ResponsibilityCode:
    responsibility = get_object_or_404(ResponsibilityCode.objects.select_related("unit"), code=code)
    if not can_edit_unit(user, responsibility.unit):
        raise PermissionDenied
    return responsibility
