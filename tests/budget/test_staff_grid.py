"""The controllers' grid, year closing and audit trail through the test client."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from budget.forms import format_kronor, parse_kronor
from budget.models import FigureChange, FiscalYear, LedgerImport, LedgerLine
from tests.factories import (
    FiscalYearFactory,
    ResponsibilityCodeFactory,
    UnitFactory,
    account_group,
    administrator,
    ledger_line,
    unit_controller,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def controller(unit):
    return unit_controller(unit, username="eva", first_name="Eva", last_name="Ek")


@pytest.fixture
def year():
    return FiscalYearFactory(year=2021)


def grid_url(year=2021, slug="kommunledning") -> str:
    return reverse("budget_staff:grid", kwargs={"year": year, "unit": slug})


def name(kind: str, code, group: str) -> str:
    return f"{kind}-{code.pk}-{account_group(group).pk}"


def grid_data(client, url) -> dict[str, str]:
    """Every input of the grid as the browser would post it (values as shown)."""
    html = client.get(url).content.decode()
    return dict(re.findall(r'<input type="text" name="([^"]+)" id="[^"]+" value="([^"]*)"', html))


def text(response) -> str:
    return response.content.decode()


# --- parse_kronor ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("−3 170 000", D("-3170000")),
        ("-3170000", D("-3170000")),
        ("1 234,50", D("1234.50")),
        ("1\u00a0234,5", D("1234.5")),
        ("–12\u202f000 kr", D("-12000")),
        ("1234.56", D("1234.56")),
        ("+7", D(7)),
        ("-0", D(0)),
        ("  ", None),
        ("", None),
    ],
)
def test_parse_kronor_accepts_the_ways_controllers_write_amounts(typed, value):
    assert parse_kronor(typed) == value


@pytest.mark.parametrize("typed", ["abc", "1,234,5", "12 34", "--5", "5-", "1e5", "5 %"])
def test_parse_kronor_refuses_what_is_no_amount(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="är inget belopp"):
        parse_kronor(typed)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("3,175", "”3,175” har fler än två decimaler (öre)."),
        ("1.234", "”1.234” är tvetydigt: skriv decimaler med komma (1 234,56) och tusental med mellanslag."),
        ("#DIVISION/0!", "Excel-felvärde ”#DIVISION/0!” i stället för ett belopp."),
    ],
)
def test_parse_kronor_refuses_ore_ambiguity_and_error_values_and_says_which(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        parse_kronor(typed)
    assert refused.value.messages == [message]


@given(st.decimals(min_value=D("-9999999999999.99"), max_value=D("9999999999999.99"), places=2))
def test_what_the_grid_writes_into_an_input_parses_back_exactly(value):
    assert parse_kronor(format_kronor(value)) == value


# --- the grid ----------------------------------------------------------------------------------------------------


def test_the_grid_shows_the_stored_figures_with_labels_and_sums(client, year, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    ledger_line(year=2021, code=klc, group="4", outcome="-12345.50", budget=None)
    client.force_login(controller)
    page = text(client.get(grid_url()))
    assert f'name="{name("outcome", klc, "5")}" id="id_{name("outcome", klc, "5")}" value="−3 170 000"' in page
    assert f'name="{name("budget", klc, "5")}" id="id_{name("budget", klc, "5")}" value="−4 134 000"' in page
    assert f'name="{name("outcome", klc, "4")}" id="id_{name("outcome", klc, "4")}" value="−12 345,50"' in page
    assert f'name="{name("budget", klc, "4")}" id="id_{name("budget", klc, "4")}" value=""' in page
    assert "KLC Kansli Centerpartiet, kontogrupp 5 Personalkostnader, utfall</label>" in page
    # The row sum of outcome in tkr: −3 170 000 − 12 345,50 → −3 182 tkr; the budget sum −4 134 tkr.
    assert "−3\u00a0182" in page and "−4\u00a0134" in page
    assert reverse("budget_staff:code_history", kwargs={"code": "KLC"}) in page


def test_a_parent_unit_shows_its_own_codes_and_links_to_its_subunits(client, year, unit, klc):
    parent = UnitFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    unit.parent = parent
    unit.save()
    own = ResponsibilityCodeFactory(code="KSX", unit=parent)
    client.force_login(unit_controller(parent))
    page = text(client.get(grid_url(slug="kommunstyrelsen")))
    assert "KSX" in page and "KLC" not in page
    assert grid_url(slug="kommunledning") in page
    assert own.name in page


def test_a_good_post_saves_records_and_says_how_many_figures_changed(client, year, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-3_000_000, budget=-4_134_000)
    client.force_login(controller)
    data = grid_data(client, grid_url())
    data[name("outcome", klc, "5")] = "−3 170 000"
    data[name("budget", klc, "3")] = "1 234,50"
    response = client.post(grid_url(), data)
    assert response.status_code == 302 and response["Location"] == grid_url()
    page = text(client.get(response["Location"]))
    assert "Sparat: 3 ändringar." in page  # outcome 5; budget and (implied 0) outcome of 3
    line = LedgerLine.objects.get(code=klc, group=account_group("5"))
    assert (line.budget, line.outcome) == (D("-4134000"), D("-3170000"))
    assert LedgerLine.objects.get(code=klc, group=account_group("3")).budget == D("1234.50")
    change = FigureChange.objects.get(group=account_group("5"))
    assert (change.old_value, change.new_value, change.changed_by, change.source) == (
        D("-3000000"),
        D("-3170000"),
        controller,
        FigureChange.Source.MANUAL,
    )


def test_posting_the_grid_unchanged_changes_and_records_nothing(client, year, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome="-3170000.50", budget=-4_134_000)
    client.force_login(controller)
    response = client.post(grid_url(), grid_data(client, grid_url()), follow=True)
    assert "Inget ändrades" in text(response)
    assert not FigureChange.objects.exists()


def test_a_post_with_one_bad_cell_saves_nothing_and_names_the_cell(client, year, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-3_000_000, budget=-4_134_000)
    client.force_login(controller)
    data = grid_data(client, grid_url())
    data[name("outcome", klc, "4")] = "−12 000"  # good, but must not be saved either
    data[name("outcome", klc, "5")] = "abc"
    response = client.post(grid_url(), data)
    assert response.status_code == 200
    page = text(response)
    field_id = f"id_{name('outcome', klc, '5')}"
    assert f'<a href="#{field_id}">KLC, kontogrupp 5, utfall: ”abc” är inget belopp.</a>' in page
    assert f'id="{field_id}" value="abc"' in page and f'aria-describedby="{field_id}_error"' in page
    assert f'<p class="field-error" id="{field_id}_error">”abc” är inget belopp.</p>' in page
    assert 'value="−12 000"' in page  # the values come back as typed
    assert LedgerLine.objects.get(code=klc, group=account_group("5")).outcome == D("-3000000")
    assert not LedgerLine.objects.filter(group=account_group("4")).exists()
    assert not FigureChange.objects.exists()


def test_a_cell_left_out_of_the_post_keeps_its_figures(client, year, klc, controller):
    """A code added (or imported) while the grid was open has no inputs in the post: saving must not delete it."""
    client.force_login(controller)
    data = grid_data(client, grid_url())
    late = ResponsibilityCodeFactory(code="KLNY", unit=klc.unit)
    ledger_line(year=2021, code=late, group="5", outcome=-5)
    client.post(grid_url(), data)
    assert LedgerLine.objects.filter(code=late).count() == 1


def test_a_closed_year_is_read_only_and_a_post_is_refused(client, year, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    FiscalYear.objects.filter(pk=2021).update(status=FiscalYear.Status.CLOSED, closed_at="2022-03-01T10:00:00Z")
    client.force_login(controller)
    page = text(client.get(grid_url()))
    assert "Bokslutet för 2021 är fastställt" in page
    assert "<input" not in page.split("<main", 1)[1].split("</main>")[0].replace('<input type="hidden"', "")
    assert "−3 170 000" in page
    response = client.post(grid_url(), {name("outcome", klc, "5"): "1"}, follow=True)
    assert "2021 är stängt – bokslutet är fastställt" in text(response)
    assert LedgerLine.objects.get(code=klc).outcome == D("-3170000")
    assert not FigureChange.objects.exists()


def test_an_unknown_year_or_unit_is_404(client, year, klc, controller):
    client.force_login(controller)
    assert client.get(grid_url(year=2030)).status_code == 404
    assert client.get(grid_url(slug="finns-inte")).status_code == 404


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_grid_runs_as_many_queries_for_50_codes_as_for_5(client, year):
    small, large = UnitFactory(slug="liten"), UnitFactory(slug="stor")
    for unit, size in ((small, 5), (large, 50)):
        for _ in range(size):
            code = ResponsibilityCodeFactory(unit=unit)
            for group in ("3", "5", "6A"):
                ledger_line(year=2021, code=code, group=group, outcome=-1000, budget=-900)
    client.force_login(unit_controller(small, large))
    count_queries(client, grid_url(slug="liten"))  # warm up the session and content types
    assert count_queries(client, grid_url(slug="liten")) == count_queries(client, grid_url(slug="stor"))


# --- index, closing, opening -------------------------------------------------------------------------------------


def test_the_index_lists_the_controllers_units_and_years_open_first(client, unit, klc, controller):
    FiscalYearFactory(year=2020, status=FiscalYear.Status.CLOSED, closed_at="2021-03-01T10:00:00Z")
    FiscalYearFactory(year=2019)
    FiscalYearFactory(year=2021)
    UnitFactory(name="Valnämnden")
    client.force_login(controller)
    page = text(client.get(reverse("budget_staff:index")))
    assert "Kommunledning" in page and "Valnämnden" not in page
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert head.index("2021") < head.index("2019") < head.index("2020")
    assert "Bokslut fastställt" in head
    assert grid_url(2021) in page and grid_url(2020) in page
    assert reverse("budget_staff:import_upload") in page
    assert 'value="2022"' in page  # the next year is offered


def test_the_index_offers_closing_only_to_those_allowed(client, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    close_url = reverse("budget_staff:year_close", kwargs={"year": 2021})
    client.force_login(controller)
    assert close_url in text(client.get(reverse("budget_staff:index")))
    ledger_line(year=2021, code=ResponsibilityCodeFactory(unit=UnitFactory()), group="5", outcome=-1)
    assert close_url not in text(client.get(reverse("budget_staff:index")))


def test_a_controller_opens_the_next_year_from_the_index(client, controller, year):
    client.force_login(controller)
    response = client.post(reverse("budget_staff:index"), {"year": "2022"}, follow=True)
    assert "Räkenskapsåret 2022 är öppnat för inmatning" in text(response)
    assert FiscalYear.objects.get(pk=2022).status == FiscalYear.Status.OPEN


def test_opening_an_existing_or_implausible_year_says_why(client, controller, year):
    client.force_login(controller)
    assert "Året 2021 finns redan" in text(client.post(reverse("budget_staff:index"), {"year": "2021"}))
    assert "2200" in text(client.post(reverse("budget_staff:index"), {"year": "3000"}))
    assert "fyra siffror" in text(client.post(reverse("budget_staff:index"), {"year": "tjugo"}))
    assert list(FiscalYear.objects.values_list("year", flat=True)) == [2021]


def test_closing_asks_for_confirmation_then_closes(client, year, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    url = reverse("budget_staff:year_close", kwargs={"year": 2021})
    client.force_login(controller)
    page = text(client.get(url))
    assert "skrivskyddade" in page and "publiceras som bokslut" in page and "Fastställ bokslutet för 2021" in page
    year.refresh_from_db()
    assert not year.is_closed  # GET changes nothing
    response = client.post(url, {"confirm_year": "2021"}, follow=True)
    assert "Bokslutet för 2021 är fastställt" in text(response)
    year.refresh_from_db()
    assert year.is_closed and year.closed_by == controller
    again = client.post(url, {"confirm_year": "2021"}, follow=True)
    assert "redan fastställt" in text(again)


def test_an_administrator_is_told_that_an_empty_year_has_nothing_to_close(client, year):
    client.force_login(administrator())
    url = reverse("budget_staff:year_close", kwargs={"year": 2021})
    page = text(client.get(url))
    assert "inga siffror ännu" in page
    assert 'name="confirm_year"' not in page  # nothing to confirm
    assert "inga siffror ännu" in text(client.post(url, {"confirm_year": "2021"}, follow=True))
    year.refresh_from_db()
    assert not year.is_closed


# --- history -----------------------------------------------------------------------------------------------------


def test_the_history_lists_a_change_with_the_users_name_and_how(client, year, klc, controller):
    client.force_login(controller)
    data = grid_data(client, grid_url())
    data[name("outcome", klc, "5")] = "−3 170 000,50"
    client.post(grid_url(), data)
    page = text(client.get(reverse("budget_staff:code_history", kwargs={"code": "KLC"})))
    assert "Eva Ek" in page
    assert "För hand" in page
    assert "5 Personalkostnader" in page and "Utfall" in page
    assert "−3\u00a0170\u00a0000,50" in page
    assert "<td>2021</td>" in page


def test_the_history_names_the_import_a_change_came_from(client, year, klc, controller):
    imported = LedgerImport.objects.create(filename="bokslut-2021.csv", status=LedgerImport.Status.APPLIED)
    FigureChange.objects.create(
        year_id=2021,
        code=klc,
        group=account_group("5"),
        field=FigureChange.Field.OUTCOME,
        old_value=None,
        new_value=D("-3170000"),
        changed_by=controller,
        source=FigureChange.Source.IMPORT,
        ledger_import=imported,
    )
    client.force_login(controller)
    page = text(client.get(reverse("budget_staff:code_history", kwargs={"code": "KLC"})))
    assert "Import: bokslut-2021.csv (" in page


def test_the_history_is_paginated_by_50_newest_first(client, year, klc, controller):
    FigureChange.objects.bulk_create(
        FigureChange(
            year_id=2021,
            code=klc,
            group=account_group("5"),
            field=FigureChange.Field.OUTCOME,
            old_value=D(n),
            new_value=D(n + 1),
            changed_by=controller,
            source=FigureChange.Source.MANUAL,
        )
        for n in range(60)
    )
    client.force_login(controller)
    url = reverse("budget_staff:code_history", kwargs={"code": "KLC"})
    first = text(client.get(url))
    assert first.count("För hand") == 50
    assert "Sida 1 av 2" in first
    new_values = [int(value) for value in re.findall(r'<td class="num">(\d+)</td>\s*<td>För hand', first)]
    assert new_values == list(range(60, 10, -1))  # newest (last saved) first
    assert text(client.get(url + "?sida=2")).count("För hand") == 10


# --- retired codes -------------------------------------------------------------------------------------------------


def test_a_code_retired_from_this_year_is_left_out_of_the_grid_unless_it_has_lines(client, year, klc, controller):
    retired = ResponsibilityCodeFactory(code="KLX", name="Kansli X", unit=klc.unit, retired_from=2021)
    FiscalYearFactory(year=2020)
    client.force_login(controller)
    assert "KLX" not in text(client.get(grid_url()))
    assert f'name="{name("outcome", retired, "5")}"' in text(client.get(grid_url(2020)))  # before: editable
    ledger_line(year=2021, code=retired, group="5", outcome=-5_000, budget=-6_000)
    page = text(client.get(grid_url()))
    row = page.split("KLX", 1)[1].split("</tr>", 1)[0]
    assert "avvecklat" in row
    assert "<input" not in row and "−5 000" in row  # read-only: shown, not editable
    assert f'name="{name("outcome", klc, "5")}"' in page  # the other codes stay editable


def test_saving_a_cell_of_a_retired_code_is_refused_and_changes_nothing(client, year, klc, controller):
    retired = ResponsibilityCodeFactory(code="KLX", name="Kansli X", unit=klc.unit, retired_from=2021)
    ledger_line(year=2021, code=retired, group="5", outcome=-5_000, budget=-6_000)
    client.force_login(controller)
    data = grid_data(client, grid_url())
    data[name("outcome", klc, "5")] = "−1"
    data[name("outcome", retired, "5")] = "−7 000"  # a forged post: the page offers no input for it
    response = client.post(grid_url(), data)
    assert response.status_code == 200
    assert "Ansvar KLX är avvecklat från och med 2021 och tar inte emot siffror för 2021." in text(response)
    assert LedgerLine.objects.get(code=retired).outcome == D("-5000")
    assert not LedgerLine.objects.filter(code=klc).exists()
    assert not FigureChange.objects.exists()


# --- comparability -------------------------------------------------------------------------------------------------


def test_ticking_not_comparable_marks_all_the_codes_lines_of_the_year_and_unticking_undoes_it(
    client, year, klc, controller
):
    ledger_line(year=2021, code=klc, group="5", outcome=-3_000_000, budget=-4_000_000)
    ledger_line(year=2021, code=klc, group="4", outcome=-10_000, budget=-12_000)
    ledger_line(year=2020, code=klc, group="5", outcome=-2_900_000)
    box = f"ej-jamforbar-{klc.pk}"
    client.force_login(controller)
    page = text(client.get(grid_url()))
    assert f'<input type="checkbox" name="{box}" id="id_{box}">' in page
    assert f'<label class="visually-hidden" for="id_{box}">KLC Kansli Centerpartiet: ej jämförbar' in page
    data = grid_data(client, grid_url())
    response = client.post(grid_url(), {**data, box: "on"}, follow=True)
    assert "Sparat: 1 ändring." in text(response)
    assert f'name="{box}" id="id_{box}" checked' in text(response)
    assert list(LedgerLine.objects.filter(year_id=2021).values_list("comparable", flat=True)) == [False, False]
    assert LedgerLine.objects.get(year_id=2020).comparable  # the year before is not touched
    # The trail has the mark of each line, who set it, and the code's history shows it in words.
    trail = FigureChange.objects.order_by("group__code")
    assert list(trail.values_list("group__code", "field", "old_value", "new_value", "changed_by")) == [
        ("4", "comparable", 1, 0, controller.pk),
        ("5", "comparable", 1, 0, controller.pk),
    ]
    history = text(client.get(f"/redigera/ekonomi/ansvar/{klc.code}/historik/"))
    assert "Jämförbar med föregående år" in history and "ej jämförbar" in history
    client.post(grid_url(), data)  # the box left unticked
    assert list(LedgerLine.objects.filter(year_id=2021).values_list("comparable", flat=True)) == [True, True]
    assert FigureChange.objects.filter(field="comparable", old_value=0, new_value=1).count() == 2


def test_a_new_cell_of_a_code_marked_not_comparable_is_not_comparable_either(client, year, klc, controller):
    client.force_login(controller)
    data = grid_data(client, grid_url())
    data[name("outcome", klc, "5")] = "−100"
    client.post(grid_url(), {**data, f"ej-jamforbar-{klc.pk}": "on"})
    assert not LedgerLine.objects.get(code=klc).comparable


# --- what is public --------------------------------------------------------------------------------------------------


def test_the_grid_says_whether_the_years_figures_are_public_and_links_to_publishing(client, year, klc, controller):
    from budget.services.publishing import figures_publish

    ledger_line(year=2021, code=klc, group="5", outcome=-3_000_000, budget=-4_000_000)
    client.force_login(controller)
    page = text(client.get(grid_url()))
    assert "Utkast – inte publicerat." in page
    assert "Siffrorna för 2021 visas inte för allmänheten förrän de publiceras." in page
    assert reverse("budget_staff:publish", kwargs={"year": 2021}) in page
    public_link = f'href="{reverse("budget:unit", kwargs={"year": 2021, "unit": "kommunledning"})}"'
    assert public_link not in page  # it would be a 404
    figures_publish(year=year, user=controller, note="Delårsrapport")
    page = text(client.get(grid_url()))
    assert "(preliminära siffror: Delårsrapport)." in page and "Ändringar sedan" not in page
    assert public_link in page
    data = grid_data(client, grid_url())
    data[name("outcome", klc, "5")] = "−3 100 000"
    page = text(client.post(grid_url(), data, follow=True))
    assert "Ändringar sedan publiceringen visas inte för allmänheten." in page


def test_the_index_shows_each_years_publication_state_and_links_to_publishing_and_codes(client, year, klc, controller):
    from budget.services.figures import fiscal_year_close
    from budget.services.publishing import figures_publish

    closed = FiscalYearFactory(year=2020)
    ledger_line(year=2020, code=klc, group="5", outcome=-1)
    fiscal_year_close(year=closed, user=controller)
    FiscalYearFactory(year=2022)
    ledger_line(year=2022, code=klc, group="5", outcome=-1)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_000_000)
    figures_publish(year=year, user=controller)
    LedgerLine.objects.filter(year_id=2021).update(outcome=D(-1))
    client.force_login(controller)
    page = text(client.get(reverse("budget_staff:index")))
    years = {match[0]: match[1] for match in re.findall(r"<li>\s*<strong>(\d{4})</strong>:(.*?)</li>", page, re.S)}
    assert "Utkast – inte publicerat." in years["2022"]
    assert "Publicerat " in years["2021"] and "(preliminära siffror)." in years["2021"]
    assert "Ändringar sedan publiceringen visas inte för allmänheten." in years["2021"]
    assert "(bokslut)." in years["2020"] and "Ändringar" not in years["2020"]
    assert reverse("budget_staff:publish", kwargs={"year": 2021}) in years["2021"]
    assert reverse("budget_staff:publish", kwargs={"year": 2022}) in years["2022"]
    assert reverse("budget_staff:publish", kwargs={"year": 2020}) not in page
    assert f'<a href="{reverse("budget_staff:codes")}">Ansvar: lägg till, byt namn, avveckla</a>' in page
    LedgerLine.objects.filter(year_id=2021).update(outcome=D(-3_000_000))  # changed back: nothing to publish
    assert "Ändringar sedan" not in text(client.get(reverse("budget_staff:index")))
