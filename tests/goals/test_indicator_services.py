"""Saving an indicator's grid and importing values from CSV: all or nothing, errors naming row and column,
history recorded with the user, nothing written when nothing changed."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goals.models import IndicatorValue
from goals.services.indicators import (
    PlannedChange,
    State,
    YearRow,
    format_value,
    indicator_values_import,
    indicator_values_import_preview,
    indicator_values_save,
    indicator_year_rows,
    parse_value,
)
from tests.factories import (
    BodyFactory,
    IndicatorFactory,
    administrator,
    analyst_of,
    sick_leave_indicator,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sick_leave():
    return sick_leave_indicator()


@pytest.fixture
def analyst(sick_leave):
    return analyst_of(sick_leave.owner, username="anna", first_name="Anna", last_name="Analys")


def snapshot():
    return (
        sorted(IndicatorValue.objects.values_list("indicator_id", "year", "gender", "value", "note", "not_comparable")),
        IndicatorValue.history.count(),
    )


def year(y, T=None, K=None, M=None, note="", not_comparable=False):
    values = {g: None if v is None else Decimal(v) for g, v in (("T", T), ("K", K), ("M", M))}
    return YearRow(year=y, values=values, note=note, not_comparable=not_comparable)


# --- parsing ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4,4", Decimal("4.4")),
        (" 3.8 ", Decimal("3.8")),
        ("−1,5", Decimal("-1.5")),
        ("-0,25", Decimal("-0.25")),
        ("–2", Decimal("-2")),
        ("12 345", Decimal("12345")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("0", Decimal("0")),
        ("", None),
        ("   ", None),
    ],
)
def test_values_are_read_the_swedish_way(text, expected):
    assert parse_value(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4,4,1", "”4,4,1” är inget tal"),
        ("abc", "”abc” är inget tal"),
        ("1,2345", "”1,2345” har fler än 3 decimaler"),
        ("100000000000", "”100000000000” är ett för stort tal"),
    ],
)
def test_a_value_that_cannot_be_read_is_refused_quoting_it(text, message):
    with pytest.raises(ValidationError) as error:
        parse_value(text)
    assert error.value.messages == [message]


def test_stored_values_are_written_with_a_decimal_comma_and_a_real_minus():
    assert format_value(Decimal("4.400")) == "4,4"
    assert format_value(Decimal("-1.500")) == "\u22121,5"
    assert format_value(Decimal("100.000")) == "100"
    assert format_value(None) == ""


# --- the grid -----------------------------------------------------------------------------------------------------


def test_saving_the_grid_creates_and_changes_values_and_records_who(sick_leave, analyst):
    changed = indicator_values_save(
        indicator=sick_leave,
        rows=[year(2020, T="3.8", K="4.3", M="2.6"), year(2021, T="3.4", K="4.3", M="1.5")],
        user=analyst,
    )
    assert changed == 4  # 2020 K, and the three cells of 2021
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2020, gender="K").value == Decimal("4.3")
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2021, gender="M").value == Decimal("1.5")
    records = IndicatorValue.history.filter(indicator_id=sick_leave.pk, history_user=analyst)
    assert records.count() == 4
    assert set(records.values_list("history_change_reason", flat=True)) == {"Rutnät"}


def test_saving_the_grid_unchanged_writes_nothing_and_records_no_history(sick_leave, analyst):
    before = snapshot()
    rows = indicator_year_rows(indicator=sick_leave)
    assert indicator_values_save(indicator=sick_leave, rows=rows, user=analyst) == 0
    assert snapshot() == before


def test_an_emptied_cell_becomes_not_measured(sick_leave, analyst):
    indicator_values_save(indicator=sick_leave, rows=[year(2020, T="3.8", K="4.4")], user=analyst)
    assert not IndicatorValue.objects.filter(indicator=sick_leave, year=2020, gender="M").exists()
    assert IndicatorValue.history.filter(indicator_id=sick_leave.pk, history_type="-").count() == 1


def test_a_year_emptied_entirely_is_removed(sick_leave, analyst):
    indicator_values_save(indicator=sick_leave, rows=[year(2019)], user=analyst)
    assert not IndicatorValue.objects.filter(indicator=sick_leave, year=2019).exists()
    assert IndicatorValue.objects.filter(indicator=sick_leave, year=2020).count() == 3


def test_a_years_note_and_flag_apply_to_each_of_its_values(sick_leave, analyst):
    indicator_values_save(
        indicator=sick_leave,
        rows=[year(2019, T="4.4", K="4.9", M="3.0", note="Inte fullt jämförbart", not_comparable=True)],
        user=analyst,
    )
    rows = IndicatorValue.objects.filter(indicator=sick_leave, year=2019)
    assert {(row.note, row.not_comparable) for row in rows} == {("Inte fullt jämförbart", True)}
    assert indicator_year_rows(indicator=sick_leave)[0].note == "Inte fullt jämförbart"


def test_a_note_on_a_year_without_values_is_kept_on_the_total(sick_leave, analyst):
    indicator_values_save(indicator=sick_leave, rows=[year(2021, note="Mäts i oktober")], user=analyst)
    row = IndicatorValue.objects.get(indicator=sick_leave, year=2021)
    assert (row.gender, row.value, row.note) == ("T", None, "Mäts i oktober")


def test_notes_that_differ_by_gender_survive_a_save_that_does_not_touch_the_note(sick_leave, analyst):
    IndicatorValue.objects.filter(indicator=sick_leave, year=2019, gender="K").update(note="Bara kvinnor")
    rows = indicator_year_rows(indicator=sick_leave)
    rows[0].values["T"] = Decimal("4.5")
    assert indicator_values_save(indicator=sick_leave, rows=rows, user=analyst) == 1
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2019, gender="T").note == ""
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2019, gender="K").note == "Bara kvinnor"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([year(1800, T="1")], "1800: året måste ligga mellan 1900 och 2200"),
        ([year(2021, T="1"), year(2021, K="2")], "2021: året finns två gånger"),
        ([year(2021, K="1.23456")], "2021, Kvinnor: ”1.23456” kan inte lagras som värde"),
        ([year(2021, T="1", note="x" * 501)], "2021, Anmärkning: högst 500 tecken"),
    ],
)
def test_a_refused_grid_names_year_and_column_and_changes_nothing(sick_leave, analyst, rows, message):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        indicator_values_save(indicator=sick_leave, rows=[year(2019, T="9"), *rows], user=analyst)
    assert error.value.messages == [message]
    assert snapshot() == before


def test_an_analyst_of_another_body_may_not_save(sick_leave):
    stranger = analyst_of(BodyFactory())
    before = snapshot()
    with pytest.raises(PermissionDenied):
        indicator_values_save(indicator=sick_leave, rows=[year(2019, T="9")], user=stranger)
    assert snapshot() == before


# --- the import ---------------------------------------------------------------------------------------------------


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_an_import_previews_new_changed_and_unchanged_cells(sick_leave, analyst):
    content = csv_bytes(
        "Indikator;År;Kön;Värde\nsjukfranvaro;2020;T;3,8\nsjukfranvaro;2020;Kvinnor;4,3\nN00090;2021;Tot;3,4\n"
    )
    before = snapshot()
    plan = indicator_values_import_preview(content=content, user=analyst)
    assert plan.errors == []
    assert [(c.line, c.year, c.gender, c.kind) for c in plan.changes] == [
        (2, 2020, "T", "unchanged"),
        (3, 2020, "K", "changed"),
        (4, 2021, "T", "new"),
    ]
    assert snapshot() == before  # a preview writes nothing


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_an_import_reads_either_separator_and_the_usual_encodings(sick_leave, analyst, encoding, separator):
    text = separator.join(["Indikator", "År", "Kön", "Värde", "Anmärkning"]) + "\n"
    text += separator.join(["sjukfranvaro", "2021", "Män", '"1,5"', "Pågående mätning"]) + "\n"
    plan = indicator_values_import_preview(content=csv_bytes(text, encoding), user=analyst)
    assert plan.errors == []
    (change,) = plan.changes
    assert change.after == State(Decimal("1.5"), "Pågående mätning", False)


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image renamed .csv
        b"Indikator;\x00\x00\x00\x01",  # binary data
        b"Indikator;\x81\x8d",  # bytes Windows-1252 leaves undefined
    ],
)
def test_an_import_of_bytes_that_are_not_text_says_so_and_changes_nothing(sick_leave, analyst, content):
    before = list(IndicatorValue.objects.values_list("year", "gender", "value"))
    plan = indicator_values_import_preview(content=content, user=analyst)
    assert plan.errors == ["Filen går inte att läsa som text: spara den som CSV i UTF-8, UTF-16 eller Windows-1252."]
    assert plan.changes == []
    assert list(IndicatorValue.objects.values_list("year", "gender", "value")) == before


def test_applying_an_import_changes_what_was_previewed_and_records_the_file(sick_leave, analyst):
    content = csv_bytes(
        "Indikator;År;Kön;Värde;Ej jämförbart\nsjukfranvaro;2020;K;4,3;nej\nsjukfranvaro;2021;T;3,4;ja\n"
    )
    plan = indicator_values_import_preview(content=content, user=analyst)
    assert indicator_values_import(changes=plan.changes, user=analyst, filename="sjuk.csv") == 2
    assert IndicatorValue.objects.get(indicator=sick_leave, year=2020, gender="K").value == Decimal("4.3")
    new = IndicatorValue.objects.get(indicator=sick_leave, year=2021, gender="T")
    assert (new.value, new.not_comparable) == (Decimal("3.4"), True)
    records = IndicatorValue.history.filter(indicator_id=sick_leave.pk, history_user=analyst)
    assert set(records.values_list("history_change_reason", flat=True)) == {"Import: sjuk.csv"}


def test_an_import_is_refused_when_a_value_changed_since_the_preview(sick_leave, analyst):
    plan = indicator_values_import_preview(
        content=csv_bytes("Indikator;År;Kön;Värde\nsjukfranvaro;2020;K;4,3\nsjukfranvaro;2021;T;3,4\n"),
        user=analyst,
    )
    IndicatorValue.objects.filter(indicator=sick_leave, year=2020, gender="K").update(value=Decimal("4.5"))
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        indicator_values_import(changes=plan.changes, user=analyst)
    assert "rad 2 har ändrats sedan förhandsgranskningen" in error.value.messages[0]
    assert snapshot() == before


def test_an_import_keeps_the_stored_note_when_the_file_has_no_note_column(sick_leave, analyst):
    IndicatorValue.objects.filter(indicator=sick_leave, year=2020, gender="T").update(note="Källa: Kolada")
    plan = indicator_values_import_preview(
        content=csv_bytes("Indikator;År;Kön;Värde\nsjukfranvaro;2020;T;3,9\n"), user=analyst
    )
    indicator_values_import(changes=plan.changes, user=analyst)
    row = IndicatorValue.objects.get(indicator=sick_leave, year=2020, gender="T")
    assert (row.value, row.note) == (Decimal("3.9"), "Källa: Kolada")


def test_every_import_error_names_row_and_column(sick_leave, analyst):
    foreign = IndicatorFactory(name="Främmande", slug="frammande", owner=BodyFactory())
    content = csv_bytes(
        "Indikator;År;Kön;Värde;Ej jämförbart\n"
        "okand;2021;T;1;\n"
        "frammande;2021;T;1;\n"
        "sjukfranvaro;20x1;T;1;\n"
        "sjukfranvaro;2021;X;1;\n"
        "sjukfranvaro;2021;T;4,4,1;\n"
        "sjukfranvaro;2021;K;1;kanske\n"
        "sjukfranvaro;2021;M;1;\n"
        "sjukfranvaro;2021;Män;2;\n"
    )
    assert foreign.pk
    before = snapshot()
    plan = indicator_values_import_preview(content=content, user=analyst)
    assert plan.errors == [
        "Rad 2, Indikator: ”okand” är varken en indikators kortnamn eller Kolada-id",
        "Rad 3, Indikator: du får inte ändra ”Främmande”",
        "Rad 4, År: ”20x1” är inget år mellan 1900 och 2200",
        "Rad 5, Kön: ”X” ska vara T, K eller M (eller Tot, Kvinnor, Män)",
        "Rad 6, Värde: ”4,4,1” är inget tal",
        "Rad 7, Ej jämförbart: ”kanske” ska vara ja eller nej (eller tomt)",
        "Rad 9: samma indikator, år och kön som rad 8",
    ]
    assert plan.changes == []
    assert snapshot() == before


def test_an_import_without_the_required_columns_says_which_are_missing(analyst):
    plan = indicator_values_import_preview(content=csv_bytes("Indikator;År;Värde\nx;2021;1\n"), user=analyst)
    assert plan.errors == ["Rubrikraden (rad 1) saknar ”Kön”: den ska vara Indikator;År;Kön;Värde (+ Anmärkning)."]


def test_a_kolada_id_shared_by_two_indicators_must_be_written_as_a_slug(sick_leave):
    IndicatorFactory(slug="sjukfranvaro-kvinnor", owner=sick_leave.owner, kolada_kpi="N00090")
    plan = indicator_values_import_preview(
        content=csv_bytes("Indikator;År;Kön;Värde\nN00090;2021;T;1\n"), user=administrator()
    )
    assert plan.errors == [
        "Rad 2, Indikator: Kolada-id ”N00090” hör till flera indikatorer (sjukfranvaro, sjukfranvaro-kvinnor)"
        " – skriv kortnamnet i stället"
    ]


def test_applying_an_import_rechecks_the_permission(sick_leave, analyst):
    plan = indicator_values_import_preview(
        content=csv_bytes("Indikator;År;Kön;Värde\nsjukfranvaro;2021;T;3,4\n"), user=analyst
    )
    analyst.assignments.all().delete()
    before = snapshot()
    with pytest.raises(PermissionDenied):
        indicator_values_import(changes=plan.changes, user=analyst)
    assert snapshot() == before


def test_planned_changes_survive_the_session_as_json(sick_leave, analyst):
    plan = indicator_values_import_preview(
        content=csv_bytes("Indikator;År;Kön;Värde;Anmärkning\nsjukfranvaro;2019;T;4,4;n\n"), user=analyst
    )
    assert [PlannedChange.from_json(change.to_json()) for change in plan.changes] == plan.changes
