from django.urls import path

from .views import public

app_name = "reports"

urlpatterns = [
    path("arsberattelser/", public.report_list, name="list"),
    path("arsberattelser/<slug:body>/<int:year>/", public.report_detail, name="detail"),
    path("arsberattelser/<slug:body>/<int:year>.pdf", public.report_pdf, name="pdf"),
    path("arsberattelser/<slug:body>/<int:year>/pdf-status/", public.pdf_status, name="pdf_status"),
]
