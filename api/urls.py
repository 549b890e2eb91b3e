from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework import routers
from rest_framework.renderers import JSONRenderer

from . import views, viewsets

app_name = "api"


class ApiRootView(routers.APIRootView):
    """Öppna data från Örebro kommuns portal för politik och beslut. Dokumentation: /api/v1/docs/."""

    renderer_classes = [JSONRenderer]


class Router(routers.DefaultRouter):
    APIRootView = ApiRootView
    root_view_name = "root"  # `api:root`, the name the rest of the portal links to
    include_format_suffixes = False  # `?format=csv` is the one way to ask for CSV


router = Router()
router.register("bodies", viewsets.BodyViewSet, basename="body")
router.register("meetings", viewsets.MeetingViewSet, basename="meeting")
router.register("agenda-items", viewsets.AgendaItemViewSet, basename="agendaitem")
router.register("documents", viewsets.DocumentViewSet, basename="document")
router.register("protocols", viewsets.ProtocolViewSet, basename="protocol")
router.register("cases", viewsets.CaseViewSet, basename="case")
router.register("notices", viewsets.NoticeViewSet, basename="notice")
router.register("budget/units", viewsets.UnitViewSet, basename="unit")
router.register("budget/codes", viewsets.ResponsibilityCodeViewSet, basename="responsibilitycode")
router.register("budget/account-groups", viewsets.AccountGroupViewSet, basename="accountgroup")
router.register("budget/figures", viewsets.FigureViewSet, basename="figure")
router.register("goal-areas", viewsets.GoalAreaViewSet, basename="goalarea")
router.register("indicators", viewsets.IndicatorViewSet, basename="indicator")
router.register("commitments", viewsets.CommitmentViewSet, basename="commitment")
router.register("parties", viewsets.PartyViewSet, basename="party")
router.register("persons", viewsets.PersonViewSet, basename="person")
router.register("memberships", viewsets.MembershipViewSet, basename="membership")
router.register("attendance", viewsets.AttendanceViewSet, basename="attendance")
router.register("votes", viewsets.VoteViewSet, basename="vote")
router.register("ballots", viewsets.BallotViewSet, basename="ballot")
router.register("statements", viewsets.StatementViewSet, basename="statement")

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", views.docs, name="docs"),
    path("api/v1/", include(router.urls)),
    path("oppna-data/", views.open_data, name="open_data"),
]
