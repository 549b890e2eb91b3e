"""The secretary builds a protocol's attendance from the roster in a real browser: an ersättare serves for an absent
ledamot, a refusal is shown at the field, axe finds nothing and the page reflows at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import BodyFactory
from tests.meetings.test_attendance import draft_with_roster

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft():
    return draft_with_roster(BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen"))


def test_secretary_builds_attendance_with_an_ersattare_serving_for_an_absent_ledamot(page, draft, check_accessibility):
    protocol, people, secretary = draft
    log_in(page, secretary.username, next_path=f"/redigera/protokoll/{protocol.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll")
    narvaro = page.locator("section", has=page.get_by_role("heading", name="Närvaro", exact=True))
    expect(narvaro.get_by_role("table", name="Närvaro vid sammanträdet")).to_contain_text("Anna Berg (S)")
    check_accessibility(page)

    narvaro.get_by_role("link", name="Ändra närvaron").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Närvaro")
    table = page.get_by_role("table", name="Närvaro vid Kommunstyrelsens sammanträde måndag 3 juni 2024")
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(page.get_by_label("Anna Berg (S), ordförande")).to_be_checked()
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    # First a mistake: Per Lind cannot serve for Lena Holm while she is marked present.
    page.get_by_label("Per Lind (S), närvaro").select_option(label="Närvarande")
    page.get_by_label("Per Lind (S), tjänstgör för").select_option(label="Lena Holm (S)")
    page.get_by_role("button", name="Spara närvaron").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ingenting sparades: 1 fel")
    expect(summary).to_contain_text("Per Lind (S), tjänstgör för: Lena Holm är närvarande")
    expect(page.get_by_label("Per Lind (S), tjänstgör för")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Per Lind (S), tjänstgör för")).to_be_focused()

    # Lena Holm was absent; Jan Ek came at § 4 and adjusts.
    page.get_by_label("Lena Holm (S), närvaro").select_option(label="Frånvarande")
    page.get_by_label("Jan Ek (M), från §").select_option(label="§ 4")
    page.get_by_label("Jan Ek (M), justerare").check()
    page.get_by_role("button", name="Spara närvaron").click()

    expect(page.get_by_text("Närvaron är sparad.")).to_be_visible()
    narvaro = page.locator("section", has=page.get_by_role("heading", name="Närvaro", exact=True))
    per = narvaro.get_by_role("row", name="Per Lind (S)")
    expect(per).to_contain_text("Närvarande, tjänstgör för Lena Holm")
    expect(narvaro.get_by_role("row", name="Lena Holm (S)")).to_contain_text("Frånvarande")
    expect(narvaro.get_by_role("row", name="Jan Ek (M)")).to_contain_text("Närvarande från § 4")
    expect(narvaro.get_by_role("row", name="Jan Ek (M)")).to_contain_text("Justerare")
    expect(page.get_by_text("Justerare saknas")).to_have_count(0)
    check_accessibility(page)
    rows = {row.membership_id: row for row in protocol.attendance.all()}
    assert rows[people.per.pk].serving_for_id == people.lena.pk and not rows[people.lena.pk].is_present
