"""Staff URLs of issue 15 (votes); included by meetings.urls_staff under the same namespace."""

urlpatterns: list = []
