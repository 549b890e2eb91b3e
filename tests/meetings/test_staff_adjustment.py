"""The pages of digital justering: the adjuster's inbox and review page, the secretary's send and withdraw, and the
"Nästa steg" of the secretary's protocol page. Who may use them is checked on the server for GET and POST."""

import re

import pytest
from django.urls import reverse

from meetings.models import AdjustmentApproval, Protocol, ProtocolParagraph
from meetings.services import paragraph_add
from meetings.services.adjustment import approval_record, protocol_send_for_adjustment
from tests.factories import BodyFactory, UserFactory

# The builder and the frozen clock of the service tests (their autouse fixtures apply here too).
from .test_adjustment import APPROVED, _frozen_time, _no_mails_remembered, justering_world  # noqa: F401

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    """The page as a reader sees it: tags removed, white space collapsed (none before a comma or full stop)."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r" ([,.])", r"\1", text)


@pytest.fixture
def world():
    return justering_world()


@pytest.fixture
def sent(world):
    protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    return world


def review_url(protocol) -> str:
    return reverse("staff:adjustment_review", args=[protocol.pk])


def fresh(protocol) -> Protocol:
    return Protocol.objects.get(pk=protocol.pk)


# --- who gets in ------------------------------------------------------------------------------------------------


def test_an_adjuster_with_no_other_role_lands_on_the_inbox(client, sent):
    client.force_login(sent.first)
    response = client.get(reverse("staff_home"))
    assert response["Location"] == reverse("staff:adjustment_inbox")
    inbox = client.get(response["Location"])
    assert inbox.status_code == 200
    text = page_text(inbox)
    assert "Protokoll att justera" in text and "Inloggad som Bo Exempelsson" in text
    assert "1 protokoll väntar på ditt svar" in text
    assert "Kommunstyrelsen, tisdag 28 maj 2024" in text
    assert f'href="{review_url(sent.protocol)}"' in inbox.content.decode()
    assert "påhittat exempel" in text


def test_users_linked_to_no_person_get_403_on_the_adjusters_pages(client, sent):
    client.force_login(UserFactory())
    assert client.get(reverse("staff_home")).status_code == 403
    assert client.get(reverse("staff:adjustment_inbox")).status_code == 403
    assert client.get(review_url(sent.protocol)).status_code == 403
    client.force_login(sent.secretary)  # the secretary reads the protocol in the editor, not here
    assert client.get(reverse("staff:adjustment_inbox")).status_code == 403
    assert client.get(review_url(sent.protocol)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, sent):
    for url in (reverse("staff:adjustment_inbox"), review_url(sent.protocol)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_adjuster_of_another_bodys_protocol_gets_403_for_get_and_post(client, sent):
    other = justering_world(body=BodyFactory(name="Tekniska nämnden", slug="tekniska"), prefix="t-")
    protocol_send_for_adjustment(protocol=other.protocol, user=other.secretary)
    client.force_login(sent.first)
    assert client.get(review_url(other.protocol)).status_code == 403
    assert client.post(review_url(other.protocol), {"decision": "approved"}).status_code == 403
    assert not AdjustmentApproval.objects.exists()
    assert "Tekniska" not in client.get(reverse("staff:adjustment_inbox")).content.decode()


def test_a_protocol_that_does_not_exist_is_404(client, sent):
    client.force_login(sent.first)
    assert client.get(reverse("staff:adjustment_review", args=[sent.protocol.pk + 1000])).status_code == 404


# --- the review page ----------------------------------------------------------------------------------------------


def test_the_review_page_shows_the_original_with_the_masking_and_the_public_version(client, world):
    paragraph_add(
        protocol=world.protocol,
        number=3,
        title="Bidrag",
        matter="Ansökan från [[Anna Andersson]], 811218-9876.",
        decision="Anna Andersson beviljas bidrag.",
        user=world.secretary,
    )
    ProtocolParagraph.objects.create(
        protocol=world.protocol, number=4, title="Personalärende", decision="Hemligt beslut.", is_public=False
    )
    protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    client.force_login(world.chair)

    response = client.get(review_url(world.protocol))

    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    assert "Protokollet väntar på ditt svar." in text
    # The original, with what will be masked highlighted; the public version with labels in its place.
    assert '<mark class="mask mask--identity"' in html and "811218-9876" in html
    assert '<mark class="mask mask--manual"' in html
    assert "Ansökan från [personuppgift maskerad], [personnummer maskerat]." in text
    assert "[personuppgift maskerad] beviljas bidrag." in text
    # The masking list, as on the secretary's posting page.
    assert "Det här maskeras för allmänheten" in text
    # A secret paragraph: its text is there to approve, and the public gets "Sekretessärende".
    assert "Hemligt beslut." in text and "§ 4 Sekretessärende" in text
    # The attendance as the protocol records it.
    assert "Närvaro enligt protokollet" in text and "Anna Exempelsson" in text
    assert "Godkänn protokollet" in text and "Skicka tillbaka med kommentar" in text
    assert "Namnen är påhittade exempel" in text


def test_approving_one_by_one_adjusts_the_protocol_with_the_last(client, sent):
    for user, expected in (
        (sent.chair, "Det blir justerat när ordföranden och alla justerare har godkänt."),
        (sent.first, "Det blir justerat när ordföranden och alla justerare har godkänt."),
        (sent.second, "Alla har nu godkänt det, så protokollet är justerat."),
    ):
        client.force_login(user)
        response = client.post(review_url(sent.protocol), {"decision": "approved", "comment": ""}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("staff:adjustment_inbox")
        assert expected in page_text(response)
    protocol = fresh(sent.protocol)
    assert protocol.is_adjusted and protocol.adjusted_by == sent.second
    assert protocol.adjustment_method == Protocol.AdjustmentMethod.DIGITAL
    inbox = page_text(client.get(reverse("staff:adjustment_inbox")))
    assert "Inga protokoll väntar på ditt svar just nu." in inbox
    assert "Godkänt" in inbox and "Justerat fredag 31 maj 2024" in inbox


def test_answering_twice_says_so_and_stores_nothing_more(client, sent):
    client.force_login(sent.first)
    client.post(review_url(sent.protocol), {"decision": "approved"})
    page = client.get(review_url(sent.protocol))
    assert "Du har svarat: godkänt" in page_text(page)
    assert "Godkänn protokollet" not in page_text(page)
    response = client.post(review_url(sent.protocol), {"decision": "approved"})
    assert response.status_code == 200
    assert "Du har redan svarat i den här justeringsomgången." in page_text(response)
    assert AdjustmentApproval.objects.count() == 1


def test_sending_back_without_a_comment_is_refused_at_the_field(client, sent):
    client.force_login(sent.first)
    response = client.post(review_url(sent.protocol), {"decision": "returned", "comment": " "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_comment_error"' in html
    assert "Skriv vad sekreteraren behöver ändra innan protokollet kan justeras." in page_text(response)
    assert not AdjustmentApproval.objects.exists()
    assert fresh(sent.protocol).is_sent_for_adjustment


def test_an_answer_without_a_decision_is_refused(client, sent):
    client.force_login(sent.first)
    response = client.post(review_url(sent.protocol), {"decision": "maybe", "comment": "Hm."})
    assert response.status_code == 200
    assert "Välj ”Godkänn protokollet” eller ”Skicka tillbaka med kommentar”." in page_text(response)
    assert not AdjustmentApproval.objects.exists()


def test_sending_back_with_a_comment_returns_the_draft_to_the_secretary(client, sent):
    client.force_login(sent.first)
    response = client.post(
        review_url(sent.protocol), {"decision": "returned", "comment": "§ 2: fel årtal."}, follow=True
    )
    assert "Protokollet är skickat tillbaka till sekreteraren med din kommentar." in page_text(response)
    assert fresh(sent.protocol).status == Protocol.Status.DRAFT

    client.force_login(sent.secretary)
    detail = page_text(client.get(reverse("staff:protocol_detail", args=[sent.protocol.pk])))
    assert "Skickat tillbaka från justeringen" in detail
    assert "§ 2: fel årtal." in detail and "Bo Exempelsson (justerare)" in detail


# --- the secretary ------------------------------------------------------------------------------------------------


def test_the_secretary_sends_from_the_protocol_page_and_sees_who_has_answered(client, world):
    client.force_login(world.secretary)
    detail_url = reverse("staff:protocol_detail", args=[world.protocol.pk])
    page = client.get(detail_url)
    html = page.content.decode()
    send_url = reverse("staff:protocol_send_for_adjustment", args=[world.protocol.pk])
    assert f'action="{send_url}"' in html
    assert re.search(r"<button type=\"submit\">\s*Skicka för justering", html)
    assert f'href="{reverse("staff:protocol_adjust", args=[world.protocol.pk])}"' in html
    assert "Registrera justering på papper" in html
    assert f'href="{reverse("staff:protocol_preview", args=[world.protocol.pk])}"' in html

    response = client.post(send_url, follow=True)

    text = page_text(response)
    assert response.redirect_chain[-1][0] == detail_url
    assert (
        "Protokollet är skickat för justering till Anna Exempelsson (ordförande), Bo Exempelsson (justerare) och "
        "Cecilia Exempeldotter (justerare)."
    ) in text
    assert "Justerarnas svar, omgång 1" in text
    assert text.count("Väntar på svar") == 3
    assert "Ta tillbaka" in text

    approval_record(protocol=world.protocol, user=world.chair, decision=APPROVED)
    text = page_text(client.get(detail_url))
    assert text.count("Väntar på svar") == 2 and "Godkänt fredag 31 maj 2024 kl. 10.12" in text


def test_the_send_button_is_disabled_with_the_reason_while_something_is_missing(client, world):
    ProtocolParagraph.objects.filter(protocol=world.protocol, number=2).update(decision="")
    client.force_login(world.secretary)
    html = client.get(reverse("staff:protocol_detail", args=[world.protocol.pk])).content.decode()
    assert re.search(
        r'<button type="submit" disabled aria-describedby="skicka-forklaring">\s*Skicka för justering', html
    )
    assert "Protokollet kan skickas för justering när det som saknas ovan är åtgärdat." in html
    # Posted anyway, it is refused with the sentence of what is missing.
    response = client.post(reverse("staff:protocol_send_for_adjustment", args=[world.protocol.pk]), follow=True)
    assert "§ 2 ”Cykelvägar” saknar beslut." in page_text(response)
    assert fresh(world.protocol).status == Protocol.Status.DRAFT


def test_the_page_names_an_approver_without_an_account(client, world):
    person = world.second.person
    person.user = None
    person.save()
    client.force_login(world.secretary)
    text = page_text(client.get(reverse("staff:protocol_detail", args=[world.protocol.pk])))
    assert "Cecilia Exempeldotter (justerare) – har inget medarbetarkonto" in text
    assert "En av dem som ska justera har inget medarbetarkonto kopplat till sig." in text


def test_the_secretary_withdraws_the_protocol(client, sent):
    client.force_login(sent.secretary)
    url = reverse("staff:protocol_withdraw_from_adjustment", args=[sent.protocol.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Protokollet är taget tillbaka och kan ändras." in page_text(response)
    assert fresh(sent.protocol).status == Protocol.Status.DRAFT
    again = client.post(url, follow=True)
    assert "Protokollet är inte skickat för justering." in page_text(again)


@pytest.mark.parametrize("name", ["protocol_send_for_adjustment", "protocol_withdraw_from_adjustment"])
def test_the_secretarys_actions_are_for_the_bodys_secretary_only(client, sent, name):
    url = reverse(f"staff:{name}", args=[sent.protocol.pk])
    other = justering_world(body=BodyFactory(name="Tekniska nämnden", slug="tekniska"), prefix="t-")
    before = fresh(sent.protocol)
    for user in (other.secretary, sent.chair, UserFactory()):
        client.force_login(user)
        assert client.post(url).status_code == 403
        assert client.get(url).status_code in (403, 405)
    after = fresh(sent.protocol)
    assert (after.sent_for_adjustment_at, after.adjustment_round) == (
        before.sent_for_adjustment_at,
        before.adjustment_round,
    )


def test_the_dashboard_links_the_inbox_for_a_secretary_who_adjusts_too(client, world):
    client.force_login(world.secretary)
    assert reverse("staff:adjustment_inbox") not in client.get(reverse("staff:dashboard")).content.decode()
    person = world.memberships[3].person
    person.user = world.secretary
    person.save()
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert f'href="{reverse("staff:adjustment_inbox")}"' in html
    inbox = client.get(reverse("staff:adjustment_inbox")).content.decode()
    assert f'href="{reverse("staff:dashboard")}"' in inbox


def test_the_review_page_costs_the_same_queries_however_many_paragraphs(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    client.force_login(world.chair)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(review_url(world.protocol)).status_code == 200
        return len(queries)

    few = count()
    Protocol.objects.filter(pk=world.protocol.pk).update(sent_for_adjustment_at=None)
    for number in range(3, 15):
        ProtocolParagraph.objects.create(
            protocol=world.protocol, number=number, title=f"Ärende {number}", decision="Ja."
        )
    Protocol.objects.filter(pk=world.protocol.pk).update(sent_for_adjustment_at=fresh(world.protocol).created_at)
    assert count() == few


def test_answering_is_refused_while_the_protocol_is_a_draft(client, world):
    client.force_login(world.first)
    page = client.get(review_url(world.protocol))
    assert page.status_code == 200
    assert "Protokollet är inte skickat för justering just nu." in page_text(page)
    response = client.post(review_url(world.protocol), {"decision": "approved"})
    assert response.status_code == 200
    assert "inte skickat för justering just nu" in page_text(response)
    assert not AdjustmentApproval.objects.exists()
