"""Bodies, meetings, agenda items, documents and protocols: exactly what the public pages show, nothing more.

Every serializer here reads the object's public projection (`meetings/public.py`, through `ProjectedSerializer`):
every free text masked, a non-public agenda item or paragraph as its number and "Sekretessärende", a name marked once
in a protocol masked wherever it appears in it. The stored original never leaves the server.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import AgendaItem, Body, Document, Meeting, Protocol, ProtocolParagraph
from meetings.public import (
    PublicAgendaItem,
    PublicBody,
    PublicDocument,
    PublicMeeting,
    PublicParagraph,
    PublicProtocol,
)

from .cases import CaseKeyField
from .common import LinkField, LinkListField, ProjectedSerializer, WebUrlField, api_url, web_url
from .members import (
    ApprovalSerializer,
    ParagraphStatementSerializer,
    ParagraphVoteSerializer,
    ProposalSerializer,
    ProtocolAttendanceSerializer,
)


class BodySerializer(ProjectedSerializer):
    projection = PublicBody
    url = LinkField("body", source="pk")
    parent = LinkField("body", source="parent_id", allow_null=True)
    web_url = WebUrlField()
    meetings = serializers.SerializerMethodField(help_text="Organets sammanträden i API:et.")

    class Meta:
        model = Body
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "kind",
            "parent",
            "summary",
            "description",
            "responsibilities",
            "contact_email",
            "meetings_public",
            "protocol_kept_at",
            "web_url",
            "meetings",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_meetings(self, body: PublicBody) -> str:
        return web_url(self.context.get("request"), reverse("api:meeting-list") + f"?body={body.slug}")


class MeetingSerializer(ProjectedSerializer):
    projection = PublicMeeting
    url = LinkField("meeting", source="pk")
    body = LinkField("body", source="body_id")
    body_slug = serializers.CharField(source="body.slug", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    agenda_items = LinkListField(
        "agendaitem", source="items", help_text="Ärendena, när ärendelistan är publicerad; annars tom."
    )
    documents = LinkListField("document", help_text="Sammanträdets publicerade handlingar.")
    protocols = LinkListField("protocol", help_text="Anslagna versioner av protokollet.")
    web_url = WebUrlField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "body",
            "body_slug",
            "body_name",
            "start",
            "end",
            "place",
            "status",
            "status_note",
            "is_public",
            "agenda_published_at",
            "agenda_changed_at",
            "agenda_items",
            "documents",
            "protocols",
            "web_url",
        ]


class AgendaItemSerializer(ProjectedSerializer):
    projection = PublicAgendaItem
    url = LinkField("agendaitem", source="pk")
    meeting = LinkField("meeting", source="meeting_id")
    body_slug = serializers.CharField(source="meeting.body.slug", read_only=True)
    meeting_start = serializers.DateTimeField(source="meeting.start", read_only=True)
    documents = LinkListField("document", help_text="Ärendets publicerade handlingar.")
    case = CaseKeyField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "url",
            "meeting",
            "body_slug",
            "meeting_start",
            "position",
            "number",
            "title",
            "case_number",
            "case",
            "proposal",
            "is_public",
            "documents",
            "web_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, item: PublicAgendaItem) -> str:
        return web_url(self.context.get("request"), item.meeting.get_absolute_url())


class DocumentSerializer(ProjectedSerializer):
    projection = PublicDocument
    url = LinkField("document", source="pk")
    meeting = serializers.SerializerMethodField(help_text="Sammanträdet som handlingen hör till.")
    agenda_item = LinkField("agendaitem", source="agenda_item_id", allow_null=True)
    file_url = WebUrlField(help_text="Filen (pdf).")

    class Meta:
        model = Document
        fields = [
            "id",
            "url",
            "meeting",
            "agenda_item",
            "title",
            "kind",
            "content_type",
            "size",
            "pages",
            "sha256",
            "created_at",
            "file_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, document: PublicDocument) -> str:
        return api_url(self.context.get("request"), "meeting", document.owner_meeting_id)


class DocumentDetailSerializer(DocumentSerializer):
    text = serializers.CharField(
        read_only=True, help_text="Texten ur pdf-filen, maskerad; sidorna skiljs åt med tecknet \\f."
    )

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text"]


class ParagraphSerializer(ProjectedSerializer):
    projection = PublicParagraph
    agenda_item = LinkField("agendaitem", source="agenda_item_id", allow_null=True)
    proposals = ProposalSerializer(many=True, read_only=True, help_text="Yrkanden, i ordning.")
    votes = ParagraphVoteSerializer(many=True, read_only=True, help_text="Omröstningar med varje ledamots röst.")
    statements = ParagraphStatementSerializer(
        many=True, read_only=True, help_text="Reservationer och protokollsanteckningar."
    )
    reservations = serializers.CharField(
        read_only=True, help_text="Reservationer som fritext, i protokoll skrivna innan reservationerna registrerades."
    )
    case = CaseKeyField()

    class Meta:
        model = ProtocolParagraph
        fields = [
            "number",
            "title",
            "case_number",
            "case",
            "matter",
            "procedure",
            "proposals",
            "decision",
            "votes",
            "statements",
            "reservations",
            "outcome",
            "is_public",
            "agenda_item",
        ]

    def project(self, instance):
        if isinstance(instance, ProtocolParagraph):
            # Alone, a paragraph would not know the names marked elsewhere in its protocol: take it from there.
            protocol = PublicProtocol.of(instance.protocol)
            instance = next((p for p in protocol.paragraphs if p.pk == instance.pk), None) if protocol else None
        return super().project(instance)


class ProtocolSerializer(ProjectedSerializer):
    projection = PublicProtocol
    url = LinkField("protocol", source="pk")
    meeting = LinkField("meeting", source="meeting_id")
    body_slug = serializers.CharField(source="meeting.body.slug", read_only=True)
    adjusters = serializers.ListField(child=serializers.CharField(), source="adjusters_list", read_only=True)
    members = serializers.ListField(child=serializers.CharField(), source="members_list", read_only=True)
    substitutes = serializers.ListField(child=serializers.CharField(), source="substitutes_list", read_only=True)
    officials = serializers.ListField(child=serializers.CharField(), source="officials_list", read_only=True)
    posted_on = serializers.DateField(source="posting.posted_on", read_only=True)
    appeal_last_day = serializers.DateField(source="posting.appeal_last_day", read_only=True)
    taken_down_on = serializers.DateField(source="posting.taken_down_on", read_only=True)
    taken_down_at = serializers.DateTimeField(
        source="posting.taken_down_at",
        read_only=True,
        allow_null=True,
        help_text="När protokollet togs ned från anslagstavlan; null så länge det sitter uppe.",
    )
    paragraphs = ParagraphSerializer(many=True, read_only=True)
    attendance = ProtocolAttendanceSerializer(
        many=True, read_only=True, help_text="Närvaron enligt organets ledamöter och ersättare, de närvarande först."
    )
    approvals = ApprovalSerializer(
        many=True,
        read_only=True,
        help_text="Den digitala justeringen: vem som godkände protokollet, som vad och när. Tom för ett protokoll "
        "som justerats på papper.",
    )
    web_url = WebUrlField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Protocol
        fields = [
            "id",
            "url",
            "meeting",
            "body_slug",
            "version",
            "correction_note",
            "chair",
            "secretary",
            "adjusters",
            "members",
            "substitutes",
            "officials",
            "attendance",
            "adjustment_method",
            "adjusted_on",
            "approvals",
            "posted_on",
            "appeal_last_day",
            "taken_down_on",
            "taken_down_at",
            "paragraphs",
            "web_url",
            "pdf_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf_url(self, protocol: PublicProtocol) -> str:
        path = reverse("meetings:protocol_pdf", kwargs={"pk": protocol.meeting_id, "version": protocol.version})
        return web_url(self.context.get("request"), path)
