"""Staff URLs of the notice board (delegation decisions and other notices); included by meetings.urls_staff under the
same namespace."""

from django.urls import path

from .views import staff_notices as views

urlpatterns: list = [
    path("anslag/", views.notice_list, name="notice_list"),
    path("anslag/delegationsbeslut/nytt/", views.delegation_create, name="delegation_create"),
    path("anslag/kungorelse/ny/", views.other_create, name="other_notice_create"),
    path("anslag/<int:pk>/andra/", views.notice_edit, name="notice_edit"),
    path("anslag/<int:pk>/ta-bort/", views.notice_delete, name="notice_delete"),
    path("anslag/<int:pk>/historik/", views.notice_history, name="notice_history"),
]
