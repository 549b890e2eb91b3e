"""The secretary's staff area for meetings, agendas and documents (/redigera/).

Every view is behind `secretary_required` and gets its object through `meetings.access`, which answers 403 for a
secretary of another body. Forms validate; services change the data; a refused change leaves everything as it was.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import access, services
from ..forms import add_service_errors
from ..forms.staff import (
    AgendaItemForm,
    AgendaPublishForm,
    CancelForm,
    DocumentEditForm,
    DocumentUploadForm,
    MeetingArchiveForm,
    MeetingForm,
    MoveForm,
)
from ..masking import LABELS, MaskKind
from ..models import AgendaItem, Body, Document, Meeting, Protocol, ProtocolParagraph, case_number_search
from ..public import MaskedSpan, PublicAgendaItem, PublicDocument, PublicMeeting

MEETINGS_PER_BODY = 8
ARCHIVE_PER_PAGE = 25


@dataclass(frozen=True)
class MaskedRow:
    """One line of a confirmation's masking list: "Ärende 3, Förslag till beslut: 811218-9876 → [personnummer
    maskerat]". Staff only: it shows what the public will not see."""

    where: str
    field: str
    text: str
    kind: MaskKind

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


def masked_rows(where: str, spans: Iterable[MaskedSpan]) -> list[MaskedRow]:
    return [MaskedRow(where, span.where, " ".join(span.text.split()), span.kind) for span in spans]


def agenda_masked_rows(meeting: Meeting, items: list[AgendaItem]) -> list[MaskedRow]:
    """Every span masked in what publishing the agenda makes public: the meeting, each item, each published
    document's title. Built from the public projections, so the list says what citizens will get."""
    rows = masked_rows(_("Sammanträdet"), PublicMeeting(meeting).masked_spans())
    documents_of: dict[int | None, list[Document]] = {}
    for document in Document.objects.published_for(meeting).order_by("created_at", "pk"):
        documents_of.setdefault(document.agenda_item_id, []).append(document)
    for document in documents_of.get(None, []):
        rows += _document_rows(document, "")
    for item in items:
        public = PublicAgendaItem(item)
        number = public.number.line
        rows += masked_rows(_("Ärende %(number)s") % {"number": number}, public.masked_spans())
        for document in documents_of.get(item.pk, []):  # a secret item's are not among them: they stay unpublished
            rows += _document_rows(document, number)
    return rows


def _document_rows(document: Document, item_number: str) -> list[MaskedRow]:
    public = PublicDocument(document)
    where = _("Handlingen ”%(title)s”") % {"title": public.title.line}
    if item_number:
        where = _("%(document)s i ärende %(number)s") % {"document": where, "number": item_number}
    return masked_rows(where, public.masked_spans())


def _with_states(meetings):
    """What the dashboard's tables say of each meeting: its items, and where its protocol stands."""
    return meetings.annotate(
        item_count=Count("items", distinct=True),
        protocol_version=Max("protocols__version"),
        draft_count=Count("protocols", filter=Q(protocols__adjusted_on__isnull=True), distinct=True),
        posted_count=Count("protocols__posting", distinct=True),
    )


def _text_match(q: str) -> Q:
    """An item or paragraph whose title or diarienummer holds `q`; a diarienummer typed in any notation ("ks 181/22",
    "KS-181-2022") finds its case."""
    match = Q(title__icontains=q) | Q(case_number__icontains=q)
    number = case_number_search(q)
    if number is not None:
        match |= Q(case__key=number.key)
    return match


