"""The whole journey of issue 3 in one browser: a secretary prepares, publishes, writes, masks, adjusts and posts;
then an anonymous visitor reads the agenda, the masked protocol and the notice board, and downloads the PDF.

Time is frozen (ticking) on Friday 4 June 2027, so the appeal date can be checked by hand: three weeks later is
Friday 25 June 2027, midsommarafton, so the last day moves past midsommardagen and the Sunday to Monday 28 June.
The date lies after the machine's real date on purpose: cookies the frozen server sets must not look expired to the
real browser.
"""

import datetime as dt
import io
import re
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import PASSWORD, BodyFactory, make_pdf, secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PERSONNUMMER = "19811218-9876"


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2027, 6, 4, 9, 0, tzinfo=STOCKHOLM), tick=True):
        yield


@pytest.fixture
def kommunstyrelsen():
    body = BodyFactory(
        name="Kommunstyrelsen",
        slug="kommunstyrelsen",
        kind="board",
        default_start_time=dt.time(14, 15),
        default_place="Stadshuset, sessionssalen",
    )
    secretary_of(body, username="karin", first_name="Karin", last_name="Lund")
    return body


def test_from_agenda_to_masked_protocol_on_the_notice_board(
    frozen, kommunstyrelsen, page, anonymous_page, live_server, check_accessibility
):
    # --- The secretary logs in and creates the meeting (time and place from the body) ---
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill("karin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Nytt sammanträde för Kommunstyrelsen").click()
    page.get_by_label("Datum").fill("2027-06-01")
    page.get_by_role("button", name="Skapa sammanträdet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sammanträde tisdag 1 juni 2027 kl. 14.15")
    meeting_path = page.url.replace(live_server.url, "")
    meeting_id = re.search(r"/sammantraden/(\d+)/", meeting_path).group(1)

    # --- Two agenda items ---
    page.get_by_role("link", name="Lägg till ärende").click()
    page.get_by_label("Rubrik").fill("Bidrag till föreningar 2027")
    page.get_by_label("Diarienummer").fill("Ks 181/2027")
    page.get_by_label("Förslag till beslut").fill("Kommunstyrelsen beslutar att bevilja bidragen enligt bilaga.")
    page.get_by_role("button", name="Lägg till och skriv nästa").click()
    page.get_by_label("Rubrik").fill("Motion om cykelvägar")
    page.get_by_role("button", name="Lägg till", exact=True).click()

    # --- A PDF for the first item ---
    page.get_by_role("link", name="Ladda upp handling till ärende 1").click()
    page.get_by_label("Titel").fill("Tjänsteskrivelse bidrag")
    page.get_by_label("Typ av handling").select_option("tjansteskrivelse")
    page.get_by_label("PDF-fil").set_input_files(
        {"name": "ts.pdf", "mimeType": "application/pdf", "buffer": make_pdf("Tjänsteskrivelse om bidrag")}
    )
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.get_by_role("status")).to_contain_text("Handlingen ”Tjänsteskrivelse bidrag” är uppladdad.")

    # --- Before publishing, citizens see the date and nothing else ---
    anonymous = anonymous_page
    anonymous.goto(f"/sammantraden/{meeting_id}/")
    expect(anonymous.get_by_text("Ärendelistan är inte publicerad ännu.")).to_be_visible()
    expect(anonymous.get_by_text("Bidrag till föreningar 2027")).to_have_count(0)

    # --- Publish the agenda ---
    page.get_by_role("link", name="Publicera ärendelistan").click()
    page.get_by_role("button", name="Publicera ärendelistan").click()
    expect(page.get_by_role("status")).to_contain_text("Ärendelistan är publicerad.")

    # --- The protocol: prefilled from the agenda; a personnummer goes into § 1 ---
    page.get_by_role("button", name="Skriv protokoll").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll")
    page.get_by_role("link", name="Ändra uppgifterna om protokollet").click()
    page.get_by_label("Ordförande").fill("Marie Johansson (S)")
    page.get_by_label("Sekreterare").fill("Karin Lund")
    page.get_by_label("Justerare").fill("Jan Berg (M)")
    page.get_by_label("Beslutande (fritext)").fill("Marie Johansson (S), ordförande\nJan Berg (M)\nLena Ek (C)")
    page.get_by_role("button", name="Spara").click()

    page.get_by_role("link", name="Ändra § 1", exact=True).click()
    page.get_by_label("Ärendet", exact=True).fill(
        f"Föreningen har sökt bidrag. Kontaktperson är [[Anna Andersson]], personnummer {PERSONNUMMER}, "
        "och beslutet gäller bidrag om 125 000 kronor enligt Ks 181/2027."
    )
    page.get_by_role("button", name="Spara paragrafen").click()
    # The personnummer stops the save at the field; kept as typed, it is masked automatically when published.
    expect(page.locator("#id_matter_personal")).to_contain_text("Fältet innehåller ett personnummer")
    page.get_by_role("button", name="Spara som det är").click()
    page.get_by_role("link", name="Ändra § 2", exact=True).click()
    page.get_by_label("Beslut", exact=True).fill("Kommunstyrelsen beslutar att motionen är besvarad.")
    page.get_by_role("button", name="Spara paragrafen").click()

    # --- Preview the masking: original highlighted beside the public version ---
    page.get_by_role("link", name="Granska maskning").first.click()
    expect(page.locator("mark.mask--identity[title]")).to_have_text(PERSONNUMMER)
    expect(page.locator("mark.mask--manual[title]")).to_have_text("Anna Andersson")
    expect(page.get_by_text("[personnummer maskerat]").first).to_be_visible()
    check_accessibility(page)

    # --- Adjust and post ---
    page.get_by_role("link", name="Tillbaka till protokollet").click()
    page.get_by_role("link", name="Registrera justering på papper").click()
    page.get_by_role("button", name="Registrera justeringen").click()
    expect(page.get_by_text("Protokollet är justerat.")).to_be_visible()
    page.get_by_role("link", name="Anslå på anslagstavlan").click()
    page.get_by_role("button", name="Anslå på anslagstavlan").click()
    expect(page.get_by_text("Sista dag för överklagande är måndag 28 juni 2027.")).to_be_visible()

    # --- An anonymous visitor: the agenda ---
    anonymous.goto(f"/sammantraden/{meeting_id}/")
    expect(anonymous.get_by_role("heading", name="1. Bidrag till föreningar 2027")).to_be_visible()
    expect(anonymous.get_by_role("link", name=re.compile("Tjänsteskrivelse bidrag"))).to_be_visible()
    check_accessibility(anonymous)

    # --- The masked protocol page ---
    anonymous.get_by_role("link", name=re.compile(r"^Protokoll")).first.click()
    main = anonymous.get_by_role("main")
    expect(main).to_contain_text("Föreningen har sökt bidrag.")
    expect(main).to_contain_text("125 000 kronor enligt Ks 181/2027")
    expect(main).to_contain_text("[personnummer maskerat]")
    expect(main).not_to_contain_text("811218")
    expect(main).not_to_contain_text("Anna Andersson")
    check_accessibility(anonymous)

    # --- The PDF: its text layer has everything but the masked data ---
    pdf_link = anonymous.get_by_role("link", name=re.compile("pdf", re.IGNORECASE)).first
    response = anonymous.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = "\n".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(response.body())).pages)
    flat = " ".join(text.split())
    assert "811218" not in flat.replace(" ", "") and "9876" not in flat
    assert "Anna Andersson" not in flat
    assert "Föreningen har sökt bidrag." in flat
    assert "Kommunstyrelsen beslutar att motionen är besvarad." in flat
    assert "[personnummer maskerat]" in flat

    # --- The notice board, with the dates the law gives ---
    anonymous.goto("/anslagstavla/")
    row = anonymous.get_by_role("row").filter(has_text="Kommunstyrelsen")
    expect(row).to_contain_text("fredag 4 juni 2027")  # Anslaget publicerat
    expect(row).to_contain_text("måndag 28 juni 2027")  # Sista dag för överklagande
    expect(row).to_contain_text("tisdag 29 juni 2027")  # Anslaget tas ned
    check_accessibility(anonymous)
