"""A controller imports a ledger file in a real browser: upload, preview, confirm, result; axe on each page."""

import pytest
from playwright.sync_api import expect

from budget.models import LedgerImport, LedgerLine
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import ResponsibilityCodeFactory, UnitFactory, ledger_line, unit_controller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall"


@pytest.fixture
def books():
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ResponsibilityCodeFactory(code="KLFÖ", name="Kommunledn Fördelning", unit=unit)
    ledger_line(year=2021, code=klc, group="5", budget=-4_134_000, outcome=-3_000_000)
    ledger_line(year=2021, code=klc, group="7", budget=0, outcome=-10_000)
    unit_controller(unit, username="eva", first_name="Eva", last_name="Ek")
    return unit


def test_controller_imports_a_file_and_confirms_the_preview(page, books, tmp_path, check_accessibility):
    ledger = tmp_path / "bokslut 2021.csv"
    ledger.write_bytes(
        "\r\n".join(
            [
                HEADER,
                "2021;KLC;Kansli Centerpartiet;5;-4 134 000;-3 170 000",
                "2021;KLFÖ;Kommunledn Fördelning;5;0;0",
                "",
            ]
        ).encode("cp1252")
    )
    log_in(page, "eva")
    page.goto("/redigera/ekonomi/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera huvudbok")
    check_accessibility(page)

    page.get_by_label("Fil med huvudboken").set_input_files(str(ledger))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bokslut 2021.csv")
    expect(page.get_by_role("heading", name="Förhandsgranskning: det här ändras")).to_be_visible()
    codes = page.get_by_role("table", name="Ansvar i filen, tkr")
    expect(codes.get_by_role("row", name="KLC")).to_contain_text("Ändras")
    expect(codes.get_by_role("row", name="KLFÖ")).to_contain_text("Nytt")
    check_accessibility(page)
    assert LedgerLine.objects.filter(code__code="KLC").count() == 2  # nothing changed yet

    page.get_by_role("button", name="Bekräfta och läs in").click()
    expect(page.get_by_role("heading", name="Filen är inläst")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Filen är inläst.")
    expect(page.get_by_role("link", name="Kommunledning 2021")).to_have_attribute(
        "href", "/redigera/ekonomi/2021/kommunledning/"
    )
    check_accessibility(page)

    assert LedgerImport.objects.get().status == LedgerImport.Status.APPLIED
    outcomes = dict(LedgerLine.objects.filter(year_id=2021).values_list("code__code", "outcome"))
    assert outcomes == {"KLC": -3_170_000, "KLFÖ": 0}  # KLC's group 7 is gone: the file replaces KLC's lines

    page.get_by_role("link", name="Kommunledning 2021").click()
    expect(page.get_by_label("KLC Kansli Centerpartiet, kontogrupp 5 Personalkostnader, utfall")).to_have_value(
        "−3 170 000"
    )

    # An open year's figures are a draft: the citizen's page shows nothing of them until they are published.
    page.goto("/ekonomi/2021/kommunledning/")
    assert "3\u00a0170" not in page.locator("main").inner_text()


def test_a_bad_cell_is_shown_with_row_and_column(page, books, tmp_path, check_accessibility):
    ledger = tmp_path / "bokslut.csv"
    ledger.write_text(f"{HEADER}\n2021;KLC;;5;-4 134 000;#DIVISION/0!\n", encoding="utf-8")
    log_in(page, "eva")
    page.goto("/redigera/ekonomi/import/")
    page.get_by_label("Fil med huvudboken").set_input_files(str(ledger))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Rad 2, kolumn Utfall: Excel-felvärde ”#DIVISION/0!” i stället för ett belopp."
    )
    check_accessibility(page)


def test_the_progress_of_a_running_import_updates_in_place_then_shows_the_result(page, books, check_accessibility):
    controller = books.controllers.get().user
    running = LedgerImport.objects.create(
        filename="stor.csv", created_by=controller, status=LedgerImport.Status.RUNNING, row_count=5, progress=2
    )
    log_in(page, "eva")
    page.goto(f"/redigera/ekonomi/import/{running.pk}/")
    expect(page.get_by_text("2 av 5 rader")).to_be_visible()
    expect(page.get_by_text("Förloppet uppdateras av sig självt")).to_be_visible()
    expect(page.get_by_role("link", name="Uppdatera sidan")).to_be_hidden()  # the script took over
    check_accessibility(page)

    LedgerImport.objects.filter(pk=running.pk).update(progress=4)
    expect(page.get_by_text("4 av 5 rader")).to_be_visible(timeout=6000)
    LedgerImport.objects.filter(pk=running.pk).update(status=LedgerImport.Status.APPLIED, message="Klart.")
    expect(page.get_by_role("heading", name="Filen är inläst")).to_be_visible(timeout=6000)
    assert not page.csp_errors


def test_a_new_year_and_a_scale_warning_need_the_controllers_ticks(page, books, tmp_path, check_accessibility):
    """A 2022 file in tkr: the preview names the new year and the warnings; confirming without the ticks is refused
    with an error summary linking to them; with the ticks the file is applied and the page says who agreed."""
    ledger = tmp_path / "bokslut 2022 tkr.csv"
    ledger.write_text(f"{HEADER}\n2022;KLC;Kansli Centerpartiet;5;-4 134;-3 170\n", encoding="utf-8")
    log_in(page, "eva")
    page.goto("/redigera/ekonomi/import/")
    page.get_by_label("Fil med huvudboken").set_input_files(str(ledger))
    page.get_by_role("button", name="Förhandsgranska").click()

    expect(page.get_by_text("Året 2022 finns inte ännu och skapas om du bekräftar.")).to_be_visible()
    warnings = page.get_by_role("region", name="2 varningar: kontrollera beloppen")
    expect(warnings.get_by_role("listitem")).to_have_text(
        [
            "Kommunledning 2022: utfallet är \u22123\u00a0170\u00a0kr mot \u22123\u00a0010\u00a0000\u00a0kr 2021 – "
            "ungefär 1\u00a0000 gånger mindre. Är filen i tkr i stället för kronor?",
            "Kommunledning 2022: budgeten är \u22124\u00a0134\u00a0kr mot \u22124\u00a0134\u00a0000\u00a0kr 2021 – "
            "ungefär 1\u00a0000 gånger mindre. Är filen i tkr i stället för kronor?",
        ]
    )
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("button", name="Bekräfta och läs in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Formuläret har fel")
    expect(summary.get_by_role("link")).to_have_count(2)
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    assert not LedgerLine.objects.filter(year_id=2022).exists()
    assert LedgerImport.objects.get().status == LedgerImport.Status.PREVIEW

    summary.get_by_role("link", name="Skapa räkenskapsåret 2022").click()
    expect(page.get_by_label("Skapa räkenskapsåret 2022")).to_be_focused()
    page.get_by_label("Skapa räkenskapsåret 2022").check()
    page.get_by_label("Jag har sett varningarna och vill läsa in filen ändå").check()
    page.get_by_role("button", name="Bekräfta och läs in").click()

    expect(page.get_by_role("heading", name="Filen är inläst")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Räkenskapsåret 2022 skapades.")
    expect(page.get_by_text("Bekräftat av Eva Ek")).to_be_visible()
    check_accessibility(page)
    assert_reflows_at_320_px(page)
    assert LedgerLine.objects.get(year_id=2022).outcome == -3_170
