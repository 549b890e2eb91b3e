"""The digital notice board (anslagstavla), Kommunallagen 8 kap. 9–12 §: what is posted today, one notice, the
archive of what has been taken down, and the permanent text on how to appeal.

Everything reaches the templates through the public projections (`meetings.public`): a posting's protocol, a
notice's masked texts, a council meeting's published agenda with secret items as "Sekretessärende". What is on the
board is decided by the querysets (`Posting.objects.current()`, `Notice.objects.current()`): posted, and not yet
taken down by the periodic task. See docs/0016-notice-board.md.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from datetime import date
from itertools import chain

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from orebro_portal.lib import params

from ..case_steps import with_public_case
from ..models import AgendaItem, Notice, Posting, case_number_parse, case_number_search
from ..public import PublicNotice, PublicPosting, project
from ..services.notices import meeting_notice_last_day

logger = logging.getLogger(__name__)

ARCHIVE_PER_PAGE = 25
PDF_CONTENT_TYPE = "application/pdf"


def _notices(queryset) -> list[PublicNotice]:
    """Notices with what their projections read, in a fixed number of queries: body, meeting, case and the published
    agendas of council meetings (their matters)."""
    items = AgendaItem.objects.select_related("case").order_by("position")
    rows = with_public_case(queryset.select_related("body", "meeting__body", "case")).prefetch_related(
        Prefetch("meeting__items", queryset=items, to_attr="agenda_items")
    )
    return project(PublicNotice, rows)


@dataclass
class NoticeRow:
    """A notice as a row of the board: the projection, and what the templates need that the projection lacks."""

    notice: PublicNotice
    is_late: bool = False
    # A council meeting's agenda changed after its notice was posted: the notice shows the agenda as it is now, so
    # it says so, with the day, rather than let a matter added later read as announced on the posting day.
    agenda_changed_on: date | None = None


def _row(notice: PublicNotice) -> NoticeRow:
    is_late, changed_on = False, None
    if notice.meeting is not None:
        is_late = notice.posted_on > meeting_notice_last_day(notice.meeting)
        changed_at = notice.meeting.agenda_changed_at
        if changed_at is not None and changed_at > notice.created_at:
            changed_on = timezone.localdate(changed_at)
    return NoticeRow(notice, is_late=is_late, agenda_changed_on=changed_on)


@require_safe
def notice_board(request):
    today = timezone.localdate()
    postings = Posting.objects.current(today).select_related("protocol__meeting__body").order_by("-posted_on", "-pk")
    notices = [_row(notice) for notice in _notices(Notice.objects.current(today).order_by("posted_on", "pk"))]
    meetings = sorted(
        (row for row in notices if row.notice.kind == Notice.Kind.MEETING), key=lambda row: row.notice.meeting.start
    )
    return render(
        request,
        "meetings/notice_board.html",
        {
            "today": today,
            "current": project(PublicPosting, postings),
            "meeting_notices": meetings,
            "delegation_notices": [row for row in notices if row.notice.kind == Notice.Kind.DELEGATION][::-1],
            "other_notices": [row for row in notices if row.notice.kind == Notice.Kind.OTHER][::-1],
        },
    )


@require_safe
def notice_detail(request, pk):
    today = timezone.localdate()
    rows = _notices(Notice.objects.posted(today).filter(pk=params.path_id(pk)))
    if not rows:
        raise Http404
    row = _row(rows[0])
    return render(
        request,
        "meetings/notice_detail.html",
        {"row": row, "notice": row.notice, "today": today, "is_current": row.notice.taken_down_at is None},
    )


@require_safe
def notice_file(request, pk, filename):
    today = timezone.localdate()
    notice = Notice.objects.posted(today).filter(pk=params.path_id(pk), kind=Notice.Kind.OTHER).first()
    if notice is None or not notice.file:
        raise Http404
    public = PublicNotice(notice)
    if filename != public.filename:
        raise Http404
    try:
        handle = notice.file.open("rb")
    except FileNotFoundError as exc:
        logger.error("notice %s has no file at %s", notice.pk, notice.file.name)
        raise Http404 from exc
    response = FileResponse(handle, content_type=PDF_CONTENT_TYPE, filename=filename)
    # The file may be replaced while the notice is up (a corrected PDF): cached briefly.
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def appeal_guide(request):
    return render(request, "meetings/appeal_guide.html")


# --- the archive ------------------------------------------------------------------------------------------------------

KIND_PROTOCOL = "protokoll"
ARCHIVE_KINDS = {
    KIND_PROTOCOL: gettext_lazy("Justerade protokoll"),
    "kungorelse": gettext_lazy("Kungörelser av fullmäktiges sammanträden"),
    "delegationsbeslut": gettext_lazy("Delegationsbeslut"),
    "ovrigt": gettext_lazy("Övriga kungörelser"),
}
_NOTICE_KIND = {
    "kungorelse": Notice.Kind.MEETING,
    "delegationsbeslut": Notice.Kind.DELEGATION,
    "ovrigt": Notice.Kind.OTHER,
}
Q_MAX_LENGTH = 200


@dataclass
class ArchiveRow:
    """One line of the archive: a protocol's posting or a notice, whichever it is."""

    posted_on: dt.date
    taken_down_on: dt.date
    posting: PublicPosting | None = None
    notice: NoticeRow | None = None


