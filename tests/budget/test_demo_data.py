"""The budget demo data: after loading, the portal's own tables reproduce every row and total that Kommunstyrelsens
årsberättelse 2021 (seed 001, chapter 6) prints, to the tkr, including deviation and change."""

import csv
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from budget.demo import LEDGER_CSV, load_budget_demo
from budget.demo_data.published_2021 import CODES, DIVISION_ERROR, UNITS, PublishedRow
from budget.models import (
    FigureChange,
    FigurePublication,
    FiscalYear,
    LedgerLine,
    PublishedLedgerLine,
    ResponsibilityCode,
    Unit,
    UnitController,
)
from budget.selectors import code_table, group_table, total_row, unit_with_children
from orebro_portal.lib.formatting import sv_change, sv_tkr

pytestmark = pytest.mark.django_db

MINUS = "\u2212"
NBSP = "\u00a0"
DASH = "\u2013"
COLUMNS = ("previous_outcome", "outcome", "budget", "deviation")


def printed_tkr(value: int) -> str:
    """The printed figure as the portal must show it: "−3 495" with a real minus and a no-break space."""
    text = f"{abs(value):,}".replace(",", NBSP)
    return f"{MINUS}{text}" if value < 0 else text


def printed_change(text: str) -> str:
    """The printed percentage as the portal must show it: "477 317,7" with a no-break space, a real minus."""
    return DASH if text == DIVISION_ERROR else text.replace("-", MINUS).replace(" ", NBSP)


def shown(row) -> dict[str, str]:
    return {
        "previous_outcome": sv_tkr(row.previous_outcome),
        "outcome": sv_tkr(row.outcome),
        "budget": sv_tkr(row.budget),
        "deviation": sv_tkr(row.deviation),
        "change": sv_change(row.change),
    }


def expected(published: PublishedRow) -> dict[str, str]:
    """Where the source prints no percentage (Kommunledning's 6A, KGHR, KGOS, Stadsrevisionen's 3) the portal prints
    none either: "–", because those rows' 2021 lines are marked not comparable with 2020."""
    figures = {column: printed_tkr(getattr(published, column)) for column in COLUMNS}
    figures["change"] = DASH if published.change is None else printed_change(published.change)
    return figures


def _cases():
    for unit in UNITS:
        for table, rows in (("ansvar", unit.code_rows), ("kontogrupp", unit.group_rows)):
            for row in rows or ():
                yield pytest.param(unit.slug, table, row, id=f"{unit.slug}-{table}-{row.key}")
        if unit.total is not None:
            yield pytest.param(unit.slug, "totalt", unit.total, id=f"{unit.slug}-totalt")


@pytest.fixture
def demo():
    return load_budget_demo()


@pytest.mark.parametrize(("slug", "table", "published"), list(_cases()))
def test_unit_page_tables_reproduce_the_printed_row(demo, slug, table, published):
    units = unit_with_children(Unit.objects.get(slug=slug))
    if table == "ansvar":
        rows = {row.key: row for row in code_table(2021, units)}
    elif table == "kontogrupp":
        rows = {row.key: row for row in group_table(2021, units)}
    else:
        rows = {"total": total_row(2021, units)}
    figures = shown(rows[published.key])
    assert figures == expected(published)
    # "–" for want of comparability exactly where the source prints nothing; elsewhere "–" only from a zero (KLFÖ).
    assert rows[published.key].comparable is (published.change is not None)
    # Clear of a rounding tie, so no rounding rule of any database or spreadsheet could print another figure.
    assert all(abs(getattr(rows[published.key], column)) % 1000 != 500 for column in COLUMNS)


def test_klc_shows_the_figures_of_the_issue_and_klfo_a_dash_for_its_change(demo):
    units = unit_with_children(Unit.objects.get(slug="kommunledning"))
    rows = {row.key: shown(row) for row in code_table(2021, units)}
    assert list(rows["KLC"].values()) == [
        f"{MINUS}3{NBSP}495",
        f"{MINUS}3{NBSP}170",
        f"{MINUS}4{NBSP}134",
        "964",
        f"{MINUS}9,3",
    ]
    assert rows["KLFÖ"]["change"] == DASH
    assert list(shown(total_row(2021, units)).values()) == [
        f"{MINUS}40{NBSP}548",
        f"{MINUS}43{NBSP}495",
        f"{MINUS}56{NBSP}286",
        f"12{NBSP}791",
        "7,3",
    ]


@pytest.mark.parametrize("slug", [unit.slug for unit in UNITS if unit.total is not None])
def test_both_tables_of_a_unit_add_up_to_its_total_in_kronor(demo, slug):
    units = unit_with_children(Unit.objects.get(slug=slug))
    total = total_row(2021, units)
    for rows in (code_table(2021, units), group_table(2021, units)):
        for column in ("previous_outcome", "outcome", "budget"):
            assert sum(getattr(row, column) for row in rows) == getattr(total, column)


