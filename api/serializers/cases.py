"""Cases (ärenden) and notices on the notice board (anslag): what the public pages show, nothing more.

A case is read through `meetings.case_steps` (`CaseSummary`: a `PublicCase` with its public steps): only a case with
a public step is listed, its title is the masked title of its first public step (never the registrar's), and a
secret item or paragraph is no step. A notice is read through its projection `PublicNotice`, every text masked.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from meetings.case_steps import DECIDED, ONGOING, CaseStep, CaseSummary
from meetings.models import Notice, ProtocolParagraph, case_number_parse
from meetings.public import PublicNotice

from .common import LinkField, ProjectedSerializer, WebUrlField, api_url, web_url


def case_key(case_number: str) -> str | None:
    """The key of the case a shown diarienummer names (`ks-181-2022`), or None. The projections give the number only
    where it is public (a secret item's is empty), so the key is public wherever the number is."""
    number = case_number_parse(case_number)
    return number.key if number is not None else None


@extend_schema_field({"type": "string", "nullable": True, "example": "ks-181-2022"})
class CaseKeyField(serializers.Field):
    """The key of the case named by the object's (public) diarienummer: its address in /api/v1/cases/<key>/."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "case_number")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text", "Ärendets nyckel, t.ex. ks-181-2022 (se /api/v1/cases/<nyckel>/); null utan diarienummer."
        )
        super().__init__(**kwargs)

    def to_representation(self, value):
        return case_key(value)


def _case_url(request, key: str) -> str:
    return reverse("api:case-detail", kwargs={"key": key}, request=request)


class CaseStepSerializer(serializers.Serializer):
    """One meeting in the case's path: the agenda item and/or the paragraph that name the case there."""

    meeting_id = serializers.IntegerField(source="meeting.pk", read_only=True)
    meeting = serializers.SerializerMethodField(help_text="Sammanträdet i API:et.")
    meeting_start = serializers.DateTimeField(source="meeting.start", read_only=True)
    body_slug = serializers.CharField(source="meeting.body.slug", read_only=True)
    body_name = serializers.CharField(source="meeting.body.name", read_only=True)
    title = serializers.CharField(read_only=True, help_text="Rubriken i ärendelistan eller paragrafen, maskerad.")
    agenda_item_id = serializers.SerializerMethodField(help_text="Ärendet på ärendelistan; null om det saknas.")
    agenda_item = serializers.SerializerMethodField()
    proposal = serializers.SerializerMethodField(help_text="Förslag till beslut, maskerat.")
    protocol = serializers.SerializerMethodField(help_text="Det anslagna protokollet (senaste versionen).")
    paragraph_id = serializers.SerializerMethodField()
    paragraph_number = serializers.SerializerMethodField(help_text="Paragrafens nummer (§).")
    decision = serializers.SerializerMethodField(help_text="Beslutet, maskerat.")
    outcome = serializers.SerializerMethodField(help_text="Utfallet: " + ", ".join(ProtocolParagraph.Outcome.values))
    outcome_label = serializers.SerializerMethodField()
    forwarded_to = serializers.SerializerMethodField(help_text="Organet (kortnamn) ett förslag gick vidare till.")
    is_final = serializers.BooleanField(read_only=True, help_text="Beslutet avgjorde ärendet.")
    web_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_meeting(self, step: CaseStep) -> str:
        return api_url(self.context.get("request"), "meeting", step.meeting.pk)

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_agenda_item_id(self, step: CaseStep):
        return step.item.pk if step.item is not None else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_agenda_item(self, step: CaseStep):
        return api_url(self.context.get("request"), "agendaitem", step.item.pk if step.item else None)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_proposal(self, step: CaseStep):
        return str(step.item.proposal) if step.item is not None else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_protocol(self, step: CaseStep):
        return api_url(self.context.get("request"), "protocol", step.protocol.pk if step.protocol else None)

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_paragraph_id(self, step: CaseStep):
        return step.paragraph.pk if step.paragraph is not None else None

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_paragraph_number(self, step: CaseStep):
        return step.paragraph.number if step.paragraph is not None else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_decision(self, step: CaseStep):
        return str(step.paragraph.decision) if step.paragraph is not None else None

    @extend_schema_field({"type": "string", "enum": [*ProtocolParagraph.Outcome.values, "", None], "nullable": True})
    def get_outcome(self, step: CaseStep):
        return step.paragraph.outcome if step.paragraph is not None else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_outcome_label(self, step: CaseStep):
        return step.paragraph.get_outcome_display if step.paragraph is not None else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_forwarded_to(self, step: CaseStep):
        return step.forwarded_to.slug if step.forwarded_to is not None else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, step: CaseStep) -> str:
        path = step.protocol_url or step.meeting.get_absolute_url()
        return web_url(self.context.get("request"), path)


