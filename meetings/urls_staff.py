"""The staff area under /redigera/. Every view here checks the user's bodies through meetings.access."""

from django.urls import include, path

from .views import staff, staff_documents, staff_protocols

app_name = "staff"

urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("sammantraden/nytt/", staff.meeting_create, name="meeting_create"),
    path("sammantraden/<int:pk>/", staff.meeting_detail, name="meeting_detail"),
    path("sammantraden/<int:pk>/andra/", staff.meeting_edit, name="meeting_edit"),
    path("sammantraden/<int:pk>/stall-in/", staff.meeting_cancel, name="meeting_cancel"),
    path("sammantraden/<int:pk>/flytta/", staff.meeting_move, name="meeting_move"),
    path("sammantraden/<int:pk>/publicera/", staff.agenda_publish, name="agenda_publish"),
    path("sammantraden/<int:pk>/historik/", staff.meeting_history, name="meeting_history"),
    path("sammantraden/<int:pk>/arenden/nytt/", staff.item_create, name="item_create"),
    path("arenden/<int:pk>/andra/", staff.item_edit, name="item_edit"),
    path("arenden/<int:pk>/flytta/", staff.item_move, name="item_move"),
    path("arenden/<int:pk>/ta-bort/", staff.item_delete, name="item_delete"),
    path("sammantraden/<int:pk>/dokument/nytt/", staff.document_create, name="document_create"),
    path("dokument/<int:pk>/andra/", staff.document_edit, name="document_edit"),
    path("dokument/<int:pk>/ta-bort/", staff.document_delete, name="document_delete"),
    path("dokument/<int:pk>/fil/", staff.document_file, name="document_file"),
    path("dokument/<int:pk>/granska-sidor/", staff_documents.document_scan_confirm, name="document_scan_confirm"),
    path("sammantraden/<int:pk>/protokoll/nytt/", staff_protocols.protocol_create, name="protocol_create"),
    path("protokoll/<int:pk>/", staff_protocols.protocol_detail, name="protocol_detail"),
    path("protokoll/<int:pk>/andra/", staff_protocols.protocol_edit, name="protocol_edit"),
    path("protokoll/<int:pk>/paragrafer/ny/", staff_protocols.paragraph_create, name="paragraph_create"),
    path("paragrafer/<int:pk>/andra/", staff_protocols.paragraph_edit, name="paragraph_edit"),
    path("paragrafer/<int:pk>/ta-bort/", staff_protocols.paragraph_delete, name="paragraph_delete"),
    path("protokoll/<int:pk>/granska/", staff_protocols.protocol_preview, name="protocol_preview"),
    path("protokoll/<int:pk>/justera/", staff_protocols.protocol_adjust, name="protocol_adjust"),
    path("protokoll/<int:pk>/anslag/", staff_protocols.protocol_post, name="protocol_post"),
    path("protokoll/<int:pk>/rattelse/", staff_protocols.protocol_correct, name="protocol_correct"),
    path("protokoll/<int:pk>/historik/", staff_protocols.protocol_history, name="protocol_history"),
    path("", include("meetings.urls_staff_members")),
    path("", include("meetings.urls_staff_attendance")),
    path("", include("meetings.urls_staff_votes")),
    path("", include("meetings.urls_staff_adjustment")),
    path("", include("meetings.urls_staff_notices")),
    path("", include("meetings.urls_staff_cases")),
]
