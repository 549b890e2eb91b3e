"""The read-only endpoints of /api/v1/: each list is a fixed number of queries however many rows it returns
(`select_related`/`prefetch_related`), and each queryset holds only what the public pages show."""

from django.db.models import Prefetch
from django.views.decorators.http import conditional_page
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer

from budget.models import AccountGroup, PublishedLedgerLine, ResponsibilityCode, Unit
from goals.models import Commitment, CommitmentUpdate, GoalArea, Indicator, IndicatorValue, Means
from meetings.models import AgendaItem, Body, Document, Meeting, Protocol, ProtocolParagraph

from . import filters
from .pagination import ApiPagination
from .renderers import CSVRenderer
from .schema import ApiAutoSchema
from .serializers import budget, goals, meetings


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """JSON (and DRF's browsable page), CSV with `?format=csv`; `ETag` from the body and 304 on `If-None-Match`."""

    # The browsable API is left out: its page needs inline scripts and styles, which our CSP forbids.
    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = ApiPagination
    lookup_value_regex = "[0-9]+"
    schema = ApiAutoSchema()

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # Django's ConditionalGetMiddleware as a decorator, for the API's views only: it hashes the rendered body into
        # a strong ETag and answers a matching If-None-Match (or If-Modified-Since against Last-Modified) with 304.
        return conditional_page(super().as_view(actions, **initkwargs))


def _public_documents():
    return Document.objects.public().order_by("created_at", "pk")


def _posted_protocols():
    # With the posting: the projection checks that each one is posted.
    return Protocol.objects.posted().select_related("posting").order_by("version")


@extend_schema_view(
    list=extend_schema(summary="Organ", description="Fullmäktige, styrelse, nämnder, utskott och samverkansråd."),
    retrieve=extend_schema(summary="Ett organ"),
)
class BodyViewSet(ReadOnlyViewSet):
    queryset = Body.objects.order_by("position", "name", "pk")
    serializer_class = meetings.BodySerializer
    filterset_class = filters.BodyFilter


@extend_schema_view(
    list=extend_schema(
        summary="Sammanträden",
        description="Alla sammanträden, äldst först. Ärenden och handlingar finns med först när ärendelistan är "
        "publicerad; protokoll när de har anslagits.",
    ),
    retrieve=extend_schema(summary="Ett sammanträde"),
)
class MeetingViewSet(ReadOnlyViewSet):
    queryset = (
        Meeting.objects.select_related("body")
        .prefetch_related(
            # The names `meetings.public.PublicMeeting` reads: no query per meeting for its items and documents.
            Prefetch(
                "items",
                queryset=AgendaItem.objects.on_published_agendas().order_by("position"),
                to_attr="agenda_items",
            ),
            Prefetch("documents", queryset=_public_documents(), to_attr="public_documents"),
            Prefetch("protocols", queryset=_posted_protocols(), to_attr="posted_protocols"),
        )
        .order_by("start", "pk")
    )
    serializer_class = meetings.MeetingSerializer
    filterset_class = filters.MeetingFilter


@extend_schema_view(
    list=extend_schema(
        summary="Ärenden",
        description="Ärenden på publicerade ärendelistor. Ett ärende som inte är offentligt visas bara med sitt "
        "nummer och rubriken ”Sekretessärende”.",
    ),
    retrieve=extend_schema(summary="Ett ärende"),
)
class AgendaItemViewSet(ReadOnlyViewSet):
    queryset = (
        AgendaItem.objects.on_published_agendas()
        .select_related("meeting__body")
        .prefetch_related(Prefetch("documents", queryset=_public_documents(), to_attr="public_documents"))
        .order_by("meeting__start", "meeting_id", "position")
    )
    serializer_class = meetings.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter


@extend_schema_view(
    list=extend_schema(
        summary="Handlingar",
        description="Publicerade handlingar (pdf) till sammanträden och offentliga ärenden. Texten ur filen finns "
        "i varje handlings egen post.",
    ),
    retrieve=extend_schema(summary="En handling, med texten ur pdf-filen"),
)
class DocumentViewSet(ReadOnlyViewSet):
    queryset = Document.objects.public().select_related("agenda_item").order_by("created_at", "pk")
    filterset_class = filters.DocumentFilter

    def get_serializer_class(self):
        return meetings.DocumentDetailSerializer if self.action == "retrieve" else meetings.DocumentSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        # The extracted text can be long: only a single document carries it.
        return queryset if self.action == "retrieve" else queryset.defer("text")


