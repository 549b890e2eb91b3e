"""Staff URLs of issue 15 (votes); included by meetings.urls_staff under the same namespace.

A paragraph's yrkanden, omröstningar, reservationer and protokollsanteckningar: the page under the paragraph, the
forms to add under it, and each object's own edit and delete pages by its id (meetings.views.staff_votes).
"""

from django.urls import path

from .models import Statement
from .views import staff_votes

urlpatterns = [
    path("paragrafer/<int:pk>/beslut/", staff_votes.paragraph_parts, name="paragraph_parts"),
    path("paragrafer/<int:pk>/beslut/yrkanden/nytt/", staff_votes.proposal_create, name="proposal_create"),
    path("yrkanden/<int:pk>/andra/", staff_votes.proposal_edit, name="proposal_edit"),
    path("yrkanden/<int:pk>/ta-bort/", staff_votes.proposal_delete, name="proposal_delete"),
    path("paragrafer/<int:pk>/beslut/omrostningar/ny/", staff_votes.vote_create, name="vote_create"),
    path("omrostningar/<int:pk>/andra/", staff_votes.vote_edit, name="vote_edit"),
    path("omrostningar/<int:pk>/ta-bort/", staff_votes.vote_delete, name="vote_delete"),
    path(
        "paragrafer/<int:pk>/beslut/reservationer/ny/",
        staff_votes.statement_create,
        {"kind": Statement.Kind.RESERVATION},
        name="reservation_create",
    ),
    path(
        "paragrafer/<int:pk>/beslut/protokollsanteckningar/ny/",
        staff_votes.statement_create,
        {"kind": Statement.Kind.NOTE},
        name="note_create",
    ),
    path("reservationer-och-anteckningar/<int:pk>/andra/", staff_votes.statement_edit, name="statement_edit"),
    path("reservationer-och-anteckningar/<int:pk>/ta-bort/", staff_votes.statement_delete, name="statement_delete"),
]
