"""Every staff URL, every role: the check is made on the server, whatever the page offers in its links.

The URLs are read from the staff URLconf itself, so a new staff page is covered (or this test fails) the day it
is added.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.urls.resolvers import URLPattern
from django.utils import timezone

from meetings import urls_staff
from meetings.models import Proposal, Statement, Vote
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    NoticeFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    UserFactory,
    administrator,
    controller_of,
    make_document,
    secretary_of,
)
from tests.permissions import url_leaves

# What the <pk> of a staff route means, by the route's first segment.
OBJECT_OF_ROUTE = {
    "sammantraden": "meeting",
    "arenden": "item",
    "dokument": "document",
    "protokoll": "protocol",
    "justera": "protocol",
    "paragrafer": "paragraph",
    "uppdrag": "membership",
    "yrkanden": "proposal",
    "omrostningar": "vote",
    "reservationer-och-anteckningar": "statement",
    "ledamoter/personer": "person",
    "ledamoter/partier": "party",
    "anslag": "notice",
}
# Pages that are not the secretary's: parties and linking an account to a person are for administrators; justering
# is for the chair and the adjusters, each through the Person their account is linked to
# (tests/meetings/test_adjustment.py).
ADMINISTRATORS_ONLY = {"party_list", "party_create", "party_edit", "party_history", "person_account"}
ADJUSTERS_ONLY = {"adjustment_inbox", "adjustment_review"}


def staff_patterns() -> list[URLPattern]:
    return url_leaves(urls_staff.urlpatterns)


@pytest.fixture
def world(db):
    body = BodyFactory(name="Kulturnämnden", slug="kulturnamnden")
    other_body = BodyFactory(name="Valnämnden", slug="valnamnden")
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting)
    meeting.refresh_from_db()
    protocol = ProtocolFactory(meeting=meeting)
    objects = {
        "meeting": meeting,
        "item": item,
        "document": make_document(title="Tjänsteskrivelse", agenda_item=item),
        "protocol": protocol,
        "paragraph": ProtocolParagraphFactory(protocol=protocol, agenda_item=item),
        "membership": MembershipFactory(body=body, end=None),
        # Not posted yet, so it may still be withdrawn (notice_delete).
        "notice": NoticeFactory(body=body, posted_on=timezone.localdate() + dt.timedelta(days=7)),
    }
    membership = objects["membership"]
    objects |= {
        "person": membership.person,
        "party": membership.party,
        "proposal": Proposal.objects.create(paragraph=objects["paragraph"], membership=membership, text="Bifall"),
        "vote": Vote.objects.create(
            paragraph=objects["paragraph"], question="Ja för förslaget", yes_count=0, no_count=0
        ),
        "statement": Statement.objects.create(
            paragraph=objects["paragraph"], membership=membership, kind=Statement.Kind.NOTE, text="Anteckning"
        ),
    }
    users = {
        "secretary": secretary_of(body),
        "other_secretary": secretary_of(other_body),
        "controller": controller_of(body),
        "admin": administrator(),
        "plain_user": UserFactory(),
    }
    return objects, users


def url_for(pattern: URLPattern, objects) -> str:
    route = str(pattern.pattern)
    if "<slug:slug>" in route:  # organ/<slug>/…: the body's roster
        return reverse(f"staff:{pattern.name}", kwargs={"slug": objects["meeting"].body.slug})
    if "<int:pk>" not in route:
        return reverse(f"staff:{pattern.name}")
    kind = OBJECT_OF_ROUTE.get(route.split("/", 1)[0]) or OBJECT_OF_ROUTE.get("/".join(route.split("/", 2)[:2]))
    assert kind, f"the permission test does not know what <pk> means in /redigera/{route}: add it to OBJECT_OF_ROUTE"
    return reverse(f"staff:{pattern.name}", kwargs={"pk": objects[kind].pk})


def request(client, pattern, objects):
    """GET, or POST for the views that only accept POST (their GET answers 405 to everyone, logged in or not)."""
    url = url_for(pattern, objects)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return url, response


def test_the_staff_area_has_the_pages_we_expect():
    names = {pattern.name for pattern in staff_patterns()}
    assert {"dashboard", "meeting_create", "meeting_detail", "agenda_publish", "document_create"} <= names
    assert {"protocol_detail", "protocol_preview", "protocol_adjust", "protocol_post", "protocol_history"} <= names


@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_the_log_in_page(client, world, pattern):
    objects, _ = world
    _, response = request(client, pattern, objects)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def object_patterns() -> list[URLPattern]:
    return [
        pattern
        for pattern in staff_patterns()
        if "<int:pk>" in str(pattern.pattern) or "<slug:" in str(pattern.pattern)
    ]


@pytest.mark.parametrize("role", ["other_secretary", "controller", "plain_user"])
@pytest.mark.parametrize("pattern", object_patterns(), ids=lambda p: p.name)
def test_staff_without_a_role_for_the_body_get_403(client, world, pattern, role):
    objects, users = world
    client.force_login(users[role])
    url, response = request(client, pattern, objects)
    assert response.status_code == 403, url


@pytest.mark.parametrize("role", ["controller", "plain_user"])
def test_users_who_are_no_secretary_get_403_on_the_staff_start_pages(client, world, role):
    _, users = world
    client.force_login(users[role])
    assert client.get(reverse("staff:dashboard")).status_code == 403
    assert client.get(reverse("staff:meeting_create")).status_code == 403


def test_a_secretary_of_another_body_sees_and_creates_nothing_of_this_body(client, world):
    objects, users = world
    client.force_login(users["other_secretary"])
    dashboard = client.get(reverse("staff:dashboard")).content.decode()
    assert "Valnämnden" in dashboard and "Kulturnämnden" not in dashboard
    form = client.get(reverse("staff:meeting_create") + "?organ=kulturnamnden").content.decode()
    assert "Kulturnämnden" not in form
    meetings_before = objects["meeting"].body.meetings.count()
    response = client.post(
        reverse("staff:meeting_create"),
        {"body": objects["meeting"].body_id, "day": "2024-09-03", "start_time": "14:15"},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert objects["meeting"].body.meetings.count() == meetings_before


@pytest.mark.parametrize("role", ["secretary", "admin"])
@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
def test_the_bodys_secretary_and_administrators_get_the_page(client, world, pattern, role):
    objects, users = world
    client.force_login(users[role])
    url, response = request(client, pattern, objects)
    if pattern.name in ADJUSTERS_ONLY or (role == "secretary" and pattern.name in ADMINISTRATORS_ONLY):
        assert response.status_code == 403, url
        return
    # A page answers 200; an action done by POST answers with a redirect back into the staff area.
    assert response.status_code in (200, 302), url
    if response.status_code == 302:
        assert response["Location"].startswith("/redigera/"), url


def test_a_403_page_is_in_swedish_and_shows_no_details(client, world):
    objects, users = world
    client.force_login(users["other_secretary"])
    response = client.get(reverse("staff:meeting_detail", kwargs={"pk": objects["meeting"].pk}))
    assert response.status_code == 403
    assert "Du har inte behörighet till sidan" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_django_admin_is_for_administrators_only(client, world):
    _, users = world
    client.force_login(users["secretary"])
    assert client.get("/admin/").status_code == 302  # to the admin's own log-in: no access
    client.force_login(users["admin"])
    assert client.get("/admin/").status_code == 200
