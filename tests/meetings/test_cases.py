"""The public case pages: /arenden/ lists and filters the cases, /arenden/<nyckel>/ shows a case's path through the
bodies. Only public steps count: a public item on a published agenda, a public paragraph of the latest posted protocol.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.case_steps import case_summary, public_cases
from meetings.models import Body, Case, Posting, ProtocolParagraph
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    local,
    make_document,
    posted_protocol,
)
from tests.meetings.dirty import SECRET_WORDS, assert_clean, page_html

pytestmark = pytest.mark.django_db

NUMBER = "Ks 181/2022"
URL = "/arenden/ks-181-2022/"
Outcome = ProtocolParagraph.Outcome


@pytest.fixture
def bodies():
    board = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind=Body.Kind.BOARD)
    committee = BodyFactory(
        name="Kommunstyrelsens planeringsutskott",
        slug="planeringsutskottet",
        kind=Body.Kind.SUB_COMMITTEE,
        parent=board,
    )
    council = BodyFactory(name="Kommunfullmäktige", slug="kommunfullmaktige", kind=Body.Kind.COUNCIL)
    return {"committee": committee, "board": board, "council": council}


def step(
    body,
    start,
    *,
    number=NUMBER,
    title="Detaljplan för Vivalla",
    outcome="",
    decision=None,
    paragraph=True,
    item_public=True,
    paragraph_public=True,
    published=True,
    proposal="Att godkänna planen.",
    paragraph_number=None,
):
    """A meeting of `body` that handles the case: an item on the agenda and (posted a week later) a paragraph."""
    meeting = MeetingFactory(
        body=body, start=start, agenda_published_at=start - dt.timedelta(days=7) if published else None
    )
    item = AgendaItemFactory(meeting=meeting, title=title, case_number=number, proposal=proposal, is_public=item_public)
    if not paragraph:
        return item, None
    protocol = posted_protocol(posted_on=start.date() + dt.timedelta(days=7), meeting=meeting)
    row = ProtocolParagraphFactory(
        protocol=protocol,
        agenda_item=item,
        case_number=number,
        title=title,
        outcome=outcome,
        is_public=paragraph_public,
        decision=decision or f"{body.name} beslutar att godkänna planen.",
        **({"number": paragraph_number} if paragraph_number else {}),
    )
    return item, row


def three_steps(bodies):
    """Utskott → Kommunstyrelsen → Kommunfullmäktige, created out of date order."""
    kf_item, kf = step(bodies["council"], local(2022, 6, 20), outcome=Outcome.FINAL, paragraph_number=88)
    ks_item, ks = step(bodies["board"], local(2022, 6, 7), outcome=Outcome.FORWARDED, paragraph_number=143)
    pu_item, pu = step(bodies["committee"], local(2022, 5, 24), outcome=Outcome.FORWARDED, paragraph_number=51)
    pu.forwarded_to = ks_item
    pu.save()
    ks.forwarded_to = kf_item
    ks.save()
    make_document(title="Tjänsteskrivelse planeringsutskottet", kind="tjansteskrivelse", agenda_item=pu_item)
    make_document(title="Förslag till fullmäktige", kind="tjansteskrivelse", agenda_item=kf_item)
    return {"items": [pu_item, ks_item, kf_item], "paragraphs": [pu, ks, kf]}


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def steps_html(page: str) -> str:
    return page[page.index('<ol class="case-steps">') : page.index("</ol>", page.index('<ol class="case-steps">'))]


def test_the_case_page_shows_the_steps_in_date_order_across_three_bodies(client, bodies):
    three_steps(bodies)

    page = html(client, URL)
    steps = steps_html(page)
    positions = [steps.index(name) for name in ("planeringsutskott", "Kommunstyrelsen beslutar", "Kommunfullmäktige")]
    assert positions == sorted(positions)
    assert steps.count('<li class="case-step') == 3
    assert '<h1><span class="h1-pre">Ärende Ks 181/2022</span> Detaljplan för Vivalla</h1>' in page
    assert "§ 51 i protokollet" in steps and "§ 143 i protokollet" in steps and "§ 88 i protokollet" in steps
    assert steps.count("Förslag till beslut") == 3
    assert "Tjänsteskrivelse planeringsutskottet" in steps and "Förslag till fullmäktige" in steps
    # The final decision is marked, once, on fullmäktige's step; the forwarded ones say where they went.
    assert steps.count("Slutligt beslut") == 1
    final = steps[steps.index('class="case-step case-step--final"') :]
    assert "Kommunfullmäktige beslutar" in final and "Beslut – ärendet avgjort" in final
    assert steps.count("Förslag till annat organ") == 2
    assert re.search(r'Förslag till <a href="/organ/kommunstyrelsen/">Kommunstyrelsen</a>', steps)
    assert re.search(r'Förslag till <a href="/organ/kommunfullmaktige/">Kommunfullmäktige</a>', steps)
    assert 'Avgjort</span> <time datetime="2022-06-20">' in page
    assert '<link rel="alternate" type="application/atom+xml" href="/arenden/ks-181-2022/flode/"' in page
    assert 'href="/arenden/ks-181-2022/bevaka/">Bevaka ärendet</a>' in page


def test_the_selector_gives_the_steps_in_meeting_order_with_items_paragraphs_and_protocols(bodies):
    world = three_steps(bodies)
    summary = case_summary(Case.objects.get(key="ks-181-2022"))
    assert [s.meeting.body_id for s in summary.steps] == [bodies[k].pk for k in ("committee", "board", "council")]
    assert [s.item.pk for s in summary.steps] == [item.pk for item in world["items"]]
    assert [s.paragraph.pk for s in summary.steps] == [p.pk for p in world["paragraphs"]]
    assert [s.is_final for s in summary.steps] == [False, False, True]
    assert summary.is_decided and summary.decided_on == dt.date(2022, 6, 20)


def test_an_ongoing_case_says_so(client, bodies):
    step(bodies["committee"], local(2022, 5, 24), outcome=Outcome.FORWARDED)
    step(bodies["board"], local(2022, 6, 7), paragraph=False)
    page = html(client, URL)
    assert '<span class="case-status">Pågående</span>' in page and "Slutligt beslut" not in page
    assert "Inget beslut i ärendet från det här sammanträdet är publicerat." in page


def test_secret_items_and_paragraphs_are_not_steps(client, bodies):
    step(bodies["committee"], local(2022, 5, 24), outcome=Outcome.FORWARDED)
    # Kommunstyrelsen handled the case behind closed doors: neither the item nor the paragraph is a step.
    step(bodies["board"], local(2022, 6, 7), item_public=False, paragraph_public=False, outcome=Outcome.FINAL)

    page = html(client, URL)
    assert "Kommunstyrelsen beslutar" not in page and "7 juni 2022" not in page
    assert "Sekretessärende" not in page and "Slutligt beslut" not in page
    assert steps_html(page).count('<li class="case-step') == 1
    assert "Pågående" in page


def test_a_case_with_only_secret_steps_has_no_page_and_no_row(client, bodies):
    step(bodies["board"], local(2022, 6, 7), item_public=False, paragraph_public=False, outcome=Outcome.FINAL)
    step(bodies["committee"], local(2022, 5, 24), number="Ks 5/2022")
    case = Case.objects.get(key="ks-181-2022")
    case.title = "Registratorns rubrik"
    case.save()

    html(client, URL, status=404)
    html(client, URL + "flode/", status=404)
    listing = html(client, "/arenden/")
    assert "Ks 5/2022" in listing and NUMBER not in listing and "Registratorns rubrik" not in listing
    assert not public_cases().filter(key="ks-181-2022").exists()


def test_an_unpublished_agenda_is_not_a_step(client, bodies):
    step(bodies["board"], local(2022, 6, 7), published=False, paragraph=False)
    html(client, URL, status=404)

    step(bodies["committee"], local(2022, 5, 24), paragraph=False)
    page = html(client, URL)
    assert "planeringsutskott" in page and "7 juni 2022" not in page


def test_a_public_paragraph_is_a_step_even_when_its_item_is_secret(client, bodies):
    step(bodies["board"], local(2022, 6, 7), item_public=False, outcome=Outcome.FINAL)
    page = html(client, URL)
    assert "Kommunstyrelsen beslutar" in page and "Slutligt beslut" in page
    assert "Förslag till beslut" not in page  # the secret item's proposal is not shown


def test_only_the_latest_posted_protocol_version_counts(client, bodies):
    meeting = MeetingFactory(body=bodies["board"], start=local(2022, 6, 7), agenda_published_at=local(2022, 6, 1))
    first = posted_protocol(posted_on=dt.date(2022, 6, 14), meeting=meeting)
    ProtocolParagraphFactory(protocol=first, case_number=NUMBER, title="Detaljplan", decision="Gammalt beslut.")
    # Version 2 adjusted but not yet posted: version 1 still stands.
    second = ProtocolFactory(meeting=meeting, version=2, adjusted_on=dt.date(2022, 6, 20), correction_note="Rättat.")
    ProtocolParagraphFactory(protocol=second, case_number=NUMBER, title="Detaljplan", decision="Nytt beslut.")

    page = html(client, URL)
    assert "Gammalt beslut." in page and "Nytt beslut." not in page

    Posting.objects.create(
        protocol=second,
        posted_on=dt.date(2022, 6, 21),
        appeal_last_day=dt.date(2022, 7, 12),
        taken_down_on=dt.date(2022, 7, 13),
    )
    page = html(client, URL)
    assert "Nytt beslut." in page and "Gammalt beslut." not in page
    assert f'href="{second.get_absolute_url()}#paragraf-' in page


def test_a_correction_that_drops_the_case_ends_the_step(client, bodies):
    meeting = MeetingFactory(body=bodies["board"], start=local(2022, 6, 7))
    first = posted_protocol(posted_on=dt.date(2022, 6, 14), meeting=meeting)
    ProtocolParagraphFactory(protocol=first, case_number=NUMBER, title="Detaljplan")
    html(client, URL)
    second = posted_protocol(posted_on=dt.date(2022, 6, 21), meeting=meeting, version=2, correction_note="Fel ärende.")
    ProtocolParagraphFactory(protocol=second, case_number="Ks 7/2022", title="Detaljplan")
    html(client, URL, status=404)


def test_the_title_comes_from_the_first_public_step_masked(client, bodies):
    step(bodies["board"], local(2022, 6, 7), title="Ny rubrik i Kommunstyrelsen")
    step(bodies["committee"], local(2022, 5, 24), title="Bostadsanpassning för 811218-9876")
    step(bodies["committee"], local(2022, 5, 10), title="Hemlig rubrik", item_public=False, paragraph_public=False)
    case = Case.objects.get(key="ks-181-2022")
    case.title = "Registratorns rubrik"
    case.save()

    for page in (html(client, URL), html(client, "/arenden/")):
        assert "Bostadsanpassning för [personnummer maskerat]" in page
        assert "811218" not in page and "Registratorns rubrik" not in page and "Hemlig rubrik" not in page


def test_a_name_marked_anywhere_in_the_protocol_is_masked_in_the_decision(client, bodies):
    meeting = MeetingFactory(body=bodies["board"], start=local(2022, 6, 7))
    protocol = posted_protocol(posted_on=dt.date(2022, 6, 14), meeting=meeting)
    ProtocolParagraphFactory(protocol=protocol, number=1, title="Anmälan", matter="Från [[Ida Qvarnström]].")
    ProtocolParagraphFactory(
        protocol=protocol, number=2, case_number=NUMBER, title="Bidrag", decision="Ida Qvarnström får bidrag."
    )
    page = html(client, URL)
    assert "Qvarnström" not in page and "får bidrag" in page


def test_the_list_shows_number_title_bodies_date_and_status(client, bodies):
    three_steps(bodies)
    step(bodies["committee"], local(2023, 2, 1), number="Ks 12/2023", title="Ny simhall", outcome=Outcome.FORWARDED)

    page = html(client, "/arenden/")
    assert "2 ärenden" in page
    assert "<caption" in page and '<th scope="col">Diarienummer</th>' in page
    assert '<th scope="row"><a href="/arenden/ks-12-2023/">Ks 12/2023</a></th>' in page
    assert page.index("Ks 12/2023") < page.index(NUMBER)  # the last handled first
    row = page[page.index(NUMBER) :]
    row = row[: row.index("</tr>")]
    assert "Detaljplan för Vivalla" in row
    assert "Kommunstyrelsens planeringsutskott, Kommunstyrelsen, Kommunfullmäktige" in row
    assert "20 juni 2022" in row and "Avgjort" in row


def test_the_list_filters_by_status(client, bodies):
    three_steps(bodies)
    step(bodies["committee"], local(2023, 2, 1), number="Ks 12/2023", outcome=Outcome.FORWARDED)

    decided = html(client, "/arenden/?status=avgjort")
    assert NUMBER in decided and "Ks 12/2023" not in decided and "1 ärende" in decided
    ongoing = html(client, "/arenden/?status=pagaende")
    assert NUMBER not in ongoing and "Ks 12/2023" in ongoing


def test_the_list_filters_by_year_and_body(client, bodies):
    three_steps(bodies)
    step(bodies["board"], local(2023, 2, 1), number="Ks 12/2023")
    other = BodyFactory(name="Tekniska nämnden", slug="tekniska-namnden")
    step(other, local(2023, 3, 1), number="Tn 3/2023")

    by_year = html(client, "/arenden/?ar=2022")
    assert NUMBER in by_year and "Ks 12/2023" not in by_year and "Tn 3/2023" not in by_year
    assert '<option value="2023">2023</option>' in by_year

    council = html(client, "/arenden/?organ=kommunfullmaktige")
    assert NUMBER in council and "Ks 12/2023" not in council and "Tn 3/2023" not in council
    board_2023 = html(client, "/arenden/?organ=kommunstyrelsen&ar=2023")
    assert "Ks 12/2023" in board_2023 and NUMBER not in board_2023 and "Tn 3/2023" not in board_2023
    # A body is offered only where a case has a public step.
    BodyFactory(name="Valnämnden", slug="valnamnden")
    assert "Valnämnden" not in html(client, "/arenden/")


def test_a_secret_step_does_not_put_the_case_under_that_body(client, bodies):
    step(bodies["committee"], local(2022, 5, 24))
    step(bodies["board"], local(2022, 6, 7), item_public=False, paragraph_public=False)
    step(bodies["board"], local(2022, 6, 7) + dt.timedelta(hours=1), number="Ks 9/2022")
    page = html(client, "/arenden/?organ=kommunstyrelsen")
    assert "Ks 9/2022" in page and NUMBER not in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("status=kanske", "status", "Status: välj pågående eller avgjort."),
        ("ar=abc", "ar", "År: det finns inga ärenden från det året. Välj ett år i listan."),
        ("ar=1999", "ar", "År: det finns inga ärenden från det året."),
        ("organ=finns-inte", "organ", "Organ: det finns inga ärenden hos ett sådant organ. Välj ett i listan."),
        ("organ=" + "x" * 3000, "organ", "Organ: det finns inga ärenden hos ett sådant organ."),
    ],
)
def test_a_bad_filter_value_is_named_at_its_field_and_the_page_still_works(client, bodies, query, field, message):
    step(bodies["committee"], local(2022, 5, 24))
    page = html(client, f"/arenden/?{query}")
    assert message in page
    assert f'<p class="error" id="id_{field}-fel">' in page
    assert re.search(rf'aria-describedby="id_{field}-fel"[^>]*aria-invalid="true"', page) or re.search(
        rf'aria-invalid="true"[^>]*aria-describedby="id_{field}-fel"', page
    )
    assert NUMBER in page  # the rest of the filter still applies


def test_the_empty_list_says_so(client):
    page = html(client, "/arenden/")
    assert "0 ärenden" in page and "Inga ärenden matchar filtret." in page and "<table" not in page


@pytest.mark.parametrize("key", ["KS-181-22", "Ks-181-2022", "ks181-2022", "KS%20181%2022"])
def test_a_key_in_another_notation_redirects_to_the_canonical_address(client, bodies, key):
    step(bodies["board"], local(2022, 6, 7))
    response = client.get(f"/arenden/{key}/")
    assert response.status_code == 301 and response["Location"] == URL
    feed = client.get(f"/arenden/{key}/flode/")
    assert feed.status_code == 301 and feed["Location"] == URL + "flode/"


@pytest.mark.parametrize("key", ["ks-182-2022", "ks-181", "²", "x" * 3000, "ks-181-2202"])
def test_an_unknown_or_unreadable_key_is_404(client, bodies, key):
    step(bodies["board"], local(2022, 6, 7))
    assert client.get(f"/arenden/{key}/").status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _cases(bodies, count: int, *, offset: int = 0) -> None:
    for n in range(offset, offset + count):
        item, _paragraph = step(bodies["board"], local(2022, 1, 3) + dt.timedelta(days=n), number=f"Ks {n + 1}/2022")
        make_document(title=f"Handling {n}", kind="tjansteskrivelse", agenda_item=item)


@pytest.mark.parametrize("url", ["/arenden/", "/arenden/?organ=kommunstyrelsen&ar=2022&status=pagaende"])
def test_the_list_runs_the_same_queries_for_1_and_5_cases(client, bodies, url):
    _cases(bodies, 1)
    few = _queries(client, url)
    _cases(bodies, 4, offset=1)
    assert "5 ärenden" in html(client, url)
    assert _queries(client, url) == few


def test_the_case_page_runs_the_same_queries_for_1_and_5_steps(client, bodies):
    meetings = [(bodies["committee"], 0)] + [(bodies["board"], n) for n in range(1, 5)]
    first_body, _day = meetings[0]
    item, _paragraph = step(first_body, local(2022, 1, 3))
    make_document(title="Handling 0", kind="tjansteskrivelse", agenda_item=item)
    few = _queries(client, URL)
    for body, n in meetings[1:]:
        item, _paragraph = step(body, local(2022, 1, 3) + dt.timedelta(days=7 * n), title=f"Steg {n}")
        make_document(title=f"Handling {n}", kind="tjansteskrivelse", agenda_item=item)
    assert steps_html(html(client, URL)).count('<li class="case-step') == 5
    assert _queries(client, URL) == few
    assert few <= 12


def test_a_case_created_from_a_secret_item_takes_its_title_from_the_public_step(client, bodies):
    """A case created from a secret item has no title; its public title comes from the later public step."""
    step(bodies["committee"], local(2022, 5, 24), title="Hemlig rubrik", item_public=False, paragraph=False)
    assert Case.objects.get(key="ks-181-2022").title == ""
    step(bodies["board"], local(2022, 6, 7), title="Offentlig rubrik")
    page = html(client, URL)
    assert "Offentlig rubrik" in page and "Hemlig rubrik" not in page


def test_the_case_surfaces_mask_every_text_staff_wrote(client, dirty_protocol, dirt):
    """The dirty meeting and its corrected protocol (tests/meetings/dirty.py): every text holds a personnummer and a
    marked name; the case page, the list, the feed and the search best bet show neither, and the secret item's case
    (Ks 99/2024, "Förvärv av Vivallagården") exists nowhere."""
    for url in (URL, "/arenden/", URL + "flode/", "/sok/?q=KS+181/22"):
        page = page_html(client, url)
        assert_clean(page, dirt, survivors=(NUMBER,), where=url)
        for word in SECRET_WORDS:
            assert word not in page, url
    page = page_html(client, URL)
    assert f'href="{dirty_protocol.get_absolute_url()}#paragraf-112"' in page  # the corrected version's paragraph
    assert client.get("/arenden/ks-99-2024/").status_code == 404


def test_the_case_page_shows_the_commitments_whose_updates_rest_on_its_public_items(client, bodies):
    from goals.models import CommitmentStatus, CommitmentUpdate
    from tests.factories import CommitmentFactory

    public_item, _paragraph = step(bodies["board"], local(2022, 6, 7))
    secret_item, _secret = step(bodies["committee"], local(2022, 5, 24), item_public=False, paragraph_public=False)
    linked = CommitmentFactory(text="Fler bostäder i Vivalla")
    through_secret = CommitmentFactory(text="Hemlig affär")
    elsewhere = CommitmentFactory(text="Ny simhall")
    for commitment, item in ((linked, public_item), (through_secret, secret_item), (elsewhere, None)):
        update = CommitmentUpdate.objects.create(
            commitment=commitment, date=dt.date(2022, 6, 10), status=CommitmentStatus.IN_PROGRESS
        )
        if item is not None:
            update.agenda_items.add(item)

    page = html(client, URL)
    section = page[page.index('id="rubrik-ataganden"') :]
    assert f'<a href="/mal/plattform/atagande/{linked.pk}/">Fler bostäder i Vivalla</a>' in section
    assert '<span class="case-status">Pågår</span>' in section
    assert "Hemlig affär" not in page and "Ny simhall" not in page


def test_a_case_without_linked_commitments_has_no_platform_section(client, bodies):
    step(bodies["board"], local(2022, 6, 7))
    assert "rubrik-ataganden" not in html(client, URL)
