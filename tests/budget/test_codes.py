"""The chart of ansvar: creating, renaming, moving, retiring and reinstating codes, through the services and the
staff pages; who may; what the history says; nothing stored on a refusal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import FiscalYear, LedgerLine, PublishedLedgerLine, ResponsibilityCode
from budget.services.codes import code_create, code_reinstate, code_retire, code_update
from budget.services.figures import fiscal_year_close
from tests.factories import (
    ResponsibilityCodeFactory,
    UnitFactory,
    account_group,
    administrator,
    ledger_line,
    unit_controller,
)
from tests.html import table_with_caption

pytestmark = pytest.mark.django_db

ALLOWED = "En kod får bara innehålla bokstäver (A–Ö), siffror och tecknen - _ ."
CODES_URL = reverse("budget_staff:codes")


def edit_url(code: str) -> str:
    return reverse("budget_staff:code_edit", kwargs={"code": code})


@pytest.fixture
def other_unit():
    return UnitFactory(name="Valnämnden", slug="valnamnden")


@pytest.fixture
def controller(unit):
    return unit_controller(unit, username="eva", first_name="Eva", last_name="Ek")


@pytest.fixture
def other_controller(other_unit):
    return unit_controller(other_unit, username="olof", first_name="Olof", last_name="Ost")


@pytest.fixture
def ova(other_unit):
    return ResponsibilityCodeFactory(code="ÖVA", name="Valnämnd", unit=other_unit)


def snapshot() -> tuple:
    """What a refusal must leave as it was: every code, its history, every ledger line."""
    return (
        list(ResponsibilityCode.objects.order_by("pk").values_list("code", "name", "unit_id", "retired_from")),
        ResponsibilityCode.history.count(),
        list(LedgerLine.objects.order_by("pk").values_list("year_id", "code_id", "group_id", "budget", "outcome")),
    )


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def text(response) -> str:
    return response.content.decode()


# --- creating ------------------------------------------------------------------------------------------------------


def test_a_controller_creates_a_code_in_their_unit_and_the_history_names_them(unit, controller):
    created = code_create(unit=unit, code="KLNY", name="Kansli Nya partiet", user=controller)
    assert (created.code, created.name, created.unit, created.retired_from) == (
        "KLNY",
        "Kansli Nya partiet",
        unit,
        None,
    )
    record = created.history.get()
    assert (record.history_type, record.history_user, record.code) == ("+", controller, "KLNY")


def test_a_controller_of_the_parent_unit_creates_a_code_in_a_subunit(unit):
    parent = UnitFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    unit.parent = parent
    unit.save()
    central = unit_controller(parent, username="central")
    assert code_create(unit=unit, code="KLX", name="Kansli X", user=central).unit == unit


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "KLC",
            "Ansvar: KLC finns redan (Kommunledning). Stora och små bokstäver räknas som samma kod, som vid import.",
        ),
        (
            "klc",
            "Ansvar: KLC finns redan (Kommunledning). Stora och små bokstäver räknas som samma kod, som vid import.",
        ),
        ("öva", "Ansvar: ÖVA finns redan (Valnämnden). Stora och små bokstäver räknas som samma kod, som vid import."),
        # Ö typed as O and a combining diaeresis (as some systems write it) is the same code.
        (
            "O\u0308VA",
            "Ansvar: ÖVA finns redan (Valnämnden). Stora och små bokstäver räknas som samma kod, som vid import.",
        ),
    ],
)
def test_a_code_that_exists_in_any_case_or_unit_is_refused_naming_it(unit, klc, ova, controller, typed, message):
    before = snapshot()
    assert refusal(lambda: code_create(unit=unit, code=typed, name="Kansli", user=controller)) == {"code": [message]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Ansvar: skriv en kod, t.ex. KLC."),
        (" KLX", "Ansvar: ” KLX” börjar eller slutar med mellanslag; ta bort dem."),
        ("KL X", f"Ansvar: ”KL X” innehåller mellanslag. {ALLOWED}"),
        ("KL/X", f"Ansvar: ”KL/X” innehåller ”/”. {ALLOWED}"),
        (
            "KLØ?",
            f"Ansvar: ”KLØ?” innehåller ”?”, ”Ø”. {ALLOWED}",
        ),
        ("-KLX", "Ansvar: ”-KLX” måste börja med en bokstav eller siffra."),
        ("..", "Ansvar: ”..” måste börja med en bokstav eller siffra."),
        ("K" * 21, f"Ansvar: högst 20 tecken (”{'K' * 21}” har 21)."),
    ],
)
def test_a_bad_code_is_refused_with_a_message_naming_the_field(unit, controller, typed, message):
    before = snapshot()
    assert refusal(lambda: code_create(unit=unit, code=typed, name="Kansli", user=controller)) == {"code": [message]}
    assert snapshot() == before


@pytest.mark.parametrize("typed", ["K", "KLÅÄÖ", "klåäö", "K-1_2.3", "2024", "K" * 20])
def test_letters_digits_and_the_three_separators_make_a_code(unit, controller, typed):
    assert code_create(unit=unit, code=typed, name="Kansli", user=controller).code == typed


def test_letters_typed_decomposed_are_stored_composed_as_the_import_reads_them(unit, controller):
    assert code_create(unit=unit, code="KLO\u0308P", name="Kansli", user=controller).code == "KLÖP"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Ansvarsbenämning: skriv ansvarets benämning, t.ex. Kansli Centerpartiet."),
        ("   ", "Ansvarsbenämning: skriv ansvarets benämning, t.ex. Kansli Centerpartiet."),
        ("N" * 201, "Ansvarsbenämning: högst 200 tecken (den har 201)."),
        ("Kansli\nCenter", "Ansvarsbenämning: får inte innehålla radbrytningar, tabbar eller andra styrtecken."),
        ("Kansli [[Anna", "Ansvarsbenämning: en markering för maskering börjar med [[ men avslutas inte med ]]."),
    ],
)
def test_a_bad_name_is_refused_with_a_message_naming_the_field(unit, controller, typed, message):
    before = snapshot()
    assert refusal(lambda: code_create(unit=unit, code="KLX", name=typed, user=controller)) == {"name": [message]}
    assert snapshot() == before


def test_a_controller_cannot_create_a_code_in_another_unit(unit, other_unit, controller):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        code_create(unit=other_unit, code="VNY", name="Valnämnd ny", user=controller)
    assert snapshot() == before


def test_the_list_creates_a_code_and_shows_it(client, unit, klc, controller):
    client.force_login(controller)
    response = client.post(CODES_URL, {"unit": unit.pk, "code": " klny ", "name": "Kansli Nya partiet"}, follow=True)
    assert "Ansvaret klny Kansli Nya partiet är upplagt i Kommunledning." in text(response)
    table = table_with_caption(text(response), "Ansvar i Kommunledning")
    assert [row[:4] for row in table.body] == [
        ["KLC", "Kansli Centerpartiet", "i bruk", "0"],
        ["klny", "Kansli Nya partiet", "i bruk", "0"],
    ]
    assert ResponsibilityCode.objects.get(code="klny").history.get().history_user == controller


def test_the_list_refuses_a_duplicate_and_shows_the_message_at_the_field(client, unit, klc, controller):
    client.force_login(controller)
    before = snapshot()
    response = client.post(CODES_URL, {"unit": unit.pk, "code": "Klc", "name": "Kansli"})
    assert response.status_code == 200
    html = text(response)
    expected = "KLC finns redan (Kommunledning). Stora och små bokstäver räknas som samma kod, som vid import."
    assert f'<a href="#id_code">Ansvar: {expected}</a>' in html  # the summary, linking to the field
    assert f'<p class="field-error" id="id_code_error">{expected}</p>' in html
    assert snapshot() == before


def test_a_crafted_post_naming_another_unit_stores_nothing(client, unit, other_unit, controller):
    client.force_login(controller)
    before = snapshot()
    response = client.post(CODES_URL, {"unit": other_unit.pk, "code": "VNY", "name": "Valnämnd ny"})
    assert response.status_code == 200
    assert '<a href="#id_unit">Enhet: Välj en av dina enheter.</a>' in text(response)
    assert snapshot() == before


def test_the_unit_choices_are_the_users_units_only(client, unit, other_unit, controller):
    client.force_login(controller)
    html = text(client.get(CODES_URL))
    assert f'<option value="{unit.pk}" selected>Kommunledning</option>' in html  # the only one: chosen already
    assert "Valnämnden" not in html


def test_the_list_shows_each_codes_status_years_and_links(client, unit, klc, ova, controller, other_unit):
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000)
    ledger_line(year=2021, code=klc, group="4", outcome=-1_000)
    ResponsibilityCodeFactory(code="KLFP", name="Kansli Folkpartiet", unit=unit, retired_from=2019)
    client.force_login(controller)
    html = text(client.get(CODES_URL))
    table = table_with_caption(html, "Ansvar i Kommunledning")
    assert table.caption == "Ansvar i Kommunledning (2 st.)"
    assert table.head == [["Ansvar", "Benämning", "Status", "År med siffror", "Ändra", "Siffrornas historik"]]
    assert table.body == [
        ["KLC", "Kansli Centerpartiet", "i bruk", "2", "Ändra", "Historik"],
        ["KLFP", "Kansli Folkpartiet", "avvecklat från och med 2019", "0", "Ändra", "Historik"],
    ]
    assert f'href="{edit_url("KLC")}"' in html
    assert f'href="{reverse("budget_staff:code_history", kwargs={"code": "KLC"})}"' in html
    assert "ÖVA" not in html  # another unit's code


def test_the_list_costs_the_same_queries_for_many_codes(client, unit, other_unit):
    admin = administrator()
    client.force_login(admin)
    client.get(CODES_URL)  # the session, warmed
    with CaptureQueriesContext(connection) as few:
        client.get(CODES_URL)
    for number in range(20):
        code = ResponsibilityCodeFactory(unit=unit if number % 2 else other_unit)
        ledger_line(year=2020 + number % 3, code=code, group="5", outcome=-1_000)
    UnitFactory(name="Stadsrevisionen", slug="stadsrevisionen")
    with CaptureQueriesContext(connection) as many:
        response = client.get(CODES_URL)
    assert response.status_code == 200
    assert len(many) == len(few)


def test_a_controller_of_another_unit_sees_only_their_own_units_codes(client, klc, ova, other_controller):
    client.force_login(other_controller)
    response = client.get(CODES_URL)
    assert response.status_code == 200
    assert "ÖVA" in text(response) and "KLC" not in text(response) and "Kommunledning" not in text(response)


# --- renaming and moving -------------------------------------------------------------------------------------------


def test_renaming_records_the_user_and_the_old_and_new_name(client, unit, klc, controller):
    client.force_login(controller)
    response = client.post(edit_url("KLC"), {"action": "rename", "name": "Kansli C"}, follow=True)
    html = text(response)
    assert "KLC heter nu ”Kansli C”." in html
    klc.refresh_from_db()
    assert klc.name == "Kansli C"
    latest = klc.history.latest()
    assert (latest.history_type, latest.history_user, latest.name) == ("~", controller, "Kansli C")
    assert latest.prev_record.name == "Kansli Centerpartiet"
    table = table_with_caption(html, "Historik för ansvaret KLC")
    assert table.head == [["När", "Vem", "Vad", "Ändring"]]
    assert table.body[0][1:] == ["Eva Ek", "Ändrat", "Ansvarsbenämning: Kansli Centerpartiet → Kansli C"]
    assert table.body[1][2] == "Upplagt"


def test_renaming_to_the_same_name_records_nothing(client, unit, klc, controller):
    client.force_login(controller)
    before = snapshot()
    response = client.post(edit_url("KLC"), {"action": "rename", "name": "Kansli Centerpartiet"}, follow=True)
    assert "Inget ändrades: uppgifterna var redan desamma." in text(response)
    assert snapshot() == before


def test_a_refused_name_keeps_what_was_typed_and_stores_nothing(client, unit, klc, controller):
    client.force_login(controller)
    before = snapshot()
    response = client.post(edit_url("KLC"), {"action": "rename", "name": "Kansli [[Anna"})
    html = text(response)
    assert response.status_code == 200
    assert (
        '<a href="#id_name">Ansvarsbenämning: En markering för maskering börjar med [[ men avslutas inte med ]].</a>'
        in html
    )
    assert 'value="Kansli [[Anna"' in html
    assert snapshot() == before


def test_the_history_shows_staff_the_raw_name(client, unit, controller):
    code = ResponsibilityCodeFactory(code="KLP", name="Kansli [[Anna Andersson]]", unit=unit)
    client.force_login(controller)
    client.post(edit_url("KLP"), {"action": "rename", "name": "Kansli partigemensamt"})
    html = text(client.get(edit_url("KLP")))
    table = table_with_caption(html, "Historik för ansvaret KLP")
    assert table.body[0][3] == "Ansvarsbenämning: Kansli [[Anna Andersson]] → Kansli partigemensamt"
    assert code.history.latest().history_user == controller


def test_a_code_without_figures_moves_to_another_of_the_users_units(client, unit, other_unit):
    both = unit_controller(unit, other_unit, username="central", first_name="Cia", last_name="Central")
    code = ResponsibilityCodeFactory(code="KLX", name="Kansli X", unit=unit)
    client.force_login(both)
    response = client.post(
        edit_url("KLX"), {"action": "rename", "name": "Kansli X", "unit": other_unit.pk}, follow=True
    )
    assert "KLX hör nu till Valnämnden." in text(response)
    code.refresh_from_db()
    assert code.unit == other_unit
    assert code.history.latest().history_user == both


def test_a_code_with_figures_cannot_move_and_the_page_says_why(client, unit, klc, other_unit):
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000)
    both = unit_controller(unit, other_unit, username="central")
    client.force_login(both)
    html = text(client.get(edit_url("KLC")))
    assert 'name="unit"' not in html
    message = (
        "KLC har siffror för 2020 och 2021 och kan inte flyttas till en annan enhet: tabellerna för de åren skulle "
        "ändras, även stängda år. Lägg upp ett nytt ansvar i den andra enheten och avveckla det här."
    )
    assert message in html
    before = snapshot()
    assert refusal(lambda: code_update(code=klc, user=both, name="Kansli C", unit=other_unit)) == {
        "unit": [f"Enhet: {message}"]
    }
    assert snapshot() == before


def test_a_code_published_but_emptied_since_still_cannot_move(unit, klc, other_unit):
    FiscalYear.objects.create(year=2022)
    PublishedLedgerLine.objects.create(year_id=2022, code=klc, group=account_group("5"), outcome=-1)
    both = unit_controller(unit, other_unit, username="central")
    assert "unit" in refusal(lambda: code_update(code=klc, user=both, name="Kansli C", unit=other_unit))


def test_a_code_cannot_move_to_a_unit_not_the_users(client, unit, other_unit, controller):
    code = ResponsibilityCodeFactory(code="KLX", name="Kansli X", unit=unit)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        code_update(code=code, user=controller, name="Kansli Y", unit=other_unit)
    assert snapshot() == before
    client.force_login(controller)
    client.post(edit_url("KLX"), {"action": "rename", "name": "Kansli Y", "unit": other_unit.pk})
    # The controller has one unit: the page has no unit field, and a unit in the post is not read at all.
    code.refresh_from_db()
    assert (code.name, code.unit) == ("Kansli Y", unit)


# --- retiring and reinstating --------------------------------------------------------------------------------------


@pytest.fixture
def klc_with_years(klc):
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    return klc


def test_retiring_from_the_year_after_the_last_figures_keeps_them_and_undo_reinstates(
    client, unit, klc_with_years, controller
):
    lines = list(LedgerLine.objects.values_list("year_id", "group_id", "budget", "outcome"))
    client.force_login(controller)
    response = client.post(edit_url("KLC"), {"action": "retire", "retired_from": "2022"}, follow=True)
    html = text(response)
    assert (
        "KLC är avvecklat från och med 2022: det tar inte emot siffror för 2022 och senare år. "
        "Tidigare års siffror finns kvar." in html
    )
    klc_with_years.refresh_from_db()
    assert klc_with_years.retired_from == 2022
    assert list(LedgerLine.objects.values_list("year_id", "group_id", "budget", "outcome")) == lines
    table = table_with_caption(html, "Historik för ansvaret KLC")
    assert table.body[0][1:] == ["Eva Ek", "Ändrat", "Avvecklat från och med år: (tomt) → 2022"]
    listed = table_with_caption(text(client.get(CODES_URL)), "Ansvar i Kommunledning")
    assert listed.body[0][2] == "avvecklat från och med 2022"

    response = client.post(edit_url("KLC"), {"action": "reinstate"}, follow=True)
    assert "Avvecklingen av KLC är ångrad: ansvaret tar emot siffror igen." in text(response)
    klc_with_years.refresh_from_db()
    assert klc_with_years.retired_from is None
    latest = klc_with_years.history.latest()
    assert (latest.history_user, latest.retired_from, latest.prev_record.retired_from) == (controller, None, 2022)
    table = table_with_caption(text(response), "Historik för ansvaret KLC")
    assert table.body[0][1:] == ["Eva Ek", "Ändrat", "Avvecklat från och med år: 2022 → (tomt)"]


@pytest.mark.parametrize(
    ("year", "years"),
    [(2021, "2021"), (2020, "2020 och 2021"), (1999, "2020 och 2021")],
)
def test_retiring_from_a_year_with_figures_is_refused_and_says_they_stay(unit, klc_with_years, controller, year, years):
    before = snapshot()
    message = (
        f"Avvecklat från och med år: KLC har siffror för {years}, och de finns kvar. Ett ansvar kan avvecklas "
        "tidigast året efter det sista året med siffror: 2022."
    )
    assert refusal(lambda: code_retire(code=klc_with_years, year=year, user=controller)) == {"retired_from": [message]}
    assert snapshot() == before


def test_the_page_says_from_which_year_a_code_can_be_retired_and_refuses_an_earlier_one(
    client, unit, klc_with_years, controller
):
    client.force_login(controller)
    assert "KLC har siffror för 2020, 2021: det kan avvecklas tidigast från och med 2022." in text(
        client.get(edit_url("KLC"))
    )
    before = snapshot()
    response = client.post(edit_url("KLC"), {"action": "retire", "retired_from": "2021"})
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="id_retired_from_error">KLC har siffror för 2021, och de finns kvar. Ett ansvar '
        "kan avvecklas tidigast året efter det sista året med siffror: 2022.</p>" in text(response)
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Skriv året med fyra siffror, t.ex. 2025."),
        ("２０２５", "Skriv året med fyra siffror, t.ex. 2025."),
        ("25", "Skriv året med fyra siffror, t.ex. 2025."),
        ("2201", "Året måste ligga mellan 1900 och 2200."),
    ],
)
def test_a_retirement_year_that_is_no_year_is_refused(client, unit, klc, controller, typed, message):
    client.force_login(controller)
    before = snapshot()
    response = client.post(edit_url("KLC"), {"action": "retire", "retired_from": typed})
    assert f'<a href="#id_retired_from">Avvecklat från och med år: {message}</a>' in text(response)
    assert snapshot() == before


def test_a_closed_year_is_unaffected_by_retiring_and_reinstating(unit, klc_with_years, controller):
    fiscal_year_close(year=FiscalYear.objects.get(pk=2021), user=administrator())
    lines = list(LedgerLine.objects.values_list("year_id", "group_id", "budget", "outcome"))
    assert code_retire(code=klc_with_years, year=2023, user=controller) is True
    assert code_retire(code=klc_with_years, year=2023, user=controller) is False  # already so: no new record
    assert code_reinstate(code=klc_with_years, user=controller) is True
    assert code_reinstate(code=klc_with_years, user=controller) is False
    assert list(LedgerLine.objects.values_list("year_id", "group_id", "budget", "outcome")) == lines
    assert FiscalYear.objects.get(pk=2021).is_closed
    assert [record.retired_from for record in klc_with_years.history.order_by("history_date")] == [None, 2023, None]


def test_a_retired_code_can_be_retired_from_another_year(client, unit, klc, controller):
    code_retire(code=klc, year=2024, user=controller)
    client.force_login(controller)
    html = text(client.get(edit_url("KLC")))
    assert 'value="2024"' in html and "Ändra året" in html and "Ångra avvecklingen" in html
    client.post(edit_url("KLC"), {"action": "retire", "retired_from": "2023"})
    klc.refresh_from_db()
    assert klc.retired_from == 2023


# --- who may -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"action": "rename", "name": "Kapat"},
        {"action": "retire", "retired_from": "2030"},
        {"action": "reinstate"},
        {},
    ],
)
def test_a_controller_of_another_unit_gets_403_for_this_units_code(client, klc, other_controller, data):
    code_retire(code=klc, year=2030, user=administrator())
    client.force_login(other_controller)
    before = snapshot()
    assert client.get(edit_url("KLC")).status_code == 403
    assert client.post(edit_url("KLC"), data).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("call", ["rename", "retire", "reinstate"])
def test_the_services_refuse_a_controller_of_another_unit(klc, other_controller, call):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        if call == "rename":
            code_update(code=klc, user=other_controller, name="Kapat")
        elif call == "retire":
            code_retire(code=klc, year=2030, user=other_controller)
        else:
            code_reinstate(code=klc, user=other_controller)
    assert snapshot() == before


def test_an_administrator_manages_every_units_codes(client, unit, klc, other_unit):
    admin = administrator(first_name="Ada", last_name="Admin")
    client.force_login(admin)
    html = text(client.get(CODES_URL))
    assert "Ansvar i Kommunledning" in html and "Valnämnden" in html
    # Two units and no figures yet: the page offers to move the code, with its unit chosen already.
    assert f'<option value="{unit.pk}" selected>Kommunledning</option>' in text(client.get(edit_url("KLC")))
    client.post(edit_url("KLC"), {"action": "rename", "name": "Kansli C", "unit": unit.pk})
    assert ResponsibilityCode.objects.get(code="KLC").history.latest().history_user == admin


def test_a_form_with_an_unknown_action_is_a_bad_request(client, klc, controller):
    client.force_login(controller)
    before = snapshot()
    response = client.post(edit_url("KLC"), {"action": "delete"})
    assert response.status_code == 400
    assert snapshot() == before


def test_an_unknown_code_is_a_404(client, controller):
    client.force_login(controller)
    assert client.get(edit_url("KLZZ")).status_code == 404


def test_the_figures_history_links_to_the_codes_page(client, klc, controller):
    client.force_login(controller)
    html = text(client.get(reverse("budget_staff:code_history", kwargs={"code": "KLC"})))
    assert f'<a href="{edit_url("KLC")}">Ansvaret KLC: benämning, avveckling och dess historik</a>' in html
    assert f'<a href="{CODES_URL}">Ansvar</a>' in html
