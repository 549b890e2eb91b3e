"""Following a body by e-mail: double opt-in, unsubscribe (also RFC 8058 one-click) and the alert mails."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.utils import timezone

from meetings.models import Subscription
from meetings.tasks import publication_alert_send
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    SubscriptionFactory,
    local,
    posted_protocol,
)

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/organ/kommunstyrelsen/bevaka/"


@pytest.fixture(autouse=True)
def _tasks(eager_celery, mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://politik.orebro.se"


@pytest.fixture
def board():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")


@pytest.fixture
def subscribe(client, django_capture_on_commit_callbacks):
    """POST the form as the body page does; the request's task runs in-process (eager), as do any queued on
    commit."""

    def post(email, path=SUBSCRIBE):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, {"email": email})

    return post


def link_in(message, name: str) -> str:
    """The path of the confirm ("bekrafta") or unsubscribe ("avsluta") link in a mail's text."""
    (url,) = re.findall(rf"https://politik\.orebro\.se/bevakning/[\w-]+/{name}/", message.body)
    return urlsplit(url).path


def publish_agenda(meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting.agenda_published_at = timezone.now()
        meeting.save()
        publication_alert_send.delay_on_commit("agenda", meeting.pk)


# --- The page and the form ---------------------------------------------------------------------------------------


def test_body_page_has_the_follow_panel_with_feed_link_and_form(client, board):
    html = client.get("/organ/kommunstyrelsen/").content.decode()

    assert "Följ Kommunstyrelsen" in html
    assert '<form method="post" action="/organ/kommunstyrelsen/bevaka/">' in html
    assert '<label for="folj-epost">Din e-postadress</label>' in html
    assert 'href="/organ/kommunstyrelsen/flode/"' in html


def test_get_shows_the_form_page(client, board):
    response = client.get(SUBSCRIBE)

    assert response.status_code == 200
    assert "<h1>Bevaka Kommunstyrelsen</h1>" in response.content.decode()


def test_unknown_body_is_404(client, subscribe):
    assert subscribe("anna@example.org", "/organ/finns-inte/bevaka/").status_code == 404
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("inte-en-adress", "E-postadressen ser inte ut att stämma. Skriv den som namn@exempel.se."),
        ("", "Skriv den e-postadress som mejlen ska skickas till."),
    ],
)
def test_invalid_address_shows_the_form_again_and_stores_nothing(board, subscribe, mailoutbox, email, message):
    response = subscribe(email)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Bevaka Kommunstyrelsen</h1>" in html
    assert f'<p class="field-error" id="id_email_error">{message}</p>' in html
    assert 'aria-invalid="true"' in html
    assert not Subscription.objects.exists()
    assert mailoutbox == []


# --- Double opt-in -----------------------------------------------------------------------------------------------


def test_new_address_gets_an_unconfirmed_subscription_and_a_confirmation_mail(board, subscribe, mailoutbox):
    response = subscribe("  Anna.Berg@Example.ORG ")

    assert "Bekräfta din bevakning" in response.content.decode()
    assert "Om adressen kan ta emot bevakningar skickar vi ett mejl till anna.berg@example.org" in (
        response.content.decode()
    )
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.body, subscription.confirmed_at) == ("anna.berg@example.org", board, None)
    (message,) = mailoutbox
    assert message.to == ["anna.berg@example.org"]
    assert message.subject == "Bekräfta din bevakning av Kommunstyrelsen"
    assert link_in(message, "bekrafta") == f"/bevakning/{subscription.token}/bekrafta/"


def test_the_page_is_the_same_for_new_unconfirmed_and_confirmed_addresses(board, subscribe, mailoutbox):
    new = subscribe("anna@example.org")
    unconfirmed = subscribe("anna@example.org")
    Subscription.objects.update(confirmed_at=timezone.now())
    confirmed = subscribe("anna@example.org")

    assert new.status_code == unconfirmed.status_code == confirmed.status_code == 200
    assert new.content == unconfirmed.content == confirmed.content
    assert Subscription.objects.count() == 1
    assert len(mailoutbox) == 1  # neither the repeat within the hour nor the follower got another mail


def test_a_confirmed_address_gets_no_new_mail(board, subscribe, mailoutbox):
    SubscriptionFactory(email="anna@example.org", body=board)

    subscribe("anna@example.org")

    assert mailoutbox == []