def _archive(request, bodies_qs, bodies: list[Body]) -> dict:
    """Every meeting of the user's bodies, newest first, by body and year and searched, 25 a page."""
    meetings = Meeting.objects.filter(body__in=bodies)
    years = list(
        meetings.annotate(year=ExtractYear("start")).values_list("year", flat=True).distinct().order_by("-year")
    )
    form = MeetingArchiveForm(request.GET or None, bodies=bodies_qs, years=years)
    q, match = "", None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["organ"] is not None:
            meetings = meetings.filter(body=data["organ"])
        if data["ar"] is not None:
            meetings = meetings.filter(start__year=data["ar"])
        q = data["q"].strip()
        if q:
            match = _text_match(q)  # once: it parses the text as a case number too
            meetings = meetings.filter(
                Exists(AgendaItem.objects.filter(match, meeting=OuterRef("pk")))
                | Exists(ProtocolParagraph.objects.filter(match, protocol__meeting=OuterRef("pk")))
            )
    elif form.is_bound:
        meetings = meetings.none()  # the form says what is wrong; no list that looks like an answer
    meetings = _with_states(meetings.select_related("body")).order_by("-start", "-pk")
    if match is not None:
        meetings = meetings.prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.filter(match).order_by("position"), to_attr="matches"),
            Prefetch(
                "protocols",
                queryset=Protocol.objects.prefetch_related(
                    Prefetch(
                        "paragraphs",
                        queryset=ProtocolParagraph.objects.filter(match).order_by("position", "number"),
                        to_attr="matches",
                    )
                ).order_by("version"),
                to_attr="protocol_versions",
            ),
        )
    page = Paginator(meetings, ARCHIVE_PER_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return {"archive_form": form, "archive": page, "archive_query": query.urlencode(), "archive_q": q}


@require_safe
@access.secretary_required
def dashboard(request):
    bodies_qs = access.editable_bodies(request.user).order_by("position", "name")
    bodies = list(bodies_qs)
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    meetings = _with_states(
        Meeting.objects.filter(body__in=bodies, start__gte=today_start - dt.timedelta(days=60))
    ).order_by("start")
    by_body: dict[int, list[Meeting]] = {body.pk: [] for body in bodies}
    for meeting in meetings:
        if len(by_body[meeting.body_id]) < MEETINGS_PER_BODY:
            by_body[meeting.body_id].append(meeting)
    for body in bodies:
        body.recent_meetings = by_body[body.pk]
    return render(
        request,
        "staff/dashboard.html",
        {"bodies": bodies, **_archive(request, bodies_qs, bodies)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def meeting_create(request):
    bodies = access.editable_bodies(request.user)
    initial = {}
    chosen = bodies.filter(slug=request.GET.get("organ", "")).first()
    if chosen is None and bodies.count() == 1:
        chosen = bodies.first()
    if chosen is not None:
        initial = {
            "body": chosen,
            "start_time": chosen.default_start_time,
            "place": chosen.default_place,
            "is_public": chosen.meetings_public,
        }
    form = MeetingForm(request.POST or None, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                body=data["body"],
                start=data["start"],
                end=data["end"],
                place=data["place"],
                is_public=data["is_public"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sammanträdet är skapat. Lägg nu till ärenden och handlingar."))
            return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(request, "staff/meeting_form.html", {"form": form, "meeting": None})


@require_safe
@access.secretary_required
def meeting_detail(request, pk):
    meeting = access.meeting_for_edit(request.user, pk)
    documents = Document.objects.order_by("created_at", "pk")
    items = list(meeting.items.prefetch_related(Prefetch("documents", queryset=documents)))
    meeting_documents = list(meeting.documents.order_by("created_at", "pk"))
    for document in [*meeting_documents, *(document for item in items for document in item.documents.all())]:
        # The service's sentence, shown beside a document whose unread pages must be confirmed before publishing.
        document.unread_risk = (
            services.document_unread_pages_risk(document) if document.needs_unread_pages_confirmation else ""
        )
    protocols = list(meeting.protocols.select_related("posting").order_by("version"))
    return render(
        request,
        "staff/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "meeting_documents": meeting_documents,
            "protocols": protocols,
            "draft": next((p for p in protocols if not p.is_adjusted), None),
            "latest_posted": next((p for p in reversed(protocols) if p.is_posted), None),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def meeting_edit(request, pk):
    meeting = access.meeting_for_edit(request.user, pk)
    local_start = timezone.localtime(meeting.start)
    initial = {
        "day": local_start.date(),
        "start_time": local_start.time(),
        "end_time": timezone.localtime(meeting.end).time() if meeting.end else None,
        "place": meeting.place,
        "is_public": meeting.is_public,
    }
    form = MeetingForm(request.POST or None, bodies=Body.objects.none(), meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                meeting=meeting, start=data["start"], end=data["end"], place=data["place"], is_public=data["is_public"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(request, "staff/meeting_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def meeting_cancel(request, pk):
    meeting = access.meeting_for_edit(request.user, pk)
    form = CancelForm(request.POST or None, initial={"reason": meeting.status_note})
    if request.method == "POST" and form.is_valid():
        services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"])
        messages.success(request, _("Sammanträdet är inställt. Meddelandet visas för allmänheten."))
        return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(request, "staff/meeting_cancel.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def meeting_move(request, pk):
    meeting = access.meeting_for_edit(request.user, pk)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_move(meeting=meeting, start=data["start"], end=data["end"], reason=data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sammanträdet är flyttat. Meddelandet visas för allmänheten."))
            return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(request, "staff/meeting_move.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def agenda_publish(request, pk):
    meeting = access.meeting_for_edit(request.user, pk)
    errors = []
    # A council's agenda is announced on the notice board a week ahead, unless the secretary says it is urgent.
    form = AgendaPublishForm(
        request.POST if request.method == "POST" else None, council=meeting.body.kind == Body.Kind.COUNCIL
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_publish(meeting=meeting, urgent=form.cleaned_data.get("urgent", False))
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Ärendelistan är publicerad."))
            return redirect("staff:meeting_detail", pk=meeting.pk)
    items = list(
        meeting.items.annotate(document_count=Count("documents", filter=Q(documents__is_published=True))).order_by(
            "position"
        )
    )
    documents = list(meeting.documents.filter(is_published=True).order_by("created_at", "pk"))
    return render(
        request,
        "staff/agenda_publish.html",
        {
            "meeting": meeting,
            # "Visas som" shows what citizens will read: the projection, masked.
            "items": [(item, PublicAgendaItem(item)) for item in items],
            "documents": [PublicDocument(document) for document in documents],
            "masked_rows": agenda_masked_rows(meeting, items),
            "errors": errors,
            "form": form,
        },
    )


@require_safe
@access.secretary_required
def meeting_history(request, pk):
    from ..history import history_entries  # written alongside; imported here so the URLconf loads without it

    meeting = access.meeting_for_edit(request.user, pk)
    entries = history_entries(
        Meeting.history.filter(id=meeting.pk),
        AgendaItem.history.filter(meeting_id=meeting.pk),
        Document.history.filter(Q(meeting_id=meeting.pk) | Q(agenda_item_id__in=_item_ids_ever(meeting))),
    )
    return render(request, "staff/meeting_history.html", {"meeting": meeting, "entries": entries})


def _item_ids_ever(meeting: Meeting) -> list[int]:
    """Items of the meeting, deleted ones included (their documents' history still belongs here)."""
    return list(AgendaItem.history.filter(meeting_id=meeting.pk).values_list("id", flat=True).distinct())


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def item_create(request, pk):
    meeting = access.meeting_for_edit(request.user, pk)
    next_number = str(meeting.items.count() + 1)
    form = AgendaItemForm(request.POST or None, meeting=meeting, initial={"number": next_number, "is_public": True})
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in AgendaItemForm.Meta.fields}
        try:
            services.agenda_item_add(meeting=meeting, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ärendet är tillagt."))
            if "another" in request.POST:
                return redirect("staff:item_create", pk=meeting.pk)
            return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(request, "staff/item_form.html", {"form": form, "meeting": meeting, "item": None})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def item_edit(request, pk):
    item = access.agenda_item_for_edit(request.user, pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in AgendaItemForm.Meta.fields}
        try:
            services.agenda_item_update(item=item, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ärendet är sparat."))
            return redirect("staff:meeting_detail", pk=item.meeting_id)
    return render(request, "staff/item_form.html", {"form": form, "meeting": item.meeting, "item": item})


@require_POST
@access.secretary_required
def item_move(request, pk):
    item = access.agenda_item_for_edit(request.user, pk)
    services.agenda_item_move(item=item, up=request.POST.get("direction") == "up")
    return redirect(f"{_meeting_url(item.meeting_id)}#arende-{item.pk}")


def _meeting_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("staff:meeting_detail", kwargs={"pk": pk})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def item_delete(request, pk):
    item = access.agenda_item_for_edit(request.user, pk)
    if request.method == "POST":
        services.agenda_item_delete(item=item)
        messages.success(request, _("Ärendet ”%(title)s” är borttaget.") % {"title": item.title})
        return redirect("staff:meeting_detail", pk=item.meeting_id)
    return render(request, "staff/item_delete.html", {"item": item, "meeting": item.meeting})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def document_create(request, pk):
    meeting = access.meeting_for_edit(request.user, pk)
    initial = {"agenda_item": request.GET.get("arende")}
    form = DocumentUploadForm(request.POST or None, request.FILES or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = data["agenda_item"]
        try:
            document = services.document_add(
                title=data["title"],
                kind=data["kind"],
                content=data["file"].read(),
                meeting=None if item else meeting,
                agenda_item=item,
                is_published=data["is_published"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Handlingen ”%(title)s” är uppladdad.") % {"title": data["title"]})
            for notice in document.notices:  # what was removed from the file; the text not yet queued for reading
                messages.warning(request, notice)
            return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(request, "staff/document_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def document_edit(request, pk):
    document = access.document_for_edit(request.user, pk)
    meeting = document.meeting or document.agenda_item.meeting
    form = DocumentEditForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document.refresh_from_db()  # the form wrote into the instance; the service compares with what is stored
        try:
            services.document_update(
                document=document, title=data["title"], kind=data["kind"], is_published=data["is_published"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Handlingen är sparad."))
            return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(request, "staff/document_edit.html", {"form": form, "document": document, "meeting": meeting})


@require_http_methods(["GET", "HEAD", "POST"])
@access.secretary_required
def document_delete(request, pk):
    document = access.document_for_edit(request.user, pk)
    meeting = document.meeting or document.agenda_item.meeting
    if request.method == "POST":
        services.document_delete(document=document)
        messages.success(request, _("Handlingen ”%(title)s” är borttagen.") % {"title": document.title})
        return redirect("staff:meeting_detail", pk=meeting.pk)
    return render(request, "staff/document_delete.html", {"document": document, "meeting": meeting})


@require_safe
@access.secretary_required
def document_file(request, pk):
    """The stored file, for staff, published or not; private caching only."""
    document = access.document_for_edit(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=document.content_type, filename=document.filename)
    response["Cache-Control"] = "private, no-store"
    return response
