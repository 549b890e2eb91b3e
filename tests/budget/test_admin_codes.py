"""The admin keeps to the chart of ansvar's rules: an existing code cannot be changed, a new one is checked."""

import pytest

from budget.models import ResponsibilityCode
from tests.factories import ResponsibilityCodeFactory, UnitFactory, administrator

pytestmark = pytest.mark.django_db


def test_the_admin_refuses_a_code_the_staff_page_would_refuse_and_never_changes_an_existing_one(client):
    unit = UnitFactory(name="Kommunledning")
    ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    client.force_login(administrator())

    response = client.post(
        "/admin/budget/responsibilitycode/add/", {"code": "klc", "name": "Dubblett", "unit": unit.pk}
    )
    assert response.status_code == 200
    assert "KLC" in response.content.decode()  # the message names the existing code
    assert ResponsibilityCode.objects.count() == 1

    klc = ResponsibilityCode.objects.get()
    response = client.post(
        f"/admin/budget/responsibilitycode/{klc.pk}/change/",
        {"code": "KLX", "name": "Kansli C", "unit": unit.pk},
    )
    assert response.status_code == 302
    klc.refresh_from_db()
    assert (klc.code, klc.name) == ("KLC", "Kansli C")
