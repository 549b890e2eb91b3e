"""Staff URLs of issue 15 (adjustment); included by meetings.urls_staff under the same namespace.

`justera/…` are the adjusters' pages (an elected person's account); `protokoll/<pk>/…` the secretary's actions."""

from django.urls import path

from .views import adjustment

urlpatterns: list = [
    path("justera/", adjustment.adjustment_inbox, name="adjustment_inbox"),
    path("justera/<int:pk>/", adjustment.adjustment_review, name="adjustment_review"),
    path(
        "protokoll/<int:pk>/skicka-for-justering/",
        adjustment.protocol_send_for_adjustment,
        name="protocol_send_for_adjustment",
    ),
    path(
        "protokoll/<int:pk>/ta-tillbaka/",
        adjustment.protocol_withdraw_from_adjustment,
        name="protocol_withdraw_from_adjustment",
    ),
]
