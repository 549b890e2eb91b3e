from django.urls import path

from . import feeds
from .views import cases, members, notices, protocols, public, subscriptions

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
    path("arenden/", cases.case_list, name="case_list"),
    path("arenden/<str:key>/", cases.case_detail, name="case_detail"),
    path("arenden/<str:key>/flode/", cases.CaseFeed(), name="feed_case"),
    path("arenden/<str:key>/bevaka/", subscriptions.case_subscribe, name="case_subscribe"),
    path("anslagstavla/", notices.notice_board, name="notice_board"),
    path("anslagstavla/arkiv/", notices.notice_archive, name="notice_archive"),
    path("anslagstavla/overklaga/", notices.appeal_guide, name="appeal_guide"),
    path("anslagstavla/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("anslagstavla/<int:pk>/<str:filename>", notices.notice_file, name="notice_file"),
    path("dokument/<int:pk>/<str:filename>", public.document_download, name="document_download"),
]
