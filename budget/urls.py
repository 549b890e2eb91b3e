from django.urls import path

from .views import public

app_name = "budget"

urlpatterns = [
    path("ekonomi/", public.year_list, name="years"),
    path("ekonomi/jamfor/", public.compare, name="compare"),
    path("ekonomi/<int:year>/", public.year_detail, name="year"),
    path("ekonomi/<int:year>/<slug:unit>/", public.unit_detail, name="unit"),
    path("ekonomi/<int:year>/<slug:unit>/ansvar/<str:code>/", public.code_detail, name="code"),
]
