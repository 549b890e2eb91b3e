"""Alert and confirmation mails are published text too: what they say of a body, a meeting, its agenda and a protocol
comes from the public projections, masked, and their links from the portal's configured address."""

import pytest

from meetings import alerts
from meetings.models import Subscription
from tests.factories import SubscriptionFactory

from .dirty import (
    SECRET_WORDS,
    assert_clean,
    build_dirty_protocol,
)

pytestmark = pytest.mark.django_db
BASE = "https://politik.orebro.se"


@pytest.fixture(autouse=True)
def portal_address(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def follower(board):
    return SubscriptionFactory(email="anna@example.org", body=board)


def _mail(mailoutbox):
    (message,) = mailoutbox
    return message, f"{message.subject}\n{message.body}"


def _assert_links_go_to_the_portal(message):
    for line in message.body.splitlines():
        if "://" in line:
            assert line.strip().startswith(BASE + "/"), line


def test_agenda_alert_lists_the_items_masked_and_a_secret_one_as_sekretessarende(
    board, dirty_meeting, dirt, follower, mailoutbox
):
    assert alerts.publication_alerts_send(kind=alerts.AlertKind.AGENDA, pk=dirty_meeting.pk) == 1
    message, text = _mail(mailoutbox)
    assert_clean(text, dirt, survivors=("Ks 181/2022", "019-21 10 00"), where="the agenda mail")
    assert "Plats: Rådhuset, rum [personnummer maskerat] [personuppgift maskerad], tel 019-21 10 00" in text
    assert "1. Bidrag till [personnummer maskerat] [personuppgift maskerad] (Ks 181/2022)" in text
    assert "2. Sekretessärende" in text
    assert "Sammanträdet är flyttat. Lokalen är upptagen, [personnummer maskerat] [personuppgift maskerad]." in text
    assert "1 offentligt ärende" in text
    for word in SECRET_WORDS:
        assert word not in text
    assert "&" not in message.body and "<span" not in message.body  # plain text, not HTML
    _assert_links_go_to_the_portal(message)
    assert f"{BASE}/sammantraden/{dirty_meeting.pk}/" in message.body


def test_protocol_alert_masks_the_correction_note_and_the_paragraph_titles(
    board, dirty_meeting, dirt, follower, mailoutbox
):
    _first, corrected = build_dirty_protocol(dirty_meeting, dirt)
    assert alerts.publication_alerts_send(kind=alerts.AlertKind.PROTOCOL, pk=corrected.pk) == 1
    message, text = _mail(mailoutbox)
    assert_clean(text, dirt, survivors=(), where="the protocol mail")
    assert "(version 2). Rättat [personnummer maskerat] [personuppgift maskerad]." in " ".join(text.split())
    assert "§ 112 Bidrag till [personnummer maskerat] [personuppgift maskerad]" in text
    assert "§ 113 Yttrande" in text
    assert "§ 114 Sekretessärende" in text
    assert "Vivallagården" not in text and "Hemlig" not in text
    _assert_links_go_to_the_portal(message)
    assert f"{BASE}/sammantraden/{dirty_meeting.pk}/protokoll/2/" in message.body


def test_mails_name_the_body_as_the_public_sees_it(board, dirty_meeting, dirt, follower, mailoutbox):
    board.name = dirt("body name", "Kommunstyrelsen ")
    board.save()
    pending = SubscriptionFactory(email="bo@example.org", body=board, confirmed_at=None)
    alerts.confirmation_message(Subscription.objects.select_related("body").get(pk=pending.pk)).send()
    alerts.publication_alerts_send(kind=alerts.AlertKind.AGENDA, pk=dirty_meeting.pk)
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        text = f"{message.subject}\n{message.body}"
        assert_clean(text, dirt, survivors=(), where=f"the mail {message.subject!r}")
        assert "Kommunstyrelsen [personnummer maskerat] [personuppgift maskerad]" in text
        _assert_links_go_to_the_portal(message)
