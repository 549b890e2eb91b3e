"""The elected and what they did: parties, persons and their memberships of a body; and from the posted protocols,
who attended, each vote with every member's ballot, and the reservations and protokollsanteckningar.

Parties, persons and memberships read their projections (`PublicParty`, `PublicPerson`, `PublicMembership`). The rows
of a protocol — attendance, votes, ballots, statements — are never projected on their own: `placed()` finds each one
in its posted protocol's projection (`PublicProtocol.attendance`, `.paragraphs[…].votes`, `.statements`), which
leaves out a secret paragraph's rows and a closed vote's ballots, and masks every text with the names marked anywhere
in that protocol. It does that for a whole page of rows in a fixed number of queries.

Every row that names a person says whether the person is an invented example (`is_example`): the demo rosters are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Manager, Model, Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import (
    AdjustmentApproval,
    Attendance,
    Ballot,
    Membership,
    Party,
    Person,
    Proposal,
    Protocol,
    Statement,
    Vote,
)
from meetings.public import (
    NotPublic,
    Projection,
    PublicAdjustmentApproval,
    PublicAttendance,
    PublicBallot,
    PublicMembership,
    PublicParagraph,
    PublicParty,
    PublicPerson,
    PublicProposal,
    PublicProtocol,
    PublicStatement,
    PublicVote,
    protocol_prefetch,
)

from .common import LinkField, ProjectedSerializer, WebUrlField, web_url

EXAMPLE_HELP = "true när personen är påhittad (exempeldata), inte en verklig förtroendevald."


# --- projections the API needs beyond meetings/public.py ----------------------------------------------------------


class ApiPerson(PublicPerson):
    """The public person with their memberships (roles over time), newest first."""

    @cached_property
    def memberships(self) -> list[PublicMembership]:
        return [PublicMembership(membership) for membership in self._obj.memberships.all()]  # prefetched by the viewset


def paragraph_url(protocol: PublicProtocol, paragraph: PublicParagraph) -> str:
    """The paragraph on the public protocol page."""
    return f"{protocol.get_absolute_url()}#paragraf-{paragraph.number}"


# --- rows found in their posted protocol ----------------------------------------------------------------------------


class InProtocol:
    """A projection as found in its posted protocol: `item`, with the `protocol`, `paragraph` and `vote` it belongs
    to. Every other attribute is the item's, so `NotPublic` still guards what it does not declare."""

    def __init__(
        self,
        item: Projection,
        protocol: PublicProtocol,
        paragraph: PublicParagraph | None = None,
        vote: PublicVote | None = None,
    ) -> None:
        self.item = item
        self.protocol = protocol
        self.paragraph = paragraph
        self.vote = vote

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.item, name)


def _attendance(protocol: PublicProtocol) -> Iterator[InProtocol]:
    for row in protocol.attendance:
        yield InProtocol(row, protocol)


def _votes(protocol: PublicProtocol) -> Iterator[InProtocol]:
    for paragraph in protocol.paragraphs:
        for vote in paragraph.votes:
            yield InProtocol(vote, protocol, paragraph)


def _ballots(protocol: PublicProtocol) -> Iterator[InProtocol]:
    for paragraph in protocol.paragraphs:
        for vote in paragraph.votes:
            for ballot in vote.ballots:  # none for a closed vote
                yield InProtocol(ballot, protocol, paragraph, vote)


def _statements(protocol: PublicProtocol) -> Iterator[InProtocol]:
    for paragraph in protocol.paragraphs:
        for statement in paragraph.statements:
            yield InProtocol(statement, protocol, paragraph)


@dataclass(frozen=True)
class Place:
    protocol_path: str  # from the row to its protocol's id, for the viewset's annotation
    walk: Callable[[PublicProtocol], Iterable[InProtocol]]
    prefetch: str = "paragraphs"  # which of `protocol_prefetch()` the walk reads: the attendance, or the paragraphs


PLACES: dict[type[Model], Place] = {
    Attendance: Place("protocol_id", _attendance, prefetch="attendance"),
    Vote: Place("paragraph__protocol_id", _votes),
    Ballot: Place("vote__paragraph__protocol_id", _ballots),
    Statement: Place("paragraph__protocol_id", _statements),
}
PROTOCOL_KEY = "placed_protocol_id"  # the annotation the viewsets add (`placed_queryset`)


