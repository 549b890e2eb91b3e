from django.urls import path

from .views import staff_commitments, staff_indicators

app_name = "goals_staff"

urlpatterns = [
    path("", staff_indicators.index, name="index"),
    path("indikatorer/import/", staff_indicators.values_import, name="indicator_import"),
    path("indikatorer/<slug:slug>/", staff_indicators.values_grid, name="indicator_values"),
    path("indikatorer/<slug:slug>/historik/", staff_indicators.history, name="indicator_history"),
    path("plattform/", staff_commitments.commitment_list, name="commitments"),
    path("plattform/<int:pk>/lagesrapport/", staff_commitments.update_add, name="commitment_update_add"),
    path("plattform/lagesrapport/<int:pk>/andra/", staff_commitments.update_edit, name="commitment_update_edit"),
]