def test_an_unconfirmed_address_gets_the_mail_again_at_most_once_an_hour(board, subscribe, mailoutbox):
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False) as traveller:
        subscribe("anna@example.org")
        traveller.shift(dt.timedelta(minutes=59))
        subscribe("anna@example.org")
        assert len(mailoutbox) == 1
        traveller.shift(dt.timedelta(minutes=2))
        subscribe("anna@example.org")

    assert len(mailoutbox) == 2
    assert mailoutbox[0].body == mailoutbox[1].body  # the same link: still the same subscription
    assert Subscription.objects.count() == 1


def test_unconfirmed_subscriptions_older_than_a_week_are_deleted_on_the_next_request(board, subscribe):
    with time_machine.travel(local(2024, 6, 1, 12, 0), tick=False):
        stale = SubscriptionFactory(body=board, confirmed_at=None)
        old_but_confirmed = SubscriptionFactory(body=board)
    with time_machine.travel(local(2024, 6, 3, 12, 0), tick=False):
        waiting = SubscriptionFactory(body=board, confirmed_at=None)

    with time_machine.travel(local(2024, 6, 8, 12, 1), tick=False):
        subscribe("anna@example.org")

    remaining = set(Subscription.objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert {old_but_confirmed.pk, waiting.pk} < remaining


def test_confirm_link_shows_a_button_and_only_a_post_confirms(client, board, subscribe, mailoutbox):
    subscribe("anna@example.org")
    confirm = link_in(mailoutbox[0], "bekrafta")

    page = client.get(confirm)  # what a mail scanner does

    assert page.status_code == 200
    assert '<button type="submit">Bekräfta bevakningen</button>' in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None

    done = client.post(confirm)

    assert done.status_code == 200
    assert "Klart! Du får ett mejl när Kommunstyrelsen publicerar en ärendelista" in done.content.decode()
    assert "Mejlen skickas till anna@example.org." in done.content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_confirming_twice_keeps_the_first_time(client, board):
    subscription = SubscriptionFactory(body=board, confirmed_at=None)
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False):
        client.post(f"/bevakning/{subscription.token}/bekrafta/")
    client.post(f"/bevakning/{subscription.token}/bekrafta/")

    subscription.refresh_from_db()
    assert subscription.confirmed_at == local(2024, 6, 3, 10, 0)


def test_confirm_needs_the_csrf_token(board):
    subscription = SubscriptionFactory(body=board, confirmed_at=None)

    response = Client(enforce_csrf_checks=True).post(f"/bevakning/{subscription.token}/bekrafta/")

    assert response.status_code == 403
    assert Subscription.objects.get().confirmed_at is None


