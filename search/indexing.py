"""Building the search index from the domain models: only what citizens may read, in the form they read it.

Each `_index_<kind>(ids)` replaces the entries of the given objects by fresh ones built from those of them that are
public now (so an object that was withdrawn, made secret or deleted simply loses its entries); `ids=None` rebuilds
the whole kind. Which rows are public is the domain's rule (its QuerySets); every title and text is read from the
object's public projection (`meetings/public.py`, `goals/public.py`, `reports/public.py`), never from the model, so
the index — and every snippet shown from it — holds only masked text:

- meetings: every meeting is listed publicly (date, place, status note), with or without an agenda;
- agenda items: public items (`is_public`) of meetings whose agenda is published; a "sekretessärende" never;
- document pages: `Document.objects.public()`, one entry per page of the masked extracted text;
- protocol paragraphs: the public paragraphs of the newest posted version of a meeting's protocol, built through
  `PublicProtocol.paragraphs`, so a name marked once anywhere in the protocol is masked in every paragraph;
- goal areas, indicators, commitments and annual-report sections (drafts included: they are public documents).

On PostgreSQL the vector is computed by the database in one UPDATE per batch (title weight A, text weight B, the
`swedish` configuration); on SQLite it stays NULL and `search.query` falls back to word matching.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from goals.models import Commitment, GoalArea, GoalPeriod, Indicator, Means, Platform, PolicyArea
from goals.public import PublicCommitment, PublicGoalArea, PublicIndicator
from meetings.models import AgendaItem, Body, Document, Meeting, Posting, Protocol, ProtocolParagraph
from meetings.public import PublicAgendaItem, PublicDocument, PublicMeeting, PublicProtocol, protocol_prefetch
from reports.models import AnnualReport, Section
from reports.public import PublicReport, PublicSection

from .models import SearchEntry

Kind = SearchEntry.Kind
BATCH = 500
# Private-use characters that `search.query` asks ts_headline to put around a match; they must never occur in
# indexed text, or a reader's text could open a <mark> of its own.
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"
_STRIP = str.maketrans({HIGHLIGHT_START: None, HIGHLIGHT_STOP: None, "\x00": None})

VECTOR = SearchVector("title", weight="A", config="swedish") + SearchVector("text", weight="B", config="swedish")


def _clean(text: str | None) -> str:
    return (text or "").translate(_STRIP).strip()


def _join(*parts: str | None) -> str:
    return "\n\n".join(part for part in (_clean(p) for p in parts) if part)


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def _replace(kind: str, ids: Iterable[int] | None, entries: list[SearchEntry]) -> None:
    """Delete the entries of `kind` for `ids` (all of them when None) and store `entries` in their place."""
    stale = SearchEntry.objects.filter(kind=kind)
    if ids is not None:
        stale = stale.filter(object_id__in=list(ids))
    stale.delete()
    created = SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
    search_vectors_update([entry.pk for entry in created])


def search_vectors_update(pks: list[int] | None = None) -> None:
    """Compute the weighted Swedish vectors of the given entries (all when None) in the database; PostgreSQL only."""
    if connection.vendor != "postgresql":
        return
    if pks is None:
        SearchEntry.objects.update(search_vector=VECTOR)
        return
    for start in range(0, len(pks), BATCH):
        SearchEntry.objects.filter(pk__in=pks[start : start + BATCH]).update(search_vector=VECTOR)


def _where(ids: Iterable[int] | None, field: str = "pk") -> Q:
    return Q() if ids is None else Q(**{f"{field}__in": list(ids)})


# --- meetings --------------------------------------------------------------------------------------------------------


def _meeting_title(meeting: PublicMeeting) -> str:
    when = formats.date_format(timezone.localtime(meeting.start), "j F Y")
    return _("%(body)s, sammanträde %(date)s") % {"body": meeting.body.name.line, "date": when}


def _index_meetings(ids: Iterable[int] | None) -> None:
    meetings = [PublicMeeting(meeting) for meeting in Meeting.objects.filter(_where(ids)).select_related("body")]
    entries = [
        SearchEntry(
            kind=Kind.MEETING,
            object_id=meeting.pk,
            body_id=meeting.body_id,
            year=timezone.localtime(meeting.start).year,
            date=_local_date(meeting.start),
            title=_clean(_meeting_title(meeting))[:500],
            text=_join(meeting.place, meeting.status_note),
            url=meeting.get_absolute_url(),
        )
        for meeting in meetings
    ]
    _replace(Kind.MEETING, ids, entries)


def _index_agenda_items(ids: Iterable[int] | None) -> None:
    public = AgendaItem.objects.public().filter(_where(ids)).select_related("meeting")
    items = [PublicAgendaItem(item) for item in public]
    entries = [
        SearchEntry(
            kind=Kind.AGENDA_ITEM,
            object_id=item.pk,
            body_id=item.meeting.body_id,
            year=timezone.localtime(item.meeting.start).year,
            date=_local_date(item.meeting.start),
            title=_clean(item.title.line)[:500],
            text=_join(item.case_number, item.proposal),
            url=item.meeting.get_absolute_url(),
        )
        for item in items
        if not item.is_secret  # `public()` leaves them out already; the projection would show only the label
    ]
    _replace(Kind.AGENDA_ITEM, ids, entries)


def _index_documents(ids: Iterable[int] | None) -> None:
    public = Document.objects.public().filter(_where(ids)).select_related("meeting", "agenda_item__meeting")
    entries = []
    for row in public.iterator(chunk_size=200):
        document = PublicDocument.of(row)
        if document is None:
            continue
        # The meeting gives only ids and a date here (body, year): no text of it is indexed with the document.
        meeting = row.meeting or row.agenda_item.meeting
        pages = document.page_texts  # the extracted text, masked
        for number, page_text in enumerate(pages, start=1):
            text = _clean(page_text)
            if not text:
                continue
            title = (
                document.title.line
                if len(pages) == 1
                else _("%(title)s, sida %(page)s") % {"title": document.title.line, "page": number}
            )
            entries.append(
                SearchEntry(
                    kind=Kind.DOCUMENT_PAGE,
                    object_id=document.pk,
                    page=number,
                    body_id=meeting.body_id,
                    year=timezone.localtime(meeting.start).year,
                    date=_local_date(meeting.start),
                    title=_clean(title)[:500],
                    text=text,
                    # PDF viewers open the page named in the fragment (RFC 8118).
                    url=f"{document.get_absolute_url()}#page={number}",
                )
            )
    _replace(Kind.DOCUMENT_PAGE, ids, entries)


def _index_paragraphs(ids: Iterable[int] | None) -> None:
    """The public paragraphs among `ids` of the newest posted versions, each read through its whole protocol's
    projection: a name marked in one paragraph (or in the attendance) is masked in all of them."""
    wanted = None if ids is None else set(ids)
    protocols = (
        Protocol.objects.latest_posted()
        .select_related("meeting", "posting")
        .prefetch_related(*protocol_prefetch())
        .order_by()
    )
    if wanted is not None:
        protocols = protocols.filter(pk__in=ProtocolParagraph.objects.filter(pk__in=wanted).values("protocol_id"))
    entries = []
    for row in protocols:
        protocol = PublicProtocol.of(row)
        if protocol is None:
            continue
        meeting = protocol.meeting
        for paragraph in protocol.paragraphs:
            if paragraph.is_secret or (wanted is not None and paragraph.pk not in wanted):
                continue
            entries.append(
                SearchEntry(
                    kind=Kind.PARAGRAPH,
                    object_id=paragraph.pk,
                    body_id=meeting.body_id,
                    year=timezone.localtime(meeting.start).year,
                    date=_local_date(meeting.start),
                    title=_clean(f"§ {paragraph.number} {paragraph.title.line}")[:500],
                    text=_join(
                        paragraph.case_number,
                        paragraph.matter,
                        paragraph.procedure,
                        *(proposal.text for proposal in paragraph.proposals),
                        paragraph.decision,
                        *(f"{vote.question} {vote.outcome}" for vote in paragraph.votes),
                        paragraph.reservations,
                        *(statement.text for statement in paragraph.statements),
                    ),
                    url=f"{protocol.get_absolute_url()}#paragraf-{paragraph.number}",
                )
            )
    _replace(Kind.PARAGRAPH, ids, entries)


def _meeting_paragraph_ids(meeting_ids: Iterable[int]) -> list[int]:
    return list(ProtocolParagraph.objects.filter(protocol__meeting__in=list(meeting_ids)).values_list("pk", flat=True))


def _index_meeting_tree(meeting_ids: list[int]) -> None:
    """A meeting and everything whose public-ness or date depends on it: items, documents, protocol paragraphs."""
    _index_meetings(meeting_ids)
    _index_agenda_items(AgendaItem.objects.filter(meeting__in=meeting_ids).values_list("pk", flat=True))
    _index_documents(
        Document.objects.filter(Q(meeting__in=meeting_ids) | Q(agenda_item__meeting__in=meeting_ids)).values_list(
            "pk", flat=True
        )
    )
    _index_paragraphs(_meeting_paragraph_ids(meeting_ids))


# --- goals -----------------------------------------------------------------------------------------------------------


def _index_goal_areas(ids: Iterable[int] | None) -> None:
    areas = (
        GoalArea.objects.filter(_where(ids))
        .select_related("period", "strategic_area")
        .prefetch_related(Prefetch("means", queryset=Means.objects.order_by("position", "pk")))
    )
    entries = [
        SearchEntry(
            kind=Kind.GOAL_AREA,
            object_id=area.pk,
            year=area.period.start_year,
            title=_clean(area.statement.line)[:500],
            text=_join(
                area.strategic_area.name if area.strategic_area else "",
                area.means_intro,
                "\n".join(means.text for means in area.means),
            ),
            url=reverse("goals:goal_area", kwargs={"slug": area.slug}),
        )
        for area in (PublicGoalArea(row) for row in areas)
    ]
    _replace(Kind.GOAL_AREA, ids, entries)


def _index_indicators(ids: Iterable[int] | None) -> None:
    entries = [
        SearchEntry(
            kind=Kind.INDICATOR,
            object_id=indicator.pk,
            body_id=indicator.owner_id,
            title=_clean(indicator.name.line)[:500],
            text=_join(indicator.description, "\n".join(indicator.footnotes_list)),
            url=reverse("goals:indicator", kwargs={"slug": indicator.slug}),
        )
        for indicator in (PublicIndicator(row) for row in Indicator.objects.filter(_where(ids)))
    ]
    _replace(Kind.INDICATOR, ids, entries)


def _index_commitments(ids: Iterable[int] | None) -> None:
    commitments = Commitment.objects.filter(_where(ids)).select_related("area__platform")
    entries = []
    for commitment in (PublicCommitment(row) for row in commitments):
        text = _clean(commitment.text)
        title = " ".join(text.split())
        entries.append(
            SearchEntry(
                kind=Kind.COMMITMENT,
                object_id=commitment.pk,
                year=commitment.area.platform.start_year,
                title=title if len(title) <= 200 else title[:199].rsplit(" ", 1)[0] + " …",
                text=_join(commitment.area.name, text),
                url=reverse("goals:commitment", kwargs={"pk": commitment.pk}),
            )
        )
    _replace(Kind.COMMITMENT, ids, entries)


# --- annual reports --------------------------------------------------------------------------------------------------


def _index_report_sections(ids: Iterable[int] | None) -> None:
    sections = Section.objects.filter(_where(ids)).select_related("report__body")
    entries = []
    for row in sections.iterator(chunk_size=500):
        section, report = PublicSection(row), PublicReport(row.report)
        url = reverse("reports:detail", kwargs={"body": report.body.slug, "year": report.year})
        entries.append(
            SearchEntry(
                kind=Kind.REPORT_SECTION,
                object_id=section.pk,
                body_id=report.body_id,
                year=report.year,
                date=_local_date(report.adopted_at),
                title=_clean(f"{section.number.line} {section.heading.line} – {report.title.line}")[:500],
                # The masked Markdown source: its few marks ("- ", "**") are dropped by the text parser as punctuation.
                text=_clean(section.text),
                url=f"{url}#{section.anchor}",
            )
        )
    _replace(Kind.REPORT_SECTION, ids, entries)


# --- entry points ----------------------------------------------------------------------------------------------------


def _ids(queryset: models.QuerySet) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


@transaction.atomic
def search_index_object(obj: models.Model) -> None:
    """Bring the index up to date after `obj` was saved: its own entries and those whose public-ness it decides."""
    if isinstance(obj, Body):
        _index_meetings(_ids(Meeting.objects.filter(body=obj)))  # the body's name is in the meetings' titles
    elif isinstance(obj, Meeting):
        _index_meeting_tree([obj.pk])
    elif isinstance(obj, AgendaItem):
        _index_agenda_items([obj.pk])
        _index_documents(_ids(Document.objects.filter(agenda_item=obj)))  # they follow the item's is_public
    elif isinstance(obj, Document):
        _index_documents([obj.pk])
    elif isinstance(obj, Protocol | Posting):
        meeting_id = obj.meeting_id if isinstance(obj, Protocol) else obj.protocol.meeting_id
        # A newly posted version replaces the previous one's paragraphs; withdrawing a posting removes them.
        _index_paragraphs(_meeting_paragraph_ids([meeting_id]))
    elif isinstance(obj, ProtocolParagraph):
        # A name marked in this paragraph is masked in every other paragraph of the protocol: all of them change.
        _index_paragraphs(_ids(ProtocolParagraph.objects.filter(protocol_id=obj.protocol_id)))
    elif isinstance(obj, GoalArea):
        _index_goal_areas([obj.pk])
    elif isinstance(obj, Means):
        _index_goal_areas([obj.goal_area_id])
    elif isinstance(obj, GoalPeriod):
        _index_goal_areas(_ids(obj.goal_areas.all()))
    elif isinstance(obj, Indicator):
        _index_indicators([obj.pk])
    elif isinstance(obj, Commitment):
        _index_commitments([obj.pk])
    elif isinstance(obj, PolicyArea):
        _index_commitments(_ids(obj.commitments.all()))
    elif isinstance(obj, Platform):
        _index_commitments(_ids(Commitment.objects.filter(area__platform=obj)))
    elif isinstance(obj, AnnualReport):
        _index_report_sections(_ids(obj.sections.all()))
    elif isinstance(obj, Section):
        _index_report_sections([obj.pk])


@transaction.atomic
def search_index_remove(obj: models.Model) -> None:
    """Drop the entries of a deleted object. Cascaded deletions send their own signal, so children follow."""
    kind = {
        Meeting: Kind.MEETING,
        AgendaItem: Kind.AGENDA_ITEM,
        Document: Kind.DOCUMENT_PAGE,
        ProtocolParagraph: Kind.PARAGRAPH,
        GoalArea: Kind.GOAL_AREA,
        Indicator: Kind.INDICATOR,
        Commitment: Kind.COMMITMENT,
        Section: Kind.REPORT_SECTION,
    }.get(type(obj))
    if kind is not None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
    elif isinstance(obj, Posting):
        # The protocol is no longer posted (or an older posted version becomes the newest again).
        _index_paragraphs(_meeting_paragraph_ids([obj.protocol.meeting_id]))
    elif isinstance(obj, Means):
        _index_goal_areas([obj.goal_area_id])


@transaction.atomic
def search_reindex_all() -> dict[str, int]:
    """Rebuild every entry from the domain models; returns the number of entries per kind."""
    for index in (
        _index_meetings,
        _index_agenda_items,
        _index_documents,
        _index_paragraphs,
        _index_goal_areas,
        _index_indicators,
        _index_commitments,
        _index_report_sections,
    ):
        index(None)
    counts = dict(SearchEntry.objects.values_list("kind").annotate(n=models.Count("pk")).order_by())
    return {kind: counts.get(kind, 0) for kind in Kind.values}
