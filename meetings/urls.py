from django.urls import path

from . import feeds
from .views import members, protocols, public, subscriptions

app_name = "meetings"

urlpatterns = [
    path("", public.home, name="home"),
    path("flode/", feeds.AllPublicationsFeed(), name="feed_all"),
    path("organ/", public.body_list, name="body_list"),
    path("organ/<slug:slug>/", public.body_detail, name="body_detail"),
    path("organ/<slug:slug>/kalender.ics", public.calendar_body, name="calendar_body"),
    path("organ/<slug:slug>/flode/", feeds.BodyPublicationsFeed(), name="feed_body"),
    path("organ/<slug:slug>/bevaka/", subscriptions.subscribe, name="subscribe"),
    path("bevakning/<str:token>/bekrafta/", subscriptions.confirm, name="subscription_confirm"),
    path("bevakning/<str:token>/avsluta/", subscriptions.unsubscribe, name="subscription_cancel"),
    path("sammantraden/", public.meeting_list, name="meeting_list"),
    path("sammantraden/kalender.ics", public.calendar_all, name="calendar_all"),
    path("sammantraden/<int:pk>/", public.meeting_detail, name="meeting_detail"),
    path("sammantraden/<int:pk>/kalender.ics", public.calendar_meeting, name="calendar_meeting"),
    path("sammantraden/<int:pk>/protokoll/", protocols.protocol_latest, name="protocol_detail"),
    path("sammantraden/<int:pk>/protokoll/<int:version>/", protocols.protocol_version, name="protocol_version"),
    path("sammantraden/<int:pk>/protokoll/<int:version>.pdf", protocols.protocol_pdf, name="protocol_pdf"),
    path("ledamoter/", members.person_list, name="person_list"),
    path("ledamoter/<slug:slug>/", members.person_detail, name="person_detail"),
    path("ledamoter/<slug:slug>/kalender.ics", members.person_calendar, name="person_calendar"),
    path("anslagstavla/", protocols.notice_board, name="notice_board"),
    path("dokument/<int:pk>/<str:filename>", public.document_download, name="document_download"),
]