def _prefetch(place: Place) -> list[Prefetch]:
    # The paragraphs come with all their parts: the protocol's marked names are collected from every text in them.
    return [p for p in protocol_prefetch() if isinstance(p, Prefetch) and p.prefetch_to == place.prefetch]


def placed(rows: Iterable[Model]) -> list[InProtocol]:
    """Each row as its posted protocol's projection shows it, in the rows' order; one query for the protocols and one
    per related list, however many rows and protocols. A row the projection does not show (a secret paragraph's, a
    closed vote's ballot) raises `NotPublic`: the viewset's queryset must have left it out."""
    rows = list(rows)
    if not rows:
        return []
    place = PLACES[type(rows[0])]
    protocols = (
        Protocol.objects.posted()
        .filter(pk__in={getattr(row, PROTOCOL_KEY) for row in rows})
        .select_related("meeting__body", "posting")
        .prefetch_related(*_prefetch(place))
    )
    found: dict[int, InProtocol] = {}
    for protocol in protocols:
        public = PublicProtocol.of(protocol)
        if public is not None:
            found.update((entry.item.pk, entry) for entry in place.walk(public))
    result = []
    for row in rows:
        if row.pk not in found:
            raise NotPublic(f"{row!r} is not part of a posted protocol's public projection")
        result.append(found[row.pk])
    return result


class PlacedListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        rows = data.all() if isinstance(data, Manager) else data
        return [self.child.to_representation(entry) for entry in placed(rows)]


# --- shared fields --------------------------------------------------------------------------------------------------


def _role_field(**kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=Membership.Role.choices, read_only=True, help_text="Roll i organet.", **kwargs
    )


