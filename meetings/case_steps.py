"""Selectors of the public case pages: which cases citizens see, and each case's path through the bodies.

A case is public through its *public steps* only (docs/0015-cases-and-council.md):

- a public agenda item on a published agenda (`AgendaItem.objects.public()`) that names the case;
- a public paragraph that names the case in the latest posted version of a meeting's protocol.

A secret item or paragraph is never a step: showing it would tell that the case was handled there, behind closed
doors. The public title of a case is the masked title of its first public step (`Case.title` is the registrar's, for
staff). Paragraphs are projected through their protocol (`PublicProtocol.paragraphs`), so that a name marked anywhere
in the protocol is masked in the decision too.

Nothing here writes. Every function runs a fixed number of queries however many cases, steps or documents there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import zip_longest
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem, Body, Case, Protocol, ProtocolParagraph
from .public import (
    PublicAgendaItem,
    PublicBody,
    PublicCase,
    PublicCaseStep,
    PublicMeeting,
    PublicProtocol,
    PublicText,
    protocol_paragraphs_prefetch,
    public_documents_prefetch,
)

CASES_PER_PAGE = 25
DECIDED, ONGOING = "avgjort", "pagaende"
STATUS_CHOICES = [(ONGOING, _("Pågående")), (DECIDED, _("Avgjort"))]


# --- which rows are public steps ---------------------------------------------------------------------------------


def public_step_items() -> QuerySet[AgendaItem]:
    """Public items on published agendas that name a case."""
    return AgendaItem.objects.public().filter(case__isnull=False)


def public_step_paragraphs() -> QuerySet[ProtocolParagraph]:
    """Public paragraphs that name a case, in the latest posted version of their meeting's protocol."""
    return ProtocolParagraph.objects.filter(
        is_public=True, case__isnull=False, protocol__in=Protocol.objects.latest_posted()
    )


def public_cases() -> QuerySet[Case]:
    """Cases with at least one public step: the only ones with a page, a list row, a feed or a search best bet."""
    return Case.objects.filter(
        Exists(public_step_items().filter(case=OuterRef("pk")))
        | Exists(public_step_paragraphs().filter(case=OuterRef("pk")))
    )


def with_public_case(queryset: QuerySet) -> QuerySet:
    """Rows that carry a diarienummer of their own (notices), annotated with whether their case has a page: a
    delegation decision may name a case never handled in public, and its number must then link nowhere
    (`PublicNotice.case_url`, the API's case key)."""
    return queryset.annotate(case_is_public=Exists(public_cases().filter(pk=OuterRef("case_id"))))


def cases_for_listing() -> QuerySet[Case]:
    """Public cases with what the list filters and orders by, computed in the database: the date of the last public
    step (`last_step_at`) and whether a public step decided the case (`is_decided`). Newest first."""
    last_item = Subquery(
        public_step_items().filter(case=OuterRef("pk")).order_by("-meeting__start").values("meeting__start")[:1]
    )
    last_paragraph = Subquery(
        public_step_paragraphs()
        .filter(case=OuterRef("pk"))
        .order_by("-protocol__meeting__start")
        .values("protocol__meeting__start")[:1]
    )
    decided = public_step_paragraphs().filter(case=OuterRef("pk"), outcome=ProtocolParagraph.Outcome.FINAL)
    return (
        public_cases()
        .annotate(
            # GREATEST is NULL with a NULL argument on SQLite (PostgreSQL skips it): each side falls back on the other.
            last_step_at=Greatest(Coalesce(last_item, last_paragraph), Coalesce(last_paragraph, last_item)),
            is_decided=Exists(decided),
        )
        .order_by(F("last_step_at").desc(nulls_last=True), "-year", "-serial", "pk")
    )


def cases_at_body(queryset: QuerySet[Case], body: Body) -> QuerySet[Case]:
    """The cases with a public step at `body`."""
    return queryset.filter(
        Exists(public_step_items().filter(case=OuterRef("pk"), meeting__body=body))
        | Exists(public_step_paragraphs().filter(case=OuterRef("pk"), protocol__meeting__body=body))
    )


