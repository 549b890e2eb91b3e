"""Who may edit what in goals: indicators by the controllers and analysts of the indicator's owning body;
commitments' status updates by secretaries (they know the decisions); administrators everything.

Every staff view of goals gets its objects through these helpers, so the check is made on the server each time.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from meetings.models import AgendaItem, Assignment

from .models import Commitment, CommitmentUpdate, Indicator

INDICATOR_ROLES = (Assignment.Role.CONTROLLER, Assignment.Role.ANALYST)


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


def editable_indicators(user) -> QuerySet[Indicator]:
    if not user.is_authenticated or not user.is_active:
        return Indicator.objects.none()
    if is_administrator(user):
        return Indicator.objects.all()
    return Indicator.objects.filter(
        owner__assignments__user=user, owner__assignments__role__in=INDICATOR_ROLES
    ).distinct()


def is_indicator_editor(user) -> bool:
    return is_administrator(user) or (
        user.is_authenticated and user.is_active and user.assignments.filter(role__in=INDICATOR_ROLES).exists()
    )


def is_commitment_editor(user) -> bool:
    return is_administrator(user) or (
        user.is_authenticated and user.is_active and user.assignments.filter(role=Assignment.Role.SECRETARY).exists()
    )


def linkable_agenda_items(user) -> QuerySet[AgendaItem]:
    """The agenda items a commitment editor may find, see and link to a status update: the ones citizens may read
    (`AgendaItemQuerySet.public()`: public items on published agendas), because the public commitment page lists
    them. The same set for every secretary and administrator, so the form never offers, shows or names another
    body's secret item or an item of an agenda not yet published; nobody else gets any.

    The status update form's search, the items it shows as chosen and its field's choices all use this one set."""
    if not is_commitment_editor(user):
        return AgendaItem.objects.none()
    return AgendaItem.objects.public()


def may_use_goals_staff(user) -> bool:
    return is_indicator_editor(user) or is_commitment_editor(user)


def _required(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


goals_staff_required = _required(may_use_goals_staff)
indicator_editor_required = _required(is_indicator_editor)
commitment_editor_required = _required(is_commitment_editor)


def indicator_for_edit(user, slug: str) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("owner"), slug=slug)
    if not editable_indicators(user).filter(pk=indicator.pk).exists():
        raise PermissionDenied
    return indicator


def commitment_for_edit(user, pk: int) -> Commitment:
    commitment = get_object_or_404(Commitment.objects.select_related("area__platform"), pk=pk)
    if not is_commitment_editor(user):
        raise PermissionDenied
    return commitment


def commitment_update_for_edit(user, pk: int) -> CommitmentUpdate:
    update = get_object_or_404(CommitmentUpdate.objects.select_related("commitment__area__platform"), pk=pk)
    if not is_commitment_editor(user):
        raise PermissionDenied
    return update