def test_a_confirm_link_older_than_a_week_no_longer_works(client, board):
    with time_machine.travel(local(2024, 6, 1, 12, 0), tick=False):
        subscription = SubscriptionFactory(body=board, confirmed_at=None)

    with time_machine.travel(local(2024, 6, 8, 12, 1), tick=False):
        response = client.post(f"/bevakning/{subscription.token}/bekrafta/")

    assert response.status_code == 404
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize("action", ["bekrafta", "avsluta"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_token_gets_a_friendly_404(client, board, action, method):
    SubscriptionFactory(body=board)

    response = getattr(client, method)(f"/bevakning/finns-inte/{action}/")

    assert response.status_code == 404
    assert "<h1>Bevakningen finns inte</h1>" in response.content.decode()
    assert Subscription.objects.count() == 1


# --- Unsubscribe -------------------------------------------------------------------------------------------------


def test_unsubscribe_shows_one_button_and_post_deletes_the_address(client, board):
    subscription = SubscriptionFactory(email="anna@example.org", body=board)
    url = f"/bevakning/{subscription.token}/avsluta/"

    page = client.get(url)

    assert '<button type="submit">Avsluta bevakningen</button>' in page.content.decode()
    assert Subscription.objects.exists()

    done = client.post(url)

    assert done.status_code == 200
    assert "<h1>Bevakningen är avslutad</h1>" in done.content.decode()
    assert not Subscription.objects.filter(email="anna@example.org").exists()


def test_one_click_unsubscribe_works_without_a_csrf_token(board):
    subscription = SubscriptionFactory(body=board)

    response = Client(enforce_csrf_checks=True).post(
        f"/bevakning/{subscription.token}/avsluta/", {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_an_ordinary_unsubscribe_post_still_needs_the_csrf_token(board):
    subscription = SubscriptionFactory(body=board)

    response = Client(enforce_csrf_checks=True).post(f"/bevakning/{subscription.token}/avsluta/")

    assert response.status_code == 403
    assert Subscription.objects.exists()


# --- Alert mails -------------------------------------------------------------------------------------------------


@pytest.fixture
def meeting(board):
    meeting = MeetingFactory(body=board, start=local(2024, 6, 3), place="Rådhuset, sessionssalen")
    AgendaItemFactory(meeting=meeting, title="Förskola i Vivalla")
    AgendaItemFactory(meeting=meeting, title="Anställning av Anna Andersson", is_public=False)
    return meeting


def test_the_whole_flow_from_follow_to_alert_to_unsubscribe(
    client, board, meeting, subscribe, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe("anna@example.org")
    client.post(link_in(mailoutbox[0], "bekrafta"))
    mailoutbox.clear()

    publish_agenda(meeting, django_capture_on_commit_callbacks)

    (alert,) = mailoutbox
    assert alert.to == ["anna@example.org"]
    assert client.post(link_in(alert, "avsluta")).status_code == 200
    assert not Subscription.objects.exists()


def test_agenda_alert_goes_to_confirmed_subscribers_of_that_body_only(
    board, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    follower = SubscriptionFactory(email="anna@example.org", body=board)
    SubscriptionFactory(email="bo@example.org", body=board, confirmed_at=None)
    SubscriptionFactory(email="cecilia@example.org", body=BodyFactory(name="Kommunstyrelsens trygghetsutskott"))

    publish_agenda(meeting, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    cancel = f"https://politik.orebro.se/bevakning/{follower.token}/avsluta/"
    assert message.to == ["anna@example.org"]
    assert message.subject == "Ny ärendelista: Kommunstyrelsen, måndag 3 juni 2024"
    assert message.extra_headers["List-Unsubscribe"] == f"<{cancel}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert cancel in message.body
    assert f"https://politik.orebro.se/sammantraden/{meeting.pk}/" in message.body
    assert "1 offentligt ärende" in message.body
    assert "Anna Andersson" not in message.body
    assert "&" not in message.body  # plain text, not HTML-escaped


def test_the_unsubscribe_link_in_an_alert_works(client, board, meeting, mailoutbox, django_capture_on_commit_callbacks):
    SubscriptionFactory(email="anna@example.org", body=board)
    publish_agenda(meeting, django_capture_on_commit_callbacks)

    one_click = Client(enforce_csrf_checks=True).post(
        link_in(mailoutbox[0], "avsluta"), {"List-Unsubscribe": "One-Click"}
    )

    assert one_click.status_code == 200
    assert not Subscription.objects.exists()
    mailoutbox.clear()
    publish_agenda(MeetingFactory(body=board), django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_protocol_alert_says_where_it_is_posted_and_the_last_day_to_appeal(
    board, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email="anna@example.org", body=board)
    with django_capture_on_commit_callbacks(execute=True):
        protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=meeting)
        publication_alert_send.delay_on_commit("protocol", protocol.pk)

    (message,) = mailoutbox
    assert message.subject == "Nytt protokoll: Kommunstyrelsen, måndag 3 juni 2024"
    assert "anslagstavla måndag 10 juni 2024" in message.body
    assert "senast måndag 1 juli 2024" in message.body
    assert f"https://politik.orebro.se/sammantraden/{meeting.pk}/protokoll/1/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_for_another_body(board, mailoutbox, django_capture_on_commit_callbacks):
    SubscriptionFactory(body=board)
    other = MeetingFactory(body=BodyFactory(name="Kommunstyrelsens trygghetsutskott"))

    publish_agenda(other, django_capture_on_commit_callbacks)

    assert mailoutbox == []


def test_nothing_is_sent_for_an_unpublished_agenda_or_unposted_protocol(board, meeting, mailoutbox):
    SubscriptionFactory(body=board)
    protocol = posted_protocol(posted_on=dt.date(2024, 6, 10), meeting=MeetingFactory(body=board))
    protocol.posting.delete()

    assert publication_alert_send("agenda", meeting.pk) == 0
    assert publication_alert_send("protocol", protocol.pk) == 0
    assert mailoutbox == []


def test_a_rerun_of_the_task_does_not_send_again(board, meeting, mailoutbox):
    SubscriptionFactory.create_batch(2, body=board)
    meeting.agenda_published_at = timezone.now()
    meeting.save()

    assert publication_alert_send("agenda", meeting.pk) == 2
    assert publication_alert_send("agenda", meeting.pk) == 0
    assert len(mailoutbox) == 2


class CountingBackend(EmailBackend):
    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return super().open()


def test_all_alerts_of_a_publication_go_through_one_connection(board, meeting, mailoutbox, settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    SubscriptionFactory.create_batch(3, body=board)
    meeting.agenda_published_at = timezone.now()
    meeting.save()

    assert publication_alert_send("agenda", meeting.pk) == 3
    assert CountingBackend.opened == 1
    assert len(mailoutbox) == 3
