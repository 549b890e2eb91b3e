"""The secretary's protocol editor: write the paragraphs, check the masking, adjust, post, and correct.

Every view admits only secretaries (`secretary_required`) and fetches its object through meetings.access, which
answers 403 for a secretary of another body. The workflows themselves are in meetings.services.protocols; a refusal
from them is shown on the page and nothing is stored.
"""

import unicodedata

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.statutory_time import appeal_last_day, notice_taken_down_on
from orebro_portal.lib.tasks import QueueUnavailable

from ..access import meeting_for_edit, paragraph_for_edit, protocol_for_edit, secretary_required
from ..forms import add_service_errors
from ..forms.protocols import MASKING_HELP, AdjustForm, CorrectionForm, ParagraphForm, ProtocolHeaderForm
from ..history import history_entries
from ..masking import MaskKind, original_text, segments
from ..models import Attendance, Ballot, Posting, Proposal, Protocol, ProtocolParagraph, Statement, Vote
from ..public import PublicParagraph, PublicProtocol, PublicText, paragraph_parts_prefetch
from ..services import protocols as workflows
from ..services.adjustment import adjustment_state
from ..services.attendance import attendance_rows
from .staff import MaskedRow, masked_rows

_PREVIEW_FIELDS = ("matter", "decision", "reservations")


def _detail(protocol: Protocol, anchor: str = ""):
    return redirect(reverse("staff:protocol_detail", args=[protocol.pk]) + anchor)


def _refuse_unless_draft(request, protocol: Protocol):
    """For the editing pages: an adjusted protocol gets no form, only the way back and the reason."""
    if protocol.is_adjusted:
        messages.error(request, _("Protokollet är justerat och kan inte ändras. Gör en rättelse i stället."))
        return _detail(protocol)
    return None


def _newest_version(protocol: Protocol) -> Protocol:
    return protocol.meeting.protocols.order_by("-version").first()


