"""Public pages of the elected: who sits on which body for which party (`/ledamoter/`), one person's roles, meetings,
votes and reservations (`/ledamoter/<slug>/`) with a calendar of their bodies' meetings, and a body's current roster
(on the body page).

Everything a page shows is a projection (`meetings.public`). What a member did comes only from the latest posted
version of each meeting's protocol (`Protocol.objects.latest_posted()`); a vote's ballots only when the vote was open
and its paragraph public. Votes and statements are read through `PublicProtocol(...).paragraphs`, so their texts are
masked with the names marked anywhere in their protocol, exactly as on the protocol page.

Each page runs a fixed number of queries however many members, meetings and votes there are; a member's page shows
the latest `LATEST_ROWS` rows of each list, and every row of a year with `?ar=`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django import forms
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from orebro_portal.lib import params
from orebro_portal.lib.bounds import DATE_INPUT_LIMITS, FIRST_YEAR, LAST_YEAR, DateRangeValidator

from ..forms.staff import DateInput
from ..models import (
    Attendance,
    Ballot,
    Body,
    Meeting,
    Membership,
    Party,
    Person,
    Protocol,
    ProtocolParagraph,
    Statement,
)
from ..public import (
    ATTENDANCE_RELATED,
    PublicAttendance,
    PublicBallot,
    PublicBody,
    PublicMembership,
    PublicParagraph,
    PublicParty,
    PublicPerson,
    PublicProtocol,
    PublicStatement,
    PublicVote,
    paragraph_parts_prefetch,
)
from .public import _calendar_links, _calendar_response

LATEST_ROWS = 50  # a member's page without ?ar= shows this many of each list, newest first
ROLE_ORDER = {role: index for index, role in enumerate(Membership.Role.values)}
NO_PARTY_LAST = 10_000
EXAMPLE_NOTICE = gettext_lazy(
    "Namnen är påhittade exempel. Örebro kommuns verkliga ledamöter och ersättare finns inte i portalen ännu."
)


# --- what the pages share ------------------------------------------------------------------------------------------


def _membership_sort_key(membership: Membership) -> tuple:
    party = membership.party
    return (
        ROLE_ORDER.get(membership.role, len(ROLE_ORDER)),
        party.position if party else NO_PARTY_LAST,
        party.name if party else "",
        membership.person.name,
        membership.pk,
    )


def _any_example(memberships) -> bool:
    return any(membership.person.is_example for membership in memberships)


@dataclass
class BodyRoster:
    """A body's roster on a day, for its page: the ledamöter by role (ordförande first), then the ersättare."""

    ledamoter: list[PublicMembership]
    ersattare: list[PublicMembership]
    has_examples: bool
    last_day: dt.date | None = None  # with no roster on the day: the last day of an earlier one

    def __bool__(self) -> bool:
        return bool(self.ledamoter or self.ersattare)


def last_day_before(memberships: QuerySet[Membership], day: dt.date) -> dt.date | None:
    """The last day before `day` on which one of `memberships` was in force (when a term has ended and the next
    roster is not entered yet, the pages link to the one that ended)."""
    return memberships.filter(start__lt=day, end__lt=day).aggregate(last=Max("end"))["last"]


def body_roster(body: Body, day: dt.date | None = None) -> BodyRoster:
    """One query (two when nobody is on the roster that day): the memberships in force on `day` (today by default)
    with their persons and parties."""
    day = day or timezone.localdate()
    rows = sorted(
        Membership.objects.on(day).filter(body=body).select_related("person__party", "party", "body"),
        key=_membership_sort_key,
    )
    return BodyRoster(
        ledamoter=[PublicMembership(row) for row in rows if row.is_ledamot],
        ersattare=[PublicMembership(row) for row in rows if not row.is_ledamot],
        has_examples=_any_example(rows),
        last_day=None if rows else last_day_before(Membership.objects.filter(body=body), day),
    )


# --- /ledamoter/ ---------------------------------------------------------------------------------------------------


class _PublicChoiceField(forms.ModelChoiceField):
    """A choice of objects named as the public sees them (a select's options are a public surface too)."""

    def __init__(self, *args, label_of, **kwargs):
        self.label_of = label_of
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.label_of(obj)


