"""Digital justering in real browsers: the secretary sends the protocol; the chair and two adjusters, each in a
browser of their own, log in, read it and approve it; then the protocol is adjusted. axe-core checks the inbox and
the review page, which also reflow at 320 px."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Protocol
from tests.browser.conftest import _new_page
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.meetings.test_adjustment import justering_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(eager_celery):
    """Real dates: the browser keeps the session by them."""
    return justering_world(start=timezone.now() - dt.timedelta(days=3))


def test_the_secretary_sends_and_the_chair_and_two_adjusters_approve(
    browser, live_server, page, world, check_accessibility, mailoutbox
):
    log_in(page, "karin", next_path=f"/redigera/protokoll/{world.protocol.pk}/")
    expect(page.get_by_role("heading", level=3, name="Justering")).to_be_visible()
    expect(page.get_by_role("link", name="Registrera justering på papper")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Skicka för justering").click()
    expect(page.get_by_text("Protokollet är skickat för justering till Anna Exempelsson (ordförande)")).to_be_visible()
    expect(page.get_by_role("table", name="Justerarnas svar, omgång 1")).to_contain_text("Väntar på svar")
    check_accessibility(page)
    assert len(mailoutbox) == 3

    for index, (username, name) in enumerate(
        (("anna", "Anna Exempelsson"), ("bo", "Bo Exempelsson"), ("cecilia", "Cecilia Exempeldotter"))
    ):
        context, adjuster = _new_page(browser, live_server.url)
        try:
            log_in(adjuster, username)  # no "next": the staff start page leads an adjuster to the inbox
            expect(adjuster.get_by_role("heading", level=1)).to_have_text("Protokoll att justera")
            expect(adjuster.get_by_text(f"Inloggad som {name}.")).to_be_visible()
            if index == 0:
                check_accessibility(adjuster)
                assert_reflows_at_320_px(adjuster)
            adjuster.get_by_role("link", name="Kommunstyrelsen").first.click()
            expect(adjuster.get_by_role("heading", level=1)).to_contain_text("Justera protokollet")
            expect(adjuster.get_by_text("Protokollet väntar på ditt svar.")).to_be_visible()
            expect(adjuster.get_by_role("heading", name="§ 1 Budget 2025")).to_be_visible()
            if index == 0:
                check_accessibility(adjuster)
                assert_reflows_at_320_px(adjuster)
            adjuster.get_by_role("button", name="Godkänn protokollet").click()
            expect(adjuster.locator(".messages")).to_contain_text("Du har godkänt protokollet.")
            if index < 2:
                assert Protocol.objects.get(pk=world.protocol.pk).status == Protocol.Status.SENT
            else:
                expect(adjuster.locator(".messages")).to_contain_text("protokollet är justerat")
            expect(adjuster.get_by_text("Inga protokoll väntar på ditt svar just nu.")).to_be_visible()
            if index == 2:
                check_accessibility(adjuster)
        finally:
            context.close()

    protocol = Protocol.objects.get(pk=world.protocol.pk)
    assert protocol.status == Protocol.Status.ADJUSTED
    assert protocol.adjustment_method == Protocol.AdjustmentMethod.DIGITAL
    page.reload()
    expect(page.locator(".protocol-status")).to_contain_text("Justerat")
    expect(page.get_by_role("link", name="Anslå på anslagstavlan")).to_be_visible()


def test_an_adjuster_sends_the_protocol_back_with_a_comment(browser, live_server, page, world, check_accessibility):
    from meetings.services.adjustment import protocol_send_for_adjustment

    protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    log_in(page, "bo", next_path=f"/redigera/justera/{world.protocol.pk}/")
    page.get_by_role("button", name="Skicka tillbaka med kommentar").click()
    expect(page.get_by_role("alert")).to_contain_text("Kommentar till sekreteraren")
    check_accessibility(page)
    page.get_by_label("Kommentar till sekreteraren").fill("§ 2: beslutet ska gälla 2025.")
    page.get_by_role("button", name="Skicka tillbaka med kommentar").click()
    expect(page.locator(".messages")).to_contain_text("Protokollet är skickat tillbaka till sekreteraren")

    context, secretary = _new_page(browser, live_server.url)
    try:
        log_in(secretary, "karin", next_path=f"/redigera/protokoll/{world.protocol.pk}/")
        expect(secretary.get_by_text("Skickat tillbaka från justeringen")).to_be_visible()
        expect(secretary.locator(".adjustment-comment")).to_contain_text("§ 2: beslutet ska gälla 2025.")
        check_accessibility(secretary)
    finally:
        context.close()
