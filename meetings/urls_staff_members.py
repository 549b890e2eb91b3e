"""Staff URLs of issue 15 (members); included by meetings.urls_staff under the same namespace."""

from django.urls import path

from .views import staff_members as views

urlpatterns: list = [
    path("ledamoter/", views.members, name="members"),
    path("ledamoter/personer/", views.person_list, name="person_list"),
    path("ledamoter/personer/ny/", views.person_create, name="person_create"),
    path("ledamoter/personer/<int:pk>/andra/", views.person_edit, name="person_edit"),
    path("ledamoter/personer/<int:pk>/konto/", views.person_account, name="person_account"),
    path("ledamoter/personer/<int:pk>/historik/", views.person_history, name="person_history"),
    path("ledamoter/partier/", views.party_list, name="party_list"),
    path("ledamoter/partier/ny/", views.party_create, name="party_create"),
    path("ledamoter/partier/<int:pk>/andra/", views.party_edit, name="party_edit"),
    path("ledamoter/partier/historik/", views.party_history, name="party_history"),
    path("organ/<slug:slug>/ledamoter/", views.roster, name="roster"),
    path("organ/<slug:slug>/ledamoter/nytt/", views.membership_create, name="membership_create"),
    path("organ/<slug:slug>/ledamoter/importera/", views.member_import, name="member_import"),
    path("organ/<slug:slug>/ledamoter/historik/", views.roster_history, name="roster_history"),
    path("uppdrag/<int:pk>/andra/", views.membership_edit, name="membership_edit"),
    path("uppdrag/<int:pk>/avsluta/", views.membership_end, name="membership_end"),
]
