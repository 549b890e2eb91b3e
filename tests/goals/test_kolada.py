"""The Kolada import: saved v3 responses (two pages of one KPI, an unknown KPI, a null value with its status,
another municipality, malformed entries) into the indicators carrying the KPI; the command around it."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from goals.kolada import KoladaFormatError, files_load, kolada_import, pages_load, pages_parse
from goals.models import IndicatorValue
from tests.factories import IndicatorFactory, UserFactory, indicator_values

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "kolada"
PAGE_1 = FIXTURES / "n00945_page1.json"
PAGE_2 = FIXTURES / "n00945_page2.json"
ALL_PAGES = FIXTURES / "n00945_all_pages.json"


@pytest.fixture
def sick_leave():
    return IndicatorFactory(name="Sjukfrånvaro", slug="sjukfranvaro", kolada_kpi="N00945")


def stored(indicator) -> dict[tuple[int, str], Decimal | None]:
    return {(row.year, row.gender): row.value for row in IndicatorValue.objects.filter(indicator=indicator)}


def run(*files, dry_run=False):
    pages, _ = files_load(files)
    return kolada_import(pages=pages, dry_run=dry_run)


def test_two_pages_write_every_year_and_gender_of_the_matching_kpi(sick_leave):
    report = run(PAGE_1, PAGE_2)

    assert stored(sick_leave) == {
        (2019, "T"): Decimal("4.4"),
        (2019, "K"): Decimal("4.9"),
        (2019, "M"): Decimal("3.0"),
        (2020, "T"): Decimal("3.8"),
        (2020, "K"): Decimal("4.4"),
        (2020, "M"): Decimal("2.6"),
        (2021, "T"): Decimal("3.4"),
        (2021, "K"): None,
        (2021, "M"): Decimal("1.5"),
    }
    [result] = report.matched
    assert result.indicator == sick_leave
    assert (result.years, result.created, result.changed, result.unchanged) == ({2019, 2020, 2021}, 9, 0, 0)


def test_a_file_holding_a_list_of_pages_reads_like_the_pages_one_by_one(sick_leave):
    assert len(pages_load(ALL_PAGES)) == 2
    run(ALL_PAGES)
    from_list = stored(sick_leave)
    IndicatorValue.objects.all().delete()
    run(PAGE_1, PAGE_2)
    assert stored(sick_leave) == from_list and len(from_list) == 9


def test_a_null_value_is_stored_as_null_with_kolada_status_as_note(sick_leave):
    run(PAGE_1, PAGE_2)
    women_2021 = IndicatorValue.objects.get(indicator=sick_leave, year=2021, gender="K")
    assert women_2021.value is None
    assert women_2021.note == "Kolada: Ej tillämpligt"


def test_unknown_kpi_other_municipality_and_malformed_entries_are_reported_with_their_position(sick_leave):
    report = run(PAGE_1, PAGE_2)
    reasons = {skip.position: skip.reason for skip in report.skipped}

    assert reasons["sida 1, post 3, värde 1"] == "okänt nyckeltal N99999: ingen indikator har det"
    assert reasons["sida 1, post 4, värde 1"] == "N00945 för kommun 0180: indikatorn gäller kommun 1880"
    assert reasons["sida 2, post 2"] == "felaktig post: år (”period”) ”tjugotjugoett” är inget år"
    assert "organisatorisk enhet" in reasons["sida 2, post 3"]
    assert reasons["sida 2, post 4, värde 1"] == "felaktigt värde: kön ”X” är inte T, K eller M"
    assert reasons["sida 2, post 4, värde 2"] == "felaktigt värde: ”fem” är inget tal"
    assert not IndicatorValue.objects.filter(year=2018).exists()
    text = "\n".join(report.lines())
    assert "Matchat: Sjukfrånvaro (N00945, kommun 1880), år 2019–2021: 9 nya, 0 ändrade, 0 oförändrade." in text
    assert "Hoppade över 1 post: okänt nyckeltal N99999: ingen indikator har det (sida 1, post 3, värde 1)." in text


def test_a_second_run_changes_only_what_differs_and_keeps_the_not_comparable_flag(sick_leave):
    indicator_values(sick_leave, T={2019: "4.4", 2020: "9.9"})
    IndicatorValue.objects.filter(indicator=sick_leave, year=2019, gender="T").update(
        not_comparable=True, note="Ny mätmetod"
    )

    report = run(PAGE_1, PAGE_2)

    [result] = report.matched
    assert (result.created, result.changed, result.unchanged) == (7, 1, 1)
    kept = IndicatorValue.objects.get(indicator=sick_leave, year=2019, gender="T")
    assert kept.not_comparable is True and kept.note == "Ny mätmetod"  # an analyst's note stays
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2020, gender="T").value == Decimal("3.8")
    again = run(PAGE_1, PAGE_2)
    assert (again.matched[0].created, again.matched[0].changed, again.matched[0].unchanged) == (0, 0, 9)


def test_a_value_arriving_later_replaces_the_kolada_note_of_the_missing_one(sick_leave):
    run(PAGE_1, PAGE_2)
    page = json.loads(PAGE_2.read_text())
    page["values"][0]["values"][1] = {"gender": "K", "value": 4.3, "count": 1, "status": ""}
    kolada_import(pages=[page], dry_run=False)
    women_2021 = IndicatorValue.objects.get(indicator=sick_leave, year=2021, gender="K")
    assert (women_2021.value, women_2021.note) == (Decimal("4.3"), "")


def test_dry_run_reports_but_writes_nothing(sick_leave):
    report = run(PAGE_1, PAGE_2, dry_run=True)
    assert report.matched[0].created == 9
    assert not IndicatorValue.objects.exists()
    assert report.lines()[-1] == "Provkörning: ingenting sparades."


def test_history_records_the_importing_user(sick_leave):
    user = UserFactory(username="analytiker")
    pages, _ = files_load([PAGE_1])
    kolada_import(pages=pages, dry_run=False, user=user)
    value = IndicatorValue.objects.get(indicator=sick_leave, year=2019, gender="T")
    assert value.history.get().history_user == user


def test_indicator_of_another_municipality_gets_only_its_own_values():
    stockholm = IndicatorFactory(kolada_kpi="N00945", kolada_municipality="0180")
    run(PAGE_1, PAGE_2)
    assert stored(stockholm) == {(2020, "T"): Decimal("5.1")}


def test_a_missing_next_page_is_warned_about(sick_leave):
    _, _, warnings = pages_parse(pages_load(PAGE_1))
    assert len(warnings) == 1 and "page=2" in warnings[0]
    assert pages_parse(pages_load(ALL_PAGES))[2] == []


@pytest.mark.parametrize("name", ["truncated.json", "not_kolada.json"])
def test_a_file_that_is_no_kolada_response_is_refused(name):
    with pytest.raises(KoladaFormatError, match=name):
        pages_load(FIXTURES / name)


def test_command_imports_several_files_and_reports_in_swedish(sick_leave):
    out = io.StringIO()
    call_command("import_kolada", str(PAGE_1), str(PAGE_2), stdout=out)
    text = out.getvalue()
    assert "n00945_page1.json: sida 1." in text and "n00945_page2.json: sida 2." in text
    assert "Matchat: Sjukfrånvaro" in text
    assert "okänt nyckeltal N99999" in text
    assert "9 värden sparades." in text
    assert IndicatorValue.objects.filter(indicator=sick_leave).count() == 9


def test_command_dry_run_changes_nothing(sick_leave):
    out = io.StringIO()
    call_command("import_kolada", str(ALL_PAGES), "--dry-run", stdout=out)
    assert "n00945_all_pages.json: sidorna 1–2." in out.getvalue()
    assert "Provkörning" in out.getvalue()
    assert not IndicatorValue.objects.exists()


def test_command_exits_non_zero_on_a_malformed_file_and_writes_nothing(sick_leave):
    with pytest.raises(CommandError, match=r"truncated\.json.*inte giltig JSON.*Ingenting sparades"):
        call_command("import_kolada", str(PAGE_1), str(FIXTURES / "truncated.json"), stdout=io.StringIO())
    assert not IndicatorValue.objects.exists()


def test_command_refuses_an_unknown_user(sick_leave):
    with pytest.raises(CommandError, match="ingen aktiv användare"):
        call_command("import_kolada", str(PAGE_1), "--user", "finns-inte", stdout=io.StringIO())
