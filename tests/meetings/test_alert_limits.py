"""The alert form cannot flood an inbox nor tell who follows what: limits per address (across bodies) and per client
address, kept in the database (they survive a restart and hold with Redis down), and the same response and the
same work for an address that is known and one that is not."""

import datetime as dt
import re

import pytest
import time_machine
from celery.app.task import Task
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import alerts
from meetings.models import AlertLimitEvent, Subscription
from tests.factories import BodyFactory, SubscriptionFactory, local

pytestmark = pytest.mark.django_db

NEUTRAL = "Om adressen kan ta emot bevakningar skickar vi ett mejl"
TOO_MANY = "För många förfrågningar från din adress – försök igen om en stund."
# The limits chosen in meetings/alerts.py, written out: a change of policy should show up here.
ADDRESS_MAILS_PER_HOUR, ADDRESS_MAILS_PER_DAY, CLIENT_POSTS_PER_HOUR = 3, 5, 30


@pytest.fixture
def bodies():
    return [BodyFactory(name=f"Nämnd {n}", slug=f"namnd-{n}") for n in range(10)]


@pytest.fixture
def board_ks():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", kind="board")


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST the form as a browser would, from `ip`, running the tasks queued on commit."""

    def send(body, email, ip="203.0.113.5"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/organ/{body.slug}/bevaka/", {"email": email}, REMOTE_ADDR=ip)

    return send


@pytest.fixture
def _eager(eager_celery, mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://politik.orebro.se"


# --- Per address, across bodies ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("_eager")
def test_one_address_across_ten_bodies_gets_at_most_three_mails_an_hour_and_five_a_day(bodies, post, mailoutbox):
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False) as traveller:
        for body in bodies:
            assert NEUTRAL in post(body, "anna@example.org").content.decode()
        assert len(mailoutbox) == ADDRESS_MAILS_PER_HOUR

        traveller.shift(dt.timedelta(minutes=30))
        for body in bodies:
            post(body, "anna@example.org", ip="198.51.100.7")  # another client changes nothing
        assert len(mailoutbox) == 3

        traveller.shift(dt.timedelta(minutes=31))
        for body in bodies:
            post(body, "anna@example.org")
        assert len(mailoutbox) == ADDRESS_MAILS_PER_DAY

        traveller.shift(dt.timedelta(hours=23))  # 24 h after the first mails
        for body in bodies:
            post(body, "anna@example.org")
        assert len(mailoutbox) == 8

    assert {message.to[0] for message in mailoutbox} == {"anna@example.org"}
    # Only the subscriptions that were mailed a link exist: an address that got no mail about a body is not kept.
    mailed = {message.subject.removeprefix("Bekräfta din bevakning av ") for message in mailoutbox}
    assert {subscription.body.name for subscription in Subscription.objects.all()} == mailed


@pytest.mark.usefixtures("_eager")
def test_subaddresses_of_one_mailbox_share_its_limit(bodies, post, mailoutbox):
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False):
        for n, body in enumerate(bodies):
            post(body, f"anna.berg+{n}@example.org")
            post(body, f"annaberg+x{n}@example.org")

    assert len(mailoutbox) == ADDRESS_MAILS_PER_HOUR


@pytest.mark.usefixtures("_eager")
def test_the_limits_survive_a_cache_clear(bodies, post, mailoutbox):
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False) as traveller:
        post(bodies[0], "anna@example.org")
        cache.clear()  # what a restart of Redis does
        post(bodies[0], "anna@example.org")
        assert len(mailoutbox) == 1
        for body in bodies[1:]:
            cache.clear()
            post(body, "anna@example.org")
        assert len(mailoutbox) == 3
        traveller.shift(dt.timedelta(minutes=61))
        post(bodies[0], "anna@example.org")

    assert len(mailoutbox) == 4  # the same body again after the hour: the limits count, they do not lock out


@pytest.mark.usefixtures("_eager")
def test_with_the_cache_down_the_form_still_works(bodies, client, post, mailoutbox, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    client.raise_request_exception = False

    assert client.get(f"/organ/{bodies[0].slug}/bevaka/").status_code == 200
    response = post(bodies[0], "anna@example.org")

    assert response.status_code == 200
    assert NEUTRAL in response.content.decode()
    (message,) = mailoutbox
    assert message.to == ["anna@example.org"]
    assert Subscription.objects.get().email == "anna@example.org"


def test_the_limits_store_no_address_in_clear(bodies, post, eager_celery, mailoutbox):
    post(bodies[0], "Anna@Example.org", ip="203.0.113.5")

    stored = " ".join(f"{event.kind} {event.digest}" for event in AlertLimitEvent.objects.all())
    assert AlertLimitEvent.objects.count() == 2  # the form post and the mail
    assert "anna" not in stored.lower() and "203.0.113" not in stored


def test_old_limit_rows_are_pruned_on_the_next_write(bodies, post, eager_celery, mailoutbox):
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False):
        post(bodies[0], "anna@example.org")
    with time_machine.travel(local(2024, 6, 4, 10, 1), tick=False):
        post(bodies[1], "bo@example.org", ip="198.51.100.7")

    assert AlertLimitEvent.objects.count() == 2
    assert all(event.created_at == local(2024, 6, 4, 10, 1) for event in AlertLimitEvent.objects.all())


def test_a_mail_that_could_not_be_sent_is_not_counted_so_the_retry_sends_it(board_ks, mailoutbox, monkeypatch):
    def refused(self, fail_silently=False):
        raise ConnectionRefusedError("smtp")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refused)
        with pytest.raises(OSError):  # the task's autoretry_for takes it from here
            alerts.subscription_request(email="anna@example.org", body_id=board_ks.pk)
    assert not Subscription.objects.exists()
    assert not AlertLimitEvent.objects.exists()

    assert alerts.subscription_request(email="anna@example.org", body_id=board_ks.pk) is True
    assert len(mailoutbox) == 1


# --- Per client --------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("_eager")
def test_a_client_over_its_limit_gets_429_in_swedish(bodies, post, mailoutbox):
    with time_machine.travel(local(2024, 6, 3, 10, 0), tick=False) as traveller:
        for n in range(CLIENT_POSTS_PER_HOUR):
            assert post(bodies[n % 10], f"person{n}@example.org").status_code == 200

        refused = post(bodies[0], "sista@example.org")

        assert refused.status_code == 429
        assert TOO_MANY in refused.content.decode()
        assert int(refused["Retry-After"]) == 60 * 60
        assert 'value="sista@example.org"' in refused.content.decode()  # kept for when the while has passed
        assert not Subscription.objects.filter(email="sista@example.org").exists()
        assert post(bodies[0], "sista@example.org", ip="198.51.100.7").status_code == 200  # another client
        traveller.shift(dt.timedelta(minutes=61))
        assert post(bodies[0], "igen@example.org").status_code == 200

    assert len(mailoutbox) == CLIENT_POSTS_PER_HOUR + 2


def test_an_ipv6_client_is_counted_by_its_64_prefix(bodies, client, monkeypatch):
    monkeypatch.setattr(Task, "apply_async", lambda self, args=None, kwargs=None, **options: None)
    url = f"/organ/{bodies[0].slug}/bevaka/"
    for n in range(CLIENT_POSTS_PER_HOUR):
        client.post(url, {"email": f"person{n}@example.org"}, REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")

    assert client.post(url, {"email": "x@example.org"}, REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert client.post(url, {"email": "x@example.org"}, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


# --- The same answer and the same work for every address ---------------------------------------------------------


def _normalized(queries) -> list[str]:
    # The statements without their values (times, ids, digests): the same work, whatever the address.
    return [re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", query["sql"]) for query in queries]


def test_known_and_unknown_addresses_get_the_same_response_queries_and_task(board_ks, client, monkeypatch):
    sent = []
    monkeypatch.setattr(
        Task, "apply_async", lambda self, args=None, kwargs=None, **options: sent.append((self.name, args, kwargs))
    )

    def request():
        sent.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/organ/kommunstyrelsen/bevaka/", {"email": "anna@example.org"})
        return response, _normalized(queries), list(sent)

    unknown = request()
    SubscriptionFactory(email="anna@example.org", body=board_ks, confirmed_at=None)
    pending = request()
    Subscription.objects.update(confirmed_at=local(2024, 6, 3, 10, 0))
    following = request()

    for response, queries, tasks in (unknown, pending, following):
        assert response.status_code == 200
        assert response.content == unknown[0].content
        assert NEUTRAL in response.content.decode()
        assert queries == unknown[1]
        assert tasks == [("meetings.tasks.subscription_request_handle", ("anna@example.org", board_ks.pk), {})]


# --- The broker down ---------------------------------------------------------------------------------------------


def test_with_the_broker_down_the_user_is_told_to_try_again_and_nothing_is_pending(
    board_ks, client, broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/organ/kommunstyrelsen/bevaka/", {"email": "anna@example.org"})

    html = response.content.decode()
    assert response.status_code == 503
    assert "Inget är sparat som väntande – försök igen om en stund." in html
    assert 'value="anna@example.org"' in html  # the form again, filled in: one press to try again
    assert '<button type="submit">Bevaka</button>' in html
    assert not Subscription.objects.exists()
    assert not AlertLimitEvent.objects.exists()  # the failed try does not count against the client
    assert mailoutbox == []
