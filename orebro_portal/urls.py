from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("meetings.urls")),
    path("", include("budget.urls")),
    path("", include("goals.urls")),
    path("", include("reports.urls")),
    path("", include("search.urls")),
    path("", include("api.urls")),
    path("redigera/", include("meetings.urls_staff")),
    path("redigera/ekonomi/", include("budget.urls_staff")),
    path("redigera/mal/", include("goals.urls_staff")),
    path("redigera/arsberattelser/", include("reports.urls_staff")),
    path("redigera/start/", views.staff_home, name="staff_home"),
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("halsa/", views.health, name="health"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("admin/", admin.site.urls),
]

handler400 = "orebro_portal.views.bad_request"
handler404 = "orebro_portal.views.page_not_found"
handler500 = "orebro_portal.views.server_error"


def _administrators_only(request) -> bool:
    """The Django admin is for administrators (superusers); secretaries and controllers use /redigera/."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _administrators_only
admin.site.site_header = "Politik och beslut – administration"
