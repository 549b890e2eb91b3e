"""A secretary reports on a commitment in a real browser: log in, search a decision, link it, save; axe on the list
and on the form with and without errors."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from goals.models import CommitmentUpdate
from tests.browser.helpers import log_in
from tests.factories import AgendaItemFactory, BodyFactory, CommitmentFactory, PolicyAreaFactory, secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "En miljard ska satsas fördelat över åtta år på örebroarnas trygghet"


@pytest.fixture
def platform_data():
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    secretary_of(board, username="karin", first_name="Karin", last_name="Lund")
    area = PolicyAreaFactory(name="Trygghet", slug="trygghet")
    commitment = CommitmentFactory(area=area, text=TEXT)
    CommitmentFactory(area=PolicyAreaFactory(name="Skola", slug="skola"), text="Fler lärare i förskolan")
    decision = AgendaItemFactory(
        meeting__body=board, number="7", title="Trygghetssatsning 2024–2031", case_number="Ks 181/2022"
    )
    AgendaItemFactory(meeting__body=board, title="Trygghet: sekretessärende", is_public=False)
    return commitment, decision


def test_a_secretary_links_a_decision_to_a_commitment(page, platform_data, check_accessibility):
    commitment, decision = platform_data
    log_in(page, "karin", next_path="/redigera/mal/plattform/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Politiska åtaganden: lägesrapporter")
    check_accessibility(page)

    page.get_by_label("Status").select_option(label="Ej påbörjad")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("status")).to_have_text("2 åtaganden")

    page.get_by_role("link", name=f"Ny lägesrapport för ”{TEXT}”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny lägesrapport")
    expect(page.get_by_label("Datum")).to_have_value(timezone.localdate().isoformat())
    check_accessibility(page)

    # Typed values survive the search, which works without JavaScript (GET, then the page again).
    page.get_by_label("Status").select_option(label="Pågår")
    page.get_by_label("Kommentar").fill("Kommunstyrelsen har beslutat om satsningen.")
    page.get_by_label("Sök ärende").fill("Ks 181/2022")
    page.get_by_role("button", name="Sök ärenden").click()
    expect(page.get_by_text("1 publicerat ärende matchar ”Ks 181/2022”.")).to_be_visible()
    assert "csrfmiddlewaretoken" not in page.url
    expect(page.get_by_label("Kommentar")).to_have_value("Kommunstyrelsen har beslutat om satsningen.")
    expect(page.get_by_label("Status")).to_have_value("in_progress")
    expect(page.get_by_text("sekretessärende")).to_have_count(0)
    check_accessibility(page)

    # A date in the future: refused at the field, the choices kept.
    page.get_by_label("Kommunstyrelsen").check()
    page.get_by_label("Datum").fill("2099-01-01")
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Datum: 2099-01-01 ligger i framtiden")
    date = page.get_by_label("Datum")
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_date_error")).to_contain_text("ligger i framtiden")
    expect(page.get_by_label("Kommunstyrelsen")).to_be_checked()
    check_accessibility(page)
    assert not CommitmentUpdate.objects.exists()

    date.fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status").first).to_contain_text("Lägesrapporten är sparad.")
    row = page.locator(f"#atagande-{commitment.pk}")
    expect(row).to_contain_text("Pågår")
    expect(row.get_by_role("link", name="Ändra lägesrapporten", exact=False)).to_be_visible()
    check_accessibility(page)
    update = CommitmentUpdate.objects.get()
    assert list(update.agenda_items.all()) == [decision]
    assert update.created_by.username == "karin"
