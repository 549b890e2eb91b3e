"""Every reports staff URL, every role: the check is made on the server, whatever the pages offer in their links.

The URLs are read from `reports.urls_staff` itself, so a new staff page is covered (or this test fails) the day it is
added. Reports are edited by the secretaries of the report's body and by administrators; a secretary of another body,
a controller, an analyst or a user without a role gets 403.
"""

import pytest
from django.urls import reverse
from django.urls.resolvers import URLPattern

from reports import urls_staff
from reports.models import AnnualReport, Block, ReportPdf, Section
from tests.factories import (
    AnnualReportFactory,
    BodyFactory,
    SectionFactory,
    UserFactory,
    administrator,
    analyst_of,
    controller_of,
    secretary_of,
)
from tests.permissions import staff_url

pytestmark = pytest.mark.django_db

ROLES = ["secretary", "other_secretary", "controller", "analyst", "plain_user", "admin"]
ALLOWED = {"secretary", "admin"}
PAGES = {"list", "edit", "preview", "pdf_request", "adopt", "section_edit"}
# Views that change something when POSTed to.
POST_ACTIONS = {"pdf_request", "adopt", "section_edit"}
# Views that answer only POST: their GET is 405 for those let in, so they are checked by POST.
POST_ONLY = {"pdf_request"}


def staff_patterns() -> list[URLPattern]:
    return [pattern for pattern in urls_staff.urlpatterns if isinstance(pattern, URLPattern)]


@pytest.fixture
def world(db):
    owner = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    other = BodyFactory(name="Valnämnden", slug="valnamnden")
    report = AnnualReportFactory(body=owner)
    section = SectionFactory(report=report, number="2.1", heading="Kommundirektörens analys", text="Året var svårt.")
    users = {
        "secretary": secretary_of(owner, username="karin"),
        "other_secretary": secretary_of(other, username="olof"),
        "controller": controller_of(owner, username="eva"),
        "analyst": analyst_of(owner, username="anna"),
        "plain_user": UserFactory(username="vanlig"),
        "admin": administrator(username="admin"),
    }
    objects = {
        "edit": {"pk": report.pk},
        "preview": {"pk": report.pk},
        "pdf_request": {"pk": report.pk},
        "adopt": {"pk": report.pk},
        "section_edit": {"pk": section.pk},
    }
    return objects, users


def url_for(pattern: URLPattern, objects) -> str:
    return staff_url("reports_staff", pattern, objects)


def post_data(name: str) -> dict:
    """What a real form would post: enough to change something if the view let it through."""
    if name == "section_edit":
        return {"heading": "Ändrad rubrik", "text": "Ändrad text"}
    if name == "adopt":
        return {"meeting": ""}
    return {}


def snapshot() -> tuple:
    return (
        sorted(Section.objects.values_list("pk", "heading", "text")),
        sorted(AnnualReport.objects.values_list("pk", "status", "adopted_at")),
        ReportPdf.objects.count(),
        sorted(Block.objects.values_list("pk", "frozen")),
        Section.history.count(),
    )


def test_the_reports_staff_area_has_the_pages_we_expect():
    assert {pattern.name for pattern in staff_patterns()} == PAGES


@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_the_log_in_page(client, world, pattern):
    objects, _ = world
    before = snapshot()
    url = url_for(pattern, objects)
    for response in (client.get(url), client.post(url, post_data(pattern.name))):
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
def test_each_role_gets_exactly_the_pages_it_may_use(client, world, pattern, role):
    objects, users = world
    client.force_login(users[role])
    url = url_for(pattern, objects)
    if pattern.name in POST_ONLY:
        response = client.post(url, post_data(pattern.name))
        expected = 302 if role in ALLOWED else 403
    else:
        response = client.get(url)
        # The list is everyone's own: a secretary of another body sees her reports (none of this body's).
        allowed = ALLOWED | ({"other_secretary"} if pattern.name == "list" else set())
        expected = 200 if role in allowed else 403
    assert response.status_code == expected, url


REFUSED_POSTS = [
    pytest.param(pattern, role, id=f"{pattern.name}-{role}")
    for pattern in staff_patterns()
    if pattern.name in POST_ACTIONS
    for role in ROLES
    if role not in ALLOWED
]


@pytest.mark.parametrize(("pattern", "role"), REFUSED_POSTS)
def test_a_refused_post_changes_nothing(client, world, pattern, role):
    objects, users = world
    client.force_login(users[role])
    before = snapshot()
    response = client.post(url_for(pattern, objects), post_data(pattern.name))
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_the_secretary_and_an_administrator_may_save_a_section_and_adopt(client, world, role):
    objects, users = world
    client.force_login(users[role])
    response = client.post(
        reverse("reports_staff:section_edit", kwargs=objects["section_edit"]), post_data("section_edit")
    )
    assert response.status_code == 302
    section = Section.objects.get(pk=objects["section_edit"]["pk"])
    assert section.heading == "Ändrad rubrik"
    assert section.history.filter(history_user=users[role]).exists()
    response = client.post(reverse("reports_staff:adopt", kwargs=objects["adopt"]), post_data("adopt"))
    assert response.status_code == 302
    assert AnnualReport.objects.get(pk=objects["adopt"]["pk"]).adopted_by == users[role]


def test_the_list_shows_a_secretary_of_another_body_none_of_this_bodys_reports(client, world):
    _, users = world
    client.force_login(users["other_secretary"])
    page = client.get(reverse("reports_staff:list")).content.decode()
    assert "Kommunstyrelsens årsberättelse" not in page
    assert "Det finns ingen årsberättelse för dina organ" in page


def test_a_403_page_is_in_swedish_and_shows_no_details(client, world):
    objects, users = world
    client.force_login(users["other_secretary"])
    response = client.get(reverse("reports_staff:edit", kwargs=objects["edit"]))
    assert response.status_code == 403
    assert "Du har inte behörighet till sidan" in response.content.decode()
    assert "Traceback" not in response.content.decode()
