from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("meetings.urls")),
    path("halsa/", views.health, name="health"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("admin/", admin.site.urls),
]

handler404 = "orebro_portal.views.page_not_found"
handler500 = "orebro_portal.views.server_error"
