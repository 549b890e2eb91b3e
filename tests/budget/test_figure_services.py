"""Entering figures by hand, closing a year and opening one: the services behind the controllers' grid."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budget.models import FigureChange, FigurePublication, FiscalYear, LedgerLine, PublishedLedgerLine
from budget.services.figures import (
    figures_save,
    fiscal_year_close,
    fiscal_year_create,
    fiscal_year_may_close,
    fiscal_years_closable,
)
from tests.factories import (
    FiscalYearFactory,
    ResponsibilityCodeFactory,
    UnitFactory,
    UserFactory,
    account_group,
    administrator,
    ledger_line,
    unit_controller,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def year():
    return FiscalYearFactory(year=2021)


@pytest.fixture
def controller(unit):
    return unit_controller(unit, first_name="Eva", last_name="Ek")


def cell(code, group: str):
    return (code.pk, account_group(group).pk)


def line(code, group: str, year: int = 2021) -> LedgerLine | None:
    return LedgerLine.objects.filter(year_id=year, code=code, group=account_group(group)).first()


def test_saving_a_new_cell_creates_the_line_and_records_who_and_how(year, unit, klc, controller):
    changed = figures_save(
        year=year, unit=unit, cells={cell(klc, "5"): (D("-4134000"), D("-3170000.50"))}, user=controller
    )
    assert changed == 2
    stored = line(klc, "5")
    assert (stored.budget, stored.outcome) == (D("-4134000"), D("-3170000.50"))
    trail = {change.field: change for change in FigureChange.objects.filter(code=klc)}
    assert trail["budget"].old_value is None and trail["budget"].new_value == D("-4134000")
    assert trail["outcome"].old_value is None and trail["outcome"].new_value == D("-3170000.50")
    for change in trail.values():
        assert change.changed_by == controller
        assert change.source == FigureChange.Source.MANUAL
        assert change.ledger_import is None
        assert (change.year_id, change.group.code) == (2021, "5")


def test_saving_a_changed_outcome_updates_the_line_and_records_old_and_new(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-3_000_000, budget=-4_134_000)
    changed = figures_save(
        year=year, unit=unit, cells={cell(klc, "5"): (D("-4134000"), D("-3170000"))}, user=controller
    )
    assert changed == 1
    assert line(klc, "5").outcome == D("-3170000")
    change = FigureChange.objects.get(code=klc)
    assert (change.field, change.old_value, change.new_value) == ("outcome", D("-3000000"), D("-3170000"))


def test_an_unchanged_cell_records_nothing_even_when_written_differently(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    changed = figures_save(
        year=year, unit=unit, cells={cell(klc, "5"): (D("-4134000.00"), D("-3170000.0"))}, user=controller
    )
    assert changed == 0
    assert not FigureChange.objects.exists()


def test_emptying_both_figures_deletes_the_line_and_records_the_old_values(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="4", outcome=-12_000, budget=-10_000)
    assert figures_save(year=year, unit=unit, cells={cell(klc, "4"): (None, None)}, user=controller) == 2
    assert line(klc, "4") is None
    assert {(c.field, c.old_value, c.new_value) for c in FigureChange.objects.all()} == {
        ("budget", D("-10000"), None),
        ("outcome", D("-12000"), None),
    }


def test_an_empty_cell_without_a_line_stays_without_a_line(year, unit, klc, controller):
    assert figures_save(year=year, unit=unit, cells={cell(klc, "3"): (None, None)}, user=controller) == 0
    assert not LedgerLine.objects.exists()


def test_an_empty_budget_is_unknown_and_an_explicit_zero_is_zero(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-100, budget=None)
    ledger_line(year=2021, code=klc, group="4", outcome=-100, budget=-50)
    changed = figures_save(
        year=year,
        unit=unit,
        cells={cell(klc, "5"): (None, D("-100")), cell(klc, "4"): (D(0), D("-100")), cell(klc, "6A"): (D(0), None)},
        user=controller,
    )
    assert line(klc, "5").budget is None  # empty stays unknown, and records nothing
    assert line(klc, "4").budget == D(0)
    assert (line(klc, "6A").budget, line(klc, "6A").outcome) == (D(0), D(0))  # an empty outcome is 0
    assert changed == 3  # 4: budget −50 → 0; 6A: budget and outcome created
    assert not FigureChange.objects.filter(group=account_group("5")).exists()


def test_emptying_a_known_budget_makes_it_unknown(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-100, budget=-200)
    figures_save(year=year, unit=unit, cells={cell(klc, "5"): (None, D("-100"))}, user=controller)
    assert line(klc, "5").budget is None
    change = FigureChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == ("budget", D("-200"), None)


def test_a_closed_year_is_refused_and_nothing_changes(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-3_000_000, budget=-4_134_000)
    fiscal_year_close(year=year, user=administrator())
    year.refresh_from_db()
    with pytest.raises(ValidationError, match="2021 är stängt – bokslutet är fastställt"):
        figures_save(year=year, unit=unit, cells={cell(klc, "5"): (D(1), D(2))}, user=controller)
    assert line(klc, "5").outcome == D("-3000000")
    assert not FigureChange.objects.exists()


def test_a_year_closed_after_the_grid_was_opened_is_still_refused(year, unit, klc, controller):
    """The service reads the year's state from the database, not from the object the view fetched earlier."""
    ledger_line(year=2021, code=klc, group="5", outcome=-1, budget=-1)
    stale = FiscalYear.objects.get(pk=2021)
    fiscal_year_close(year=year, user=administrator())
    with pytest.raises(ValidationError, match="2021 är stängt"):
        figures_save(year=stale, unit=unit, cells={cell(klc, "5"): (D(1), D(2))}, user=controller)
    assert line(klc, "5").outcome == D(-1)


