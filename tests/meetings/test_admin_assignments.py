"""Administrators give people their roles in the admin: who is secretary, controller or analyst of which body,
both on a page of its own and on the person's page. Only administrators (superusers) reach the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from budget.models import UnitController
from meetings.models import Assignment
from tests.factories import (
    BodyFactory,
    IndicatorFactory,
    MeetingFactory,
    UnitFactory,
    UserFactory,
    administrator,
    secretary_of,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/meetings/assignment/add/"
LIST_URL = "/admin/meetings/assignment/"


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def karin():
    return UserFactory(username="karin", first_name="Karin", last_name="Berg")


@pytest.fixture
def admin_client(client):
    client.force_login(administrator(username="admin"))
    return client


def browser_of(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def user_change_url(user) -> str:
    return f"/admin/auth/user/{user.pk}/change/"


def change_form_data(response) -> dict:
    """What the browser posts back for an admin change form as shown: the main form and every inline formset."""
    data = {}

    def add(form):
        for bound in form:
            if bound.field.disabled:
                continue
            value = bound.value()
            if value is None or value is False:
                continue
            widget_data = {}
            # Split widgets (date and time) post one value per subwidget.
            if hasattr(bound.field.widget, "widgets"):
                for index, part in enumerate(bound.field.widget.decompress(value)):
                    widget_data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, (list, tuple)):
                widget_data[bound.html_name] = [str(item) for item in value]
            else:
                widget_data[bound.html_name] = "on" if value is True else str(value)
            data.update(widget_data)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        for form in formset.initial_forms:
            add(form)
    return data


# --- the assignments page ------------------------------------------------------------------------------------------


def test_an_administrator_makes_someone_secretary_and_they_may_then_edit_the_bodys_meetings(admin_client, board, karin):
    meeting = MeetingFactory(body=board)
    staff_page = reverse("staff:meeting_detail", kwargs={"pk": meeting.pk})
    karins_browser = browser_of(karin)
    assert karins_browser.get(staff_page).status_code == 403

    response = admin_client.post(ADD_URL, {"user": karin.pk, "body": board.pk, "role": "secretary"})
    assert response.status_code == 302
    assert Assignment.objects.filter(user=karin, body=board, role=Assignment.Role.SECRETARY).exists()
    assert karins_browser.get(staff_page).status_code == 200


@pytest.mark.parametrize("role", ["controller", "analyst"])
def test_a_controller_or_analyst_of_a_body_may_then_edit_the_bodys_indicators(admin_client, board, karin, role):
    indicator = IndicatorFactory(owner=board)
    page = reverse("goals_staff:indicator_values", kwargs={"slug": indicator.slug})
    karins_browser = browser_of(karin)
    assert karins_browser.get(page).status_code == 403

    assert admin_client.post(ADD_URL, {"user": karin.pk, "body": board.pk, "role": role}).status_code == 302
    assert karins_browser.get(page).status_code == 200


def test_the_list_shows_who_has_which_role_where_and_finds_people_by_name_and_bodies_by_name(admin_client, board):
    secretary_of(board, username="karin", first_name="Karin", last_name="Berg")
    secretary_of(BodyFactory(name="Valnämnden", slug="valnamnden"), username="olof", first_name="Olof", last_name="Ek")
    page = admin_client.get(LIST_URL).content.decode()
    assert "Kommunstyrelsen" in page and "Nämndsekreterare" in page and "Karin Berg" in page
    by_surname = admin_client.get(LIST_URL, {"q": "Berg"}).content.decode()
    assert "Karin Berg" in by_surname and "Olof Ek" not in by_surname
    by_body = admin_client.get(LIST_URL, {"q": "valnämnden"}).content.decode()
    assert "Olof Ek" in by_body and "Karin Berg" not in by_body
    by_role = admin_client.get(LIST_URL, {"role__exact": "controller"}).content.decode()
    assert "Karin Berg" not in by_role


def test_the_same_role_twice_is_refused_with_a_swedish_message_naming_it(admin_client, board, karin):
    Assignment.objects.create(user=karin, body=board, role=Assignment.Role.SECRETARY)
    response = admin_client.post(ADD_URL, {"user": karin.pk, "body": board.pk, "role": "secretary"})
    assert response.status_code == 200
    assert "Karin Berg är redan nämndsekreterare för Kommunstyrelsen." in response.content.decode()
    assert Assignment.objects.count() == 1


def test_the_add_form_picks_people_and_bodies_without_listing_them_all(admin_client, board, karin):
    page = admin_client.get(ADD_URL).content.decode()
    # Autocomplete widgets: a few hundred staff and bodies are not rendered into every page.
    assert 'data-field-name="user"' in page and 'data-field-name="body"' in page
    assert "Karin Berg" not in page
    found = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "meetings", "model_name": "assignment", "field_name": "user", "term": "Berg"},
    ).json()
    assert [item["id"] for item in found["results"]] == [str(karin.pk)]


# --- on the person's page -------------------------------------------------------------------------------------------


def test_the_persons_page_lists_their_roles(admin_client, board, karin):
    Assignment.objects.create(user=karin, body=board, role=Assignment.Role.ANALYST)
    page = admin_client.get(user_change_url(karin)).content.decode()
    assert "Uppdrag (roller per organ)" in page  # the inline's heading
    assert "Kommunstyrelsen" in page
    assert 'value="analyst" selected' in page


def test_an_administrator_adds_a_role_on_the_persons_page(admin_client, board, karin):
    meeting = MeetingFactory(body=board)
    form = admin_client.get(user_change_url(karin))
    data = change_form_data(form)
    data.update(
        {"assignments-0-body": str(board.pk), "assignments-0-role": "secretary", "assignments-TOTAL_FORMS": "1"}
    )
    response = admin_client.post(user_change_url(karin), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert list(karin.assignments.values_list("body__name", "role")) == [("Kommunstyrelsen", "secretary")]
    saved = get_user_model().objects.get(pk=karin.pk)
    assert (saved.first_name, saved.last_name, saved.password) == ("Karin", "Berg", karin.password)
    karins_browser = browser_of(karin)
    assert karins_browser.get(reverse("staff:meeting_detail", kwargs={"pk": meeting.pk})).status_code == 200


def test_the_same_role_twice_on_the_persons_page_is_refused_in_swedish(admin_client, board, karin):
    data = change_form_data(admin_client.get(user_change_url(karin)))
    data.update(
        {
            "assignments-TOTAL_FORMS": "2",
            "assignments-0-body": str(board.pk),
            "assignments-0-role": "secretary",
            "assignments-1-body": str(board.pk),
            "assignments-1-role": "secretary",
        }
    )
    response = admin_client.post(user_change_url(karin), data)
    assert response.status_code == 200
    assert "Karin Berg är redan nämndsekreterare för Kommunstyrelsen." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_new_row_repeating_a_saved_role_on_the_persons_page_is_refused_in_swedish(admin_client, board, karin):
    Assignment.objects.create(user=karin, body=board, role=Assignment.Role.SECRETARY)
    data = change_form_data(admin_client.get(user_change_url(karin)))
    data.update(
        {"assignments-TOTAL_FORMS": "2", "assignments-1-body": str(board.pk), "assignments-1-role": "secretary"}
    )
    response = admin_client.post(user_change_url(karin), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Karin Berg är redan nämndsekreterare för Kommunstyrelsen.") == 1
    assert Assignment.objects.count() == 1


def test_the_persons_page_also_lists_the_budget_units_they_control(admin_client, karin):
    UnitController.objects.create(user=karin, unit=UnitFactory(name="Kommunledning", slug="kommunledning"))
    page = admin_client.get(user_change_url(karin)).content.decode()
    assert "Ekonomi: enheter som personen är controller för" in page
    assert "Kommunledning" in page


def test_the_user_admin_keeps_djangos_features(admin_client, karin):
    page = admin_client.get(user_change_url(karin)).content.decode()
    assert 'href="../password/"' in page  # Django's link to the password form
    assert admin_client.get(f"/admin/auth/user/{karin.pk}/password/").status_code == 200
    added = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "lina",
            "usable_password": "true",
            "password1": "ett-långt-lösenord-för-lina",
            "password2": "ett-långt-lösenord-för-lina",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
            "budget_units-TOTAL_FORMS": "0",
            "budget_units-INITIAL_FORMS": "0",
        },
    )
    assert added.status_code == 302
    assert get_user_model().objects.get(username="lina").check_password("ett-långt-lösenord-för-lina")


# --- who gets in ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST_URL, ADD_URL, "/admin/auth/user/"])
def test_staff_who_are_no_administrators_get_no_access(client, board, karin, url):
    # is_staff alone is not enough: the admin is for superusers (orebro_portal/urls.py).
    secretary = secretary_of(board, username="sekreterare", is_staff=True)
    client.force_login(secretary)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.post(ADD_URL, {"user": karin.pk, "body": board.pk, "role": "secretary"})
    assert not Assignment.objects.filter(user=karin).exists()
