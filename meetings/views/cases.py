"""Public case pages: the list of cases (/arenden/), one case's path through the bodies (/arenden/<nyckel>/) and its
Atom feed (/arenden/<nyckel>/flode/).

Only cases with a public step exist here (`meetings.case_steps`); everything shown is a projection. The address
takes the case's number in any notation ("KS-181-22") and redirects to the canonical one ("ks-181-2022").
"""

from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..case_steps import (
    CASES_PER_PAGE,
    CaseStep,
    CaseSummary,
    case_summaries,
    case_summary,
    cases_for_listing,
    public_case_by_key,
    sections_for,
)
from ..feeds import MAX_ENTRIES, TAG_DATE, AllPublicationsFeed, Entry
from ..filters_cases import CaseFilter
from ..models import Case, case_number_search


def _public_case(key: str) -> Case:
    """The public case whose number `key` is in any notation; a 404 for anything else."""
    number = case_number_search(key)
    if number is None:
        raise Http404
    case = public_case_by_key(number.key)
    if case is None:
        raise Http404
    return case


@require_safe
def case_list(request):
    case_filter = CaseFilter(request.GET, queryset=cases_for_listing())
    cases = case_filter.qs  # validates: an invalid field is named at the field and left out of the filter
    case_filter.mark_errors()
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("sida"))
    page.object_list = case_summaries(page.object_list)
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "meetings/case_list.html",
        {"filter": case_filter, "page": page, "query": query.urlencode()},
    )


@require_safe
def case_detail(request, key):
    case = _public_case(key)
    if key != case.key:
        return HttpResponsePermanentRedirect(case.get_absolute_url())
    summary = case_summary(case)
    return render(
        request,
        "meetings/case_detail.html",
        {
            "summary": summary,
            "case": summary.case,
            "sections": sections_for(case, summary),
            "feed_url": reverse("meetings:feed_case", kwargs={"key": case.key}),
            "subscribe_url": reverse("meetings:case_subscribe", kwargs={"key": case.key}),
        },
    )


# --- the case's Atom feed --------------------------------------------------------------------------------------------


def _day(value: datetime) -> str:
    """ "3 juni 2024", as the entry titles read."""
    return formats.date_format(timezone.localtime(value), "j F Y")


def _step_heading(step: CaseStep, summary: CaseSummary, *, paragraph: bool) -> str:
    where = f"{step.body.name.line} {_day(step.meeting.start)}"
    if paragraph:
        where += f", § {step.paragraph.number}"
    return f"{where}: {summary.case.number} – {step.title.line}"


def _agenda_entry(step: CaseStep, summary: CaseSummary, key: str) -> Entry:
    item = step.item
    parts = [
        _("Ärendet står på ärendelistan till %(body)s sammanträde %(date)s.")
        % {"body": step.body.name.line, "date": _day(step.meeting.start)}
    ]
    if item.proposal:
        parts.append(_("Förslag till beslut: %(proposal)s") % {"proposal": item.proposal.line})
    return Entry(
        guid=f"tag:{settings.PORTAL_ICAL_DOMAIN},{TAG_DATE}:arende/{key}/arendelista/{item.pk}",
        title=_step_heading(step, summary, paragraph=False),
        description=" ".join(parts),
        link=item.get_absolute_url(),
        date=step.meeting.agenda_published_at,
    )


def _decision_entry(step: CaseStep, summary: CaseSummary, key: str) -> Entry:
    paragraph = step.paragraph
    parts = [_("Beslut: %(decision)s") % {"decision": paragraph.decision.line}]
    if paragraph.get_outcome_display:
        parts.append(_("Utfall: %(outcome)s.") % {"outcome": paragraph.get_outcome_display})
    if step.forwarded_to is not None:
        parts.append(_("Förslag till %(body)s.") % {"body": step.forwarded_to.name.line})
    parts.append(_("Personuppgifter är maskerade."))
    return Entry(
        guid=f"tag:{settings.PORTAL_ICAL_DOMAIN},{TAG_DATE}:arende/{key}/paragraf/{paragraph.pk}",
        title=_step_heading(step, summary, paragraph=True),
        description=" ".join(parts),
        link=step.protocol_url,
        date=step.protocol.posting.created_at,
    )


def case_entries(summary: CaseSummary) -> list[Entry]:
    """One entry per public step's publication (the agenda with the item, the posted protocol with the decision),
    newest first."""
    key = summary.case.key
    entries = []
    for step in summary.steps:
        if step.item is not None and step.meeting.agenda_published_at is not None:
            entries.append(_agenda_entry(step, summary, key))
        if step.paragraph is not None:
            entries.append(_decision_entry(step, summary, key))
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:MAX_ENTRIES]


class CaseFeed(AllPublicationsFeed):
    """The case's Atom feed: every agenda it is on and every decision taken on it."""

    def __call__(self, request, *args, **kwargs):
        key = kwargs.get("key", "")
        case = _public_case(key)
        if key != case.key:
            return HttpResponsePermanentRedirect(reverse("meetings:feed_case", kwargs={"key": case.key}))
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, key):
        return case_summary(_public_case(key), documents=False)

    def title(self, summary: CaseSummary) -> str:
        title = summary.case.title.line
        return f"{summary.case.number} – {title}" if title else summary.case.number

    def subtitle(self, summary: CaseSummary) -> str:
        return _("Ärendelistor och beslut i ärende %(number)s, Örebro kommun.") % {"number": summary.case.number}

    def link(self, summary: CaseSummary) -> str:
        return summary.case.get_absolute_url()

    def feed_guid(self, summary: CaseSummary) -> str:
        return f"tag:{settings.PORTAL_ICAL_DOMAIN},{TAG_DATE}:arende/{summary.case.key}"

    def items(self, summary: CaseSummary) -> list[Entry]:
        return case_entries(summary)
