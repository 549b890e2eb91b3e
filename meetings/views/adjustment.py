"""Justering in the portal: the adjusters' inbox and review page, and the secretary's send and withdraw.

The adjusters' pages admit a user linked to an elected person (`adjuster_required`) and fetch the protocol through
`protocol_for_approval`, which answers 403 unless the person is its chair or one of its adjusters. The secretary's
actions fetch it through `protocol_for_edit`, like the rest of the protocol editor. The workflows are in
meetings.services.adjustment; a refusal from them is shown and nothing is stored.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.tasks import QueueUnavailable

from ..access import (
    adjuster_required,
    is_secretary,
    protocol_for_approval,
    protocol_for_edit,
    secretary_required,
)
from ..forms import add_service_errors
from ..forms.adjustment import ApprovalForm
from ..masking import original_text, segments
from ..models import AdjustmentApproval, Attendance, Protocol, ProtocolParagraph
from ..public import PublicParagraph, PublicProtocol, protocol_prefetch
from ..services import adjustment as workflows
from .staff_protocols import protocol_masked_rows

RECENT_ANSWERS = 20

# The paragraph texts the review page compares, original against public; the public page shows the beslutsgång with
# the proposals and votes (meetings/partials/paragraph_parts.html), so the public column leaves it to that partial.
_ORIGINAL_FIELDS = ("matter", "procedure", "decision", "reservations")
_PUBLIC_BEFORE_PARTS = ("matter", "decision")
_PUBLIC_AFTER_PARTS = ("reservations",)


def _detail(protocol: Protocol):
    return redirect("staff:protocol_detail", pk=protocol.pk)


# --- the adjusters ------------------------------------------------------------------------------------------------


def _label(field: str) -> str:
    return capfirst(str(ProtocolParagraph._meta.get_field(field).verbose_name))


def _review_row(paragraph: ProtocolParagraph, public: PublicParagraph, names: tuple[str, ...]) -> dict:
    """One paragraph of the review page: its original texts (masked spans highlighted by the template) and what the
    public will read of it."""
    title_masked = any(segment.kind for segment in segments(paragraph.title, names))
    fields = (("title",) if title_masked else ()) + _ORIGINAL_FIELDS
    return {
        "paragraph": paragraph,
        "public": public,
        "heading": " ".join(original_text(paragraph.title).split()),
        "original": [(_label(f), getattr(paragraph, f)) for f in fields if getattr(paragraph, f).strip()],
        "public_before": [
            (_label(f), getattr(public, f))
            for f in ((("title",) if title_masked else ()) + _PUBLIC_BEFORE_PARTS)
            if getattr(paragraph, f).strip()
        ],
        "public_after": [(_label(f), getattr(public, f)) for f in _PUBLIC_AFTER_PARTS if getattr(paragraph, f).strip()],
    }


def _answer_outcome(answer: AdjustmentApproval) -> str:
    """Where the protocol stands now, for the adjuster's list of answers."""
    protocol = answer.protocol
    if protocol.is_adjusted:
        return _("Justerat %(date)s") % {"date": sv_date(protocol.adjusted_on)}
    if answer.round != protocol.adjustment_round:
        if protocol.is_sent_for_adjustment:
            return _("Skickat för justering igen: ditt nya svar behövs")
        return _("Hos sekreteraren")
    if protocol.is_sent_for_adjustment:
        return _("Väntar på de andra")
    return _("Tillbaka hos sekreteraren")


@adjuster_required
@require_safe
def adjustment_inbox(request):
    person = workflows.person_of(request.user)
    answered_now = AdjustmentApproval.objects.filter(
        protocol=OuterRef("pk"), round=OuterRef("adjustment_round"), person=person
    )
    waiting = list(
        Protocol.objects.filter(sent_for_adjustment_at__isnull=False, adjusted_on__isnull=True)
        .filter(
            Q(attendance__is_chair=True) | Q(attendance__is_adjuster=True),
            attendance__membership__person=person,
            attendance__status=Attendance.Status.PRESENT,
        )
        .exclude(Exists(answered_now))
        .select_related("meeting__body", "sent_for_adjustment_by")
        .distinct()
        .order_by("sent_for_adjustment_at", "pk")
    )
    answers = list(
        AdjustmentApproval.objects.filter(person=person)
        .select_related("protocol__meeting__body")
        .order_by("-at", "-pk")[:RECENT_ANSWERS]
    )
    return render(
        request,
        "staff/adjustment/inbox.html",
        {
            "person": person,
            "waiting": waiting,
            "answers": [(answer, _answer_outcome(answer)) for answer in answers],
            "is_secretary": is_secretary(request.user),
        },
    )


@adjuster_required
@require_http_methods(["GET", "POST"])
def adjustment_review(request, pk: int):
    protocol = protocol_for_approval(request.user, pk)
    person = workflows.person_of(request.user)
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            workflows.approval_record(
                protocol=protocol, user=request.user, decision=decision, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            protocol.refresh_from_db()
            if decision == AdjustmentApproval.Decision.RETURNED:
                messages.success(request, _("Protokollet är skickat tillbaka till sekreteraren med din kommentar."))
            elif protocol.is_adjusted:
                messages.success(
                    request, _("Du har godkänt protokollet. Alla har nu godkänt det, så protokollet är justerat.")
                )
            else:
                messages.success(
                    request,
                    _("Du har godkänt protokollet. Det blir justerat när ordföranden och alla justerare har godkänt."),
                )
            return redirect("staff:adjustment_inbox")

    full = (
        Protocol.objects.select_related("meeting__body", "sent_for_adjustment_by")
        .prefetch_related(*protocol_prefetch())
        .get(pk=protocol.pk)
    )
    # Not posted yet, so `PublicProtocol.of` would say None: this shows what posting will publish.
    public = PublicProtocol(full)
    state = workflows.adjustment_state(full)
    names = public.marked_names
    paragraphs = list(full.paragraphs.all())
    return render(
        request,
        "staff/adjustment/review.html",
        {
            "protocol": full,
            "meeting": full.meeting,
            "public": public,
            "names": names,
            "rows": [
                _review_row(paragraph, projection, names)
                for paragraph, projection in zip(paragraphs, public.paragraphs, strict=True)
            ],
            "masked_rows": protocol_masked_rows(public),
            "state": state,
            "my_answer": state.answers.get(person.pk),
            "can_answer": full.is_sent_for_adjustment and person.pk not in state.answers,
            "has_examples": any(row.membership.person.is_example for row in public.attendance),
            "form": form,
        },
    )


# --- the secretary ------------------------------------------------------------------------------------------------


@secretary_required
@require_POST
def protocol_send_for_adjustment(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    try:
        workflows.protocol_send_for_adjustment(protocol=protocol, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except QueueUnavailable as exc:
        messages.error(
            request,
            _("Protokollet är inte skickat: mejlen till justerarna kunde inte skickas. %(reason)s")
            % {"reason": exc.message},
        )
    else:
        state = workflows.adjustment_state(Protocol.objects.get(pk=protocol.pk))
        messages.success(
            request,
            _("Protokollet är skickat för justering till %(names)s. De får ett mejl med en länk.")
            % {"names": workflows.approver_names(state.approvers)},
        )
    return _detail(protocol)


@secretary_required
@require_POST
def protocol_withdraw_from_adjustment(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    try:
        workflows.protocol_withdraw_from_adjustment(protocol=protocol, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Protokollet är taget tillbaka och kan ändras. Skicka det för justering igen när det är klart: då "
                "svarar alla justerare på nytt."
            ),
        )
    return _detail(protocol)