@pytest.mark.parametrize("slug", [unit.slug for unit in UNITS if unit.total is not None])
def test_unit_shows_exactly_the_printed_rows_in_both_tables(demo, slug):
    unit = next(unit for unit in UNITS if unit.slug == slug)
    units = unit_with_children(Unit.objects.get(slug=slug))
    printed_codes = [row.key for row in unit.code_rows] if unit.code_rows else ["SR"]
    printed_groups = [row.key for row in unit.group_rows]
    assert [row.key for row in code_table(2021, units)] == printed_codes
    assert [row.key for row in group_table(2021, units)] == printed_groups


def test_kommunstyrelsen_adds_up_its_three_subunits(demo):
    kommunstyrelsen = Unit.objects.get(slug="kommunstyrelsen")
    assert {unit.slug for unit in kommunstyrelsen.children.all()} == {
        "kommunledning",
        "kommungemensam-niva",
        "kommunstyrelseforvaltning",
    }
    total = total_row(2021, unit_with_children(kommunstyrelsen))
    parts = [total_row(2021, [unit]) for unit in kommunstyrelsen.children.all()]
    assert total.outcome == sum(part.outcome for part in parts)
    assert sv_tkr(total.deviation) == f"{MINUS}113{NBSP}067"  # 12 791 − 113 441 − 12 417, all three rounded alike


def test_2020_budget_is_unknown_not_zero(demo):
    assert LedgerLine.objects.filter(year_id=2020).exists()
    assert not LedgerLine.objects.filter(year_id=2020, budget__isnull=False).exists()
    assert not LedgerLine.objects.filter(year_id=2021, budget__isnull=True).exists()
    row = total_row(2020, [Unit.objects.get(slug="kommunledning")])
    assert (sv_tkr(row.outcome), sv_tkr(row.budget), sv_tkr(row.deviation)) == (f"{MINUS}40{NBSP}548", DASH, DASH)


def test_only_the_stadsrevisionen_code_is_a_placeholder(demo):
    placeholders = ResponsibilityCode.objects.filter(is_placeholder=True)
    assert [(code.code, code.unit.slug) for code in placeholders] == [("SR", "stadsrevisionen")]
    assert ResponsibilityCode.objects.count() == len(CODES) == 47


def test_valnamnden_s_one_code_carries_its_printed_account_groups(demo):
    lines = LedgerLine.objects.filter(code__unit__slug="valnamnden")
    assert {(line.code.code, line.group.code) for line in lines} == {
        ("ÖVA", group) for group in ("3", "4", "5", "6A", "6B", "7")
    }
    units = unit_with_children(Unit.objects.get(slug="valnamnden"))
    groups = {row.key: row for row in group_table(2021, units)}
    # 2020's income is a few hundred kronor (0 tkr) and not zero: the source's 477 317,7 % comes from kronor.
    assert 0 < groups["3"].previous_outcome < 500
    assert sv_change(groups["3"].change) == f"477{NBSP}317,7"
    # Lokalhyror prints 0 tkr in both years and 0,0 %, not #DIVISION/0!: the same non-zero kronor in both years.
    assert groups["6A"].previous_outcome == groups["6A"].outcome != 0
    assert sv_change(groups["6A"].change) == "0,0"


def test_every_line_of_the_closed_demo_years_is_a_derived_split(demo):
    assert LedgerLine.objects.count() == PublishedLedgerLine.objects.count() == 562
    assert not LedgerLine.objects.filter(derived=False).exists()
    assert not PublishedLedgerLine.objects.filter(derived=False).exists()


def test_exactly_the_lines_behind_the_four_unprinted_changes_are_not_comparable(demo):
    not_comparable = set(
        LedgerLine.objects.filter(comparable=False).values_list("year_id", "code__code", "group__code")
    )
    kommunledning = [code for code, (_name, unit, _placeholder) in CODES.items() if unit == "kommunledning"]
    wanted = (
        {(2021, "KGHR", group) for group in ("3", "4", "5", "6A", "6B", "7")}
        | {(2021, "KGOS", group) for group in ("3", "4", "5", "6A", "6B", "7")}
        | {(2021, code, "6A") for code in kommunledning}
        | {(2021, "SR", "3")}
    )
    assert not_comparable == wanted
    published = PublishedLedgerLine.objects.filter(comparable=False)
    assert set(published.values_list("year_id", "code__code", "group__code")) == wanted