class CaseSerializer(serializers.Serializer):
    """A public case: its number, the title of its first public step, where it stands, the bodies it went through
    and its public steps (the list has them too: they are read for the page anyway, in a fixed number of queries)."""

    key = serializers.CharField(source="case.key", read_only=True, help_text="Ärendets nyckel i adressen.")
    url = serializers.SerializerMethodField()
    number = serializers.CharField(source="case.number", read_only=True, help_text="Diarienummer, t.ex. Ks 181/2022.")
    prefix = serializers.CharField(source="case.prefix", read_only=True)
    serial = serializers.IntegerField(source="case.serial", read_only=True)
    year = serializers.IntegerField(source="case.year", read_only=True)
    title = serializers.CharField(
        source="case.title", read_only=True, help_text="Rubriken från ärendets första offentliga steg, maskerad."
    )
    status = serializers.ChoiceField(
        choices=[ONGOING, DECIDED], read_only=True, help_text="pagaende, eller avgjort när ett beslut avgjorde ärendet."
    )
    decided_on = serializers.DateField(read_only=True, allow_null=True, help_text="Dagen för det avgörande beslutet.")
    last_step_at = serializers.DateTimeField(read_only=True, help_text="När ärendet senast behandlades.")
    bodies = serializers.SerializerMethodField(help_text="Organen ärendet har gått genom (kortnamn), i ordning.")
    web_url = serializers.SerializerMethodField()
    steps = CaseStepSerializer(many=True, read_only=True, help_text="Ärendets offentliga steg, i datumordning.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, summary: CaseSummary) -> str:
        return _case_url(self.context.get("request"), summary.case.key)

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_bodies(self, summary: CaseSummary) -> list[str]:
        return [body.slug for body in summary.bodies]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, summary: CaseSummary) -> str:
        return web_url(self.context.get("request"), summary.case.get_absolute_url())


class NoticeSerializer(ProjectedSerializer):
    projection = PublicNotice
    url = LinkField("notice", source="pk")
    body = LinkField("body", source="body_id", allow_null=True)
    body_slug = serializers.SerializerMethodField()
    meeting = LinkField(
        "meeting", source="meeting_id", allow_null=True, help_text="Sammanträdet som kungörs; dess ärenden finns där."
    )
    case = serializers.CharField(
        source="case_key",
        read_only=True,
        allow_null=True,
        help_text="Ärendets nyckel (se /api/v1/cases/<nyckel>/); null utan diarienummer eller om ärendet inte har "
        "behandlats offentligt.",
    )
    is_current = serializers.SerializerMethodField(help_text="Anslaget sitter på anslagstavlan i dag.")
    web_url = WebUrlField()
    file_url = serializers.SerializerMethodField(help_text="Anslagets fil (pdf), om det har en.")

    class Meta:
        model = Notice
        fields = [
            "id",
            "url",
            "kind",
            "body",
            "body_slug",
            "meeting",
            "title",
            "text",
            "case_number",
            "case",
            "decided_on",
            "decided_by",
            "legal_basis",
            "posted_on",
            "appeal_last_day",
            "taken_down_on",
            "taken_down_at",
            "is_current",
            "web_url",
            "file_url",
        ]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_body_slug(self, notice: PublicNotice):
        return notice.body.slug if notice.body is not None else None

    def get_is_current(self, notice: PublicNotice) -> bool:
        return notice.taken_down_at is None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_file_url(self, notice: PublicNotice):
        if not notice.has_file:
            return None
        return web_url(self.context.get("request"), notice.file_url)
