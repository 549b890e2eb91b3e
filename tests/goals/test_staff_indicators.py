"""The indicator staff pages through the test client: the index, the grid, the history and the CSV import."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import IndicatorValue
from tests.factories import (
    BodyFactory,
    IndicatorFactory,
    analyst_of,
    secretary_of,
    sick_leave_indicator,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sick_leave():
    return sick_leave_indicator()


@pytest.fixture
def analyst(client, sick_leave):
    user = analyst_of(sick_leave.owner, username="anna", first_name="Anna", last_name="Analys")
    client.force_login(user)
    return user


def grid_url(indicator):
    return reverse("goals_staff:indicator_values", kwargs={"slug": indicator.slug})


def grid_post(**overrides) -> dict:
    """What the browser posts for the sick-leave grid as shown (2019, 2020, the empty 2021 row, the free row)."""
    data = {
        "v-2019-T": "4,4",
        "v-2019-K": "4,9",
        "v-2019-M": "3",
        "note-2019": "",
        "v-2020-T": "3,8",
        "v-2020-K": "4,4",
        "v-2020-M": "2,6",
        "note-2020": "",
        "v-2021-T": "",
        "v-2021-K": "",
        "v-2021-M": "",
        "note-2021": "",
        "year-ny": "",
        "v-ny-T": "",
        "v-ny-K": "",
        "v-ny-M": "",
        "note-ny": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def snapshot():
    return (
        sorted(IndicatorValue.objects.values_list("year", "gender", "value", "note", "not_comparable")),
        IndicatorValue.history.count(),
    )


def test_the_index_lists_the_analysts_indicators_with_their_latest_year(client, analyst, sick_leave):
    IndicatorFactory(name="Annans indikator", owner=BodyFactory())
    page = client.get(reverse("goals_staff:index")).content.decode()
    assert "Sjukfrånvaro" in page and "Annans indikator" not in page
    assert "2020" in page
    assert reverse("goals_staff:indicator_import") in page
    assert reverse("goals_staff:commitments") not in page


def test_a_secretary_sees_the_link_to_the_commitments_but_no_indicators(client, sick_leave):
    client.force_login(secretary_of(sick_leave.owner))
    page = client.get(reverse("goals_staff:index")).content.decode()
    assert reverse("goals_staff:commitments") in page
    assert "Sjukfrånvaro" not in page


def test_the_grid_shows_the_values_in_swedish_and_an_empty_row_for_the_next_year(client, analyst, sick_leave):
    response = client.get(grid_url(sick_leave))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="v-2019-T" id="id_v-2019-T" value="4,4"' in page
    assert 'name="v-2021-T" id="id_v-2021-T" value=""' in page
    assert '<label class="visually-hidden" for="id_v-2020-K">2020, Kvinnor</label>' in page
    assert 'name="year-ny"' in page


def test_saving_the_grid_stores_the_values_and_says_how_many_changed(client, analyst, sick_leave):
    response = client.post(
        grid_url(sick_leave),
        grid_post(**{"v-2020-K": "4,3", "v-2021-T": "3,4", "v-2021-K": "4,3", "v-2021-M": "1,5"}),
        follow=True,
    )
    assert "Sparat: 4 ändrade värden." in response.content.decode()
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2021, gender="M").value == Decimal("1.5")
    assert IndicatorValue.history.filter(history_user=analyst).count() == 4


def test_saving_the_grid_unchanged_records_nothing(client, analyst, sick_leave):
    before = snapshot()
    response = client.post(grid_url(sick_leave), grid_post(), follow=True)
    assert "Inget ändrades" in response.content.decode()
    assert snapshot() == before


def test_any_year_can_be_added_in_the_free_row(client, analyst, sick_leave):
    client.post(grid_url(sick_leave), grid_post(**{"year-ny": "2015", "v-ny-T": "5,1", "nc-ny": "on"}))
    row = IndicatorValue.objects.get(indicator=sick_leave, year=2015)
    assert (row.gender, row.value, row.not_comparable) == ("T", Decimal("5.1"), True)


def test_a_bad_value_names_year_and_column_keeps_what_was_typed_and_saves_nothing(client, analyst, sick_leave):
    before = snapshot()
    response = client.post(grid_url(sick_leave), grid_post(**{"v-2021-K": "4,4,1", "v-2020-T": "3,9"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_v-2021-K">2021, Kvinnor: ”4,4,1” är inget tal</a>' in page
    assert 'id="id_v-2021-K_error">”4,4,1” är inget tal</p>' in page
    assert 'value="4,4,1"' in page and 'value="3,9"' in page
    assert 'aria-invalid="true" aria-describedby="id_v-2021-K_error"' in page
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"v-ny-T": "1"}, "Nytt år: skriv vilket år värdena gäller"),
        ({"year-ny": "2020", "v-ny-T": "1"}, "Nytt år: 2020 finns redan i tabellen – skriv värdena på dess rad"),
        ({"year-ny": "1800", "v-ny-T": "1"}, "Nytt år: året måste ligga mellan 1900 och 2200"),
        ({"year-ny": "tjugo", "v-ny-T": "1"}, "Nytt år: skriv året med fyra siffror, t.ex. 2015"),
        ({"note-2019": "x" * 501}, "2019, Anmärkning: högst 500 tecken (nu 501)"),
    ],
)
def test_errors_in_the_free_row_and_notes_name_the_field(client, analyst, sick_leave, overrides, message):
    before = snapshot()
    page = client.post(grid_url(sick_leave), grid_post(**overrides)).content.decode()
    assert message in page
    assert snapshot() == before


def test_the_history_shows_who_changed_what_from_what_to_what(client, analyst, sick_leave):
    client.post(grid_url(sick_leave), grid_post(**{"v-2020-K": "4,3", "note-2020": "Ny mätmetod"}))
    page = client.get(reverse("goals_staff:indicator_history", kwargs={"slug": sick_leave.slug})).content.decode()
    assert "Anna Analys" in page
    assert "<td>Kvinnor</td>" in page
    assert '<td class="num">4,4</td>' in page and '<td class="num">4,3</td>' in page
    assert "Anmärkning: ”Ny mätmetod”" in page
    assert "Rutnät" in page


def test_the_history_is_paginated(client, analyst, sick_leave):
    for value in range(60):
        client.post(grid_url(sick_leave), grid_post(**{"v-2020-T": str(value)}))
    url = reverse("goals_staff:indicator_history", kwargs={"slug": sick_leave.slug})
    first = client.get(url).content.decode()
    assert "Sida 1 av 2" in first
    assert "Sida 2 av 2" in client.get(url + "?sida=2").content.decode()


# --- import -------------------------------------------------------------------------------------------------------

IMPORT_URL = "goals_staff:indicator_import"


def upload(client, text: str, name: str = "varden.csv", encoding: str = "utf-8"):
    return client.post(
        reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")}
    )


def test_an_upload_shows_a_preview_and_changes_nothing(client, analyst, sick_leave):
    before = snapshot()
    response = upload(client, "Indikator;År;Kön;Värde\nsjukfranvaro;2020;K;4,3\nsjukfranvaro;2021;T;3,4\n")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsgranskning av ”varden.csv”" in page
    assert "Nya värden: 1. Ändrade: 1. Oförändrade: 0." in page
    assert 'name="action" value="confirm"' in page
    assert snapshot() == before


def confirm(client, response, action="confirm"):
    token = response.context["token"]
    return client.post(reverse(IMPORT_URL), {"action": action, "token": token}, follow=True)


def test_confirming_applies_the_preview_and_records_the_file_and_the_user(client, analyst, sick_leave):
    preview = upload(client, "Indikator;År;Kön;Värde\nsjukfranvaro;2020;K;4,3\nsjukfranvaro;2021;T;3,4\n")
    response = confirm(client, preview)
    assert "”varden.csv” är inläst: 2 värden ändrades." in response.content.decode()
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2021, gender="T").value == Decimal("3.4")
    assert set(IndicatorValue.history.filter(history_user=analyst).values_list("history_change_reason", flat=True)) == {
        "Import: varden.csv"
    }


def test_confirming_twice_does_not_import_twice(client, analyst, sick_leave):
    preview = upload(client, "Indikator;År;Kön;Värde\nsjukfranvaro;2021;T;3,4\n")
    confirm(client, preview)
    count = IndicatorValue.history.count()
    response = confirm(client, preview)
    assert "Förhandsgranskningen finns inte längre" in response.content.decode()
    assert IndicatorValue.history.count() == count


def test_cancelling_changes_nothing(client, analyst, sick_leave):
    before = snapshot()
    response = confirm(client, upload(client, "Indikator;År;Kön;Värde\nsjukfranvaro;2021;T;3,4\n"), "cancel")
    assert "Importen avbröts. Ingenting ändrades." in response.content.decode()
    assert snapshot() == before


def test_confirming_after_someone_changed_a_previewed_value_is_refused(client, analyst, sick_leave):
    preview = upload(client, "Indikator;År;Kön;Värde\nsjukfranvaro;2020;K;4,3\nsjukfranvaro;2021;T;3,4\n")
    IndicatorValue.objects.filter(indicator=sick_leave, year=2020, gender="K").update(value=Decimal("5"))
    before = snapshot()
    response = confirm(client, preview)
    assert "värdena på rad 2 har ändrats sedan förhandsgranskningen" in response.content.decode()
    assert snapshot() == before


def test_a_file_with_errors_lists_them_by_row_and_column_and_changes_nothing(client, analyst, sick_leave):
    before = snapshot()
    response = upload(client, "Indikator;År;Kön;Värde\nsjukfranvaro;2021;T;4,4,1\nokand;2021;T;1\n", name="fel.csv")
    page = response.content.decode()
    assert "”fel.csv” lästes inte in: 2 fel" in page
    assert "Rad 2, Värde: ”4,4,1” är inget tal" in page
    assert "Rad 3, Indikator: ”okand” är varken en indikators kortnamn eller Kolada-id" in page
    assert "goals_indicator_import" not in client.session
    assert snapshot() == before


def test_an_upload_without_a_file_asks_for_one(client, analyst):
    response = client.post(reverse(IMPORT_URL), {})
    assert "Välj en fil att läsa in." in response.content.decode()


def test_an_analyst_cannot_import_another_bodys_indicator(client, analyst, sick_leave):
    IndicatorFactory(name="Främmande", slug="frammande", owner=BodyFactory())
    before = snapshot()
    page = upload(client, "Indikator;År;Kön;Värde\nframmande;2021;T;1\n").content.decode()
    assert "Rad 2, Indikator: du får inte ändra ”Främmande”" in page
    assert snapshot() == before
