"""Staff URLs of issue 15 (attendance); included by meetings.urls_staff under the same namespace."""

from django.urls import path

from .views import staff_attendance

urlpatterns: list = [
    path("protokoll/<int:pk>/narvaro/", staff_attendance.protocol_attendance, name="protocol_attendance"),
    path(
        "protokoll/<int:pk>/narvaro/hamta-fran-listan/",
        staff_attendance.protocol_attendance_refresh,
        name="protocol_attendance_refresh",
    ),
    path(
        "protokoll/<int:pk>/narvaro/hamta-fran-fritext/",
        staff_attendance.protocol_attendance_from_text,
        name="protocol_attendance_from_text",
    ),
]