class MemberFieldsSerializer(ProjectedSerializer):
    """Who a row is about, through its `membership`: the person, their role and their party group then."""

    membership = LinkField("membership", source="membership_id", help_text="Uppdraget i organet.")
    person = LinkField("person", source="membership.person_id")
    person_name = serializers.CharField(source="membership.person.name", read_only=True)
    is_example = serializers.BooleanField(source="membership.person.is_example", read_only=True, help_text=EXAMPLE_HELP)
    role = _role_field(source="membership.role")
    party = serializers.CharField(
        source="membership.party.abbreviation",
        read_only=True,
        allow_null=True,
        help_text="Partigruppens förkortning under uppdraget.",
    )
    person_web_url = serializers.SerializerMethodField(help_text="Ledamotens sida på webbplatsen.")

    MEMBER_FIELDS = ["membership", "person", "person_name", "is_example", "role", "party", "person_web_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_person_web_url(self, row) -> str:
        return web_url(self.context.get("request"), row.membership.person.get_absolute_url())


class PlacedFieldsSerializer(ProjectedSerializer):
    """Where a row stands: its posted protocol, the meeting and body. The rows of a page are projected together."""

    protocol = LinkField("protocol", source="protocol.pk", help_text="Det anslagna protokollet.")
    meeting = LinkField("meeting", source="protocol.meeting_id")
    body_slug = serializers.CharField(source="protocol.meeting.body.slug", read_only=True)
    meeting_start = serializers.DateTimeField(source="protocol.meeting.start", read_only=True)
    version = serializers.IntegerField(
        source="protocol.version", read_only=True, help_text="Protokollets version (2 och uppåt: rättat)."
    )

    PLACED_FIELDS = ["protocol", "meeting", "body_slug", "meeting_start", "version"]

    def project(self, instance):
        if isinstance(instance, InProtocol):
            return instance
        return placed([instance])[0]


class ParagraphFieldsSerializer(PlacedFieldsSerializer):
    paragraph_number = serializers.IntegerField(source="paragraph.number", read_only=True, help_text="Paragrafen (§).")
    paragraph_title = serializers.CharField(source="paragraph.title", read_only=True)
    web_url = serializers.SerializerMethodField(help_text="Paragrafen i protokollet på webbplatsen.")

    PARAGRAPH_FIELDS = [*PlacedFieldsSerializer.PLACED_FIELDS, "paragraph_number", "paragraph_title"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, row: InProtocol) -> str:
        return web_url(self.context.get("request"), paragraph_url(row.protocol, row.paragraph))


# --- parties, persons, memberships ----------------------------------------------------------------------------------


class PartySerializer(ProjectedSerializer):
    projection = PublicParty
    url = LinkField("party", source="pk")
    persons = serializers.SerializerMethodField(help_text="Partiets personer i API:et.")

    class Meta:
        model = Party
        fields = ["id", "url", "name", "abbreviation", "persons"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_persons(self, party: PublicParty) -> str:
        path = reverse("api:person-list") + f"?party={party.pk}"
        return web_url(self.context.get("request"), path)


class PersonMembershipSerializer(ProjectedSerializer):
    projection = PublicMembership
    url = LinkField("membership", source="pk")
    body = LinkField("body", source="body_id")
    body_slug = serializers.CharField(source="body.slug", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    role = _role_field()
    party = serializers.CharField(source="party.abbreviation", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "url", "body", "body_slug", "body_name", "role", "is_ledamot", "party", "start", "end"]


class PersonSerializer(ProjectedSerializer):
    projection = ApiPerson
    url = LinkField("person", source="pk")
    is_example = serializers.BooleanField(read_only=True, help_text=EXAMPLE_HELP)
    party = LinkField("party", source="party_id", allow_null=True, help_text="Partiet i dag.")
    party_abbreviation = serializers.CharField(source="party.abbreviation", read_only=True, allow_null=True)
    party_name = serializers.CharField(source="party.name", read_only=True, allow_null=True)
    memberships = PersonMembershipSerializer(many=True, read_only=True, help_text="Uppdragen, det senaste först.")
    web_url = WebUrlField(help_text="Ledamotens sida på webbplatsen.")

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "is_example",
            "party",
            "party_abbreviation",
            "party_name",
            "public_email",
            "memberships",
            "web_url",
        ]


class MembershipSerializer(ProjectedSerializer):
    projection = PublicMembership
    url = LinkField("membership", source="pk")
    person = LinkField("person", source="person_id")
    person_name = serializers.CharField(source="person.name", read_only=True)
    person_slug = serializers.CharField(source="person.slug", read_only=True)
    is_example = serializers.BooleanField(source="person.is_example", read_only=True, help_text=EXAMPLE_HELP)
    body = LinkField("body", source="body_id")
    body_slug = serializers.CharField(source="body.slug", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    role = _role_field()
    party = LinkField("party", source="party_id", allow_null=True, help_text="Partigruppen under uppdraget.")
    party_abbreviation = serializers.CharField(source="party.abbreviation", read_only=True, allow_null=True)
    web_url = serializers.SerializerMethodField(help_text="Ledamotens sida på webbplatsen.")

    class Meta:
        model = Membership
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "person_slug",
            "is_example",
            "body",
            "body_slug",
            "body_name",
            "role",
            "is_ledamot",
            "party",
            "party_abbreviation",
            "start",
            "end",
            "web_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, membership: PublicMembership) -> str:
        return web_url(self.context.get("request"), membership.person.get_absolute_url())


# --- a protocol's attendance, votes, statements (nested in the protocol, and as their own lists) ---------------------


class ProtocolAttendanceSerializer(MemberFieldsSerializer):
    projection = PublicAttendance
    url = LinkField("attendance", source="pk")
    serving_for = LinkField(
        "membership", source="serving_for_id", allow_null=True, help_text="Uppdraget hos ledamoten som ersätts."
    )
    serving_for_person = LinkField("person", source="serving_for.person_id", allow_null=True)
    serving_for_name = serializers.CharField(source="serving_for.person.name", read_only=True, allow_null=True)

    class Meta:
        model = Attendance
        fields = [
            "id",
            "url",
            *MemberFieldsSerializer.MEMBER_FIELDS,
            "status",
            "serving_for",
            "serving_for_person",
            "serving_for_name",
            "from_paragraph",
            "to_paragraph",
            "is_chair",
            "is_adjuster",
        ]


class AttendanceSerializer(PlacedFieldsSerializer, ProtocolAttendanceSerializer):
    web_url = serializers.SerializerMethodField(help_text="Protokollet på webbplatsen.")

    class Meta:
        model = Attendance
        list_serializer_class = PlacedListSerializer
        fields = [
            *ProtocolAttendanceSerializer.Meta.fields[:2],
            *PlacedFieldsSerializer.PLACED_FIELDS,
            *ProtocolAttendanceSerializer.Meta.fields[2:],
            "web_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, row: InProtocol) -> str:
        return web_url(self.context.get("request"), row.protocol.get_absolute_url())


class BallotInVoteSerializer(MemberFieldsSerializer):
    projection = PublicBallot

    class Meta:
        model = Ballot
        fields = [*MemberFieldsSerializer.MEMBER_FIELDS, "choice"]


class ParagraphVoteSerializer(ProjectedSerializer):
    projection = PublicVote
    url = LinkField("vote", source="pk")
    is_closed = serializers.SerializerMethodField(
        help_text="Sluten omröstning: bara antalen är offentliga, inte vem som röstade hur."
    )
    ballots = BallotInVoteSerializer(
        many=True, read_only=True, help_text="Varje ledamots röst; tom vid sluten omröstning."
    )

    VOTE_FIELDS = ["question", "outcome", "is_closed", "yes_count", "no_count", "abstain_count", "ballots"]

    class Meta:
        model = Vote
        fields = ["id", "url", "question", "outcome", "is_closed", "yes_count", "no_count", "abstain_count", "ballots"]

    def get_is_closed(self, vote) -> bool:
        return (vote.item if isinstance(vote, InProtocol) else vote).is_closed


class ProposalSerializer(ProjectedSerializer):
    projection = PublicProposal
    person = LinkField("person", source="membership.person_id", allow_null=True)
    person_name = serializers.CharField(source="membership.person.name", read_only=True, allow_null=True)
    is_example = serializers.BooleanField(
        source="membership.person.is_example", read_only=True, allow_null=True, help_text=EXAMPLE_HELP
    )
    party = serializers.CharField(source="membership.party.abbreviation", read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = ["person", "person_name", "is_example", "party", "text"]


class ParagraphStatementSerializer(MemberFieldsSerializer):
    projection = PublicStatement
    url = LinkField("statement", source="pk")

    class Meta:
        model = Statement
        fields = ["id", "url", "kind", *MemberFieldsSerializer.MEMBER_FIELDS, "text"]


class ApprovalSerializer(ProjectedSerializer):
    projection = PublicAdjustmentApproval
    person = LinkField("person", source="person_id")
    person_name = serializers.CharField(source="person.name", read_only=True)
    is_example = serializers.BooleanField(source="person.is_example", read_only=True, help_text=EXAMPLE_HELP)
    role = serializers.ChoiceField(
        choices=AdjustmentApproval.Role.choices, read_only=True, help_text="Ordförande eller justerare."
    )
    at = serializers.DateTimeField(read_only=True, help_text="När personen godkände protokollet.")

    class Meta:
        model = AdjustmentApproval
        fields = ["person", "person_name", "is_example", "role", "at"]


# --- the flat lists ---------------------------------------------------------------------------------------------------


class VoteSerializer(ParagraphFieldsSerializer, ParagraphVoteSerializer):
    class Meta:
        model = Vote
        list_serializer_class = PlacedListSerializer
        fields = [
            "id",
            "url",
            *ParagraphFieldsSerializer.PARAGRAPH_FIELDS,
            *ParagraphVoteSerializer.VOTE_FIELDS,
            "web_url",
        ]


class BallotSerializer(ParagraphFieldsSerializer, MemberFieldsSerializer):
    projection = PublicBallot
    url = LinkField("ballot", source="pk")
    vote = LinkField("vote", source="vote_id")

    class Meta:
        model = Ballot
        list_serializer_class = PlacedListSerializer
        fields = [
            "id",
            "url",
            "vote",
            *ParagraphFieldsSerializer.PARAGRAPH_FIELDS,
            *MemberFieldsSerializer.MEMBER_FIELDS,
            "choice",
            "web_url",
        ]


class StatementSerializer(ParagraphFieldsSerializer, ParagraphStatementSerializer):
    class Meta:
        model = Statement
        list_serializer_class = PlacedListSerializer
        fields = [
            "id",
            "url",
            *ParagraphFieldsSerializer.PARAGRAPH_FIELDS,
            "kind",
            *MemberFieldsSerializer.MEMBER_FIELDS,
            "text",
            "web_url",
        ]