def test_the_closed_years_are_published_as_bokslut_when_they_were_closed_and_2022_is_not(demo):
    publications = FigurePublication.objects.order_by("year_id")
    assert [(p.year_id, p.kind, p.published_at, p.line_count) for p in publications] == [
        (2020, FigurePublication.Kind.FINAL, FiscalYear.objects.get(pk=2020).closed_at, 281),
        (2021, FigurePublication.Kind.FINAL, FiscalYear.objects.get(pk=2021).closed_at, 281),
    ]
    assert not PublishedLedgerLine.objects.filter(year_id=2022).exists()


def test_2020_and_2021_are_closed_and_2022_is_open_and_empty(demo):
    years = {year.year: year for year in FiscalYear.objects.all()}
    assert years[2020].is_closed and years[2021].is_closed
    assert (years[2020].closed_at.year, years[2021].closed_at.year) == (2021, 2022)
    assert not years[2022].is_closed
    assert not LedgerLine.objects.filter(year_id=2022).exists()


def test_loading_records_no_figure_change(demo):
    assert not FigureChange.objects.exists()


def test_loading_twice_creates_and_changes_nothing(demo):
    assert demo == {"units": 6, "codes": 47, "years": 3, "lines": 562, "publications": 2}
    fields = ("pk", "year_id", "code_id", "group_id", "budget", "outcome", "comparable", "derived")
    before = [list(model.objects.order_by("pk").values_list(*fields)) for model in (LedgerLine, PublishedLedgerLine)]
    counts = (
        Unit.objects.count(),
        ResponsibilityCode.objects.count(),
        FiscalYear.objects.count(),
        FigurePublication.objects.count(),
    )
    assert load_budget_demo() == {"units": 0, "codes": 0, "years": 0, "lines": 0, "publications": 0}
    after = [list(model.objects.order_by("pk").values_list(*fields)) for model in (LedgerLine, PublishedLedgerLine)]
    assert after == before
    assert (
        Unit.objects.count(),
        ResponsibilityCode.objects.count(),
        FiscalYear.objects.count(),
        FigurePublication.objects.count(),
    ) == counts


def test_loading_again_gives_an_older_install_its_flags_in_the_public_copy_too(demo):
    LedgerLine.objects.update(comparable=True, derived=False)
    PublishedLedgerLine.objects.update(comparable=True, derived=False)
    load_budget_demo()
    assert LedgerLine.objects.filter(comparable=False).count() == 28  # 12 of KGHR and KGOS, 15 codes' 6A, SR's 3
    assert PublishedLedgerLine.objects.filter(comparable=False).count() == 28
    assert not PublishedLedgerLine.objects.filter(derived=False).exists()


def test_loading_again_keeps_a_figure_changed_since(demo):
    line = LedgerLine.objects.get(year_id=2021, code__code="KLC", group__code="5")
    line.outcome = 123
    line.save()
    load_budget_demo()
    line.refresh_from_db()
    assert line.outcome == 123


def test_csv_is_in_the_import_format_with_whole_kronor_and_no_2020_budget():
    raw = LEDGER_CSV.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(StringIO(raw.decode("utf-8")), delimiter=";"))
    assert rows[0] == ["År", "Ansvar", "Ansvarsbenämning", "Kontogrupp", "Budget", "Utfall"]
    for year, code, name, _group, budget, outcome in rows[1:]:
        assert (name, year in {"2020", "2021"}) == (CODES[code][0], True)
        assert int(outcome) == float(outcome)
        assert budget == "" if year == "2020" else int(budget) == float(budget)


def test_command_prints_a_swedish_summary_then_says_nothing_changed():
    out = StringIO()
    call_command("load_budget_demo", stdout=out)
    assert (
        "Budgetdemodata: 6 enheter, 47 ansvar, 3 räkenskapsår, 562 rader i huvudboken och 2 publiceringar skapade"
        in out.getvalue()
    )
    out = StringIO()
    call_command("load_budget_demo", stdout=out)
    assert "Budgetdemodata finns redan – inget ändrat" in out.getvalue()


def test_staff_option_creates_the_controller_once_and_never_resets_the_password():
    call_command("load_budget_demo", "--staff", stdout=StringIO())
    controller = get_user_model().objects.get(username="controller")
    assert (controller.first_name, controller.last_name) == ("Per", "Ek")
    assert controller.check_password("orebro-demo-2024")
    assert set(UnitController.objects.filter(user=controller).values_list("unit__slug", flat=True)) == {
        "kommunstyrelsen",
        "stadsrevisionen",
        "valnamnden",
    }
    controller.set_password("changed-by-the-developer")
    controller.save()
    call_command("load_budget_demo", "--staff", stdout=StringIO())
    controller.refresh_from_db()
    assert controller.check_password("changed-by-the-developer")
    assert get_user_model().objects.filter(username="controller").count() == 1
    assert UnitController.objects.filter(user=controller).count() == 3
