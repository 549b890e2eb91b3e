"""Every goals staff URL, every role: the check is made on the server, whatever the pages offer in their links.

The URLs are read from `goals.urls_staff` itself, so a new staff page is covered (or this test fails) the day it
is added. Indicators are edited by the analysts and controllers of the owning body, commitments by secretaries,
everything by administrators.

The commitment pages (`commitment*`) belong to the commitment work; until it lands they are placeholders answering
404, so every case of those three URLs fails for that reason only (404 instead of 200 or 403).
"""

import pytest
from django.urls import reverse
from django.urls.resolvers import URLPattern

from goals import urls_staff
from goals.models import CommitmentStatus, CommitmentUpdate, IndicatorValue
from tests.factories import (
    BodyFactory,
    CommitmentFactory,
    IndicatorFactory,
    UserFactory,
    administrator,
    analyst_of,
    controller_of,
    indicator_values,
    secretary_of,
)
from tests.permissions import staff_url

pytestmark = pytest.mark.django_db

ROLES = ["analyst", "controller", "other_analyst", "secretary", "plain_user", "admin"]
# Who gets each page (200, or a redirect back into the staff area); everyone else logged in gets 403.
ALLOWED = {
    "index": {"analyst", "controller", "other_analyst", "secretary", "admin"},
    "indicator_import": {"analyst", "controller", "other_analyst", "admin"},
    "indicator_values": {"analyst", "controller", "admin"},
    "indicator_history": {"analyst", "controller", "admin"},
    "commitments": {"secretary", "admin"},
    "commitment_update_add": {"secretary", "admin"},
    "commitment_update_edit": {"secretary", "admin"},
}
# Views that change something when POSTed to; a POST by someone without the right must answer 403.
POST_ACTIONS = {"indicator_import", "indicator_values", "commitment_update_add", "commitment_update_edit"}


def staff_patterns() -> list[URLPattern]:
    return [pattern for pattern in urls_staff.urlpatterns if isinstance(pattern, URLPattern)]


@pytest.fixture
def world(db):
    owner = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    other = BodyFactory(name="Valnämnden", slug="valnamnden")
    indicator = IndicatorFactory(name="Sjukfrånvaro", slug="sjukfranvaro", owner=owner)
    indicator_values(indicator, T={2019: "4.4", 2020: "3.8"})
    commitment = CommitmentFactory(text="Vivalla ska senast år 2027 inte vara ett särskilt utsatt område")
    update = CommitmentUpdate.objects.create(
        commitment=commitment, date="2023-03-01", status=CommitmentStatus.IN_PROGRESS, comment="Arbetet pågår"
    )
    users = {
        "analyst": analyst_of(owner, username="anna"),
        "controller": controller_of(owner, username="eva"),
        "other_analyst": analyst_of(other, username="olof"),
        "secretary": secretary_of(owner, username="karin"),
        "plain_user": UserFactory(username="vanlig"),
        "admin": administrator(username="admin"),
    }
    # What each route parameter means, by URL name.
    objects = {
        "indicator_values": {"slug": indicator.slug},
        "indicator_history": {"slug": indicator.slug},
        "commitment_update_add": {"pk": commitment.pk},
        "commitment_update_edit": {"pk": update.pk},
    }
    return objects, users


def url_for(pattern: URLPattern, objects) -> str:
    return staff_url("goals_staff", pattern, objects)


def post_data(name: str) -> dict:
    """What a real form would post: enough to change something if the view let it through."""
    if name == "indicator_values":
        return {"v-2019-T": "9", "v-2019-K": "", "v-2019-M": "", "note-2019": ""}
    if name.startswith("commitment_update"):
        return {"date": "2024-05-01", "status": CommitmentStatus.DONE, "comment": "Klart"}
    return {}


def snapshot() -> tuple:
    return (
        sorted(IndicatorValue.objects.values_list("year", "gender", "value")),
        IndicatorValue.history.count(),
        sorted(CommitmentUpdate.objects.values_list("pk", "date", "status", "comment")),
    )


def test_the_goals_staff_area_has_the_pages_we_expect():
    assert {pattern.name for pattern in staff_patterns()} == set(ALLOWED)


@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_the_log_in_page(client, world, pattern):
    objects, _ = world
    before = snapshot()
    url = url_for(pattern, objects)
    for response in (client.get(url), client.post(url, post_data(pattern.name))):
        if response.status_code == 405:
            continue
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
def test_each_role_gets_exactly_the_pages_it_may_use(client, world, pattern, role):
    objects, users = world
    client.force_login(users[role])
    url = url_for(pattern, objects)
    response = client.get(url)
    if role in ALLOWED[pattern.name]:
        assert response.status_code == 200, url
    else:
        assert response.status_code == 403, url


REFUSED_POSTS = [
    pytest.param(pattern, role, id=f"{pattern.name}-{role}")
    for pattern in staff_patterns()
    if pattern.name in POST_ACTIONS
    for role in ROLES
    if role not in ALLOWED[pattern.name]
]


@pytest.mark.parametrize(("pattern", "role"), REFUSED_POSTS)
def test_a_refused_post_changes_nothing(client, world, pattern, role):
    objects, users = world
    client.force_login(users[role])
    before = snapshot()
    response = client.post(url_for(pattern, objects), post_data(pattern.name))
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role", ["analyst", "controller", "admin"])
def test_the_owners_analysts_controllers_and_administrators_may_save_values(client, world, role):
    objects, users = world
    client.force_login(users[role])
    url = reverse("goals_staff:indicator_values", kwargs=objects["indicator_values"])
    response = client.post(url, post_data("indicator_values"))
    assert response.status_code == 302 and response["Location"] == url
    assert IndicatorValue.objects.get(year=2019, gender="T").value == 9
    assert IndicatorValue.history.filter(history_user=users[role], year=2019).exists()


def test_the_index_shows_an_analyst_of_another_body_none_of_this_bodys_indicators(client, world):
    _, users = world
    client.force_login(users["other_analyst"])
    page = client.get(reverse("goals_staff:index")).content.decode()
    assert "Sjukfrånvaro" not in page


def test_a_403_page_is_in_swedish_and_shows_no_details(client, world):
    objects, users = world
    client.force_login(users["other_analyst"])
    response = client.get(reverse("goals_staff:indicator_values", kwargs=objects["indicator_values"]))
    assert response.status_code == 403
    assert "Du har inte behörighet till sidan" in response.content.decode()
    assert "Traceback" not in response.content.decode()