@extend_schema_view(
    list=extend_schema(
        summary="Protokoll",
        description="Anslagna protokoll med sina paragrafer. Personuppgifter är maskerade, precis som på webbplatsen.",
    ),
    retrieve=extend_schema(summary="Ett protokoll"),
)
class ProtocolViewSet(ReadOnlyViewSet):
    queryset = (
        Protocol.objects.posted()
        .select_related("meeting__body", "posting")
        .prefetch_related(
            Prefetch("paragraphs", queryset=ProtocolParagraph.objects.order_by("position", "number", "pk"))
        )
        .order_by("meeting__start", "meeting_id", "version")
    )
    serializer_class = meetings.ProtocolSerializer
    filterset_class = filters.ProtocolFilter


@extend_schema_view(
    list=extend_schema(summary="Enheter", description="Ekonomins enheter (två nivåer)."),
    retrieve=extend_schema(summary="En enhet"),
)
class UnitViewSet(ReadOnlyViewSet):
    queryset = Unit.objects.order_by("position", "name", "pk")
    serializer_class = budget.UnitSerializer
    filterset_class = filters.UnitFilter


@extend_schema_view(
    list=extend_schema(summary="Ansvar", description="Ansvarskoder och vilken enhet de hör till."),
    retrieve=extend_schema(summary="Ett ansvar"),
)
class ResponsibilityCodeViewSet(ReadOnlyViewSet):
    queryset = ResponsibilityCode.objects.select_related("unit").order_by("code")
    serializer_class = budget.ResponsibilityCodeSerializer
    filterset_class = filters.ResponsibilityCodeFilter


@extend_schema_view(
    list=extend_schema(summary="Kontogrupper", description="Kommun-Bas kontogrupper."),
    retrieve=extend_schema(summary="En kontogrupp"),
)
class AccountGroupViewSet(ReadOnlyViewSet):
    queryset = AccountGroup.objects.order_by("position", "code")
    serializer_class = budget.AccountGroupSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Budgetsiffror",
        description="Budget, utfall och avvikelse (utfall − budget) i kronor per år, ansvar och kontogrupp: de "
        "publicerade siffrorna (preliminära eller bokslut). Ett år som inte har publicerats finns inte med. "
        "Varje publicering ersätter årets rader, så en siffras id gäller bara till nästa publicering av året.",
    ),
    retrieve=extend_schema(summary="En budgetsiffra"),
)
class FigureViewSet(ReadOnlyViewSet):
    # The public copy made by each year's latest publication, never the controllers' draft (`LedgerLine`).
    queryset = PublishedLedgerLine.objects.select_related("code__unit", "group").order_by(
        "year_id", "code__code", "group__position"
    )
    serializer_class = budget.FigureSerializer
    filterset_class = filters.FigureFilter


@extend_schema_view(
    list=extend_schema(summary="Målområden", description="Målområden med sina medel och indikatorer."),
    retrieve=extend_schema(summary="Ett målområde"),
)
class GoalAreaViewSet(ReadOnlyViewSet):
    queryset = (
        GoalArea.objects.select_related("period", "strategic_area")
        .prefetch_related(
            Prefetch("means", queryset=Means.objects.order_by("position", "pk")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "name")),
        )
        .order_by("-period__start_year", "period_id", "strategic_area__position", "position", "number", "pk")
    )
    serializer_class = goals.GoalAreaSerializer
    filterset_class = filters.GoalAreaFilter


@extend_schema_view(
    list=extend_schema(
        summary="Indikatorer",
        description="Indikatorer med alla värden per år, totalt (T), kvinnor (K) och män (M).",
    ),
    retrieve=extend_schema(summary="En indikator"),
)
class IndicatorViewSet(ReadOnlyViewSet):
    queryset = (
        Indicator.objects.select_related("owner")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("year", "gender"), to_attr="value_list"),
            Prefetch("goal_areas", queryset=GoalArea.objects.order_by("pk")),
        )
        .order_by("position", "name", "pk")
    )
    serializer_class = goals.IndicatorSerializer
    filterset_class = filters.IndicatorFilter


@extend_schema_view(
    list=extend_schema(
        summary="Åtaganden",
        description="Den politiska plattformens åtaganden med status just nu och daterade lägesrapporter, med "
        "länkar till besluten (ärendena) de bygger på.",
    ),
    retrieve=extend_schema(summary="Ett åtagande"),
)
class CommitmentViewSet(ReadOnlyViewSet):
    queryset = (
        Commitment.objects.with_status()
        .select_related("area__platform")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=CommitmentUpdate.objects.order_by("-date", "-pk").prefetch_related(
                    Prefetch(
                        "agenda_items",
                        queryset=AgendaItem.objects.on_published_agendas()
                        .select_related("meeting__body")
                        .order_by("pk"),
                        to_attr="public_items",
                    )
                ),
                to_attr="update_list",
            )
        )
        .order_by("-area__platform__start_year", "area__position", "area_id", "position", "pk")
    )
    serializer_class = goals.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
