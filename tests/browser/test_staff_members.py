"""A secretary imports a term's roster from a CSV file after a preview, then edits a membership, in a real browser;
axe-core checks every page of the way and each reflows at 320 px."""

import pytest
from playwright.sync_api import expect

from meetings.models import Membership, Person
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import BodyFactory, MembershipFactory, PartyFactory, PersonFactory, administrator, secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROSTER = """namn;parti;roll;från;till
Anna Exempelsson;S;ordförande;;
Per Exempelsson;Moderaterna;1:e vice ordförande;;
Lena Exempeldotter;C;ledamot;;
Omar Exempelsson;S;ersättare;2023-01-01;2024-06-30
"""
BAD = """namn;parti;roll;från;till
Anna Exempelsson;S;ordförande;;
Per Exempelsson;Piratpartiet;suppleant;2023-02-30;
"""


@pytest.fixture
def body():
    for abbreviation, position in (("S", 1), ("M", 2), ("C", 3)):
        PartyFactory(abbreviation=abbreviation, position=position)
    body = BodyFactory(name="Kulturnämnden", slug="kulturnamnden")
    secretary_of(body, username="karin", first_name="Karin", last_name="Lund")
    return body


def check(page, check_accessibility) -> None:
    check_accessibility(page)
    assert_reflows_at_320_px(page)


