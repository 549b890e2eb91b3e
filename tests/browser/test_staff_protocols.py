"""A secretary writes, checks, adjusts and posts a protocol in a real browser; axe-core checks every page of the way."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Posting, Protocol
from meetings.services import protocol_create
from orebro_portal.lib.formatting import sv_date
from orebro_portal.lib.statutory_time import appeal_last_day
from tests.browser.helpers import log_in
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def protocol(eager_celery) -> Protocol:
    """A draft for a meeting held three days ago; dates are real ones, as the browser keeps the session by them."""
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    secretary_of(body, username="karin", first_name="Karin", last_name="Lund")
    meeting = MeetingFactory(
        body=body,
        start=timezone.now() - dt.timedelta(days=3),
        agenda_published_at=timezone.now() - dt.timedelta(days=10),
    )
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Bidrag till föreningar", proposal="Att bevilja.")
    AgendaItemFactory(meeting=meeting, position=2, number="2", title="Budget 2025", proposal="Att anta budgeten.")
    protocol = protocol_create(meeting=meeting, user=None)
    Protocol.objects.filter(pk=protocol.pk).update(
        chair="Marie Johansson (S)", secretary="Karin Lund", adjusters="Jan Berg (M)", members="Marie Johansson (S)"
    )
    return protocol


def test_secretary_masks_previews_adjusts_and_posts_a_protocol(page, protocol, check_accessibility):
    log_in(page, "karin", next_path=f"/redigera/protokoll/{protocol.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll")
    expect(page.get_by_text("Utkast", exact=True)).to_be_visible()
    check_accessibility(page)

    # Edit § 1: a personnummer is masked by itself; the name is marked with the button the script adds.
    page.get_by_role("link", name="Ändra § 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ändra § 1 Bidrag till föreningar")
    check_accessibility(page)
    matter = page.get_by_label("Ärendet", exact=True)
    matter.fill("Ansökan från Anna Andersson, 811218-9876, om bidrag.")
    matter.evaluate("(el) => { const start = el.value.indexOf('Anna'); el.setSelectionRange(start, start + 14); }")
    page.get_by_role("button", name="Maskera markerad text i Ärendet").click()
    expect(matter).to_have_value("Ansökan från [[Anna Andersson]], 811218-9876, om bidrag.")
    expect(page.get_by_role("status").filter(has_text="maskeras när protokollet publiceras")).to_be_visible()
    page.get_by_role("button", name="Spara paragrafen").click()
    # The personnummer stops the save at the field; kept as typed, it is masked automatically when published.
    expect(page.locator("#id_matter_personal")).to_contain_text("Fältet innehåller ett personnummer (811218-9876)")
    check_accessibility(page)
    page.get_by_role("button", name="Spara som det är").click()
    expect(page.get_by_text("§ 1 är sparad.")).to_be_visible()

    page.get_by_role("link", name="Granska maskning").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Granska maskning")
    expect(
        page.get_by_text("1 personnummer/samordningsnummer maskeras automatiskt, 1 uppgift är markerad")
    ).to_be_visible()
    original = page.locator(".preview-column--original").first
    public = page.locator(".preview-column--public").first
    expect(original.locator("mark.mask--identity")).to_have_text("811218-9876")
    expect(original.locator("mark.mask--manual")).to_have_text("Anna Andersson")
    expect(public).to_contain_text("Ansökan från [personuppgift maskerad], [personnummer maskerat], om bidrag.")
    expect(public).not_to_contain_text("811218-9876")
    expect(public).not_to_contain_text("Anna Andersson")
    check_accessibility(page)

    page.get_by_role("link", name="Justera", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Justera protokollet")
    expect(page.get_by_label("Justeringsdatum")).to_have_value(timezone.localdate().isoformat())
    check_accessibility(page)
    page.get_by_role("button", name="Registrera justeringen").click()
    expect(page.get_by_text("Protokollet är justerat.")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra § 1", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Anslå på anslagstavlan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anslå protokollet")
    last_day = sv_date(appeal_last_day(timezone.localdate()))
    expect(page.locator(".facts")).to_contain_text(last_day)
    check_accessibility(page)
    page.get_by_role("button", name="Anslå på anslagstavlan").click()
    expect(page.get_by_text(f"Sista dag för överklagande är {last_day}.")).to_be_visible()
    expect(page.get_by_role("link", name="Gör en rättelse")).to_be_visible()
    assert Posting.objects.get().protocol_id == protocol.pk
    check_accessibility(page)

    page.get_by_role("link", name="Se protokollet som allmänheten ser det").click()
    expect(page.locator("main")).to_contain_text("[personnummer maskerat]")
    expect(page.locator("main")).not_to_contain_text("811218-9876")
    expect(page.locator("main")).not_to_contain_text("Anna Andersson")


def test_paragraph_form_works_without_javascript(browser, live_server, protocol):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    log_in(page, "karin", next_path=f"/redigera/protokoll/{protocol.pk}/paragrafer/ny/")
    expect(page.get_by_role("button", name=re.compile("Maskera markerad text"))).to_have_count(0)
    page.get_by_label("Rubrik").fill("Anmälningar")
    page.get_by_label("Beslut", exact=True).fill("Bidrag till [[Per Holm]].")
    page.get_by_role("button", name="Spara paragrafen").click()
    expect(page.get_by_text("§ 3 är tillagd.")).to_be_visible()
    assert protocol.paragraphs.get(number=3).decision == "Bidrag till [[Per Holm]]."
    context.close()


def test_header_delete_correction_and_history_pages_are_accessible(page, protocol, check_accessibility):
    log_in(page, "karin", next_path=f"/redigera/protokoll/{protocol.pk}/andra/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ändra uppgifter om protokollet")
    page.get_by_label("Beslutande (fritext)").fill("Marie Johansson (S)\nJan [[Berg")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text("Beslutande (fritext): En markering för maskering")
    check_accessibility(page)

    paragraph = protocol.paragraphs.get(number=1)
    page.goto(f"/redigera/paragrafer/{paragraph.pk}/ta-bort/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ta bort § 1")
    check_accessibility(page)
    page.get_by_role("button", name="Ta bort § 1").click()
    expect(page.get_by_text("§ 1 ”Bidrag till föreningar” är borttagen.")).to_be_visible()

    page.goto(f"/redigera/protokoll/{protocol.pk}/historik/")
    expect(page.locator("ol.history li").first).to_contain_text("Paragraf § 1 borttagen")
    check_accessibility(page)

    Protocol.objects.filter(pk=protocol.pk).update(adjusted_on=timezone.localdate())
    Posting.objects.create(
        protocol=protocol,
        posted_on=timezone.localdate(),
        appeal_last_day=appeal_last_day(timezone.localdate()),
        taken_down_on=appeal_last_day(timezone.localdate()) + dt.timedelta(days=1),
    )
    page.goto(f"/redigera/protokoll/{protocol.pk}/rattelse/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gör en rättelse")
    check_accessibility(page)
    page.get_by_label("Om rättelsen").fill("Beslutet i § 2 var felskrivet.")
    page.get_by_role("button", name="Skapa rättad version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")
    check_accessibility(page)