class MemberFilterForm(forms.Form):
    organ = _PublicChoiceField(
        label=gettext_lazy("Organ"),
        queryset=Body.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Alla organ"),
        label_of=lambda body: PublicBody(body).name.line,
        error_messages={"invalid_choice": gettext_lazy("Organ: det finns inget sådant organ. Välj ett i listan.")},
    )
    parti = _PublicChoiceField(
        label=gettext_lazy("Parti"),
        queryset=Party.objects.all(),
        to_field_name="abbreviation",
        required=False,
        empty_label=gettext_lazy("Alla partier"),
        label_of=lambda party: PublicParty(party).name.line,
        error_messages={"invalid_choice": gettext_lazy("Parti: det finns inget sådant parti. Välj ett i listan.")},
    )
    datum = forms.DateField(
        label=gettext_lazy("Uppdrag den"),
        required=False,
        widget=DateInput(attrs=DATE_INPUT_LIMITS),
        validators=[DateRangeValidator()],
        help_text=gettext_lazy("Tomt: i dag."),
        error_messages={"invalid": gettext_lazy("Uppdrag den: skriv datumet som år-månad-dag, t.ex. 2024-06-03.")},
    )
    tidigare = forms.BooleanField(label=gettext_lazy("Visa även tidigare uppdrag"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, bound in self.fields.items():
            if bound.help_text:
                bound.widget.attrs["aria-describedby"] = f"id_{name}_helptext"

    def mark_errors(self) -> None:
        """Point each field with an error at its message, for screen readers (the page stays a 200: the rest of the
        filter still applies)."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = [f"id_{name}-fel"]
                if self.fields[name].help_text:
                    described.append(f"id_{name}_helptext")
                widget.attrs["aria-describedby"] = " ".join(described)
                widget.attrs["aria-invalid"] = "true"


@dataclass
class PartyGroup:
    party: PublicParty | None
    memberships: list[PublicMembership]


@dataclass
class BodyGroup:
    body: PublicBody
    parties: list[PartyGroup] = field(default_factory=list)


def _group_by_body_and_party(rows: list[Membership]) -> list[BodyGroup]:
    def body_key(row: Membership) -> tuple:
        return (row.body.position, row.body.name, row.body_id)

    def party_key(row: Membership) -> tuple:
        return (row.party.position, row.party.name, row.party_id) if row.party else (NO_PARTY_LAST, "", 0)

    def row_key(row: Membership) -> tuple:
        return (ROLE_ORDER.get(row.role, len(ROLE_ORDER)), row.person.name, row.person_id, -row.start.toordinal())

    groups = []
    for _body, body_rows in groupby(sorted(rows, key=lambda r: (body_key(r), party_key(r), row_key(r))), key=body_key):
        body_rows = list(body_rows)
        group = BodyGroup(PublicBody(body_rows[0].body))
        for _party, party_rows in groupby(body_rows, key=party_key):
            party_rows = list(party_rows)
            party = PublicParty(party_rows[0].party) if party_rows[0].party_id else None
            group.parties.append(PartyGroup(party, [PublicMembership(row) for row in party_rows]))
        groups.append(group)
    return groups


def _query_with_date(query, day: dt.date | None) -> str:
    """The filter as asked, on another day (a link to the roster that ended last)."""
    if day is None:
        return ""
    query["datum"] = day.isoformat()
    return query.urlencode()


@require_safe
def person_list(request):
    form = MemberFilterForm(request.GET)
    form.is_valid()  # an invalid field is named at the field and left out of the filter; the rest still applies
    form.mark_errors()
    chosen = form.cleaned_data
    today = timezone.localdate()
    day = chosen.get("datum") or today
    earlier = bool(chosen.get("tidigare"))

    memberships = Membership.objects.select_related("person__party", "party", "body")
    if chosen.get("organ"):
        memberships = memberships.filter(body=chosen["organ"])
    if chosen.get("parti"):
        memberships = memberships.filter(party=chosen["parti"])
    rows = list(memberships.filter(start__lte=day) if earlier else memberships.on(day))
    last_day = None if rows or earlier else last_day_before(memberships, day)

    return render(
        request,
        "meetings/person_list.html",
        {
            "form": form,
            "groups": _group_by_body_and_party(rows),
            "person_count": len({row.person_id for row in rows}),
            "day": day,
            "is_today": day == today,
            "earlier": earlier,
            "chosen_body": PublicBody(chosen["organ"]) if chosen.get("organ") else None,
            "last_day": last_day,
            "last_day_query": _query_with_date(request.GET.copy(), last_day),
            "has_examples": _any_example(rows),
            "example_notice": EXAMPLE_NOTICE,
        },
    )


# --- /ledamoter/<slug>/ ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    attendance: PublicAttendance
    protocol: PublicProtocol
    url: str

    @property
    def notes(self) -> list[str]:
        """What else the protocol says of the person that day (who they served for is linked by the template)."""
        row = self.attendance
        notes = []
        if row.is_present and not row.membership.is_ledamot and row.serving_for_id is None:
            notes.append(_("ersättare, tjänstgjorde inte"))
        if row.is_chair:
            notes.append(_("ordförande vid sammanträdet"))
        if row.is_adjuster:
            notes.append(_("justerare"))
        if row.is_present and row.from_paragraph is not None:
            notes.append(_("från § %(number)s") % {"number": row.from_paragraph})
        if row.is_present and row.to_paragraph is not None:
            notes.append(_("till och med § %(number)s") % {"number": row.to_paragraph})
        return notes


@dataclass(frozen=True)
class BallotRow:
    protocol: PublicProtocol
    paragraph: PublicParagraph
    vote: PublicVote
    ballot: PublicBallot
    url: str


@dataclass(frozen=True)
class StatementRow:
    protocol: PublicProtocol
    paragraph: PublicParagraph
    statement: PublicStatement
    url: str


def _protocol_url(protocol: Protocol) -> str:
    """The meeting's protocol page (its latest version, which is the one these rows come from)."""
    return reverse("meetings:protocol_detail", kwargs={"pk": protocol.meeting_id})


def _limited(queryset: QuerySet, year: int | None, year_lookup: str) -> tuple[list, bool]:
    """A year's rows, or the latest `LATEST_ROWS` and whether there are more."""
    if year is not None:
        return list(queryset.filter(**{f"{year_lookup}__year": year})), False
    rows = list(queryset[: LATEST_ROWS + 1])
    return rows[:LATEST_ROWS], len(rows) > LATEST_ROWS


def _decisions(person: Person, protocols: QuerySet[Protocol], year: int | None):
    """The person's ballots in open votes and their reservations and protokollsanteckningar, in public paragraphs of
    the latest posted protocols, as rows of projections made from those protocols (a fixed number of queries)."""
    ballots = (
        Ballot.objects.filter(
            membership__person=person,
            vote__is_secret=False,
            vote__paragraph__is_public=True,
            vote__paragraph__protocol__in=protocols,
        )
        .order_by("-vote__paragraph__protocol__meeting__start", "vote__paragraph__position", "vote__position", "pk")
        .values_list("pk", "vote_id", "vote__paragraph_id", "vote__paragraph__protocol_id")
    )
    statements = (
        Statement.objects.filter(
            membership__person=person, paragraph__is_public=True, paragraph__protocol__in=protocols
        )
        .order_by("-paragraph__protocol__meeting__start", "paragraph__position", "position", "pk")
        .values_list("pk", "paragraph_id", "paragraph__protocol_id")
    )
    ballot_keys, more_ballots = _limited(ballots, year, "vote__paragraph__protocol__meeting__start")
    statement_keys, more_statements = _limited(statements, year, "paragraph__protocol__meeting__start")

    protocol_ids = {key[-1] for key in ballot_keys} | {key[-1] for key in statement_keys}
    paragraphs: dict[int, tuple[PublicProtocol, PublicParagraph, str]] = {}
    if protocol_ids:
        rows = (
            Protocol.objects.filter(pk__in=protocol_ids)
            .select_related("meeting__body", "posting")
            .prefetch_related(
                Prefetch(
                    "paragraphs",
                    queryset=ProtocolParagraph.objects.order_by("position", "number").prefetch_related(
                        *paragraph_parts_prefetch()
                    ),
                )
            )
        )
        for row in rows:
            protocol = PublicProtocol.of(row)
            if protocol is None:
                continue
            for paragraph in protocol.paragraphs:
                paragraphs[paragraph.pk] = (protocol, paragraph, f"{_protocol_url(row)}#paragraf-{paragraph.number}")

    ballot_rows = []
    for ballot_id, vote_id, paragraph_id, _protocol_id in ballot_keys:
        if paragraph_id not in paragraphs:
            continue
        protocol, paragraph, url = paragraphs[paragraph_id]
        vote = next((vote for vote in paragraph.votes if vote.pk == vote_id), None)
        ballot = next((ballot for ballot in vote.ballots if ballot.pk == ballot_id), None) if vote else None
        if ballot is not None:  # a secret paragraph or a closed vote has none
            ballot_rows.append(BallotRow(protocol, paragraph, vote, ballot, url))

    statement_rows = []
    for statement_id, paragraph_id, _protocol_id in statement_keys:
        if paragraph_id not in paragraphs:
            continue
        protocol, paragraph, url = paragraphs[paragraph_id]
        statement = next((row for row in paragraph.statements if row.pk == statement_id), None)
        if statement is not None:
            statement_rows.append(StatementRow(protocol, paragraph, statement, url))
    return ballot_rows, more_ballots, statement_rows, more_statements


@require_safe
def person_detail(request, slug):
    year = params.query_year(request.GET, "ar", label=_("Året"), minimum=FIRST_YEAR, maximum=LAST_YEAR)
    person_row = get_object_or_404(Person.objects.select_related("party"), slug=slug)
    memberships = list(
        person_row.memberships.select_related("body", "party").order_by("-start", "-end", "body__position")
    )
    protocols = Protocol.objects.latest_posted()

    attendance = Attendance.objects.filter(membership__person=person_row, protocol__in=protocols)
    years = list(
        attendance.annotate(year=ExtractYear("protocol__meeting__start"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    attendance = attendance.select_related(
        "protocol__meeting__body", "protocol__posting", *ATTENDANCE_RELATED
    ).order_by("-protocol__meeting__start", "-protocol_id", "position", "pk")
    attendance_rows, more_attendance = _limited(attendance, year, "protocol__meeting__start")
    ballot_rows, more_ballots, statement_rows, more_statements = _decisions(person_row, protocols, year)

    person = PublicPerson(person_row)
    today = timezone.localdate()
    serving_for_examples = any(row.serving_for and row.serving_for.person.is_example for row in attendance_rows)
    return render(
        request,
        "meetings/person_detail.html",
        {
            "person": person,
            "memberships": [PublicMembership(row) for row in memberships],
            "current_ids": {row.pk for row in memberships if row.start <= today and (row.end or today) >= today},
            "attendance_rows": [
                AttendanceRow(PublicAttendance(row), PublicProtocol(row.protocol), _protocol_url(row.protocol))
                for row in attendance_rows
            ],
            "ballot_rows": ballot_rows,
            "statement_rows": statement_rows,
            "more": more_attendance or more_ballots or more_statements,
            "years": years,
            "year": year,
            "latest_rows": LATEST_ROWS,
            "has_examples": person.is_example or serving_for_examples,
            "example_notice": EXAMPLE_NOTICE,
            **_calendar_links(request, reverse("meetings:person_calendar", kwargs={"slug": person_row.slug})),
        },
    )


# --- /ledamoter/<slug>/kalender.ics ---------------------------------------------------------------------------------


def membership_meetings(memberships) -> QuerySet[Meeting]:
    """The meetings of the bodies of `memberships`, each within its membership's dates (local dates, both ends
    inclusive); a meeting falls in once however many of the person's memberships cover it."""
    condition = Q(pk__in=[])
    for membership in memberships:
        during = Q(body_id=membership.body_id, start__date__gte=membership.start)
        if membership.end is not None:
            during &= Q(start__date__lte=membership.end)
        condition |= during
    return Meeting.objects.filter(condition).select_related("body").order_by("start")


@require_safe
def person_calendar(request, slug):
    person_row = get_object_or_404(Person, slug=slug)
    person = PublicPerson(person_row)
    memberships = list(person_row.memberships.all())
    name = _("%(person)s – sammanträden") % {"person": person.name.line}
    if person.is_example:
        name = _("%(name)s (påhittat exempel)") % {"name": name}
    meetings = membership_meetings(memberships) if memberships else Meeting.objects.none()
    return _calendar_response(request, meetings, name=name, filename=f"{person_row.slug}.ics")