def _archive_kind(request) -> str:
    kind = params.query_text(request.GET, "typ", max_length=40)
    if kind and kind not in ARCHIVE_KINDS:
        raise params.InvalidParameter(
            _("Typen i adressen (typ=) ska vara en av: %(kinds)s.") % {"kinds": ", ".join(ARCHIVE_KINDS)},
            parameter="typ",
        )
    return kind


def _same_case(case_number: str, q: str, number) -> bool:
    if not case_number:
        return False
    if q.casefold() in case_number.casefold():
        return True
    stored = case_number_parse(case_number)
    return number is not None and stored is not None and stored.key == number.key


def _matches(texts, q: str) -> bool:
    folded = q.casefold()
    return any(folded in str(text).casefold() for text in texts if text)


@require_safe
def notice_archive(request):
    today = timezone.localdate()
    kind = _archive_kind(request)
    year = params.query_year(request.GET, "ar", label=_("Året"), minimum=1900, maximum=today.year + 1)
    q = params.query_text(request.GET, "q", max_length=Q_MAX_LENGTH)

    postings = Posting.objects.filter(taken_down_at__isnull=False)
    notices = Notice.objects.archived(today)
    years = sorted(
        {day.year for day in chain(postings.dates("posted_on", "year"), notices.dates("posted_on", "year"))},
        reverse=True,
    )
    if kind == KIND_PROTOCOL:
        notices = notices.none()
    elif kind:
        postings = postings.none()
        notices = notices.filter(kind=_NOTICE_KIND[kind])
    if year:
        postings = postings.filter(posted_on__year=year)
        notices = notices.filter(posted_on__year=year)
    postings = postings.order_by("-posted_on", "-pk")
    notices = notices.order_by("-posted_on", "-pk")

    if q:
        # The database narrows by the stored text; the projections decide, so text masked on the page (a
        # personnummer, a marked name) is never what a search finds.
        number = case_number_search(q, today=today)
        raw = Q(body__name__icontains=q) | Q(title__icontains=q) | Q(text__icontains=q) | Q(file_text__icontains=q)
        raw |= Q(case_number__icontains=q) | Q(decided_by__icontains=q) | Q(legal_basis__icontains=q)
        posting_raw = Q(protocol__meeting__body__name__icontains=q)
        if number is not None:
            raw |= Q(case__key=number.key)
            posting_raw |= Q(protocol__paragraphs__case__key=number.key, protocol__paragraphs__is_public=True)
        public_notices = [
            row
            for row in _notices(notices.filter(raw))
            if _matches((row.title, row.text, row.file_text, row.decided_by, row.legal_basis), q)
            or _matches((row.body.name if row.body else "",), q)
            or _same_case(row.case_number, q, number)
        ]
        posting_rows = postings.filter(posting_raw).distinct().select_related("protocol__meeting__body")
        public_postings = [
            posting
            for posting in project(PublicPosting, posting_rows)
            if number is not None or _matches((posting.protocol.meeting.body.name,), q)
        ]
        rows = [ArchiveRow(p.posted_on, p.taken_down_on, posting=p) for p in public_postings]
        rows += [ArchiveRow(n.posted_on, n.taken_down_on, notice=_row(n)) for n in public_notices]
        rows.sort(key=lambda row: row.posted_on, reverse=True)
        page = Paginator(rows, ARCHIVE_PER_PAGE).get_page(request.GET.get("sida"))
    else:
        # Only the keys of every row are read; the full rows of one page after.
        keys = [("p", pk, day) for pk, day in postings.values_list("pk", "posted_on")]
        keys += [("n", pk, day) for pk, day in notices.values_list("pk", "posted_on")]
        keys.sort(key=lambda key: (key[2], key[1]), reverse=True)
        page = Paginator(keys, ARCHIVE_PER_PAGE).get_page(request.GET.get("sida"))
        posting_ids = [pk for tag, pk, _day in page.object_list if tag == "p"]
        notice_ids = [pk for tag, pk, _day in page.object_list if tag == "n"]
        by_posting = {
            p.pk: p
            for p in project(
                PublicPosting, Posting.objects.filter(pk__in=posting_ids).select_related("protocol__meeting__body")
            )
        }
        by_notice = {n.pk: n for n in _notices(Notice.objects.filter(pk__in=notice_ids))} if notice_ids else {}
        rows = []
        for tag, pk, _day in page.object_list:
            if tag == "p":
                posting = by_posting[pk]
                rows.append(ArchiveRow(posting.posted_on, posting.taken_down_on, posting=posting))
            else:
                notice = by_notice[pk]
                rows.append(ArchiveRow(notice.posted_on, notice.taken_down_on, notice=_row(notice)))
        page.object_list = rows

    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "meetings/notice_archive.html",
        {
            "page": page,
            "rows": page.object_list,
            "query": query.urlencode(),
            "q": q,
            "kind": kind,
            "year": year,
            "years": years,
            "kinds": list(ARCHIVE_KINDS.items()),
        },
    )