def test_secretary_imports_a_term_after_a_preview_and_edits_a_membership(page, body, check_accessibility, tmp_path):
    good_file = tmp_path / "kulturnamnden-2023-2026.csv"
    good_file.write_text(ROSTER, encoding="utf-8")
    bad_file = tmp_path / "fel.csv"
    bad_file.write_bytes(BAD.encode("cp1252"))  # as Excel on Swedish Windows saves it

    log_in(page, "karin")
    page.get_by_role("link", name="Ledamöter och ersättare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledamöter och ersättare")
    expect(page.get_by_role("table")).to_contain_text("Kulturnämnden")
    check(page, check_accessibility)

    page.get_by_role("link", name="Läs in mandatperiod för Kulturnämnden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Läs in ledamöter för Kulturnämnden")
    expect(page.get_by_label("Mandatperiodens första dag")).to_have_value("2023-01-01")
    check(page, check_accessibility)

    # A file with errors: every one named by row and column, nothing stored.
    page.get_by_label("Fil med ledamöter (CSV)").set_input_files(str(bad_file))
    page.get_by_role("button", name="Förhandsgranska").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("”fel.csv” lästes inte in: 3 fel")
    expect(summary).to_contain_text("Rad 3, Parti: okänt parti ”Piratpartiet”")
    expect(summary).to_contain_text("Rad 3, Roll: okänd roll ”suppleant”")
    expect(summary).to_contain_text("Rad 3, Från: ”2023-02-30” är inget datum")
    check(page, check_accessibility)
    assert not Person.objects.exists()

    # The good file: a preview, then confirmation.
    page.get_by_label("Fil med ledamöter (CSV)").set_input_files(str(good_file))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förhandsgranskning av ”kulturnamnden-2023-2026.csv”")
    table = page.get_by_role("table", name="Uppdrag i Kulturnämnden efter importen")
    expect(table.get_by_role("row", name="Omar Exempelsson")).to_contain_text("30 juni 2024")
    expect(table.get_by_role("row", name="Per Exempelsson")).to_contain_text("Förste vice ordförande")
    expect(page.locator(".facts")).to_contain_text("Nya uppdrag")
    check(page, check_accessibility)
    assert not Person.objects.exists()
    page.get_by_role("button", name="Bekräfta och spara").click()

    expect(page.get_by_role("status")).to_contain_text(
        "2023-2026.csv” är inläst: 4 uppdrag lades till, 4 nya personer."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ledamöter och ersättare")
    ledamoter = page.get_by_role("table", name="Ledamöter i dag: 3 uppdrag")
    expect(ledamoter.get_by_role("row").nth(1)).to_contain_text("Anna Exempelsson")  # the chair first
    check(page, check_accessibility)
    assert Membership.objects.filter(body=body).count() == 4

    # Edit Lena's membership: a mistake is named at its field, then the correction is saved.
    page.get_by_role("link", name="Ändra uppdraget för Lena Exempeldotter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra uppdraget för Lena Exempeldotter i Kulturnämnden")
    check(page, check_accessibility)
    page.get_by_label("Roll").select_option(label="Ordförande")
    page.get_by_role("button", name="Spara uppdraget").click()
    role = page.get_by_label("Roll")
    expect(role).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{role.get_attribute('id')}_error")).to_contain_text(
        "Kulturnämnden har redan en ordförande under samma tid: Anna Exempelsson"
    )
    check(page, check_accessibility)
    page.get_by_label("Roll").select_option(label="Andre vice ordförande")
    page.get_by_label("Till och med").fill("2024-12-31")
    page.get_by_role("button", name="Spara uppdraget").click()
    expect(page.get_by_role("status")).to_contain_text("Uppdraget för Lena Exempeldotter är sparat.")
    lena = Membership.objects.get(person__name="Lena Exempeldotter")
    assert (lena.role, lena.end.isoformat()) == (Membership.Role.SECOND_VICE_CHAIR, "2024-12-31")

    page.get_by_role("link", name="Historik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Historik för ledamöterna i Kulturnämnden")
    entry = page.locator(".history-entry").first
    expect(entry).to_contain_text("Karin Lund")
    expect(entry).to_contain_text("Uppdrag för Lena Exempeldotter i Kulturnämnden")
    expect(entry).to_contain_text("Andre vice ordförande")
    check(page, check_accessibility)

    page.goto("/redigera/organ/kulturnamnden/ledamoter/")
    page.get_by_role("link", name="Lena Exempeldotter", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lena Exempeldotter")
    check(page, check_accessibility)

    page.goto("/redigera/organ/kulturnamnden/ledamoter/nytt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt uppdrag i Kulturnämnden")
    page.get_by_role("button", name="Lägg till uppdraget").click()
    expect(page.get_by_role("alert")).to_contain_text("Välj en person, eller skriv namnet på en ny person.")
    check(page, check_accessibility)


def test_the_other_member_pages_are_accessible(page, body, check_accessibility):
    administrator(username="admin", first_name="Ada", last_name="Admin")
    anna = PersonFactory(name="Anna Exempelsson", is_example=True)
    membership = MembershipFactory(person=anna, body=body)
    log_in(page, "admin", next_path="/redigera/ledamoter/partier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partier")
    check(page, check_accessibility)
    page.get_by_role("link", name="Nytt parti").click()
    page.get_by_label("Namn").fill("Vänsterpartiet")
    page.get_by_label("Förkortning").fill("v")
    page.get_by_role("button", name="Lägg till partiet").click()
    expect(page.get_by_role("alert")).to_contain_text("Förkortningen skrivs med bokstäver")
    check(page, check_accessibility)
    page.get_by_label("Förkortning").fill("V")
    page.get_by_role("button", name="Lägg till partiet").click()
    expect(page.get_by_role("status")).to_contain_text("Vänsterpartiet är tillagt.")
    page.get_by_role("link", name="Historik").click()
    expect(page.locator(".history-entry").first).to_contain_text("Ada Admin")
    check(page, check_accessibility)

    page.goto("/redigera/ledamoter/personer/")
    expect(page.get_by_role("table")).to_contain_text("exempelnamn")
    check(page, check_accessibility)
    page.get_by_role("link", name="Anna Exempelsson").click()
    expect(page.get_by_text("Exempelnamn: personen är påhittad")).to_be_visible()
    check(page, check_accessibility)
    page.get_by_role("link", name="Konto för justering").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Konto för justering")
    check(page, check_accessibility)

    page.goto(f"/redigera/uppdrag/{membership.pk}/avsluta/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avsluta uppdraget för Anna Exempelsson")
    page.get_by_label("Till och med").fill("2022-01-01")
    page.get_by_role("button", name="Avsluta uppdraget").click()
    expect(page.get_by_role("alert")).to_contain_text("Uppdraget kan inte sluta före det börjar")
    check(page, check_accessibility)
    page.get_by_label("Till och med").fill("2024-06-30")
    page.get_by_role("button", name="Avsluta uppdraget").click()
    expect(page.get_by_role("table", name="Avslutade uppdrag: 1 uppdrag")).to_contain_text("30 juni 2024")
    check(page, check_accessibility)
