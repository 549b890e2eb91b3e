"""Who may edit what. Every staff view gets its objects through these helpers, so the check is made on the server
for every request, and a secretary of another body gets 403 (not 404: the pages are public anyway)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    AgendaItem,
    Assignment,
    Body,
    Document,
    Meeting,
    Membership,
    Notice,
    Person,
    Protocol,
    ProtocolParagraph,
    Vote,
)


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


def editable_bodies(user) -> QuerySet[Body]:
    """The bodies whose meetings, agendas and protocols the user may edit: a secretary's own, or all for admins."""
    if not user.is_authenticated or not user.is_active:
        return Body.objects.none()
    if is_administrator(user):
        return Body.objects.all()
    return Body.objects.filter(assignments__user=user, assignments__role=Assignment.Role.SECRETARY).distinct()


def is_secretary(user) -> bool:
    """May the user use the meetings part of the staff area at all?"""
    return is_administrator(user) or (
        user.is_authenticated and user.assignments.filter(role=Assignment.Role.SECRETARY).exists()
    )


def can_edit_body(user, body_id: int) -> bool:
    if is_administrator(user):
        return True
    return (
        user.is_authenticated
        and user.is_active
        and user.assignments.filter(body_id=body_id, role=Assignment.Role.SECRETARY).exists()
    )


def editable_meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__in=editable_bodies(user))


def _checked(obj, body_id: int, user):
    if not can_edit_body(user, body_id):
        raise PermissionDenied
    return obj


def meeting_for_edit(user, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    return _checked(meeting, meeting.body_id, user)


def agenda_item_for_edit(user, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    return _checked(item, item.meeting.body_id, user)


def document_for_edit(user, pk: int) -> Document:
    document = get_object_or_404(Document.objects.select_related("meeting__body", "agenda_item__meeting__body"), pk=pk)
    meeting = document.meeting or document.agenda_item.meeting
    return _checked(document, meeting.body_id, user)


def protocol_for_edit(user, pk: int) -> Protocol:
    protocol = get_object_or_404(Protocol.objects.select_related("meeting__body"), pk=pk)
    return _checked(protocol, protocol.meeting.body_id, user)


def paragraph_for_edit(user, pk: int) -> ProtocolParagraph:
    paragraph = get_object_or_404(ProtocolParagraph.objects.select_related("protocol__meeting__body"), pk=pk)
    return _checked(paragraph, paragraph.protocol.meeting.body_id, user)


def editable_notices(user) -> QuerySet[Notice]:
    """The delegation decisions and other notices the user may edit: their bodies' (a notice without a body is the
    administrators'). Council meeting notices are made from the agenda and edited through it."""
    notices = Notice.objects.exclude(kind=Notice.Kind.MEETING)
    if is_administrator(user):
        return notices
    return notices.filter(body__in=editable_bodies(user))


def notice_for_edit(user, pk: int) -> Notice:
    notice = get_object_or_404(Notice.objects.exclude(kind=Notice.Kind.MEETING).select_related("body"), pk=pk)
    if notice.body_id is None:
        if not is_administrator(user):
            raise PermissionDenied
        return notice
    return _checked(notice, notice.body_id, user)


def body_for_edit(user, slug: str) -> Body:
    body = get_object_or_404(Body, slug=slug)
    if not can_edit_body(user, body.pk):
        raise PermissionDenied
    return body


def membership_for_edit(user, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("person__party", "body", "party"), pk=pk)
    if not can_edit_body(user, membership.body_id):
        raise PermissionDenied
    return membership


def editable_persons(user):
    """The persons a user may edit: everyone for administrators; for a secretary those with a membership of one of
    their bodies, and those with none at all (just created, or not yet placed)."""
    persons = Person.objects.all()
    if is_administrator(user):
        return persons
    return persons.filter(Q(memberships__body__in=editable_bodies(user)) | Q(memberships__isnull=True)).distinct()


def person_for_edit(user, pk: int) -> Person:
    person = get_object_or_404(Person.objects.select_related("party", "user"), pk=pk)
    if not editable_persons(user).filter(pk=pk).exists():
        raise PermissionDenied
    return person


_PARAGRAPH_BODY = "paragraph__protocol__meeting__body"


def paragraph_part_for_edit(model, user, pk: int):
    """A proposal, vote or statement, 403 unless the user edits its paragraph's body."""
    related = (_PARAGRAPH_BODY,) if model is Vote else (_PARAGRAPH_BODY, "membership__person", "membership__party")
    obj = get_object_or_404(model.objects.select_related(*related), pk=pk)
    if not can_edit_body(user, obj.paragraph.protocol.meeting.body_id):
        raise PermissionDenied
    return obj


def secretary_required(view):
    """Logged in (else redirect to the log-in page) and secretary of some body or administrator (else 403).

    This only admits the user to the staff area; each view still checks the object with the helpers above.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_secretary(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- justering by the adjusters (docs/0014-digital-justering.md) ---------------------------------------------------


def is_adjuster(user) -> bool:
    """Is the user an elected person's staff account (`Person.user`), who may answer the protocols they adjust?"""
    from .models import Person

    return user.is_authenticated and user.is_active and Person.objects.filter(user=user).exists()


def adjuster_required(view):
    """Logged in (else redirect to the log-in page) and linked to an elected person (else 403). Each view still gets
    its protocol through `protocol_for_approval`."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_adjuster(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def protocol_for_approval(user, pk: int) -> Protocol:
    """The protocol, if the user's person is its chair or one of its adjusters: 404 when there is no such protocol,
    403 when the user approves nothing in it (an adjuster of another body's protocol, a secretary without a person)."""
    from .services.adjustment import person_of, protocol_approvers

    protocol = get_object_or_404(Protocol.objects.select_related("meeting__body"), pk=pk)
    person = person_of(user)
    if person is None or person.pk not in {approver.person.pk for approver in protocol_approvers(protocol)}:
        raise PermissionDenied
    return protocol
