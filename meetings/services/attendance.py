"""Attendance from the roster: who of the body's members was present at a meeting, who served for whom, who chaired
and who adjusts the protocol.

A protocol's attendance is a list of `Attendance` rows, one per membership in force on the meeting day. The
secretary starts from the roster (`attendance_prefill`) and marks who came; only a member of the roster that day can
be chosen. Protocols written before the roster existed keep their free-text lists, and `attendance_missing` accepts
those where a protocol has no rows.
"""

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attendance, Membership, Protocol

__all__ = ["attendance_copy", "attendance_missing", "attendance_prefill", "meeting_day", "roster"]

_ROLE_ORDER = Case(
    *(When(role=role, then=Value(index)) for index, role in enumerate(Membership.Role.values)),
    output_field=IntegerField(),
)


def meeting_day(protocol: Protocol):
    return timezone.localtime(protocol.meeting.start).date()


def roster(*, body_id: int, day):
    """The body's memberships in force on `day`: chair first, then by role, party and name."""
    return (
        Membership.objects.on(day)
        .filter(body_id=body_id)
        .select_related("person", "party")
        .annotate(role_order=_ROLE_ORDER)
        .order_by("role_order", "party__position", "party__name", "person__name", "pk")
    )


def _set_history_user(obj, user) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


def attendance_prefill(*, protocol: Protocol, user=None) -> list[Attendance]:
    """A row per membership in force on the meeting day: every ledamot present, every ersättare absent until the
    secretary marks them, the body's ordförande chairing. Nothing is added to a protocol that has rows already."""
    if protocol.attendance.exists():
        return list(protocol.attendance.all())
    rows = []
    for position, membership in enumerate(roster(body_id=protocol.meeting.body_id, day=meeting_day(protocol)), 1):
        row = Attendance(
            protocol=protocol,
            membership=membership,
            status=Attendance.Status.PRESENT if membership.is_ledamot else Attendance.Status.ABSENT,
            is_chair=membership.role == Membership.Role.CHAIR,
            position=position,
        )
        _set_history_user(row, user)
        row.save()
        rows.append(row)
    return rows


def attendance_copy(*, source: Protocol, target: Protocol, user=None) -> None:
    """Copy the attendance of `source` into `target` (a correction starts as a copy of the posted version)."""
    fields = ("membership_id", "status", "serving_for_id", "from_paragraph", "to_paragraph", "is_chair", "is_adjuster")
    for row in source.attendance.order_by("position", "pk"):
        copy = Attendance(protocol=target, position=row.position, **{field: getattr(row, field) for field in fields})
        _set_history_user(copy, user)
        copy.save()


def attendance_missing(protocol: Protocol) -> list[str]:
    """What the attendance still lacks before the protocol can be adjusted, one Swedish sentence each.

    A protocol with a roster needs a chair and at least one adjuster among those present, and someone serving; one
    without (written before the roster, or a body with no members entered) needs the same in its free text."""
    rows = list(protocol.attendance.select_related("membership"))
    missing = []
    if rows:
        present = [row for row in rows if row.is_present]
        if not any(row.is_chair for row in present):
            missing.append(_("Ordförande saknas: välj ordförande bland de närvarande."))
        if not any(row.is_adjuster for row in present):
            missing.append(_("Justerare saknas: välj minst en justerare bland de närvarande."))
        if not any(row.is_present and (row.membership.is_ledamot or row.serving_for_id) for row in rows):
            missing.append(_("Beslutande saknas: ingen ledamot är markerad som närvarande."))
        return missing
    if not protocol.chair.strip():
        missing.append(_("Ordförande saknas."))
    if not protocol.adjuster_list:
        missing.append(_("Justerare saknas: minst en justerare behövs."))
    if not protocol.member_list:
        missing.append(_("Beslutande ledamöter saknas: minst en ledamot behövs."))
    return missing
