"""The secretary's pages for a paragraph's yrkanden, omröstningar, reservationer and protokollsanteckningar
(/redigera/paragrafer/<id>/beslut/ and the forms under it).

Every view admits only secretaries (`secretary_required`) and checks the paragraph's body on the server, for GET and
POST: another body's paragraph, proposal, vote or statement answers 403. The rules are in meetings.services.votes;
a refusal is shown at the field it concerns and nothing is stored. A protocol that is not a draft (sent for
justering, adjusted) is read-only here.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..access import paragraph_for_edit, paragraph_part_for_edit, secretary_required
from ..forms import add_service_errors
from ..forms.protocols import MASKING_HELP
from ..forms.votes import ProposalForm, StatementForm, VoteForm
from ..models import Ballot, Proposal, Protocol, ProtocolParagraph, Statement, Vote
from ..services import votes as workflows
from ..services.votes import COUNTS, LABELS, Roll

_MEMBER = ("membership__person", "membership__party")


def _parts_url(paragraph: ProtocolParagraph, anchor: str = "") -> str:
    return reverse("staff:paragraph_parts", args=[paragraph.pk]) + anchor


def _refuse_unless_draft(request, paragraph: ProtocolParagraph):
    """For the forms: only a draft changes; otherwise the way back to the read-only page, with the reason."""
    protocol = paragraph.protocol
    if protocol.status == Protocol.Status.DRAFT:
        return None
    if protocol.is_adjusted:
        messages.error(request, _("Protokollet är justerat och kan inte ändras. Gör en rättelse i stället."))
    else:
        messages.error(request, _("Protokollet är skickat för justering och kan inte ändras. Ta tillbaka det först."))
    return redirect(_parts_url(paragraph))


def _context(paragraph: ProtocolParagraph, **extra) -> dict:
    protocol = paragraph.protocol
    return {"paragraph": paragraph, "protocol": protocol, "meeting": protocol.meeting, **extra}


@secretary_required
@require_safe
def paragraph_parts(request, pk: int):
    paragraph = paragraph_for_edit(request.user, pk)
    protocol = paragraph.protocol
    roll = Roll.of(protocol)
    paragraph = (
        ProtocolParagraph.objects.select_related("protocol__meeting__body")
        .prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.select_related(*_MEMBER)),
            Prefetch(
                "votes",
                queryset=Vote.objects.prefetch_related(
                    Prefetch("ballots", queryset=Ballot.objects.select_related(*_MEMBER))
                ),
            ),
            Prefetch("statements", queryset=Statement.objects.select_related(*_MEMBER)),
        )
        .get(pk=paragraph.pk)
    )
    siblings = list(protocol.paragraphs.order_by("position", "number").values_list("pk", "number"))
    index = next(i for i, (sibling, _number) in enumerate(siblings) if sibling == paragraph.pk)
    return render(
        request,
        "staff/paragraph_parts.html",
        _context(
            paragraph,
            editable=protocol.status == Protocol.Status.DRAFT,
            serving=roll.serving(paragraph.number),
            present=roll.present(paragraph.number),
            has_roll=bool(roll),
            problems=workflows.paragraph_parts_missing(protocol=protocol, paragraphs=[paragraph]),
            previous=siblings[index - 1] if index > 0 else None,
            next=siblings[index + 1] if index + 1 < len(siblings) else None,
        ),
    )


def _form_page(request, template: str, paragraph: ProtocolParagraph, form, heading: str, **extra):
    return render(
        request,
        template,
        _context(paragraph, form=form, heading=heading, masking_help=MASKING_HELP, **extra),
    )


# --- proposals ------------------------------------------------------------------------------------------------------


@secretary_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, pk: int):
    paragraph = paragraph_for_edit(request.user, pk)
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    form = ProposalForm(
        request.POST if request.method == "POST" else None, paragraph=paragraph, roll=Roll.of(paragraph.protocol)
    )
    if form.is_bound and form.is_valid():
        try:
            workflows.proposal_add(paragraph=paragraph, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Yrkandet är tillagt i § %(number)s.") % {"number": paragraph.number})
            return redirect(_parts_url(paragraph, "#yrkanden"))
    heading = _("Lägg till yrkande i § %(number)s") % {"number": paragraph.number}
    return _form_page(request, "staff/votes/proposal_form.html", paragraph, form, heading)


@secretary_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    proposal = paragraph_part_for_edit(Proposal, request.user, pk)
    paragraph = proposal.paragraph
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    form = ProposalForm(
        request.POST if request.method == "POST" else None,
        paragraph=paragraph,
        roll=Roll.of(paragraph.protocol),
        current=proposal.membership,
        initial={"membership": proposal.membership_id, "text": proposal.text},
    )
    if form.is_bound and form.is_valid():
        try:
            workflows.proposal_update(proposal=proposal, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Yrkandet i § %(number)s är sparat.") % {"number": paragraph.number})
            return redirect(_parts_url(paragraph, "#yrkanden"))
    heading = _("Ändra yrkande i § %(number)s") % {"number": paragraph.number}
    return _form_page(request, "staff/votes/proposal_form.html", paragraph, form, heading, proposal=proposal)


def _delete_page(request, paragraph, *, heading: str, what: str, button: str, errors: list[str]):
    return render(
        request,
        "staff/votes/delete.html",
        _context(paragraph, heading=heading, what=what, button=button, errors=errors),
    )


@secretary_required
@require_http_methods(["GET", "POST"])
def proposal_delete(request, pk: int):
    proposal = paragraph_part_for_edit(Proposal, request.user, pk)
    paragraph = proposal.paragraph
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    errors = []
    if request.method == "POST":
        try:
            workflows.proposal_delete(proposal=proposal, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Yrkandet i § %(number)s är borttaget.") % {"number": paragraph.number})
            return redirect(_parts_url(paragraph, "#yrkanden"))
    who = workflows.member_label(proposal.membership) if proposal.membership_id else _("ingen ledamot")
    return _delete_page(
        request,
        paragraph,
        heading=_("Ta bort yrkandet i § %(number)s?") % {"number": paragraph.number},
        what=_("Yrkande av %(who)s: ”%(text)s”") % {"who": who, "text": " ".join(proposal.text.split())},
        button=_("Ta bort yrkandet"),
        errors=errors,
    )


# --- votes ----------------------------------------------------------------------------------------------------------


def _vote_service_errors(form: VoteForm, exc: ValidationError) -> None:
    """The sum of the counts belongs to the three fields together: shown in their fieldset, the rest by field."""
    if hasattr(exc, "error_dict") and COUNTS in exc.error_dict:
        errors = dict(exc.error_dict)
        prefix = f"{LABELS['vote.counts']}: "
        form.set_counts_errors(
            [capfirst(message.removeprefix(prefix)) for message in ValidationError(errors.pop(COUNTS)).messages]
        )
        if not errors:
            return
        exc = ValidationError(errors)
    add_service_errors(form, exc)


def _vote_form_page(request, paragraph, form: VoteForm, heading: str, roll: Roll, vote: Vote | None = None):
    return _form_page(
        request,
        "staff/votes/vote_form.html",
        paragraph,
        form,
        heading,
        vote=vote,
        serving_count=len(roll.serving(paragraph.number)),
        has_roll=bool(roll),
    )


@secretary_required
@require_http_methods(["GET", "POST"])
def vote_create(request, pk: int):
    paragraph = paragraph_for_edit(request.user, pk)
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    roll = Roll.of(paragraph.protocol)
    form = VoteForm(request.POST if request.method == "POST" else None, paragraph=paragraph, roll=roll)
    if form.is_bound and form.is_valid():
        try:
            workflows.vote_record(paragraph=paragraph, user=request.user, **form.service_arguments())
        except ValidationError as exc:
            _vote_service_errors(form, exc)
        else:
            messages.success(request, _("Omröstningen i § %(number)s är registrerad.") % {"number": paragraph.number})
            return redirect(_parts_url(paragraph, "#omrostningar"))
    heading = _("Registrera omröstning i § %(number)s") % {"number": paragraph.number}
    return _vote_form_page(request, paragraph, form, heading, roll)


@secretary_required
@require_http_methods(["GET", "POST"])
def vote_edit(request, pk: int):
    vote = paragraph_part_for_edit(Vote, request.user, pk)
    paragraph = vote.paragraph
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    roll = Roll.of(paragraph.protocol)
    form = VoteForm(
        request.POST if request.method == "POST" else None,
        paragraph=paragraph,
        roll=roll,
        vote=vote,
        initial={
            field: getattr(vote, field)
            for field in ("question", "is_secret", "yes_count", "no_count", "abstain_count", "outcome")
        },
    )
    if form.is_bound and form.is_valid():
        try:
            workflows.vote_update(vote=vote, user=request.user, **form.service_arguments())
        except ValidationError as exc:
            _vote_service_errors(form, exc)
        else:
            messages.success(request, _("Omröstningen i § %(number)s är sparad.") % {"number": paragraph.number})
            return redirect(_parts_url(paragraph, "#omrostningar"))
    heading = _("Ändra omröstning i § %(number)s") % {"number": paragraph.number}
    return _vote_form_page(request, paragraph, form, heading, roll, vote=vote)


@secretary_required
@require_http_methods(["GET", "POST"])
def vote_delete(request, pk: int):
    vote = paragraph_part_for_edit(Vote, request.user, pk)
    paragraph = vote.paragraph
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    errors = []
    if request.method == "POST":
        try:
            workflows.vote_delete(vote=vote, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Omröstningen i § %(number)s är borttagen.") % {"number": paragraph.number})
            return redirect(_parts_url(paragraph, "#omrostningar"))
    return _delete_page(
        request,
        paragraph,
        heading=_("Ta bort omröstningen i § %(number)s?") % {"number": paragraph.number},
        what=_("”%(question)s”: %(yes)s ja, %(no)s nej, %(abstain)s avstår. Rösterna per ledamot tas bort med den.")
        % {
            "question": " ".join(vote.question.split()),
            "yes": vote.yes_count,
            "no": vote.no_count,
            "abstain": vote.abstain_count,
        },
        button=_("Ta bort omröstningen"),
        errors=errors,
    )


# --- reservations and protokollsanteckningar ------------------------------------------------------------------------


@secretary_required
@require_http_methods(["GET", "POST"])
def statement_create(request, pk: int, kind: str):
    paragraph = paragraph_for_edit(request.user, pk)
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    form = StatementForm(
        request.POST if request.method == "POST" else None,
        paragraph=paragraph,
        roll=Roll.of(paragraph.protocol),
        initial={"kind": kind},
    )
    if form.is_bound and form.is_valid():
        try:
            statement = workflows.statement_add(paragraph=paragraph, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s av %(name)s är tillagd i § %(number)s.")
                % {
                    "kind": statement.get_kind_display(),
                    "name": workflows.member_label(statement.membership),
                    "number": paragraph.number,
                },
            )
            return redirect(_parts_url(paragraph, "#reservationer"))
    if kind == Statement.Kind.NOTE:
        heading = _("Lägg till protokollsanteckning i § %(number)s") % {"number": paragraph.number}
    else:
        heading = _("Lägg till reservation i § %(number)s") % {"number": paragraph.number}
    return _form_page(request, "staff/votes/statement_form.html", paragraph, form, heading)


@secretary_required
@require_http_methods(["GET", "POST"])
def statement_edit(request, pk: int):
    statement = paragraph_part_for_edit(Statement, request.user, pk)
    paragraph = statement.paragraph
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    form = StatementForm(
        request.POST if request.method == "POST" else None,
        paragraph=paragraph,
        roll=Roll.of(paragraph.protocol),
        current=statement.membership,
        initial={"kind": statement.kind, "membership": statement.membership_id, "text": statement.text},
    )
    if form.is_bound and form.is_valid():
        try:
            statement = workflows.statement_update(statement=statement, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s av %(name)s i § %(number)s är sparad.")
                % {
                    "kind": statement.get_kind_display(),
                    "name": workflows.member_label(statement.membership),
                    "number": paragraph.number,
                },
            )
            return redirect(_parts_url(paragraph, "#reservationer"))
    heading = _("Ändra %(kind)s i § %(number)s") % {
        "kind": statement.get_kind_display().lower(),
        "number": paragraph.number,
    }
    return _form_page(request, "staff/votes/statement_form.html", paragraph, form, heading, statement=statement)


@secretary_required
@require_http_methods(["GET", "POST"])
def statement_delete(request, pk: int):
    statement = paragraph_part_for_edit(Statement, request.user, pk)
    paragraph = statement.paragraph
    if refused := _refuse_unless_draft(request, paragraph):
        return refused
    errors = []
    if request.method == "POST":
        try:
            workflows.statement_delete(statement=statement, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("%(kind)s av %(name)s i § %(number)s är borttagen.")
                % {
                    "kind": statement.get_kind_display(),
                    "name": workflows.member_label(statement.membership),
                    "number": paragraph.number,
                },
            )
            return redirect(_parts_url(paragraph, "#reservationer"))
    return _delete_page(
        request,
        paragraph,
        heading=_("Ta bort %(kind)s av %(name)s i § %(number)s?")
        % {
            "kind": statement.get_kind_display().lower(),
            "name": workflows.member_label(statement.membership),
            "number": paragraph.number,
        },
        what=" ".join(statement.text.split()) or _("(utan text)"),
        button=_("Ta bort %(kind)s") % {"kind": statement.get_kind_display().lower()},
        errors=errors,
    )
