"""In a real browser: the secretary types a personnummer into a proposal, is warned at the field, masks it with one
click, and sees on the publish confirmation everything that will be masked. axe-core checks both pages, and both
reflow on a 320 px screen."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem
from tests.browser.helpers import assert_reflows_at_320_px, log_in
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, secretary_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "811218-9876"


@pytest.fixture
def item(eager_celery) -> AgendaItem:
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    secretary_of(body, username="karin", first_name="Karin", last_name="Lund")
    meeting = MeetingFactory(
        body=body, start=timezone.now() + dt.timedelta(days=14), place="Stadshuset, hos [[Anna Berg]]"
    )
    return AgendaItemFactory(
        meeting=meeting, position=1, number="1", title="Bidrag till föreningar", proposal="Att bevilja bidraget."
    )


def test_the_secretary_is_warned_at_the_field_masks_and_sees_the_masking_list(page, item, check_accessibility):
    log_in(page, "karin", next_path=f"/redigera/arenden/{item.pk}/andra/")
    proposal = page.get_by_label("Förslag till beslut")
    proposal.fill(f"Att bevilja sökande {NUMBER} bidraget.")
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Formuläret innehåller personnummer")
    note = page.locator("#id_proposal_personal")
    expect(note).to_contain_text(
        f"Fältet innehåller ett personnummer ({NUMBER}). Det visas som [personnummer maskerat] för allmänheten."
    )
    expect(proposal).to_have_attribute("aria-describedby", "id_proposal_personal")
    assert AgendaItem.objects.get(pk=item.pk).proposal == "Att bevilja bidraget."  # nothing saved yet
    check_accessibility(page)
    assert_reflows_at_320_px(page)

    page.get_by_role("button", name="Maskera och spara").click()
    expect(page.get_by_role("status")).to_contain_text("Ärendet är sparat.")
    assert AgendaItem.objects.get(pk=item.pk).proposal == f"Att bevilja sökande [[{NUMBER}]] bidraget."

    page.get_by_role("link", name="Publicera ärendelistan").click()
    listing = page.get_by_role("region", name="Det här maskeras för allmänheten")
    expect(listing).to_contain_text("Sammanträdet, plats: Anna Berg")
    expect(listing).to_contain_text(f"Ärende 1, förslag till beslut: {NUMBER}")
    expect(listing).to_contain_text("[personuppgift maskerad]")
    check_accessibility(page)
    assert_reflows_at_320_px(page)