@secretary_required
@require_POST
def protocol_create(request, pk: int):
    meeting = meeting_for_edit(request.user, pk)
    try:
        protocol = workflows.protocol_create(meeting=meeting, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        existing = meeting.protocols.order_by("-version").first()
        if existing is not None:
            return _detail(existing)
        return redirect("staff:meeting_detail", pk=meeting.pk)
    messages.success(
        request,
        _("Protokollet är skapat med en paragraf per ärende. Skriv besluten och kontrollera uppgifterna om närvaro."),
    )
    return _detail(protocol)


@secretary_required
@require_safe
def protocol_detail(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    meeting = protocol.meeting
    versions = list(meeting.protocols.select_related("posting").order_by("version"))
    protocol = next(version for version in versions if version.pk == protocol.pk)
    protocol.meeting = meeting
    paragraphs = (
        protocol.paragraphs.select_related("agenda_item", "forwarded_to__meeting__body")
        .prefetch_related(*paragraph_parts_prefetch())
        .order_by("position", "number")
    )
    return render(
        request,
        "staff/protocol_detail.html",
        {
            "protocol": protocol,
            "meeting": meeting,
            "paragraphs": paragraphs,
            "versions": versions,
            "newest": versions[-1],
            "missing": [] if protocol.is_adjusted else workflows.protocol_missing_for_adjustment(protocol),
            "attendance_rows": attendance_rows(protocol),
            "state": None if protocol.is_adjusted else adjustment_state(protocol),
        },
    )


@secretary_required
@require_http_methods(["GET", "POST"])
def protocol_edit(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    if refused := _refuse_unless_draft(request, protocol):
        return refused
    form = ProtocolHeaderForm(request.POST if request.method == "POST" else None, instance=protocol)
    if form.is_bound and form.is_valid():
        try:
            workflows.protocol_update(
                protocol=protocol, user=request.user, **{field: form.cleaned_data[field] for field in form.Meta.fields}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uppgifterna om protokollet är sparade."))
            return _detail(protocol)
    return render(
        request, "staff/protocol_form.html", {"protocol": protocol, "meeting": protocol.meeting, "form": form}
    )


def _paragraph_form_page(request, form, protocol: Protocol, paragraph: ProtocolParagraph | None, heading: str):
    return render(
        request,
        "staff/protocol_paragraph_form.html",
        {
            "protocol": protocol,
            "meeting": protocol.meeting,
            "paragraph": paragraph,
            "heading": heading,
            "form": form,
            "masking_help": MASKING_HELP,
        },
    )


@secretary_required
@require_http_methods(["GET", "POST"])
def paragraph_create(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    if refused := _refuse_unless_draft(request, protocol):
        return refused
    form = ParagraphForm(
        request.POST if request.method == "POST" else None,
        meeting=protocol.meeting,
        initial={"number": workflows.next_paragraph_number(meeting=protocol.meeting, protocol=protocol)},
    )
    if form.is_bound and form.is_valid():
        try:
            paragraph = workflows.paragraph_add(protocol=protocol, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("§ %(number)s är tillagd.") % {"number": paragraph.number})
            return _detail(protocol, f"#paragraf-{paragraph.pk}")
    return _paragraph_form_page(request, form, protocol, None, _("Lägg till paragraf"))


@secretary_required
@require_http_methods(["GET", "POST"])
def paragraph_edit(request, pk: int):
    paragraph = paragraph_for_edit(request.user, pk)
    protocol = paragraph.protocol
    if refused := _refuse_unless_draft(request, protocol):
        return refused
    # The form changes the instance as it validates; the heading names the paragraph as stored.
    heading = _("Ändra § %(number)s %(title)s") % {"number": paragraph.number, "title": paragraph.title}
    form = ParagraphForm(
        request.POST if request.method == "POST" else None, instance=paragraph, meeting=protocol.meeting
    )
    if form.is_bound and form.is_valid():
        try:
            paragraph = workflows.paragraph_update(paragraph=paragraph, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("§ %(number)s är sparad.") % {"number": paragraph.number})
            return _detail(protocol, f"#paragraf-{paragraph.pk}")
    return _paragraph_form_page(request, form, protocol, paragraph, heading)


@secretary_required
@require_http_methods(["GET", "POST"])
def paragraph_delete(request, pk: int):
    paragraph = paragraph_for_edit(request.user, pk)
    protocol = paragraph.protocol
    if refused := _refuse_unless_draft(request, protocol):
        return refused
    errors = []
    if request.method == "POST":
        try:
            workflows.paragraph_delete(paragraph=paragraph, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("§ %(number)s ”%(title)s” är borttagen.") % {"number": paragraph.number, "title": paragraph.title},
            )
            return _detail(protocol)
    return render(
        request,
        "staff/protocol_paragraph_delete.html",
        {"protocol": protocol, "meeting": protocol.meeting, "paragraph": paragraph, "errors": errors},
    )


# The header texts the preview shows when something in them is masked (the correction note always, when written).
_HEADER_FIELDS = (*PublicProtocol.texts, *PublicProtocol.lists)


def _label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def _preview_row(paragraph: ProtocolParagraph, public: PublicParagraph, names: tuple[str, ...]) -> dict:
    texts = [
        (_label(ProtocolParagraph, field), getattr(paragraph, field), getattr(public, field))
        for field in _PREVIEW_FIELDS
        if getattr(paragraph, field).strip()
    ]
    if any(segment.kind for segment in segments(paragraph.title, names)):
        # The public page masks titles too; shown as a row of its own only when there is something in it to check.
        texts.insert(0, (_label(ProtocolParagraph, "title"), paragraph.title, public.title))
    return {
        "paragraph": paragraph,
        "heading": " ".join(original_text(paragraph.title).split()),
        "texts": texts,
        "title_public": public.title,
    }


def _header_rows(protocol: Protocol, names: tuple[str, ...]) -> list[tuple[str, str, PublicText]]:
    rows = []
    for field in _HEADER_FIELDS:
        text = getattr(protocol, field)
        masked = any(segment.kind for segment in segments(text, names))
        if text.strip() and (masked or field == "correction_note"):
            rows.append((_label(Protocol, field), text, PublicText(text, names)))
    return rows


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def protocol_masked_rows(public: PublicProtocol) -> list[MaskedRow]:
    """Every span masked in what posting makes public: the protocol's header and lists, then each paragraph."""
    rows = masked_rows(_("Protokollet"), public.masked_spans())
    for paragraph in public.paragraphs:
        rows += masked_rows(f"§ {paragraph.number}", paragraph.masked_spans())
    return rows


def _name_notes(protocol: Protocol, paragraphs: list[ProtocolParagraph], public: PublicProtocol) -> list[str]:
    """For each name marked once and masked elsewhere too: how often it is marked and in how many places it is
    masked in what is published."""
    raw = [getattr(protocol, field) for field in _HEADER_FIELDS]
    raw += [getattr(paragraph, field) for paragraph in paragraphs for field in PublicParagraph.texts]
    published = public.masked_spans() + [span for paragraph in public.paragraphs for span in paragraph.masked_spans()]
    notes = []
    for name in public.marked_names:
        key = _fold(name)
        marked = sum(
            1 for text in raw for segment in segments(text or "") if segment.kind and _fold(segment.text) == key
        )
        places = sum(1 for span in published if span.kind == MaskKind.MANUAL and _fold(span.text) == key)
        if places > marked:
            notes.append(
                ngettext(
                    "”%(name)s” är markerad en gång och maskeras på alla %(places)d ställen i protokollet.",
                    "”%(name)s” är markerad %(marked)d gånger och maskeras på alla %(places)d ställen i protokollet.",
                    marked,
                )
                % {"name": name, "marked": marked, "places": places}
            )
    return notes


@secretary_required
@require_safe
def protocol_preview(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    paragraphs = list(protocol.paragraphs.order_by("position", "number"))
    # The posting confirmation previews what posting will publish, so the projection is used before it is posted.
    public = PublicProtocol(protocol)
    projections = {projection.pk: projection for projection in public.paragraphs}
    names = public.marked_names
    # What is published: a secret paragraph shows only its number, so nothing in it counts as masked.
    counts = {MaskKind.IDENTITY: 0, MaskKind.MANUAL: 0}
    for row in protocol_masked_rows(public):
        counts[row.kind] += 1
    return render(
        request,
        "staff/protocol_preview.html",
        {
            "protocol": protocol,
            "meeting": protocol.meeting,
            "names": names,
            "name_notes": _name_notes(protocol, paragraphs, public),
            "header_rows": _header_rows(protocol, names),
            "rows": [_preview_row(paragraph, projections[paragraph.pk], names) for paragraph in paragraphs],
            "counts": {"identity": counts[MaskKind.IDENTITY], "manual": counts[MaskKind.MANUAL]},
        },
    )


@secretary_required
@require_http_methods(["GET", "POST"])
def protocol_adjust(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    if protocol.is_adjusted:
        messages.info(request, _("Protokollet justerades %(date)s.") % {"date": sv_date(protocol.adjusted_on)})
        return _detail(protocol)
    form = AdjustForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            workflows.protocol_adjust(
                protocol=protocol, adjusted_on=form.cleaned_data["adjusted_on"], user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Protokollet är justerat."))
            return _detail(protocol)
    return render(
        request,
        "staff/protocol_adjust.html",
        {
            "protocol": protocol,
            "meeting": protocol.meeting,
            "form": form,
            # Shown before the first attempt; after one, the refusal lists the same sentences.
            "missing": [] if form.is_bound else workflows.protocol_missing_for_adjustment(protocol),
        },
    )


@secretary_required
@require_http_methods(["GET", "POST"])
def protocol_post(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    if not protocol.is_adjusted:
        messages.error(request, _("Protokollet måste justeras innan det kan anslås."))
        return _detail(protocol)
    if protocol.is_posted:
        messages.info(request, _("Protokollet är redan anslaget."))
        return _detail(protocol)
    errors = []
    if request.method == "POST":
        try:
            posting = workflows.protocol_post(protocol=protocol, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        except QueueUnavailable as exc:
            # The posting was undone: this page, with its button, is where to post again.
            errors = [
                _("Protokollet är inte anslaget: mejlen till dem som bevakar organet kunde inte skickas. %(reason)s")
                % {"reason": exc.message}
            ]
        else:
            messages.success(
                request,
                _("Protokollet är anslaget på anslagstavlan. Sista dag för överklagande är %(date)s.")
                % {"date": sv_date(posting.appeal_last_day)},
            )
            return _detail(protocol)
    today = timezone.localdate()
    return render(
        request,
        "staff/protocol_post.html",
        {
            "protocol": protocol,
            "meeting": protocol.meeting,
            "errors": errors,
            "posted_on": today,
            "appeal_last_day": appeal_last_day(today),
            "taken_down_on": notice_taken_down_on(today),
            # Not posted yet, so `PublicProtocol.of` would say None: this previews what posting will publish.
            "masked_rows": protocol_masked_rows(PublicProtocol(protocol)),
        },
    )


@secretary_required
@require_http_methods(["GET", "POST"])
def protocol_correct(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    if not protocol.is_posted:
        messages.error(request, _("Bara ett anslaget protokoll kan rättas. Ändra utkastet direkt i stället."))
        return _detail(protocol)
    newest = _newest_version(protocol)
    if newest.pk != protocol.pk:
        messages.error(
            request,
            _("Det finns redan en nyare version (version %(version)s) av protokollet.") % {"version": newest.version},
        )
        return _detail(newest)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            correction = workflows.protocol_correct(
                protocol=protocol, note=form.cleaned_data["correction_note"], user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s är skapad som utkast. Version %(old)s ligger kvar på webbplatsen tills "
                    "den nya versionen är justerad och anslagen."
                )
                % {"version": correction.version, "old": protocol.version},
            )
            return _detail(correction)
    return render(
        request, "staff/protocol_correct.html", {"protocol": protocol, "meeting": protocol.meeting, "form": form}
    )


@secretary_required
@require_safe
def protocol_history(request, pk: int):
    protocol = protocol_for_edit(request.user, pk)
    meeting = protocol.meeting
    versions = dict(meeting.protocols.values_list("pk", "version"))
    labels = {}
    if len(versions) > 1:
        # With several versions, "§ 12" alone would not say which version's paragraph changed.
        labels[ProtocolParagraph] = lambda record: (
            _("Paragraf § %(number)s, version %(version)s")
            % {
                "number": record.number,
                "version": versions.get(record.protocol_id, "?"),
            }
        )
    # A paragraph's proposals, votes and statements are named with its § (of any version, deleted ones too).
    numbers = dict(ProtocolParagraph.history.filter(protocol_id__in=list(versions)).values_list("id", "number"))
    vote_ids = list(Vote.history.filter(paragraph_id__in=list(numbers)).values_list("id", flat=True).distinct())
    for model, label in (
        (Proposal, _("Yrkande i § %(number)s")),
        (Vote, _("Omröstning i § %(number)s")),
        (Statement, _("Reservation eller protokollsanteckning i § %(number)s")),
    ):
        labels[model] = lambda record, label=label: label % {"number": numbers.get(record.paragraph_id, "?")}
    entries = history_entries(
        Protocol.history.filter(meeting=meeting),
        ProtocolParagraph.history.filter(protocol_id__in=list(versions)),
        Attendance.history.filter(protocol_id__in=list(versions)),
        Proposal.history.filter(paragraph_id__in=list(numbers)),
        Vote.history.filter(paragraph_id__in=list(numbers)),
        Ballot.history.filter(vote_id__in=vote_ids),
        Statement.history.filter(paragraph_id__in=list(numbers)),
        Posting.history.filter(protocol_id__in=list(versions)),
        labels=labels,
    )
    return render(
        request,
        "staff/protocol_history.html",
        {"protocol": protocol, "meeting": meeting, "entries": entries},
    )
