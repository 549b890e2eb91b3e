from django.urls import path

from .views import staff

app_name = "reports_staff"

urlpatterns = [
    path("", staff.report_list, name="list"),
    path("<int:pk>/", staff.report_edit, name="edit"),
    path("<int:pk>/forhandsgranska/", staff.report_preview, name="preview"),
    path("<int:pk>/pdf/", staff.pdf_request, name="pdf_request"),
    path("<int:pk>/faststall/", staff.report_adopt, name="adopt"),
    path("avsnitt/<int:pk>/", staff.section_edit, name="section_edit"),
]
