"""The search index holds only what the public projections show: a personnummer (also in full-width digits) or a
`[[marked name]]` in any free-text field is never stored, so it is never found and never shown in a snippet, while the
words around it are found and case numbers and phone numbers stay. Runs on SQLite (the fallback search) and, with
DATABASE_URL set, on PostgreSQL (`test_search_postgres.py` runs the same checks against the full-text search)."""

import pytest

from search.models import SearchEntry
from search.query import search
from tests.api.dirty import FULL_WIDTH, HIDDEN, KEPT, NAME, PERSONNUMMER, SECRET_TITLE, build_dirty_world, dirty
from tests.factories import AnnualReportFactory, SectionFactory

pytestmark = pytest.mark.django_db
Kind = SearchEntry.Kind

# The fields the index reads, by the word that stands before the dirt in them (`tests.api.dirty`), and where.
INDEXED = {
    "body.name": Kind.MEETING,  # in the meetings' titles
    "meeting.place": Kind.MEETING,
    "meeting.status_note": Kind.MEETING,
    "item.title": Kind.AGENDA_ITEM,
    "item.proposal": Kind.AGENDA_ITEM,
    "document.title": Kind.DOCUMENT_PAGE,
    "document.page1": Kind.DOCUMENT_PAGE,
    "document.page2": Kind.DOCUMENT_PAGE,
    "paragraph.title": Kind.PARAGRAPH,
    "paragraph.matter": Kind.PARAGRAPH,
    "paragraph.decision": Kind.PARAGRAPH,
    "paragraph.reservations": Kind.PARAGRAPH,
    "echo.decision": Kind.PARAGRAPH,
    "strategic_area.name": Kind.GOAL_AREA,
    "goal_area.statement": Kind.GOAL_AREA,
    "goal_area.means_intro": Kind.GOAL_AREA,
    "means.text": Kind.GOAL_AREA,
    "indicator.name": Kind.INDICATOR,
    "indicator.description": Kind.INDICATOR,
    "indicator.footnotes": Kind.INDICATOR,
    "policy_area.name": Kind.COMMITMENT,
    "commitment.text": Kind.COMMITMENT,
    "report.title": Kind.REPORT_SECTION,
    "section.heading": Kind.REPORT_SECTION,
    "section.text": Kind.REPORT_SECTION,
}


def build_indexed_world():
    world = build_dirty_world()
    world.words |= {"report.title": "ordreporttitle", "section.heading": "ordsectionheading"}
    world.words |= {"section.text": "ordsectiontext"}
    report = AnnualReportFactory(body=world.body, title=dirty("ordreporttitle"))
    SectionFactory(
        report=report,
        number=f"[[{NAME}]]",  # room for 20 characters
        heading=dirty("ordsectionheading"),
        text=f"Inledning.\n\n- {dirty('ordsectiontext')}\n- **{PERSONNUMMER}**",
    )
    return world


def assert_nothing_personal_is_indexed_or_found(world) -> None:
    entries = list(SearchEntry.objects.all())
    stored = "\n".join(f"{entry.title}\n{entry.text}" for entry in entries)
    for hidden in (*HIDDEN, SECRET_TITLE, "hemligt", "Anna"):
        assert hidden not in stored, hidden
    for kept in KEPT:
        assert kept in stored, kept
    assert "[personnummer maskerat]" in stored and "[personuppgift maskerad]" in stored

    for query in ("9876", "811218", PERSONNUMMER, FULL_WIDTH, "Marked", "Anna", NAME, "Rudbeckia", "hemligt"):
        assert search(query).count == 0, query

    for name, kind in INDEXED.items():
        word = world.words[name]
        result = search(word)
        assert kind in {hit.entry.kind for hit in result.hits}, f"{name}: {word} not found as {kind}"
        for hit in result.hits:
            shown = hit.title_html + hit.snippet_html
            for hidden in (*HIDDEN, "Anna"):
                assert hidden not in shown, (name, hidden, shown)


def test_nothing_personal_is_indexed_or_found_but_the_words_around_it_are():
    assert_nothing_personal_is_indexed_or_found(build_indexed_world())


def test_a_name_marked_once_in_a_protocol_is_masked_in_its_other_paragraphs():
    world = build_dirty_world()

    [echo] = SearchEntry.objects.filter(kind=Kind.PARAGRAPH, object_id=world.echo.pk)
    assert echo.text == "ordeko: [personuppgift maskerad] får bidraget."
    assert search("ordeko").count == 1
    assert search("bidraget Marked").count == 0


def test_a_secret_item_and_paragraph_are_not_indexed():
    world = build_dirty_world()

    assert not SearchEntry.objects.filter(kind=Kind.AGENDA_ITEM, object_id=world.secret_item.pk).exists()
    assert SearchEntry.objects.filter(kind=Kind.PARAGRAPH).count() == 2  # the public paragraph and its echo
    assert not SearchEntry.objects.filter(title__contains="Sekretessärende").exists()


def test_document_pages_are_indexed_masked_one_entry_per_page():
    world = build_dirty_world()

    pages = list(SearchEntry.objects.filter(kind=Kind.DOCUMENT_PAGE).order_by("page"))
    assert [page.page for page in pages] == [1, 2]
    assert pages[0].text.startswith("orddocumentpage1 [personnummer maskerat] [personuppgift maskerad]")
    assert pages[1].title.startswith(world.words["document.title"] + " [personnummer maskerat]")
    assert pages[1].title.endswith(", sida 2")


def test_a_hits_body_and_the_body_filter_show_the_bodys_masked_name():
    world = build_dirty_world()

    result = search(world.words["meeting.place"])
    [hit] = result.hits
    assert hit.body.name.startswith(world.words["body.name"] + " [personnummer maskerat]")
    [body] = result.facets["body"]
    assert body.label == hit.body.name
    for hidden in HIDDEN:
        assert hidden not in body.label


def test_the_search_page_shows_nothing_personal(client):
    world = build_dirty_world()

    html = client.get("/sok/", {"q": world.words["meeting.place"]}).content.decode()
    assert world.words["meeting.place"] in html
    for hidden in HIDDEN:
        assert hidden not in html, hidden
