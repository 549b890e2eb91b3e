"""The secretary's pages for a paragraph's yrkanden, omröstningar and reservationer (meetings.views.staff_votes), the
line per paragraph in the protocol editor, and the public partials that show them (meetings/partials/)."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from meetings.models import Ballot, Posting, Proposal, Protocol, Statement, Vote
from meetings.public import PublicProtocol, protocol_prefetch
from meetings.services.votes import proposal_add, statement_add
from tests.factories import BodyFactory, ProtocolParagraphFactory, administrator, secretary_of
from tests.html import table_with_caption
from tests.meetings.test_votes import ABSTAIN, NO, YES, Board, name, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def board() -> Board:
    return Board()


@pytest.fixture
def secretary(board):
    return secretary_of(board.body, username="karin")


@pytest.fixture
def signed_in(client, secretary):
    client.force_login(secretary)
    return client


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def vote_data(board: Board, *, yes=7, no=4, abstain=1, ballots=None, **extra) -> dict:
    data = {
        "question": "Ja för ordförandens förslag, nej för Moderaternas yrkande.",
        "yes_count": str(yes),
        "no_count": str(no),
        "abstain_count": str(abstain),
        "outcome": "Kommunstyrelsen bifaller ordförandens förslag.",
    }
    for membership_id, choice in (board.ballots(yes, no, abstain) if ballots is None else ballots).items():
        data[f"ballot_{membership_id}"] = choice
    data.update(extra)
    return data


def parts_url(board: Board) -> str:
    return reverse("staff:paragraph_parts", args=[board.paragraph.pk])


# --- access ---------------------------------------------------------------------------------------------------------


def _urls(board: Board) -> list[tuple[str, str]]:
    proposal = proposal_add(paragraph=board.paragraph, membership=board.serving[0], text="Bifall.")
    vote = board.vote()
    statement = statement_add(paragraph=board.paragraph, membership=board.serving[0], kind="reservation")
    by_paragraph = ["paragraph_parts", "proposal_create", "vote_create", "reservation_create", "note_create"]
    urls = [(name, reverse(f"staff:{name}", args=[board.paragraph.pk])) for name in by_paragraph]
    urls += [(n, reverse(f"staff:{n}", args=[proposal.pk])) for n in ("proposal_edit", "proposal_delete")]
    urls += [(n, reverse(f"staff:{n}", args=[vote.pk])) for n in ("vote_edit", "vote_delete")]
    urls += [(n, reverse(f"staff:{n}", args=[statement.pk])) for n in ("statement_edit", "statement_delete")]
    return urls


def test_the_bodys_secretary_opens_every_page(signed_in, board):
    for name_, url in _urls(board):
        assert signed_in.get(url).status_code == 200, name_


def test_a_secretary_of_another_body_gets_403_and_changes_nothing(client, board):
    urls = _urls(board)
    before = stored()
    client.force_login(secretary_of(BodyFactory(name="Tekniska nämnden", slug="tekniska"), username="olle"))
    for name_, url in urls:
        assert client.get(url).status_code == 403, name_
        posted = client.post(url, vote_data(board) | {"text": "x", "kind": "note"}).status_code
        assert posted == (405 if name_ == "paragraph_parts" else 403), name_
    assert stored() == before


def test_anonymous_visitors_are_sent_to_log_in(client, board):
    response = client.get(parts_url(board))
    assert response.status_code == 302 and response.url.startswith("/logga-in/")


def test_an_administrator_may_edit_any_body(client, board):
    client.force_login(administrator())
    assert client.get(parts_url(board)).status_code == 200


# --- the page and the forms -----------------------------------------------------------------------------------------


def test_the_vote_form_lists_every_member_serving_with_a_radio_group_each(signed_in, board):
    response = signed_in.get(reverse("staff:vote_create", args=[board.paragraph.pk]))
    html = response.content.decode()
    assert "12 ledamöter tjänstgjorde vid § 5" in page_text(response)
    for membership in board.serving:
        assert re.search(rf"<legend>{re.escape(name(membership))}( <span|</legend>)", html), name(membership)
        for choice in (YES, NO, ABSTAIN):
            assert f'name="ballot_{membership.pk}" value="{choice}"' in html
    # Who did not serve is not offered.
    assert f"ballot_{board.absent.pk}" not in html
    assert f"ballot_{board.bystander.pk}" not in html
    # The ersättare's legend says whom she served for.
    assert f"ersättare, tjänstgör för {name(board.absent)}" in html


def test_recording_a_7_to_4_vote_through_the_form(signed_in, secretary, board):
    response = signed_in.post(reverse("staff:vote_create", args=[board.paragraph.pk]), vote_data(board))
    assert response.status_code == 302 and response.url == parts_url(board) + "#omrostningar"
    vote = Vote.objects.get()
    assert (vote.yes_count, vote.no_count, vote.abstain_count) == (7, 4, 1)
    assert dict(vote.ballots.values_list("membership_id", "choice")) == board.ballots()
    assert vote.history.get().history_user == secretary

    page = signed_in.get(response.url)
    text = page_text(page)
    assert "Omröstningen i § 5 är registrerad." in text
    assert "Resultat: 7 ja, 4 nej, 1 avstår" in text
    table = table_with_caption(page.content.decode(), "Röster i § 5")
    assert table.head == [["Ledamot", "Parti", "Röst"]]
    assert len(table.body) == 12 and all(scope == "row" for scope, _text in table.row_headers)


def test_a_count_that_disagrees_is_shown_at_its_field_and_nothing_is_stored(signed_in, board):
    data = vote_data(board, yes_count="8", no_count="3")
    response = signed_in.post(reverse("staff:vote_create", args=[board.paragraph.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="field-error" id="id_yes_count_error">8 angivna men 7 ledamöter röstade ja.</p>' in html
    assert '<p class="field-error" id="id_no_count_error">3 angivna men 4 ledamöter röstade nej.</p>' in html
    assert '<a href="#id_yes_count">Ja: 8 angivna men 7 ledamöter röstade ja.</a>' in html
    assert not Vote.objects.exists() and not Ballot.objects.exists()


def test_a_missing_ballot_and_a_short_total_are_shown_where_they_belong(signed_in, board):
    ballots = board.ballots()
    missing = board.serving[4]
    del ballots[missing.pk]
    data = vote_data(board, ballots=ballots, yes_count="6")
    response = signed_in.post(reverse("staff:vote_create", args=[board.paragraph.pk]), data)
    html = response.content.decode()
    # In the member's own fieldset, and linked from the summary to the member's first radio button.
    assert re.search(
        rf'<fieldset class="ballot ballot--error" aria-describedby="id_ballot_{missing.pk}_error">\s*'
        rf"<legend>{re.escape(name(missing))}",
        html,
    )
    assert f'id="id_ballot_{missing.pk}_error">Rösten saknas. {name(missing)} tjänstgjorde vid § 5.</p>' in html
    assert f'href="#id_ballot_{missing.pk}_0"' in html
    # The sum of the counts, in the counts' fieldset.
    assert '<div id="antal-fel"><p class="field-error">12 tjänstgjorde vid § 5 men rösterna är 11.</p></div>' in html
    assert not Vote.objects.exists()


def test_a_closed_vote_keeps_only_the_counts(signed_in, board):
    data = vote_data(board, is_secret="on", yes_count="8", no_count="3", abstain_count="1")
    response = signed_in.post(reverse("staff:vote_create", args=[board.paragraph.pk]), data)
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.is_secret and not vote.ballots.exists()


def test_editing_a_vote_offers_a_way_to_remove_the_ballot_of_someone_no_longer_serving(signed_in, board):
    vote = board.vote()
    gone = board.serving[0]
    board.mark(gone, status="absent")
    page = signed_in.get(reverse("staff:vote_edit", args=[vote.pk]))
    html = page.content.decode()
    assert f'name="ballot_{gone.pk}" value="" ' in html or f'name="ballot_{gone.pk}" value=""' in html
    assert "inte närvarande vid § 5" in html
    assert f"{name(gone)} har en röst i omröstningen men tjänstgjorde inte" in page_text(
        signed_in.get(parts_url(board))
    )

    ballots = board.ballots()
    ballots[gone.pk] = ""
    data = vote_data(board, ballots=ballots, yes_count="6")
    response = signed_in.post(reverse("staff:vote_edit", args=[vote.pk]), data)
    assert response.status_code == 302, page_text(response)
    assert not vote.ballots.filter(membership=gone).exists()
    assert vote.ballots.count() == 11


def test_a_reservation_by_someone_who_did_not_serve_is_refused_at_the_member_field(signed_in, board):
    url = reverse("staff:reservation_create", args=[board.paragraph.pk])
    page = signed_in.get(url)
    assert 'value="reservation" id="id_kind_0" required checked' in page.content.decode()
    response = signed_in.post(url, {"kind": "reservation", "membership": board.bystander.pk, "text": ""})
    html = response.content.decode()
    assert (
        f'id="id_membership_error">{name(board.bystander)} tjänstgjorde inte vid § 5 och kan inte reservera sig.'
        in html
    )
    assert not Statement.objects.exists()

    response = signed_in.post(url, {"kind": "reservation", "membership": board.substitute.pk, "text": "Mot."})
    assert response.status_code == 302
    assert Statement.objects.get().membership == board.substitute


def test_a_member_who_was_absent_is_not_even_offered(signed_in, board):
    response = signed_in.post(
        reverse("staff:note_create", args=[board.paragraph.pk]),
        {"kind": "note", "membership": board.absent.pk, "text": "Text."},
    )
    assert "id_membership_error" in response.content.decode()
    assert not Statement.objects.exists()


def test_proposals_are_added_changed_and_deleted(signed_in, board):
    create = reverse("staff:proposal_create", args=[board.paragraph.pk])
    response = signed_in.post(create, {"membership": board.serving[1].pk, "text": "Yrkar avslag."})
    assert response.status_code == 302
    response = signed_in.post(create, {"membership": "", "text": ""})
    assert "Skriv yrkandet." in page_text(response)
    proposal = Proposal.objects.get()
    signed_in.post(reverse("staff:proposal_edit", args=[proposal.pk]), {"membership": "", "text": "Förvaltningens."})
    proposal.refresh_from_db()
    assert (proposal.membership, proposal.text) == (None, "Förvaltningens.")
    assert signed_in.post(reverse("staff:proposal_delete", args=[proposal.pk])).status_code == 302
    assert not Proposal.objects.exists()


def test_nothing_can_be_changed_once_the_protocol_is_adjusted(signed_in, board):
    vote = board.vote()
    Protocol.objects.filter(pk=board.protocol.pk).update(adjusted_on=dt.date(2024, 5, 30))
    page = signed_in.get(parts_url(board))
    text = page_text(page)
    assert "Protokollet är justerat." in text
    assert "Registrera omröstning" not in text and "Lägg till yrkande" not in text
    response = signed_in.post(reverse("staff:vote_delete", args=[vote.pk]), follow=True)
    assert "Protokollet är justerat och kan inte ändras." in page_text(response)
    assert Vote.objects.exists()


def test_the_page_costs_the_same_queries_with_5_and_with_40_members(client):
    counts = []
    for members, slug in ((5, "liten"), (40, "stor")):
        board = Board(members=members, slug=slug)
        board.vote(yes=len(board.serving), no=0, abstain=0, ballots={m.pk: YES for m in board.serving})
        statement_add(paragraph=board.paragraph, membership=board.serving[0], kind="reservation")
        client.force_login(secretary_of(board.body))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(parts_url(board)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the protocol editor's line per paragraph -------------------------------------------------------------------------


def test_the_protocol_editor_sums_up_each_paragraph(signed_in, board):
    proposal_add(paragraph=board.paragraph, membership=board.serving[1], text="Yrkar avslag.")
    proposal_add(paragraph=board.paragraph, text="Förvaltningens förslag.")
    board.vote()
    statement_add(paragraph=board.paragraph, membership=board.serving[9], kind="reservation")
    other = ProtocolParagraphFactory(protocol=board.protocol, number=6)
    text = page_text(signed_in.get(reverse("staff:protocol_detail", args=[board.protocol.pk])))
    assert "2 yrkanden · omröstning 7–4 (1 avstår) · 1 reservation" in text
    assert "Inga yrkanden, omröstningar eller reservationer." in text
    assert (
        f'href="{reverse("staff:paragraph_parts", args=[other.pk])}"'
        in signed_in.get(reverse("staff:protocol_detail", args=[board.protocol.pk])).content.decode()
    )


# --- the public partials ----------------------------------------------------------------------------------------------


def _posted(board: Board) -> PublicProtocol:
    Protocol.objects.filter(pk=board.protocol.pk).update(adjusted_on=dt.date(2024, 5, 30))
    Posting.objects.create(
        protocol=board.protocol,
        posted_on=dt.date(2024, 5, 31),
        appeal_last_day=dt.date(2024, 6, 21),
        taken_down_on=dt.date(2024, 6, 24),
    )
    protocol = (
        Protocol.objects.select_related("posting").prefetch_related(*protocol_prefetch()).get(pk=board.protocol.pk)
    )
    return PublicProtocol.of(protocol)


def test_the_public_partial_shows_proposals_procedure_votes_per_member_and_reservations(board):
    board.paragraph.procedure = "Ordföranden ställer förslagen mot varandra."
    board.paragraph.save()
    proposal_add(paragraph=board.paragraph, membership=board.serving[1], text="Yrkar avslag, se 811218-9876.")
    board.vote()
    board.vote(yes=8, no=4, abstain=0, is_secret=True)
    statement_add(paragraph=board.paragraph, membership=board.serving[9], kind="reservation", text="Till förmån för M.")
    statement_add(paragraph=board.paragraph, membership=board.bystander, kind="note", text="Vi följer frågan.")
    board.serving[9].person.is_example = True
    board.serving[9].person.save()

    [paragraph] = _posted(board).paragraphs
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("meetings/partials/paragraph_parts.html", {"paragraph": paragraph})
    assert len(queries) == 0  # everything came with protocol_prefetch()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "811218-9876" not in html and "[personnummer maskerat]" in text
    assert text.index("Yrkanden") < text.index("Beslutsgång") < text.index("Omröstning 1") < text.index("Reservationer")
    assert "Resultat: 7 ja, 4 nej, 1 avstår." in text
    assert "Sluten omröstning: hur var och en röstade antecknas inte." in text
    table = table_with_caption(html, "Så röstade ledamöterna i § 5, omröstning 1")
    assert table.head == [["Ledamot", "Parti", "Röst"]]
    assert [row[2] for row in table.body] == ["Ja"] * 7 + ["Nej"] * 4 + ["Avstår"]
    assert table.body[0][:2] == [board.serving[0].person.name, board.serving[0].party.abbreviation]
    assert f"{board.serving[9].person.name} (exempelnamn)" in text  # invented people say so
    assert "Protokollsanteckningar" in text and "Vi följer frågan." in text
    assert len(table_with_caption(html, "omröstning 1").body) == 12

    pdf = render_to_string("meetings/partials/paragraph_parts_pdf.html", {"paragraph": paragraph})
    pdf_table = table_with_caption(pdf, "Så röstade ledamöterna i § 5, omröstning 1")
    assert len(pdf_table.body) == 12 and all(scope == "row" for scope, _text in pdf_table.row_headers)
    assert "811218-9876" not in pdf


def test_a_secret_paragraph_shows_none_of_it(board):
    board.vote()
    statement_add(paragraph=board.paragraph, membership=board.serving[0], kind="reservation", text="Hemligt skäl.")
    board.paragraph.is_public = False
    board.paragraph.save()
    [paragraph] = _posted(board).paragraphs
    for template in ("paragraph_parts.html", "paragraph_parts_pdf.html"):
        html = render_to_string(f"meetings/partials/{template}", {"paragraph": paragraph})
        assert html.strip() == "", template


def test_a_visitor_sees_each_members_vote_on_the_protocol_page_and_in_its_pdf(client, board):
    board.vote()
    statement_add(paragraph=board.paragraph, membership=board.serving[9], kind="reservation", text="Mot beslutet.")
    _posted(board)
    response = client.get(reverse("meetings:protocol_version", args=[board.meeting.pk, 1]))
    assert response.status_code == 200
    html = response.content.decode()
    table = table_with_caption(html, "Så röstade ledamöterna i § 5")
    assert [row[2] for row in table.body] == ["Ja"] * 7 + ["Nej"] * 4 + ["Avstår"]
    assert "Mot beslutet." in html

    pdf = client.get(reverse("meetings:protocol_pdf", args=[board.meeting.pk, 1]))
    assert pdf.status_code == 200
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Så röstade ledamöterna i § 5" in text
    assert "Resultat: 7 ja, 4 nej, 1 avstår." in " ".join(text.split())
    assert board.serving[9].person.name in text and "Mot beslutet." in text
