"""The read-only endpoints of /api/v1/: each list is a fixed number of queries however many rows it returns
(`select_related`/`prefetch_related`), and each queryset holds only what the public pages show."""

from django.db.models import F, Prefetch
from django.views.decorators.http import conditional_page
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from budget.models import AccountGroup, PublishedLedgerLine, ResponsibilityCode, Unit
from goals.models import Commitment, CommitmentUpdate, GoalArea, Indicator, IndicatorValue, Means
from meetings import case_steps
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Document,
    Meeting,
    Membership,
    Notice,
    Party,
    Person,
    Protocol,
    Statement,
    Vote,
)
from meetings.public import protocol_prefetch

from . import filters
from .pagination import ApiPagination
from .renderers import CSVRenderer
from .schema import ApiAutoSchema
from .serializers import budget, cases, goals, meetings, members
from .serializers.members import PLACES, PROTOCOL_KEY


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


# A case's key (`CaseNumber.key`): the registry's prefix folded to lower case, the serial and the year.
CASE_KEY = "[a-zåäö]{1,6}-[0-9]{1,6}-[0-9]{4}"


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
        description="Anslagna protokoll med sina paragrafer: yrkanden, beslutsgång, beslut, omröstningar med varje "
        "ledamots röst, reservationer och protokollsanteckningar; närvaron och den digitala justeringen (vem som "
        "godkände och när). Personuppgifter är maskerade, precis som på webbplatsen.",
    ),
    retrieve=extend_schema(summary="Ett protokoll"),
)
class ProtocolViewSet(ReadOnlyViewSet):
    queryset = (
        Protocol.objects.posted()
        .select_related("meeting__body", "posting")
        # The paragraphs with their proposals, votes, ballots and statements, the attendance and the approvals: what
        # `PublicProtocol` reads, in one query each however many protocols.
        .prefetch_related(*protocol_prefetch())
        .order_by("meeting__start", "meeting_id", "version")
    )
    serializer_class = meetings.ProtocolSerializer
    filterset_class = filters.ProtocolFilter


@extend_schema_view(
    list=extend_schema(
        summary="Ärenden i diariet",
        description="Ärenden (diarienummer) som har behandlats offentligt: på en publicerad ärendelista eller i en "
        "offentlig paragraf i ett anslaget protokoll, med sina steg genom organen. Rubriken är det första offentliga "
        "stegets, maskerad. Ett ärende som bara har behandlats som sekretessärende finns inte med. Nyast behandlade "
        "först.",
    ),
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "key",
                str,
                OpenApiParameter.PATH,
                pattern=f"^{CASE_KEY}$",
                description="Ärendets nyckel: diarienumret med små bokstäver och bindestreck, t.ex. ks-181-2022.",
            )
        ],
        summary="Ett ärende med sina steg",
        description="Ärendets väg genom organen: varje sammanträde där det har behandlats offentligt, med förslaget "
        "och beslutet (maskerade), paragrafens utfall och om beslutet avgjorde ärendet.",
    ),
)
class CaseViewSet(ReadOnlyViewSet):
    """Read through `meetings.case_steps`: the page's cases and all their steps in a fixed number of queries."""

    queryset = case_steps.cases_for_listing()
    serializer_class = cases.CaseSerializer
    filterset_class = filters.CaseFilter
    lookup_field = "key"
    lookup_value_regex = CASE_KEY

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        summaries = case_steps.case_summaries(page)
        return self.get_paginated_response(self.get_serializer(summaries, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        summary = case_steps.case_summary(self.get_object(), documents=False)
        return Response(self.get_serializer(summary).data)


@extend_schema_view(
    list=extend_schema(
        summary="Anslag",
        description="Anslagstavlans kungörelser och delegationsbeslut (justerade protokoll finns under protokoll): "
        "det som sitter uppe i dag och arkivet med nedtagna anslag, nyast först. Texterna är maskerade. En "
        "kungörelse av fullmäktiges sammanträde har sina ärenden i sammanträdets ärendelista.",
    ),
    retrieve=extend_schema(summary="Ett anslag"),
)
class NoticeViewSet(ReadOnlyViewSet):
    serializer_class = cases.NoticeSerializer
    filterset_class = filters.NoticeFilter

    def get_queryset(self):
        # What the board and its archive show (never a notice whose posting day has not come).
        notices = Notice.objects.posted().select_related("body", "case").order_by("-posted_on", "-pk")
        return case_steps.with_public_case(notices)


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


# --- the elected, attendance, votes and statements -------------------------------------------------------------------


def placed_queryset(model, **gate):
    """Rows of posted protocols (`Protocol.objects.posted()`), annotated with their protocol's id for
    `members.placed()`, which takes each from its protocol's projection. `gate` leaves out what that projection does
    not show (a secret paragraph's rows, a closed vote's ballots), so that the counts and pages agree with it."""
    place = PLACES[model]
    path = place.protocol_path.removesuffix("_id")
    return model.objects.filter(**{f"{path}__in": Protocol.objects.posted().values("pk")}, **gate).annotate(
        **{PROTOCOL_KEY: F(place.protocol_path)}
    )


PUBLIC_PARAGRAPH = {"paragraph__is_public": True}
EXAMPLE_NOTE = (
    " Personer med is_example = true är påhittade exempel i demodata, inte verkliga förtroendevalda i Örebro kommun."
)


@extend_schema_view(
    list=extend_schema(summary="Partier", description="Partierna som de förtroendevalda företräder."),
    retrieve=extend_schema(summary="Ett parti"),
)
class PartyViewSet(ReadOnlyViewSet):
    queryset = Party.objects.order_by("position", "name", "pk")
    serializer_class = members.PartySerializer


@extend_schema_view(
    list=extend_schema(
        summary="Förtroendevalda",
        description="Personer med uppdrag i kommunens organ, med sina uppdrag (ledamot, ersättare, ordförande …) "
        "över tid. Filtret datum ger dem som hade ett uppdrag den dagen." + EXAMPLE_NOTE,
    ),
    retrieve=extend_schema(summary="En förtroendevald"),
)
class PersonViewSet(ReadOnlyViewSet):
    queryset = (
        Person.objects.select_related("party")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("body", "party").order_by("-start", "body__position", "pk"),
            )
        )
        .order_by("name", "pk")
    )
    serializer_class = members.PersonSerializer
    filterset_class = filters.PersonFilter


