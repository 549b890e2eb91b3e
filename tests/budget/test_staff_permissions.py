"""Every budget staff URL, every role: the check is made on the server, whatever the pages offer in their links.

The URLs are read from `budget.urls_staff` itself, so a new staff page is covered (or this test fails) the day it
is added.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.urls.resolvers import URLPattern

from budget import urls_staff
from budget.models import FigureChange, FiscalYear, LedgerImport, LedgerLine, ResponsibilityCode
from tests.factories import (
    BodyFactory,
    FiscalYearFactory,
    ResponsibilityCodeFactory,
    UnitFactory,
    UserFactory,
    account_group,
    administrator,
    ledger_line,
    secretary_of,
    unit_controller,
)

pytestmark = pytest.mark.django_db

# Views that change something when POSTed to; a POST by someone without the right must answer 403.
POST_ACTIONS = {
    "index",
    "grid",
    "year_close",
    "publish",
    "codes",
    "code_edit",
    "import_upload",
    "import_confirm",
    "import_discard",
}
# Pages of the budget staff area any controller may open (they show only the controller's own things).
OPEN_TO_EVERY_CONTROLLER = {"index", "codes", "import_upload"}


def staff_patterns() -> list[URLPattern]:
    return [pattern for pattern in urls_staff.urlpatterns if isinstance(pattern, URLPattern)]


@pytest.fixture
def world(db):
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    other_unit = UnitFactory(name="Valnämnden", slug="valnamnden")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ResponsibilityCodeFactory(code="ÖVA", name="Valnämnden", unit=other_unit)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    FiscalYearFactory(year=2021)
    controller = unit_controller(unit, username="eva")
    users = {
        "controller": controller,
        "other_controller": unit_controller(other_unit, username="olof"),
        "secretary": secretary_of(BodyFactory(), username="karin"),
        "plain_user": UserFactory(username="vanlig"),
        "admin": administrator(username="admin"),
    }
    ledger_import = LedgerImport.objects.create(
        filename="bokslut-2021.csv",
        created_by=controller,
        status=LedgerImport.Status.PREVIEW,
        row_count=1,
        preview={},
    )
    objects = {
        "year": 2021,
        "unit": unit.slug,
        "unit_pk": unit.pk,
        "code": klc.code,
        "pk": ledger_import.pk,
        "klc": klc,
    }
    return objects, users


def url_for(pattern: URLPattern, objects) -> str:
    names = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
    unknown = [name for name in names if name not in objects]
    assert not unknown, f"the permission test does not know what {unknown} means in {pattern.pattern}: add it to world"
    return reverse(f"budget_staff:{pattern.name}", kwargs={name: objects[name] for name in names})


def post_data(name: str, objects) -> dict:
    """What a real form would post: enough to change something if the view let it through."""
    if name == "index":
        return {"year": "2022"}
    if name in ("year_close", "publish"):
        return {"confirm_year": str(objects["year"]), "note": "Delårsrapport augusti"}
    if name == "codes":
        return {"unit": objects["unit_pk"], "code": "KLNY", "name": "Kansli Nya partiet"}
    if name == "code_edit":
        return {"action": "retire", "retired_from": "2030"}
    if name == "grid":
        klc = objects["klc"]
        return {f"outcome-{klc.pk}-{account_group('5').pk}": "1", f"budget-{klc.pk}-{account_group('5').pk}": "1"}
    return {}


def request(client, pattern, objects):
    """GET, or POST for the views that only accept POST (their GET answers 405 to everyone, logged in or not)."""
    url = url_for(pattern, objects)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, post_data(pattern.name, objects))
    return url, response


def snapshot() -> tuple:
    """What a refused POST must leave as it was."""
    return (
        list(FiscalYear.objects.values_list("year", "status")),
        list(LedgerLine.objects.values_list("code_id", "group_id", "budget", "outcome")),
        list(LedgerImport.objects.values_list("pk", "status")),
        FigureChange.objects.count(),
        list(ResponsibilityCode.objects.order_by("pk").values_list("code", "name", "unit_id", "retired_from")),
        ResponsibilityCode.history.count(),
    )


def test_the_budget_staff_area_has_the_pages_we_expect():
    names = {pattern.name for pattern in staff_patterns()}
    assert names >= {"index", "grid", "year_close", "code_history", "codes", "code_edit"}
    assert names >= {"import_upload", "import_detail", "import_confirm", "import_discard"}


@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_the_log_in_page(client, world, pattern):
    objects, _ = world
    before = snapshot()
    url = url_for(pattern, objects)
    for response in (client.get(url), client.post(url, post_data(pattern.name, objects))):
        if response.status_code == 405:
            continue  # a method the view does not take at all
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    assert snapshot() == before


@pytest.mark.parametrize("role", ["secretary", "plain_user"])
@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
def test_users_who_are_no_controller_get_403_everywhere(client, world, pattern, role):
    objects, users = world
    client.force_login(users[role])
    before = snapshot()
    url = url_for(pattern, objects)
    assert client.get(url).status_code in (403, 405), url
    posted = client.post(url, post_data(pattern.name, objects))
    assert posted.status_code == 403 if pattern.name in POST_ACTIONS else posted.status_code in (403, 405), url
    assert snapshot() == before


def guarded_patterns() -> list[URLPattern]:
    return [pattern for pattern in staff_patterns() if pattern.name not in OPEN_TO_EVERY_CONTROLLER]


@pytest.mark.parametrize("pattern", guarded_patterns(), ids=lambda p: p.name)
def test_a_controller_of_another_unit_gets_403_on_this_units_pages_and_objects(client, world, pattern):
    objects, users = world
    client.force_login(users["other_controller"])
    before = snapshot()
    url = url_for(pattern, objects)
    assert client.get(url).status_code in (403, 405), url
    posted = client.post(url, post_data(pattern.name, objects))
    assert posted.status_code == 403 if pattern.name in POST_ACTIONS else posted.status_code in (403, 405), url
    assert snapshot() == before


@pytest.mark.parametrize("pattern", staff_patterns(), ids=lambda p: p.name)
@pytest.mark.parametrize("role", ["controller", "admin"])
def test_the_units_controller_and_administrators_get_the_page(client, world, pattern, role):
    objects, users = world
    client.force_login(users[role])
    url, response = request(client, pattern, objects)
    # A page answers 200; an action done by POST answers with a redirect back into the staff area.
    assert response.status_code in (200, 302), url
    if response.status_code == 302:
        assert response["Location"].startswith("/redigera/"), url


@pytest.mark.parametrize("pattern_name", sorted(OPEN_TO_EVERY_CONTROLLER))
def test_a_controller_of_another_unit_gets_the_pages_every_controller_has(client, world, pattern_name):
    objects, users = world
    client.force_login(users["other_controller"])
    pattern = next(pattern for pattern in staff_patterns() if pattern.name == pattern_name)
    assert client.get(url_for(pattern, objects)).status_code == 200


def test_a_controller_of_another_unit_sees_neither_this_unit_nor_its_year_closing(client, world):
    _, users = world
    client.force_login(users["other_controller"])
    page = client.get(reverse("budget_staff:index")).content.decode()
    assert "Valnämnden" in page and "Kommunledning" not in page
    assert reverse("budget_staff:year_close", kwargs={"year": 2021}) not in page


@pytest.mark.parametrize("role", ["controller", "admin"])
def test_the_units_controller_and_administrators_may_save_figures_and_close_the_year(client, world, role):
    objects, users = world
    client.force_login(users[role])
    klc = objects["klc"]
    saved = client.post(
        reverse("budget_staff:grid", kwargs={"year": 2021, "unit": "kommunledning"}),
        post_data("grid", objects),
    )
    assert saved.status_code == 302
    assert LedgerLine.objects.get(code=klc).outcome == Decimal(1)
    closed = client.post(reverse("budget_staff:year_close", kwargs={"year": 2021}), post_data("year_close", objects))
    assert closed.status_code == 302
    assert FiscalYear.objects.get(pk=2021).is_closed


def test_a_controller_of_the_parent_unit_may_enter_a_subunits_figures(client, world):
    objects, _ = world
    unit = objects["klc"].unit
    unit.parent = UnitFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    unit.save()
    client.force_login(unit_controller(unit.parent))
    assert client.get(reverse("budget_staff:grid", kwargs={"year": 2021, "unit": unit.slug})).status_code == 200
    history = reverse("budget_staff:code_history", kwargs={"code": "KLC"})
    assert client.get(history).status_code == 200


def test_a_controller_of_a_subunit_may_not_enter_the_parent_units_figures(client, world):
    objects, users = world
    unit = objects["klc"].unit
    unit.parent = UnitFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    unit.save()
    client.force_login(users["controller"])
    assert client.get(reverse("budget_staff:grid", kwargs={"year": 2021, "unit": "kommunstyrelsen"})).status_code == 403


def test_a_403_page_is_in_swedish_and_shows_no_details(client, world):
    _, users = world
    client.force_login(users["other_controller"])
    response = client.get(reverse("budget_staff:grid", kwargs={"year": 2021, "unit": "kommunledning"}))
    assert response.status_code == 403
    assert "Du har inte behörighet till sidan" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_controller_of_another_unit_cannot_create_a_code_in_this_unit_by_crafting_the_post(client, world):
    objects, users = world
    client.force_login(users["other_controller"])
    before = snapshot()
    response = client.post(reverse("budget_staff:codes"), post_data("codes", objects))
    assert response.status_code == 200
    assert '<a href="#id_unit">Enhet: Välj en av dina enheter.</a>' in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("role", ["controller", "admin"])
def test_the_units_controller_and_administrators_may_create_and_retire_codes(client, world, role):
    objects, users = world
    client.force_login(users[role])
    created = client.post(reverse("budget_staff:codes"), post_data("codes", objects))
    assert created.status_code == 302
    assert ResponsibilityCode.objects.get(code="KLNY").unit.slug == "kommunledning"
    retired = client.post(reverse("budget_staff:code_edit", kwargs={"code": "KLC"}), post_data("code_edit", objects))
    assert retired.status_code == 302
    assert ResponsibilityCode.objects.get(code="KLC").retired_from == 2030
