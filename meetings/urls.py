from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("organ/", views.body_list, name="body_list"),
    path("organ/<slug:slug>/", views.body_detail, name="body_detail"),
    path("organ/<slug:slug>/kalender.ics", views.calendar_body, name="calendar_body"),
    path("sammantraden/", views.meeting_list, name="meeting_list"),
    path("sammantraden/kalender.ics", views.calendar_all, name="calendar_all"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("sammantraden/<int:pk>/kalender.ics", views.calendar_meeting, name="calendar_meeting"),
    path("dokument/<int:pk>/<str:filename>", views.document_download, name="document_download"),
]