@extend_schema_view(
    list=extend_schema(
        summary="Uppdrag",
        description="Uppdrag i organ: person, organ, roll, partigrupp och period (från och med, till och med)."
        + EXAMPLE_NOTE,
    ),
    retrieve=extend_schema(summary="Ett uppdrag"),
)
class MembershipViewSet(ReadOnlyViewSet):
    queryset = Membership.objects.select_related("person__party", "body", "party").order_by(
        "body__position", "body__name", "body_id", "start", "person__name", "pk"
    )
    serializer_class = members.MembershipSerializer
    filterset_class = filters.MembershipFilter


@extend_schema_view(
    list=extend_schema(
        summary="Närvaro",
        description="Närvaron vid sammanträden enligt de anslagna protokollen: vilka ledamöter och ersättare som var "
        "där, vem en ersättare tjänstgjorde för, från och till vilken paragraf, ordförande och justerare. Ett rättat "
        "protokoll har egna rader per version (filtret latest visar bara den senaste)." + EXAMPLE_NOTE,
    ),
    retrieve=extend_schema(summary="En rad i närvarolistan"),
)
class AttendanceViewSet(ReadOnlyViewSet):
    queryset = placed_queryset(Attendance).order_by(
        "protocol__meeting__start", "protocol__meeting_id", "protocol__version", "-status", "position", "pk"
    )
    serializer_class = members.AttendanceSerializer
    filterset_class = filters.AttendanceFilter


@extend_schema_view(
    list=extend_schema(
        summary="Omröstningar",
        description="Omröstningar i offentliga paragrafer av anslagna protokoll, med antalet ja, nej och avstår och "
        "varje ledamots röst. En sluten omröstning har bara antalen." + EXAMPLE_NOTE,
    ),
    retrieve=extend_schema(summary="En omröstning"),
)
class VoteViewSet(ReadOnlyViewSet):
    queryset = placed_queryset(Vote, **PUBLIC_PARAGRAPH).order_by(
        "paragraph__protocol__meeting__start",
        "paragraph__protocol__meeting_id",
        "paragraph__protocol__version",
        "paragraph__position",
        "paragraph__number",
        "position",
        "pk",
    )
    serializer_class = members.VoteSerializer
    filterset_class = filters.VoteFilter


@extend_schema_view(
    list=extend_schema(
        summary="Röster",
        description="Varje ledamots röst i öppna omröstningar, en rad per röst (för CSV). Slutna omröstningar finns "
        "inte med." + EXAMPLE_NOTE,
    ),
    retrieve=extend_schema(summary="En röst"),
)
class BallotViewSet(ReadOnlyViewSet):
    queryset = placed_queryset(Ballot, vote__is_secret=False, vote__paragraph__is_public=True).order_by(
        "vote__paragraph__protocol__meeting__start",
        "vote__paragraph__protocol__meeting_id",
        "vote__paragraph__protocol__version",
        "vote__paragraph__position",
        "vote__paragraph__number",
        "vote__position",
        "vote_id",
        "pk",
    )
    serializer_class = members.BallotSerializer
    filterset_class = filters.BallotFilter


@extend_schema_view(
    list=extend_schema(
        summary="Reservationer och protokollsanteckningar",
        description="Reservationer och protokollsanteckningar per ledamot i offentliga paragrafer av anslagna "
        "protokoll, med sin text (personuppgifter maskerade)." + EXAMPLE_NOTE,
    ),
    retrieve=extend_schema(summary="En reservation eller protokollsanteckning"),
)
class StatementViewSet(ReadOnlyViewSet):
    queryset = placed_queryset(Statement, **PUBLIC_PARAGRAPH).order_by(
        "paragraph__protocol__meeting__start",
        "paragraph__protocol__meeting_id",
        "paragraph__protocol__version",
        "paragraph__position",
        "paragraph__number",
        "position",
        "pk",
    )
    serializer_class = members.StatementSerializer
    filterset_class = filters.StatementFilter
