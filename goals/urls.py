from django.urls import path

from .views import public

app_name = "goals"

urlpatterns = [
    path("mal/", public.overview, name="overview"),
    path("mal/omrade/<slug:slug>/", public.goal_area_detail, name="goal_area"),
    path("mal/indikatorer/", public.indicator_list, name="indicators"),
    path("mal/indikatorer/<slug:slug>/", public.indicator_detail, name="indicator"),
    path("mal/indikatorer/<slug:slug>/varden.csv", public.indicator_csv, name="indicator_csv"),
    path("mal/plattform/", public.platform, name="platform"),
    path("mal/plattform/atagande/<int:pk>/", public.commitment_detail, name="commitment"),
]
