"""What the search index holds: everything public, as the public sees it, and nothing else — kept current."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Posting, Proposal, Statement, Vote
from meetings.services import agenda_item_update, agenda_publish, document_update
from search.indexing import search_reindex_all
from search.models import SearchEntry
from search.query import search
from tests.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    CommitmentFactory,
    GoalAreaFactory,
    IndicatorFactory,
    MeetingFactory,
    MembershipFactory,
    ProtocolFactory,
    ProtocolParagraphFactory,
    SectionFactory,
    local,
    posted_protocol,
)

from .helpers import document_with_text, indexed

pytestmark = pytest.mark.django_db
Kind = SearchEntry.Kind
PERSONNUMMER = "811218-9876"


def test_public_agenda_item_is_indexed_with_its_meeting():
    meeting = MeetingFactory(start=local(2024, 3, 12), agenda_published_at=timezone.now())
    item = AgendaItemFactory(meeting=meeting, title="Budget 2025 för räddningstjänsten", proposal="Nämnden föreslås …")

    [entry] = indexed(Kind.AGENDA_ITEM)
    assert (entry.object_id, entry.title, entry.body_id) == (item.pk, item.title, item.meeting.body_id)
    assert entry.url == item.meeting.get_absolute_url()
    assert entry.year == 2024 and "föreslås" in entry.text
    assert indexed(Kind.MEETING, object_id=item.meeting_id)


def test_items_of_an_unpublished_agenda_are_not_indexed_until_it_is_published():
    meeting = MeetingFactory(agenda_published_at=None)
    AgendaItemFactory(meeting=meeting, title="Förskola i Vivalla")

    assert indexed(Kind.AGENDA_ITEM) == []
    assert search("Vivalla").count == 0

    agenda_publish(meeting=meeting)

    assert [entry.title for entry in indexed(Kind.AGENDA_ITEM)] == ["Förskola i Vivalla"]


def test_a_non_public_item_and_its_documents_are_never_indexed():
    item = AgendaItemFactory(title="Förvärv av fastighet Rudbeck 7", is_public=False)
    document_with_text("Köpeskilling för Rudbeck", agenda_item=item, title="Värdering")

    assert indexed(Kind.AGENDA_ITEM) == [] and indexed(Kind.DOCUMENT_PAGE) == []
    assert search("Rudbeck").count == 0


def test_making_an_item_secret_removes_it_and_its_documents():
    item = AgendaItemFactory(title="Detaljplan för Rudbeck")
    document_with_text("Planbeskrivning Rudbeck", agenda_item=item)
    assert indexed(Kind.AGENDA_ITEM) and indexed(Kind.DOCUMENT_PAGE)

    agenda_item_update(item=item, is_public=False)

    assert indexed(Kind.AGENDA_ITEM) == [] and indexed(Kind.DOCUMENT_PAGE) == []


def test_document_pages_are_indexed_one_entry_per_page():
    meeting = MeetingFactory(agenda_published_at=timezone.now())
    document = document_with_text("Första sidan om skolor\fAndra sidan om brandkåren\f  ", meeting=meeting)

    entries = indexed(Kind.DOCUMENT_PAGE)
    assert [(e.object_id, e.page) for e in entries] == [(document.pk, 1), (document.pk, 2)]
    assert entries[1].url.endswith("#page=2") and "brandkåren" in entries[1].text


def test_an_unpublished_document_is_not_indexed_and_withdrawing_one_removes_it():
    meeting = MeetingFactory(agenda_published_at=timezone.now())
    document = document_with_text("Avtal om snöröjning", meeting=meeting)
    assert indexed(Kind.DOCUMENT_PAGE)

    document_update(document=document, title=document.title, kind=document.kind, is_published=False)

    assert indexed(Kind.DOCUMENT_PAGE) == []
    assert search("snöröjning").count == 0


def test_documents_of_a_meeting_without_published_agenda_are_not_indexed():
    meeting = MeetingFactory(agenda_published_at=None)
    document_with_text("Hemlig bilaga om snöröjning", meeting=meeting)

    assert indexed(Kind.DOCUMENT_PAGE) == []


def test_protocol_paragraph_is_indexed_masked_and_the_personnummer_gives_no_hit():
    protocol = posted_protocol(posted_on=dt.date(2024, 3, 4))
    paragraph = ProtocolParagraphFactory(
        protocol=protocol,
        title="Ansökan om bostadsanpassning",
        matter=f"Sökande [[Anna Andersson]], personnummer {PERSONNUMMER}, ansöker om ramp.",
        decision="Nämnden beviljar ansökan.",
    )

    [entry] = indexed(Kind.PARAGRAPH)
    assert entry.object_id == paragraph.pk
    assert PERSONNUMMER not in entry.text and "Anna" not in entry.text
    assert "[personnummer maskerat]" in entry.text and "[personuppgift maskerad]" in entry.text
    assert entry.url.endswith(f"#paragraf-{paragraph.number}")
    assert search(PERSONNUMMER).count == 0
    assert search("811218").count == 0
    assert search("Andersson").count == 0
    assert search("bostadsanpassning").count == 1


def test_paragraphs_of_unposted_protocols_and_secret_paragraphs_are_not_indexed():
    draft = ProtocolFactory()
    ProtocolParagraphFactory(protocol=draft, title="Utkast om badhuset")
    posted = posted_protocol(posted_on=dt.date(2024, 3, 4))
    ProtocolParagraphFactory(protocol=posted, title="Sekretess om badhuset", is_public=False)

    assert indexed(Kind.PARAGRAPH) == []


def test_posting_a_protocol_indexes_its_paragraphs_and_a_new_version_replaces_them():
    protocol = ProtocolFactory(adjusted_on=dt.date(2024, 3, 4))
    ProtocolParagraphFactory(protocol=protocol, number=1, title="Badhuset i Örebro")
    assert indexed(Kind.PARAGRAPH) == []

    Posting.objects.create(
        protocol=protocol,
        posted_on=dt.date(2024, 3, 4),
        appeal_last_day=dt.date(2024, 3, 25),
        taken_down_on=dt.date(2024, 3, 26),
    )
    assert [e.title for e in indexed(Kind.PARAGRAPH)] == ["§ 1 Badhuset i Örebro"]

    correction = ProtocolFactory(
        meeting=protocol.meeting, version=2, correction_note="Rubriken rättad.", adjusted_on=dt.date(2024, 3, 5)
    )
    ProtocolParagraphFactory(protocol=correction, number=1, title="Badhuset vid Rudbeck")
    Posting.objects.create(
        protocol=correction,
        posted_on=dt.date(2024, 3, 5),
        appeal_last_day=dt.date(2024, 3, 26),
        taken_down_on=dt.date(2024, 3, 27),
    )
    assert [e.title for e in indexed(Kind.PARAGRAPH)] == ["§ 1 Badhuset vid Rudbeck"]


def test_updating_content_updates_the_index_and_deleting_removes_it():
    item = AgendaItemFactory(title="Gammal rubrik")
    agenda_item_update(item=item, title="Ny rubrik om simhall")
    assert [e.title for e in indexed(Kind.AGENDA_ITEM)] == ["Ny rubrik om simhall"]

    item.delete()
    assert indexed(Kind.AGENDA_ITEM) == []


def test_goals_commitments_and_report_sections_are_indexed():
    area = GoalAreaFactory(statement="Örebro ska vara en trygg kommun")
    indicator = IndicatorFactory(name="Andel trygga invånare", description="Enkät om trygghet.")
    commitment = CommitmentFactory(text="En miljard ska satsas på trygghet.")
    section = SectionFactory(heading="Förskolan i Vivalla", text="Fler platser i **Vivalla**.")

    by_kind = {e.kind: e for e in SearchEntry.objects.all()}
    assert by_kind[Kind.GOAL_AREA].url == f"/mal/omrade/{area.slug}/"
    assert by_kind[Kind.INDICATOR].body_id == indicator.owner_id
    assert by_kind[Kind.COMMITMENT].url == f"/mal/plattform/atagande/{commitment.pk}/"
    assert by_kind[Kind.REPORT_SECTION].year == section.report.year
    assert by_kind[Kind.REPORT_SECTION].url.endswith(f"#kapitel-{section.number}")


def test_reindex_all_rebuilds_the_same_entries_and_the_command_reports_counts(capsys):
    AgendaItemFactory(title="Budget för brandkåren")
    AnnualReportFactory()
    before = {(e.kind, e.object_id, e.page, e.title) for e in SearchEntry.objects.all()}
    SearchEntry.objects.all().delete()

    counts = search_reindex_all()

    assert {(e.kind, e.object_id, e.page, e.title) for e in SearchEntry.objects.all()} == before
    assert counts[Kind.AGENDA_ITEM] == 1
    call_command("search_reindex")
    assert "Sökindexet innehåller" in capsys.readouterr().out


def test_a_paragraphs_beslutsgang_proposals_votes_and_reservations_are_found_masked():
    protocol = posted_protocol(posted_on=dt.date(2024, 3, 4))
    paragraph = ProtocolParagraphFactory(
        protocol=protocol, title="Simhallen", procedure="Ordföranden ställer proposition på förslagen."
    )
    membership = MembershipFactory(body=protocol.meeting.body)
    Proposal.objects.create(paragraph=paragraph, membership=membership, text="Yrkar avslag om utomhusbassängen.")
    Vote.objects.create(
        paragraph=paragraph, question="Ja för bifall", outcome="Bifall till hopptornet.", yes_count=1, no_count=0
    )
    Statement.objects.create(
        paragraph=paragraph,
        membership=membership,
        kind=Statement.Kind.RESERVATION,
        text=f"Reserverar sig till förmån för vågmaskinen, {PERSONNUMMER}.",
    )
    search_reindex_all()
    [entry] = indexed(Kind.PARAGRAPH)
    assert PERSONNUMMER not in entry.text and "[personnummer maskerat]" in entry.text
    for word in ("proposition", "utomhusbassängen", "hopptornet", "vågmaskinen"):
        assert search(word).count == 1, word
