"""A citizen walks the public pages in a real browser; axe-core checks each page against WCAG 2.1 AA."""

import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(eager_celery):
    call_command("load_demo_data", stdout=StringIO())


def test_start_to_organ_to_kommunstyrelsen_to_a_meeting_to_its_agenda(page, demo, check_accessibility):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Politik och beslut i Örebro kommun")
    check_accessibility(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Organ").click()
    expect(page).to_have_url(re.compile(r"/organ/$"))
    check_accessibility(page)

    page.get_by_role("link", name="Kommunstyrelsen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommunstyrelsen")
    expect(page.get_by_text("Kommunstyrelsens sammanträden är inte öppna för allmänheten.")).to_be_visible()
    expect(page.locator(".meeting-rows time")).to_have_count(11)
    check_accessibility(page)

    page.get_by_role("link", name="måndag 3 juni 2024 kl. 14.15").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sammanträde måndag 3 juni 2024")
    check_accessibility(page)

    agenda = page.get_by_role("link", name="Ärendelista för 3 juni 2024")
    expect(agenda).to_be_visible()
    response = page.request.get(agenda.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert "Ärendelista" in text and "Kommunstyrelsen" in text


def test_meeting_list_filters_without_javascript_and_keeps_state_in_the_address(browser, live_server, demo, axe_source):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.goto("/sammantraden/")
    page.get_by_label("Organ").select_option(label="Kommunstyrelsens trygghetsutskott")
    page.get_by_label("Bara sammanträden med ärendelista").check()
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"organ=trygghetsutskottet.*arendelista=on"))
    expect(page.locator(".meeting-rows time")).to_have_count(1)
    expect(page.get_by_text("1 sammanträde", exact=True)).to_be_visible()
    expect(page.locator(".meeting-rows")).to_contain_text("3 juni 2024")
    context.close()


def test_meeting_list_is_accessible(page, demo, check_accessibility):
    page.goto("/sammantraden/?ar=2024")
    expect(page.get_by_role("heading", name="Juni 2024")).to_be_visible()
    check_accessibility(page)


def test_keyboard_user_can_skip_to_the_content(page, demo, check_accessibility):
    page.goto("/organ/kommunstyrelsen/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("path", ["/tillganglighet/", "/finns-inte/", "/organ/regionala-samverkansradet/"])
def test_other_pages_are_accessible(page, demo, check_accessibility, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page)


def test_cancelled_meeting_page_is_accessible(page, demo, check_accessibility):
    from meetings.models import Meeting
    from meetings.services import meeting_cancel

    meeting = Meeting.objects.filter(body__slug="kommunstyrelsen").order_by("start").first()
    meeting_cancel(meeting=meeting, reason="Inga ärenden att behandla.")
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_text("Sammanträdet är inställt.")).to_be_visible()
    check_accessibility(page)


def test_the_accessibility_check_itself_catches_a_violation(page, check_accessibility):
    page.goto("/tillganglighet/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
