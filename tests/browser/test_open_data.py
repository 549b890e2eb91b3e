"""The open-data page and the API documentation in a real browser: they load, link each other, the schema and the
CSV downloads, and axe-core finds no WCAG 2.1 AA violation; the Content Security Policy blocks nothing."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_developer_finds_the_api_its_licence_and_its_documentation(page, check_accessibility):
    page.goto("/oppna-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Öppna data")
    expect(page.get_by_role("link", name="Creative Commons CC0 1.0 Universell")).to_be_visible()
    expect(page.get_by_role("link", name="Budgetsiffror per år, ansvar och kontogrupp (CSV)")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Dokumentationen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-dokumentation")
    expect(page.get_by_role("heading", name="Budgetsiffror GET /api/v1/budget/figures/")).to_be_visible()
    expect(page.get_by_role("table", name="Parametrar i adressen").first).to_be_visible()
    check_accessibility(page)

    response = page.request.get("/api/v1/budget/figures/?format=csv")
    assert response.status == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