def bodies_with_cases() -> QuerySet[Body]:
    """The bodies at which some case has a public step (the list's body filter offers these)."""
    return Body.objects.filter(
        Exists(public_step_items().filter(meeting__body=OuterRef("pk")))
        | Exists(public_step_paragraphs().filter(protocol__meeting__body=OuterRef("pk")))
    )


def case_years() -> list[int]:
    """The years of the public cases, newest first (the list's year filter offers these)."""
    return list(public_cases().order_by("-year").values_list("year", flat=True).distinct())


# --- a case's steps ----------------------------------------------------------------------------------------------


@dataclass
class CaseStep(PublicCaseStep):
    """A public step, with what its pages and feeds read of it."""

    @property
    def forwarded_to(self) -> PublicBody | None:
        """The body a forwarded decision went to, if recorded."""
        return self.paragraph.forwarded_to_body if self.paragraph is not None else None

    @property
    def body(self) -> PublicBody:
        return self.meeting.body

    @property
    def title(self) -> PublicText:
        """The step's own title, masked: the item's, else the paragraph's."""
        return self.item.title if self.item is not None else self.paragraph.title  # type: ignore[union-attr]

    @property
    def protocol_url(self) -> str:
        """The paragraph in the protocol that decided the step."""
        if self.protocol is None or self.paragraph is None:
            return ""
        return f"{self.protocol.get_absolute_url()}#paragraf-{self.paragraph.number}"


@dataclass
class CaseSummary:
    """A public case with its public steps in meeting date order, and what follows from them."""

    case: PublicCase
    steps: list[CaseStep] = field(default_factory=list)

    @property
    def is_decided(self) -> bool:
        return any(step.is_final for step in self.steps)

    @property
    def status(self) -> str:
        return DECIDED if self.is_decided else ONGOING

    @property
    def final_step(self) -> CaseStep | None:
        finals = [step for step in self.steps if step.is_final]
        return finals[-1] if finals else None

    @property
    def decided_on(self) -> date | None:
        """The day of the (last) final decision: the day of the meeting that took it."""
        final = self.final_step
        return timezone.localdate(final.meeting.start) if final else None

    @property
    def last_step_at(self) -> datetime | None:
        return self.steps[-1].meeting.start if self.steps else None

    @property
    def bodies(self) -> list[PublicBody]:
        """The bodies the case went through, each once, in the order it reached them."""
        seen, bodies = set(), []
        for step in self.steps:
            if step.meeting.body_id not in seen:
                seen.add(step.meeting.body_id)
                bodies.append(step.body)
        return bodies


def _steps_by_case(cases: Iterable[Case], *, documents: bool) -> dict[int, list[CaseStep]]:
    """The public steps of each case, in meeting date order: two queries for the items (one more with their
    documents), six for the protocols, their paragraphs and the paragraphs' parts, however many there are."""
    ids = [case.pk for case in cases]
    if not ids:
        return {}
    items = (
        public_step_items()
        .filter(case_id__in=ids)
        .select_related("meeting__body", "case")
        .order_by("meeting__start", "meeting_id", "position", "pk")
    )
    if documents:
        items = items.prefetch_related(public_documents_prefetch())
    protocols = (
        Protocol.objects.latest_posted()
        .filter(Exists(ProtocolParagraph.objects.filter(protocol=OuterRef("pk"), is_public=True, case_id__in=ids)))
        .select_related("meeting__body", "posting")
        .prefetch_related(protocol_paragraphs_prefetch())
    )

    # (case, meeting) -> the meeting, its items and its paragraphs (with their protocol and the row they came from)
    found: dict[tuple[int, int], dict[str, Any]] = {}

    def slot(case_id: int, meeting) -> dict[str, Any]:
        return found.setdefault((case_id, meeting.pk), {"meeting": meeting, "items": [], "paragraphs": []})

    for item in items:
        slot(item.case_id, item.meeting)["items"].append((item, PublicAgendaItem(item)))
    for protocol in protocols:
        public_protocol = PublicProtocol(protocol)
        rows = list(protocol.paragraphs.all())
        for row, paragraph in zip(rows, public_protocol.paragraphs, strict=True):
            if row.is_public and row.case_id in ids:
                slot(row.case_id, protocol.meeting)["paragraphs"].append((row, paragraph, public_protocol))

    steps: dict[int, list[CaseStep]] = {pk: [] for pk in ids}
    for (case_id, _meeting_id), entry in found.items():
        meeting = PublicMeeting(entry["meeting"])
        steps[case_id].extend(_pair(meeting, entry["items"], entry["paragraphs"]))
    for case_steps in steps.values():
        case_steps.sort(key=_step_order)
    return steps