def test_codes_of_another_unit_are_refused_and_nothing_of_the_batch_is_saved(year, unit, klc, controller):
    other = ResponsibilityCodeFactory(code="SRV", unit=UnitFactory(name="Stadsrevisionen"))
    with pytest.raises(ValidationError, match="SRV hör inte till Kommunledning"):
        figures_save(
            year=year,
            unit=unit,
            cells={cell(klc, "5"): (D(1), D(2)), cell(other, "5"): (D(1), D(2))},
            user=controller,
        )
    assert not LedgerLine.objects.exists()
    assert not FigureChange.objects.exists()


def test_a_controller_of_another_unit_may_not_save_this_units_figures(year, unit, klc):
    stranger = unit_controller(UnitFactory())
    with pytest.raises(PermissionDenied):
        figures_save(year=year, unit=unit, cells={cell(klc, "5"): (D(1), D(2))}, user=stranger)
    assert not LedgerLine.objects.exists()


def test_a_controller_of_the_parent_unit_may_save_a_subunits_figures(year, unit, klc):
    parent = UnitFactory(name="Kommunstyrelsen")
    unit.parent = parent
    unit.save()
    assert figures_save(year=year, unit=unit, cells={cell(klc, "5"): (None, D(2))}, user=unit_controller(parent)) == 1


def test_an_amount_that_cannot_be_stored_is_refused_naming_the_cell(year, unit, klc, controller):
    with pytest.raises(ValidationError, match="KLC, kontogrupp 5"):
        figures_save(year=year, unit=unit, cells={cell(klc, "5"): (D("0.001"), D(1))}, user=controller)
    with pytest.raises(ValidationError, match="KLC, kontogrupp 5"):
        figures_save(year=year, unit=unit, cells={cell(klc, "5"): (D("1e13"), D(1))}, user=controller)
    assert not LedgerLine.objects.exists()


# --- closing a year ----------------------------------------------------------------------------------------------


def test_an_administrator_closes_a_year(year, klc):
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    admin = administrator()
    closed = fiscal_year_close(year=year, user=admin)
    year.refresh_from_db()
    assert year.is_closed and closed.is_closed
    assert year.closed_by == admin and year.closed_at is not None


def test_closing_a_year_publishes_its_final_figures_in_the_same_step(year, klc):
    ledger_line(year=2021, code=klc, group="5", outcome=-1, budget=2)
    LedgerLine.objects.update(comparable=False, derived=True)
    admin = administrator()
    fiscal_year_close(year=year, user=admin)
    year.refresh_from_db()
    publication = FigurePublication.objects.get(year=year)
    assert (publication.kind, publication.published_at, publication.published_by, publication.line_count) == (
        FigurePublication.Kind.FINAL,
        year.closed_at,
        admin,
        1,
    )
    copied = PublishedLedgerLine.objects.values_list(
        "code_id", "group_id", "budget", "outcome", "comparable", "derived"
    )
    assert list(copied) == [(klc.pk, account_group("5").pk, D(2), D(-1), False, True)]


