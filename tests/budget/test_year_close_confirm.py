"""Fastställ bokslut cannot be undone, so the confirmation page asks the controller to type the year: a POST
without it, or with another year, shows the page again with the error at the field and leaves the year open."""

import re

import pytest
from django.urls import reverse

from budget.models import FiscalYear
from tests.factories import FiscalYearFactory, UnitFactory, ledger_line, unit_controller

pytestmark = pytest.mark.django_db

URL = reverse("budget_staff:year_close", kwargs={"year": 2021})


@pytest.fixture
def controller(unit, klc):
    FiscalYearFactory(year=2021)
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    return unit_controller(unit, username="eva", first_name="Eva", last_name="Ek")


def year_input(page: str) -> str:
    (tag,) = re.findall(r'<input[^>]*name="confirm_year"[^>]*>', page)
    return tag


def is_closed() -> bool:
    return FiscalYear.objects.get(pk=2021).is_closed


def test_the_page_asks_for_the_year_in_a_labelled_required_field(client, controller):
    client.force_login(controller)
    page = client.get(URL).content.decode()
    assert '<label for="id_confirm_year">Skriv årtalet 2021 för att bekräfta' in page
    field = year_input(page)
    assert 'id="id_confirm_year"' in field and " required" in field
    assert 'value="' not in field  # nothing filled in: the controller types it


@pytest.mark.parametrize(
    "data",
    [{}, {"confirm_year": ""}, {"confirm_year": "   "}],
    ids=["nothing", "empty", "blank"],
)
def test_a_post_without_the_year_closes_nothing_and_says_so_at_the_field(client, controller, data):
    client.force_login(controller)
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    error = re.search(r'<p class="field-error" id="([^"]+)">([^<]*)</p>', page)
    assert error.group(2) == "Skriv årtalet 2021 för att fastställa bokslutet."
    field = year_input(page)
    assert 'aria-invalid="true"' in field
    assert error.group(1) in re.search(r'aria-describedby="([^"]+)"', field).group(1).split()
    assert not is_closed()


@pytest.mark.parametrize("typed", ["2022", "2020", "21", "tjugotjugoett", "２０２１", "٢٠٢١", "20 21", "2021 2021"])
def test_another_year_closes_nothing_and_says_which_year_to_type(client, controller, typed):
    client.force_login(controller)
    response = client.post(URL, {"confirm_year": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Det du skrev är inte 2021. Skriv årtalet 2021 för att fastställa bokslutet." in page
    assert not is_closed()


@pytest.mark.parametrize("typed", ["2021", " 2021 "])
def test_the_right_year_closes_it(client, controller, typed):
    client.force_login(controller)
    response = client.post(URL, {"confirm_year": typed}, follow=True)
    assert "Bokslutet för 2021 är fastställt" in response.content.decode()
    assert is_closed()
    assert FiscalYear.objects.get(pk=2021).closed_by == controller


def test_a_controller_without_the_right_gets_403_whatever_is_typed(client, controller):
    other = unit_controller(UnitFactory(name="Valnämnden", slug="valnamnden"), username="olof")
    client.force_login(other)
    assert client.post(URL, {"confirm_year": "2021"}).status_code == 403
    assert not is_closed()
