"""The filters of the API's lists (django-filter): their names are the query parameters the documentation lists."""

import datetime as dt

import django_filters as filters
from django import forms
from django.db.models import Q
from drf_spectacular.drainage import set_override

from budget.models import PublishedLedgerLine, ResponsibilityCode, Unit
from goals.models import Commitment, CommitmentStatus, GoalArea, Indicator
from meetings import case_steps
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Case,
    Document,
    Meeting,
    Membership,
    Notice,
    Person,
    Protocol,
    Statement,
    Vote,
)
from orebro_portal.lib.bounds import FIRST_YEAR, LAST_YEAR


class SchemaMixin:
    """A filter whose OpenAPI schema is set here (`schema`), with its label as the parameter's description.

    drf-spectacular drops the label of a filter whose schema is overridden, so the override is made per filter."""

    schema: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_override(self, "field", {**self.schema, "description": str(self.label or "")})


class IntegerFilter(SchemaMixin, filters.NumberFilter):
    """A whole number within bounds: `?year=2.5` or `?meeting=0` is a 400 with a message, never a database error."""

    field_class = forms.IntegerField
    bounds = (1, 2**63 - 1)

    def __init__(self, *args, **kwargs):
        self.schema = {"type": "integer", "minimum": self.bounds[0], "maximum": self.bounds[1]}
        super().__init__(*args, min_value=self.bounds[0], max_value=self.bounds[1], **kwargs)


class YearFilter(IntegerFilter):
    bounds = (FIRST_YEAR, LAST_YEAR)  # the years the portal knows


class IdFilter(IntegerFilter):
    pass


class TextFilter(SchemaMixin, filters.CharFilter):
    """Text without control characters: the portal answers 400 to a NUL (PostgreSQL cannot take one) or another C0
    control in an address (orebro_portal/middleware.py; tab and line breaks pass, the search box may hold them), so
    the schema says so too."""

    schema = {"type": "string", "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"}


class DateFilter(SchemaMixin, filters.DateFilter):
    """A day written as ISO 8601 (`2024-03-04`)."""

    schema = {"type": "string", "format": "date"}


class StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` (also `1`/`0`); anything else is an error, not silently "no filter"."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError("Ange true eller false.", code="invalid") from None

    def validate(self, value):
        pass


class BooleanFilter(SchemaMixin, filters.BooleanFilter):
    field_class = StrictBooleanField
    schema = {"type": "boolean"}


class DateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 time, compared in UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows."""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(dt.UTC)
            except OverflowError:  # before year 1 or after 9999 once in UTC: no meeting is that far away
                return qs.none()
        return super().filter(qs, value)


class MeetingFilter(filters.FilterSet):
    body = TextFilter(field_name="body__slug", label="Organets kortnamn (slug), t.ex. kommunstyrelsen.")
    year = YearFilter(field_name="start__year", label="År då sammanträdet hålls.")
    start_after = DateTimeFilter(field_name="start", lookup_expr="gte", label="Börjar tidigast (ISO 8601).")
    start_before = DateTimeFilter(field_name="start", lookup_expr="lt", label="Börjar före (ISO 8601).")
    status = filters.ChoiceFilter(choices=Meeting.Status.choices, label="Status.")

    class Meta:
        model = Meeting
        fields = ["body", "year", "start_after", "start_before", "status"]


class AgendaItemFilter(filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", label="Sammanträdets id.")
    body = TextFilter(field_name="meeting__body__slug", label="Organets kortnamn (slug).")
    year = YearFilter(field_name="meeting__start__year", label="År då sammanträdet hålls.")
    case_number = TextFilter(label="Diarienummer, t.ex. ”Ks 181/2022”.", method="filter_case_number")

    class Meta:
        model = AgendaItem
        fields = ["meeting", "body", "year", "case_number"]

    def filter_case_number(self, queryset, name, value):
        # A non-public item's case number is not public either: it must not be findable by it.
        return queryset.filter(case_number=value, is_public=True)


class DocumentFilter(filters.FilterSet):
    meeting = IdFilter(label="Sammanträdets id (även ärendenas handlingar).", method="filter_meeting")
    agenda_item = IdFilter(field_name="agenda_item_id", label="Ärendets id.")
    kind = filters.ChoiceFilter(choices=Document.Kind.choices, label="Typ av handling.")
    body = TextFilter(label="Organets kortnamn (slug).", method="filter_body")

    class Meta:
        model = Document
        fields = ["meeting", "agenda_item", "kind", "body"]

    def filter_meeting(self, queryset, name, value):
        return queryset.filter(Q(meeting_id=value) | Q(agenda_item__meeting_id=value))

    def filter_body(self, queryset, name, value):
        return queryset.filter(Q(meeting__body__slug=value) | Q(agenda_item__meeting__body__slug=value))


class ProtocolFilter(filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", label="Sammanträdets id.")
    body = TextFilter(field_name="meeting__body__slug", label="Organets kortnamn (slug).")
    year = YearFilter(field_name="meeting__start__year", label="År då sammanträdet hölls.")

    class Meta:
        model = Protocol
        fields = ["meeting", "body", "year"]


class CaseFilter(filters.FilterSet):
    """On `case_steps.cases_for_listing()`: the public cases, with whether a public step decided them."""

    year = YearFilter(field_name="year", label="Året i diarienumret (Ks 181/2022 är 2022).")
    status = filters.ChoiceFilter(
        choices=case_steps.STATUS_CHOICES, label="pagaende eller avgjort.", method="filter_status"
    )
    body = TextFilter(label="Organets kortnamn (slug): ärenden som har behandlats där.", method="filter_body")

    class Meta:
        model = Case
        fields = ["year", "status", "body"]

    def filter_status(self, queryset, name, value):
        return case_steps.cases_with_status(queryset, value)

    def filter_body(self, queryset, name, value):
        body = Body.objects.filter(slug=value).first()
        return case_steps.cases_at_body(queryset, body) if body is not None else queryset.none()


class NoticeFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Notice.Kind.choices, label="Typ av anslag.")
    body = TextFilter(field_name="body__slug", label="Organets kortnamn (slug).")
    current = BooleanFilter(
        label="true: bara det som sitter på anslagstavlan i dag; false: bara arkivet (nedtagna anslag).",
        method="filter_current",
    )

    class Meta:
        model = Notice
        fields = ["kind", "body", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.filter(taken_down_at__isnull=value)


class ResponsibilityCodeFilter(filters.FilterSet):
    unit = TextFilter(field_name="unit__slug", label="Enhetens kortnamn (slug).")

    class Meta:
        model = ResponsibilityCode
        fields = ["unit"]


class FigureFilter(filters.FilterSet):
    year = YearFilter(field_name="year_id", label="Räkenskapsår.")
    unit = TextFilter(
        label="Enhetens kortnamn (slug); en överordnad enhet tar med sina underenheter.", method="filter_unit"
    )
    code = TextFilter(field_name="code__code", label="Ansvar, t.ex. KLC.")
    group = TextFilter(field_name="group__code", label="Kontogrupp, t.ex. 5.")

    class Meta:
        model = PublishedLedgerLine
        fields = ["year", "unit", "code", "group"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Q(code__unit__slug=value) | Q(code__unit__parent__slug=value))


class GoalAreaFilter(filters.FilterSet):
    year = YearFilter(label="Mål som gäller ett visst år.", method="filter_year")

    class Meta:
        model = GoalArea
        fields = ["year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(
            Q(period__end_year__isnull=True) | Q(period__end_year__gte=value), period__start_year__lte=value
        )


class IndicatorFilter(filters.FilterSet):
    body = TextFilter(field_name="owner__slug", label="Det ansvariga organets kortnamn (slug).")
    goal_area = TextFilter(field_name="goal_areas__slug", label="Målområdets kortnamn (slug).", distinct=True)

    class Meta:
        model = Indicator
        fields = ["body", "goal_area"]


class CommitmentFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=CommitmentStatus.choices, label="Status just nu.", method="filter_status")
    platform = IdFilter(field_name="area__platform_id", label="Plattformens id.")

    class Meta:
        model = Commitment
        fields = ["status", "platform"]

    def filter_status(self, queryset, name, value):
        if value == CommitmentStatus.NOT_STARTED:
            return queryset.filter(Q(latest_status=value) | Q(latest_status__isnull=True))
        return queryset.filter(latest_status=value)


class BodyFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Body.Kind.choices, label="Typ av organ.")
    slug = TextFilter(label="Organets kortnamn (slug).")

    class Meta:
        model = Body
        fields = ["kind", "slug"]


class UnitFilter(filters.FilterSet):
    slug = TextFilter(label="Enhetens kortnamn (slug).")

    class Meta:
        model = Unit
        fields = ["slug"]


# --- the elected, attendance, votes and statements -------------------------------------------------------------------


def _unchanged(queryset, name, value):
    """For a filter that `filter_queryset` applies together with another (a body and a day: the same membership)."""
    return queryset


PARTY_LABEL = "Partiets id (se /api/v1/parties/)."
DAY_LABEL = "Uppdrag som gäller den dagen (ÅÅÅÅ-MM-DD)."


class PersonFilter(filters.FilterSet):
    body = TextFilter(label="Organets kortnamn (slug): personer med ett uppdrag i organet.", method=_unchanged)
    datum = DateFilter(label=DAY_LABEL + " Med body: uppdrag i just det organet den dagen.", method=_unchanged)
    party = IdFilter(field_name="party_id", label=PARTY_LABEL + " Partiet i dag.")
    is_example = BooleanFilter(label="true: bara påhittade exempelpersoner; false: bara verkliga personer.")
    slug = TextFilter(label="Personens kortnamn (slug) i adressen till ledamotssidan.")

    class Meta:
        model = Person
        fields = ["body", "datum", "party", "is_example", "slug"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        body, day = self.form.cleaned_data.get("body"), self.form.cleaned_data.get("datum")
        if not body and day is None:
            return queryset
        # One membership must match both: in the body *and* in force on the day.
        memberships = Membership.objects.all()
        if body:
            memberships = memberships.filter(body__slug=body)
        if day is not None:
            memberships = memberships.on(day)
        return queryset.filter(pk__in=memberships.values("person_id"))


class MembershipFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Personens id.")
    body = TextFilter(field_name="body__slug", label="Organets kortnamn (slug).")
    role = filters.ChoiceFilter(choices=Membership.Role.choices, label="Roll i organet.")
    party = IdFilter(field_name="party_id", label=PARTY_LABEL + " Partigruppen under uppdraget.")
    datum = DateFilter(label=DAY_LABEL, method="filter_datum")

    class Meta:
        model = Membership
        fields = ["person", "body", "role", "party", "datum"]

    def filter_datum(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.on(value).values("pk"))


LATEST_LABEL = "true: bara den senaste anslagna versionen av varje protokoll (utan versioner som rättats)."


class ProtocolRowFilter(filters.FilterSet):
    """Filters shared by the rows of posted protocols; `protocol_path` leads from the row to its protocol."""

    protocol_path = "protocol"

    meeting = IdFilter(label="Sammanträdets id.", method="filter_meeting")
    protocol = IdFilter(label="Protokollets id.", method="filter_protocol")
    body = TextFilter(label="Organets kortnamn (slug).", method="filter_body")
    year = YearFilter(label="År då sammanträdet hölls.", method="filter_year")
    latest = BooleanFilter(label=LATEST_LABEL, method="filter_latest")

    def _on(self, queryset, lookup, value):
        return queryset.filter(**{f"{self.protocol_path}__{lookup}": value})

    def filter_meeting(self, queryset, name, value):
        return self._on(queryset, "meeting_id", value)

    def filter_protocol(self, queryset, name, value):
        return self._on(queryset, "id", value)

    def filter_body(self, queryset, name, value):
        return self._on(queryset, "meeting__body__slug", value)

    def filter_year(self, queryset, name, value):
        return self._on(queryset, "meeting__start__year", value)

    def filter_latest(self, queryset, name, value):
        latest = {f"{self.protocol_path}__in": Protocol.objects.latest_posted().values("pk")}
        return queryset.filter(**latest) if value else queryset.exclude(**latest)


class AttendanceFilter(ProtocolRowFilter):
    person = IdFilter(field_name="membership__person_id", label="Personens id.")
    status = filters.ChoiceFilter(choices=Attendance.Status.choices, label="Närvarande eller frånvarande.")

    class Meta:
        model = Attendance
        fields = ["meeting", "protocol", "body", "year", "person", "status", "latest"]


class VoteFilter(ProtocolRowFilter):
    protocol_path = "paragraph__protocol"

    person = IdFilter(label="Personens id: omröstningar där personen röstade.", method="filter_person")

    class Meta:
        model = Vote
        fields = ["meeting", "protocol", "body", "year", "person", "latest"]

    def filter_person(self, queryset, name, value):
        # Only the ballots that are public: a closed vote must not be findable by who took part in it.
        ballots = Ballot.objects.filter(membership__person_id=value, vote__is_secret=False)
        return queryset.filter(pk__in=ballots.values("vote_id"))


class BallotFilter(ProtocolRowFilter):
    protocol_path = "vote__paragraph__protocol"

    vote = IdFilter(field_name="vote_id", label="Omröstningens id.")
    person = IdFilter(field_name="membership__person_id", label="Personens id.")
    choice = filters.ChoiceFilter(choices=Ballot.Choice.choices, label="Rösten: ja, nej eller avstår.")

    class Meta:
        model = Ballot
        fields = ["meeting", "protocol", "body", "year", "vote", "person", "choice", "latest"]


class StatementFilter(ProtocolRowFilter):
    protocol_path = "paragraph__protocol"

    person = IdFilter(field_name="membership__person_id", label="Personens id.")
    kind = filters.ChoiceFilter(choices=Statement.Kind.choices, label="Reservation eller protokollsanteckning.")

    class Meta:
        model = Statement
        fields = ["meeting", "protocol", "body", "year", "person", "kind", "latest"]