def test_a_controller_of_every_unit_with_figures_may_close_the_year(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    assert fiscal_year_may_close(controller, year)
    fiscal_year_close(year=year, user=controller)
    year.refresh_from_db()
    assert year.is_closed and year.closed_by == controller


def test_a_controller_of_one_unit_may_not_close_a_year_other_units_have_figures_in(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    ledger_line(year=2021, code=ResponsibilityCodeFactory(unit=UnitFactory()), group="5", outcome=-1)
    assert not fiscal_year_may_close(controller, year)
    with pytest.raises(PermissionDenied):
        fiscal_year_close(year=year, user=controller)
    year.refresh_from_db()
    assert not year.is_closed


def test_a_secretary_or_plain_user_may_not_close_a_year(year, klc):
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    with pytest.raises(PermissionDenied):
        fiscal_year_close(year=year, user=UserFactory())
    year.refresh_from_db()
    assert not year.is_closed


def test_closing_a_closed_year_is_refused_with_a_message(year, klc):
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    admin = administrator()
    fiscal_year_close(year=year, user=admin)
    first_closed_at = FiscalYear.objects.get(pk=2021).closed_at
    with pytest.raises(ValidationError, match="redan fastställt"):
        fiscal_year_close(year=year, user=admin)
    assert FiscalYear.objects.get(pk=2021).closed_at == first_closed_at


def test_a_year_without_figures_has_no_bokslut_to_close(year):
    with pytest.raises(ValidationError, match="inga siffror"):
        fiscal_year_close(year=year, user=administrator())
    year.refresh_from_db()
    assert not year.is_closed


def test_closable_years_are_the_open_years_whose_units_the_controller_all_controls(unit, klc, controller):
    ledger_line(year=2020, code=klc, group="5", outcome=-1)
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    ledger_line(year=2021, code=ResponsibilityCodeFactory(unit=UnitFactory()), group="5", outcome=-1)
    FiscalYearFactory(year=2022)  # no lines
    years = list(FiscalYear.objects.all())
    assert fiscal_years_closable(controller, years) == {2020}
    assert fiscal_years_closable(administrator(), years) == {2020, 2021, 2022}
    assert fiscal_years_closable(UserFactory(), years) == set()


# --- opening a year ----------------------------------------------------------------------------------------------


def test_a_controller_opens_a_new_year(controller):
    created = fiscal_year_create(year=2022, user=controller)
    assert created.year == 2022 and not created.is_closed
    assert FiscalYear.objects.get(pk=2022).status == FiscalYear.Status.OPEN


def test_opening_a_year_twice_is_refused(controller):
    fiscal_year_create(year=2022, user=controller)
    with pytest.raises(ValidationError, match="Året 2022 finns redan"):
        fiscal_year_create(year=2022, user=controller)
    assert FiscalYear.objects.count() == 1


@pytest.mark.parametrize("value", [1899, 2201, 0])
def test_a_year_outside_1900_to_2200_is_refused(controller, value):
    with pytest.raises(ValidationError, match="mellan 1900 och 2200"):
        fiscal_year_create(year=value, user=controller)
    assert not FiscalYear.objects.exists()


def test_a_user_who_is_no_controller_may_not_open_a_year():
    with pytest.raises(PermissionDenied):
        fiscal_year_create(year=2022, user=UserFactory())
    assert not FiscalYear.objects.exists()


# --- retired codes and comparability --------------------------------------------------------------------------------


def test_a_code_retired_from_the_year_takes_no_figures_and_nothing_of_the_batch_is_saved(year, unit, klc, controller):
    retired = ResponsibilityCodeFactory(code="KLX", unit=unit, retired_from=2021)
    with pytest.raises(ValidationError) as refused:
        figures_save(
            year=year,
            unit=unit,
            cells={cell(klc, "5"): (None, D(1)), cell(retired, "5"): (None, D(2))},
            user=controller,
        )
    assert refused.value.messages == ["Ansvar KLX är avvecklat från och med 2021 och tar inte emot siffror för 2021."]
    assert not LedgerLine.objects.exists() and not FigureChange.objects.exists()


def test_a_code_retired_later_still_takes_figures_for_earlier_years(year, unit, klc, controller):
    retired = ResponsibilityCodeFactory(code="KLX", unit=unit, retired_from=2022)
    assert figures_save(year=year, unit=unit, cells={cell(retired, "5"): (None, D(2))}, user=controller) == 1


def test_comparability_is_set_on_every_line_of_the_code_that_year_and_counted_once(year, unit, klc, controller):
    ledger_line(year=2021, code=klc, group="5", outcome=-1)
    ledger_line(year=2021, code=klc, group="4", outcome=-2)
    ledger_line(year=2022, code=klc, group="5", outcome=-3)
    assert figures_save(year=year, unit=unit, cells={}, comparable={klc.pk: False}, user=controller) == 1
    assert set(LedgerLine.objects.values_list("year_id", "comparable")) == {(2021, False), (2022, True)}
    assert figures_save(year=year, unit=unit, cells={}, comparable={klc.pk: False}, user=controller) == 0
    # One trail row per line that changed, none for saving the same mark again.
    assert sorted(FigureChange.objects.values_list("year_id", "field", "old_value", "new_value")) == [
        (2021, "comparable", 1, 0),
        (2021, "comparable", 1, 0),
    ]


def test_comparability_of_another_units_code_is_refused(year, unit, klc, controller):
    other = ResponsibilityCodeFactory(code="ÖVA", unit=UnitFactory(name="Valnämnden"))
    ledger_line(year=2021, code=other, group="5", outcome=-1)
    with pytest.raises(ValidationError, match="ÖVA hör inte till"):
        figures_save(year=year, unit=unit, cells={}, comparable={other.pk: False}, user=controller)
    assert LedgerLine.objects.get(code=other).comparable