def _pair(meeting: PublicMeeting, items: list, paragraphs: list) -> list[CaseStep]:
    """One step per item and paragraph of the case at a meeting: a paragraph goes with the item it was decided on,
    else with an item left over (a paragraph written without its item), else it is a step of its own."""
    remaining = list(items)
    pairs: list[tuple[Any, Any]] = []
    unmatched = []
    for entry in paragraphs:
        row = entry[0]
        match = next((item for item in remaining if item[0].pk == row.agenda_item_id), None)
        if match is None:
            unmatched.append(entry)
        else:
            remaining.remove(match)
            pairs.append((match, entry))
    pairs.extend(zip_longest(remaining, unmatched))
    return [_step(meeting, item, entry) for item, entry in pairs]


def _step(meeting: PublicMeeting, item, entry) -> CaseStep:
    paragraph = protocol = None
    if entry is not None:
        _row, paragraph, protocol = entry
    return CaseStep(meeting=meeting, item=item[1] if item is not None else None, paragraph=paragraph, protocol=protocol)


def _step_order(step: CaseStep) -> tuple:
    position = step.item.position if step.item is not None else step.paragraph.position  # type: ignore[union-attr]
    return (step.meeting.start, step.meeting.pk, position)


def case_summaries(cases: Iterable[Case], *, documents: bool = False) -> list[CaseSummary]:
    """Each case with its public steps and public title, in the order given (a page of the list)."""
    cases = list(cases)
    steps = _steps_by_case(cases, documents=documents)
    summaries = []
    for case in cases:
        case_steps = steps.get(case.pk, [])
        title = case_steps[0].title if case_steps else None
        summaries.append(CaseSummary(PublicCase(case, title=title), case_steps))
    return summaries


def case_summary(case: Case, *, documents: bool = True) -> CaseSummary:
    """One case with its steps and their documents (the case page, its feed, the search best bet)."""
    return case_summaries([case], documents=documents)[0]


# --- sections other apps add to the case page ----------------------------------------------------------------------

# Callables `(case, public_item_ids) -> (template_name, context) | None`, registered by other apps in their
# `AppConfig.ready()`: meetings knows no app that builds on it. Each gets the case (the model instance: a section
# reads its own public projections) and the ids of the case's public agenda items.
CaseSection = Callable[[Case, list[int]], "tuple[str, dict] | None"]
case_sections: list[CaseSection] = []


def register_case_section(section: CaseSection) -> CaseSection:
    if section not in case_sections:
        case_sections.append(section)
    return section


def sections_for(case: Case, summary: CaseSummary) -> list[tuple[str, dict]]:
    item_ids = [step.item.pk for step in summary.steps if step.item is not None]
    sections = []
    for section in case_sections:
        result = section(case, item_ids)
        if result is not None:
            sections.append(result)
    return sections


def public_case_by_key(number_key: str) -> Case | None:
    return public_cases().filter(key=number_key).first()


def cases_with_status(queryset: QuerySet[Case], status: str) -> QuerySet[Case]:
    """Filter `cases_for_listing()` by status."""
    return queryset.filter(is_decided=status == DECIDED)
