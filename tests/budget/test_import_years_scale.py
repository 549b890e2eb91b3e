"""An import never guesses a year, nor the scale of its amounts (issue 14): a year far from the books is refused, a
new year is created only when the controller ticks it, a retired ansvar takes no figures, and a unit's totals about
1 000 times off the year before, or with the sign flipped, are warnings the controller must acknowledge. Refusals
change nothing: every ledger line, fiscal year and audit row is compared before and after."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook

from budget.models import FigureChange, FiscalYear, LedgerImport, LedgerLine
from budget.services import import_checks
from budget.services import importing as services
from budget.services.importing import (
    ledger_import_apply,
    ledger_import_confirm,
    ledger_import_preview,
)
from tests.factories import FiscalYearFactory, ResponsibilityCodeFactory, UnitFactory, ledger_line, unit_controller

pytestmark = pytest.mark.django_db

HEADER = "År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall"
NBSP = "\u00a0"
TKR_OUTCOME = (
    f"Kommunledning 2022: utfallet är −43{NBSP}495{NBSP}kr mot −43{NBSP}495{NBSP}000{NBSP}kr 2021 – ungefär "
    f"1{NBSP}000 gånger mindre. Är filen i tkr i stället för kronor?"
)
TKR_BUDGET = (
    f"Kommunledning 2022: budgeten är −45{NBSP}000{NBSP}kr mot −45{NBSP}000{NBSP}000{NBSP}kr 2021 – ungefär "
    f"1{NBSP}000 gånger mindre. Är filen i tkr i stället för kronor?"
)


def upload(*lines: str, name: str = "huvudbok.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\r\n".join((HEADER, *lines)) + "\r\n").encode())


def xlsx_upload(rows: list[list], name: str = "huvudbok.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(name, content.getvalue())


def everything() -> tuple[list, list, list]:
    """Every ledger line, fiscal year and audit row, all their fields: what a refusal must leave as it was."""
    return (
        list(LedgerLine.objects.order_by("pk").values()),
        list(FiscalYear.objects.order_by("year").values()),
        list(FigureChange.objects.order_by("pk").values()),
    )


@pytest.fixture
def kommunledning():
    return UnitFactory(name="Kommunledning", slug="kommunledning")


@pytest.fixture
def klc(kommunledning):
    return ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=kommunledning)


@pytest.fixture
def klks(kommunledning):
    return ResponsibilityCodeFactory(code="KLKS", name="Kommunstyrelse", unit=kommunledning)


@pytest.fixture
def controller(kommunledning):
    return unit_controller(kommunledning, first_name="Eva", last_name="Ek")


@pytest.fixture
def books_2021(klc, klks):
    """Kommunledning 2021: budget −45 000 000 kr, outcome −43 495 000 kr; 2022 open and empty."""
    ledger_line(year=2021, code=klc, group="5", budget=-40_000_000, outcome=-38_000_000)
    ledger_line(year=2021, code=klks, group="5", budget=-5_000_000, outcome=-5_495_000)
    FiscalYearFactory(year=2022)


# --- years --------------------------------------------------------------------------------------------------------


def test_a_mistyped_year_far_from_the_books_is_refused_with_the_span_and_changes_nothing(klc, klks, controller):
    for year in (2023, 2024, 2025):
        ledger_line(year=year, code=klc, group="5", budget=-1_000, outcome=-1_000)
    before = everything()
    groups = ["3", "4", "5", "6A", "6B", "7"]
    rows = [f"2025;{code};;{group};-1 000;-900" for code in ("KLC", "KLKS") for group in groups]
    rows += ["2025;KLC;;5;-1;-1", "2025;KLC;;5;-1;-1", "2025;KLC;;5;-1;-1"]  # rows 14–16: summed into group 5
    rows.insert(15, "2052;KLKS;;5;-1 000;-900")  # row 17 (the header is row 1)
    rows.append("2025;KLKS;;5;-2;-2")

    ledger_import = ledger_import_preview(uploaded_file=upload(*rows), user=controller)

    assert ledger_import.status == LedgerImport.Status.FAILED
    assert ledger_import.message == (
        "Rad 17, kolumn År: år 2052 finns inte i bokföringen och ligger mer än ett år utanför de år som finns "
        "(2023–2025). Rätta året, eller öppna året under Ekonomi först om det stämmer."
    )
    assert not ledger_import.file
    assert everything() == before
    assert not FiscalYear.objects.filter(year=2052).exists()


def test_a_year_just_outside_the_books_is_new_and_needs_the_tick(books_2021, klc, controller):
    before = everything()
    ledger_import = ledger_import_preview(uploaded_file=upload("2023;KLC;;5;-40 000 000;-1"), user=controller)
    assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message
    assert ledger_import.preview["new_years"] == [2023]
    assert ledger_import.preview["years"][0]["new_year"] is True

    with pytest.raises(ValidationError) as refused:
        ledger_import_confirm(ledger_import=ledger_import, user=controller)
    assert refused.value.message_dict == {
        "skapa_ar_2023": [
            "Räkenskapsåret 2023 finns inte ännu och skapas bara om du väljer att skapa det. Ingenting ändrades."
        ]
    }
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.PREVIEW  # tick and confirm again
    assert "acknowledged" not in ledger_import.preview
    assert everything() == before

    ledger_import_confirm(ledger_import=ledger_import, user=controller, create_years=[2023])

    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.APPLIED, ledger_import.message
    assert ledger_import.message == "2 siffror ändrades. Räkenskapsåret 2023 skapades."
    assert FiscalYear.objects.get(year=2023).status == FiscalYear.Status.OPEN
    assert LedgerLine.objects.get(year_id=2023).outcome == Decimal(-1)
    acknowledged = ledger_import.preview["acknowledged"]
    assert (acknowledged["by"], acknowledged["by_id"], acknowledged["new_years"]) == ("Eva Ek", controller.pk, [2023])


def test_with_no_year_in_the_books_every_year_of_the_file_needs_its_own_tick(klc, controller):
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2021;KLC;;5;-1;-1", "2030;KLC;;5;-1;-1"), user=controller
    )
    assert ledger_import.preview["new_years"] == [2021, 2030]
    with pytest.raises(ValidationError) as refused:
        ledger_import_confirm(ledger_import=ledger_import, user=controller, create_years=[2021])
    assert list(refused.value.message_dict) == ["skapa_ar_2030"]
    assert not FiscalYear.objects.exists()

    ledger_import_confirm(ledger_import=ledger_import, user=controller, create_years=[2021, 2030])
    assert sorted(FiscalYear.objects.values_list("year", flat=True)) == [2021, 2030]


def test_applying_without_the_confirmation_is_refused_and_changes_nothing(books_2021, controller):
    """A caller that skips `ledger_import_confirm` (or a preview stored before the rule) cannot create a year."""
    ledger_import = ledger_import_preview(uploaded_file=upload("2023;KLC;;5;-1;-1"), user=controller)
    before = everything()
    with pytest.raises(ValidationError, match="Räkenskapsåret 2023 finns inte ännu"):
        ledger_import_apply(ledger_import=ledger_import, user=controller)
    assert everything() == before
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.FAILED


def test_the_span_is_checked_again_when_applying(klc, klks, controller):
    ledger_line(year=2024, code=klc, group="5", outcome=-1)
    FiscalYearFactory(year=2025)  # empty: an administrator may delete it in the admin
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2025;KLKS;;5;-1;-1", "2026;KLC;;5;-1;-1"), user=controller
    )
    assert ledger_import.preview["new_years"] == [2026]
    FiscalYear.objects.filter(year=2025).delete()
    before = everything()

    with pytest.raises(ValidationError) as refused:
        ledger_import_confirm(ledger_import=ledger_import, user=controller, create_years=[2026])

    assert refused.value.messages == [
        "Rad 3, kolumn År: år 2026 finns inte i bokföringen och ligger mer än ett år utanför de år som finns (2024). "
        "Rätta året, eller öppna året under Ekonomi först om det stämmer.",
        "Ingenting ändrades.",
    ]
    assert everything() == before
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.FAILED


# --- retired codes ------------------------------------------------------------------------------------------------


def test_a_retired_code_takes_no_figures_from_its_year_on(kommunledning, controller):
    ResponsibilityCodeFactory(code="KLX", name="Avvecklat kansli", unit=kommunledning, retired_from=2023)
    FiscalYearFactory(year=2022)
    FiscalYearFactory(year=2023)
    before = everything()
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2022;KLX;;5;-1;-1", "2023;KLX;;4;-1;-1", "2023;KLX;;5;-1;-1"), user=controller
    )
    assert ledger_import.status == LedgerImport.Status.FAILED
    assert ledger_import.message == (
        "Rad 3, kolumn Ansvar: ansvar KLX är avvecklat från och med 2023 och tar inte emot siffror för 2023."
    )
    assert everything() == before


def test_a_code_retired_after_the_preview_is_refused_when_applying(books_2021, klc, controller):
    ledger_import = ledger_import_preview(uploaded_file=upload("2022;KLC;;5;-40 000 000;-1"), user=controller)
    assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message
    klc.retired_from = 2022
    klc.save()
    before = everything()
    with pytest.raises(ValidationError) as refused:
        ledger_import_confirm(ledger_import=ledger_import, user=controller)
    assert refused.value.messages == [
        "Rad 2, kolumn Ansvar: ansvar KLC är avvecklat från och med 2022 och tar inte emot siffror för 2022.",
        "Ingenting ändrades.",
    ]
    assert everything() == before


# --- scale and sign -----------------------------------------------------------------------------------------------


def test_a_file_in_tkr_is_a_warning_the_controller_must_acknowledge(books_2021, controller):
    before = everything()
    # The same books in tkr, written by a spreadsheet: numeric cells.
    ledger_import = ledger_import_preview(
        uploaded_file=xlsx_upload(
            [[2022, "KLC", None, "5", -40_000, -38_000], [2022, "KLKS", None, "5", -5000, -5495]]
        ),
        user=controller,
    )
    assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message
    warnings = ledger_import.preview["warnings"]
    assert [warning["message"] for warning in warnings] == [TKR_OUTCOME, TKR_BUDGET]
    assert (warnings[0]["field"], warnings[0]["amount"], warnings[0]["previous"]) == (
        "outcome",
        "-43495.00",
        "-43495000.00",
    )

    with pytest.raises(ValidationError) as refused:
        ledger_import_confirm(ledger_import=ledger_import, user=controller)
    assert refused.value.message_dict == {
        "varningar_sedda": [
            "Filen har varningar om belopp som skiljer sig mycket från året före: läs dem och bekräfta att du har "
            "sett dem innan filen läses in. Ingenting ändrades."
        ]
    }
    assert everything() == before
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.PREVIEW

    ledger_import_confirm(ledger_import=ledger_import, user=controller, warnings_seen=True)

    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.APPLIED, ledger_import.message
    assert ledger_import.message == (
        "4 siffror ändrades. Eva Ek hade sett de 2 varningarna och valde att läsa in filen ändå."
    )
    assert ledger_import.preview["acknowledged"]["warnings"] == [TKR_OUTCOME, TKR_BUDGET]
    assert LedgerLine.objects.get(year_id=2022, code__code="KLC").outcome == Decimal(-38_000)


def test_a_flipped_sign_is_a_warning_counting_the_units_untouched_lines(books_2021, klc, klks, controller):
    ledger_line(year=2022, code=klks, group="5", budget=-1_000_000, outcome=-5_000_000)  # not in the file: kept
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2022;KLC;;5;46 000 000;-38 000 000", "2022;KLC;;7;0;0"), user=controller
    )
    assert [warning["message"] for warning in ledger_import.preview["warnings"]] == [
        f"Kommunledning 2022: budgeten är 45{NBSP}000{NBSP}000{NBSP}kr mot −45{NBSP}000{NBSP}000{NBSP}kr 2021 – "
        "tecknet är omvänt."
    ]
    before = everything()
    with pytest.raises(ValidationError, match="Filen har varningar"):
        ledger_import_confirm(ledger_import=ledger_import, user=controller)
    assert everything() == before


def test_a_warning_that_appears_after_the_preview_refuses_the_apply(books_2021, controller):
    """The year before changed since the preview (someone mended 2021 in the grid): the preview no longer says what
    applying means, so applying is refused as stale, not done without the warning seen."""
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2022;KLC;;5;-40 000 000;-38 000 000", "2022;KLKS;;5;-5 000 000;-5 495 000"),
        user=controller,
    )
    assert ledger_import.preview["warnings"] == []
    # 2021 entered in tkr by mistake: −43 495 kr, so the file's −43 495 000 kr is now 1 000 times more.
    LedgerLine.objects.filter(year_id=2021, code__code="KLC").update(outcome=-42_495)
    LedgerLine.objects.filter(year_id=2021, code__code="KLKS").update(outcome=-1_000)
    before = everything()
    with pytest.raises(ValidationError, match="Siffrorna har ändrats sedan förhandsgranskningen"):
        ledger_import_confirm(ledger_import=ledger_import, user=controller)
    assert everything() == before


@pytest.mark.parametrize(
    ("after", "before", "reason"),
    [
        (-1_000, -500_000, "ungefär 1\u00a0000 gånger mindre. Är filen i tkr i stället för kronor?"),
        (-1_000, -2_000_000, "ungefär 1\u00a0000 gånger mindre. Är filen i tkr i stället för kronor?"),
        (-1_000, -2_000_001, None),  # 2 000,001 times: no longer "about 1 000"
        (-1_000, -499_999, None),
        (
            -500_000,
            -1_000,
            "ungefär 1\u00a0000 gånger större. Är filen eller året före i fel enhet (tkr eller kronor)?",
        ),
        (
            43_495,
            -43_495_000,
            "tecknet är omvänt och beloppet ungefär 1\u00a0000 gånger mindre. Är filen i tkr i stället för kronor?",
        ),
        (1_000, -1_000, "tecknet är omvänt."),
        (999, -1_500, None),  # a sign flip of a near-zero total says nothing
        (-100_000, -10_000_000, None),  # 100 times: öre would be, but that is refused as more than two decimals
        (0, -43_495_000, None),
        (-1, 0, None),
    ],
)
def test_what_counts_as_off_by_about_1000_or_flipped(after, before, reason):
    assert import_checks._scale_reason(Decimal(after), Decimal(before)) == reason


def test_no_comparison_without_figures_the_year_before(klc, controller):
    FiscalYearFactory(year=2022)
    ledger_import = ledger_import_preview(uploaded_file=upload("2022;KLC;;5;-4;-3"), user=controller)
    assert ledger_import.preview["warnings"] == []


def test_each_unit_is_compared_with_its_own_year_before(books_2021, kommunledning):
    revision = UnitFactory(name="Stadsrevisionen", slug="stadsrevisionen")
    ledger_line(
        year=2021, code=ResponsibilityCodeFactory(code="SR", unit=revision), group="5", budget=-3_000, outcome=-3_000
    )
    both = unit_controller(kommunledning, revision)
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2022;KLC;;5;-40 000 000;-38 000 000", "2022;SR;;5;-3 000 000;-3 000"), user=both
    )
    assert [warning["unit"] for warning in ledger_import.preview["warnings"]] == ["Stadsrevisionen"]
    assert ledger_import.preview["warnings"][0]["field"] == "budget"


# --- the queued task, the pages and the command -------------------------------------------------------------------


def test_a_big_file_is_checked_before_it_is_queued(
    books_2021, controller, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.BUDGET_IMPORT_SYNC_ROWS = 1
    ledger_import = ledger_import_preview(
        uploaded_file=upload("2023;KLC;;5;-1;-1", "2022;KLC;;5;-40 000;-38 000", "2022;KLKS;;5;-5 000;-5 495"),
        user=controller,
    )
    assert ledger_import.preview["new_years"] == [2023]
    assert len(ledger_import.preview["warnings"]) == 2
    before = everything()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError) as refused:
        ledger_import_confirm(ledger_import=ledger_import, user=controller, create_years=[2023])
    assert list(refused.value.message_dict) == ["varningar_sedda"]
    assert callbacks == []  # nothing queued
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.PREVIEW
    assert everything() == before

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = ledger_import_confirm(
            ledger_import=ledger_import, user=controller, create_years=[2023], warnings_seen=True
        )
    assert queued is True and len(callbacks) == 1
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.APPLIED, ledger_import.message
    assert ledger_import.message.startswith("6 siffror ändrades. Räkenskapsåret 2023 skapades. Eva Ek hade sett")
    assert FiscalYear.objects.filter(year=2023).exists()


def test_the_preview_page_names_new_years_and_warnings_and_refuses_without_the_ticks(client, books_2021, controller):
    client.force_login(controller)
    client.post(
        reverse("budget_staff:import_upload"),
        {"file": upload("2023;KLC;;5;-1;-1", "2022;KLC;;5;-40 000;-38 000", "2022;KLKS;;5;-5 000;-5 495")},
    )
    ledger_import = LedgerImport.objects.get()
    detail = reverse("budget_staff:import_detail", args=[ledger_import.pk])
    page = client.get(detail).content.decode()
    assert "Året 2023 finns inte ännu och skapas om du bekräftar." in page
    assert '<label for="id_skapa_ar_2023">Skapa räkenskapsåret 2023</label>' in page
    assert '<label for="id_varningar_sedda">Jag har sett varningarna och vill läsa in filen ändå</label>' in page
    assert TKR_OUTCOME in page and TKR_BUDGET in page
    before = everything()

    confirm = reverse("budget_staff:import_confirm", args=[ledger_import.pk])
    response = client.post(confirm, {"skapa_ar_2023": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="felsammanfattning"' in page
    assert (
        '<a href="#id_varningar_sedda">Jag har sett varningarna och vill läsa in filen ändå: Filen har varningar om '
        "belopp som skiljer sig mycket från året före"
    ) in page
    assert "#id_skapa_ar_2023" not in page  # ticked: no error
    assert everything() == before

    response = client.post(confirm, {"skapa_ar_2023": "on", "varningar_sedda": "on"}, follow=True)
    page = response.content.decode()
    assert "Filen är inläst. 6 siffror ändrades. Räkenskapsåret 2023 skapades." in page
    assert "Bekräftat av Eva Ek" in page
    assert FiscalYear.objects.filter(year=2023).exists()


def test_the_preview_shows_how_the_file_was_read(client, klc, controller, monkeypatch):
    read = services.parse_ledger

    def with_notes(content, **kwargs):
        parsed = read(content, **kwargs)
        parsed.notes = ["Rad 1 är en rubrik ovanför tabellen och hoppades över."]
        return parsed

    monkeypatch.setattr(services, "parse_ledger", with_notes)
    FiscalYearFactory(year=2021)
    ledger_import = ledger_import_preview(uploaded_file=upload("2021;KLC;;5;-1;-1"), user=controller)
    assert ledger_import.preview["notes"] == ["Rad 1 är en rubrik ovanför tabellen och hoppades över."]
    client.force_login(controller)
    page = client.get(reverse("budget_staff:import_detail", args=[ledger_import.pk])).content.decode()
    assert "Så lästes filen" in page
    assert "<li>Rad 1 är en rubrik ovanför tabellen och hoppades över.</li>" in page


def test_the_command_refuses_new_years_and_warnings_without_its_flags(books_2021, tmp_path):
    path = tmp_path / "bokslut.csv"
    path.write_text(
        f"{HEADER}\n2023;KLC;;5;-1;-1\n2022;KLC;;5;-40 000;-38 000\n2022;KLKS;;5;-5 000;-5 495\n", encoding="utf-8"
    )
    before = everything()
    with pytest.raises(CommandError) as refused:
        call_command("import_ledger", str(path))
    assert str(refused.value).splitlines() == [
        "Räkenskapsåret 2023 finns inte ännu och skapas bara om du väljer att skapa det. Ingenting ändrades. "
        "Ange --create-year 2023 om det är rätt.",
        "Filen har varningar om belopp som skiljer sig mycket från året före: läs dem och bekräfta att du har sett "
        "dem innan filen läses in. Ingenting ändrades. Ange --accept-warnings om det är rätt.",
    ]
    assert everything() == before
    assert LedgerImport.objects.get().status == LedgerImport.Status.DISCARDED

    call_command("import_ledger", str(path), "--create-year", "2023", "--accept-warnings")
    applied = LedgerImport.objects.latest("pk")
    assert applied.status == LedgerImport.Status.APPLIED
    assert applied.message == (
        "6 siffror ändrades. Räkenskapsåret 2023 skapades. Den som körde import_ledger hade sett de 2 varningarna och "
        "valde att läsa in filen ändå."
    )


def test_the_readers_notes_on_a_real_file_reach_the_page(client, klc, controller):
    """A title row above the header: the reader skips it and says so (its wording is tested in test_importing.py)."""
    FiscalYearFactory(year=2021)
    content = f"Huvudbok Kommunledning 2021\r\n\r\n{HEADER}\r\n2021;KLC;;5;-1;-1\r\n".encode()
    ledger_import = ledger_import_preview(uploaded_file=SimpleUploadedFile("b.csv", content), user=controller)
    assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message
    assert ledger_import.preview["notes"]
    client.force_login(controller)
    page = client.get(reverse("budget_staff:import_detail", args=[ledger_import.pk])).content.decode()
    for note in ledger_import.preview["notes"]:
        assert f"<li>{escape(note)}</li>" in page
