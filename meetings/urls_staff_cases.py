"""Staff pages of cases: forwarding a decision to another body's meeting."""

from django.urls import path

from .views import staff_cases

urlpatterns = [
    path("paragrafer/<int:pk>/skicka-vidare/", staff_cases.paragraph_forward, name="paragraph_forward"),
]
