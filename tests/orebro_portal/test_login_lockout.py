"""The lock-out after five failed log-ins lasts 15 minutes from the failure that set it, however often someone
tries meanwhile (docs/0010-login-lockout.md). Run against the real settings, with the clock frozen."""

import datetime as dt
import io

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, BodyFactory, administrator, secretary_of

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
LOCKED_PAGE = "För många misslyckade inloggningar"


@pytest.fixture
def secretary():
    return secretary_of(BodyFactory(), username="karin")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def log_in(client, password, username="karin", address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def lock_out(client, clock):
    """Five failures a minute apart; the fifth sets the lock and is itself answered with the lock-out page."""
    for _ in range(4):
        assert log_in(client, "fel").status_code == 200
        clock.shift(dt.timedelta(minutes=1))
    fifth = log_in(client, "fel")
    assert fifth.status_code == 429
    assert LOCKED_PAGE in fifth.content.decode()


def assert_locked(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_PAGE in page
    assert "15 minuter efter" in page  # the page says when the lock ends, not "try again in 15 minutes"


def test_attempts_during_the_lock_are_refused_and_do_not_move_its_end(client, secretary, clock):
    lock_out(client, clock)
    locked_at = START + dt.timedelta(minutes=4)

    # Every minute until the lock ends someone tries again, with the wrong and with the right password.
    for _ in range(14):
        clock.shift(dt.timedelta(minutes=1))
        assert_locked(log_in(client, "fel"))
        assert_locked(log_in(client, PASSWORD))
    attempt = AccessAttempt.objects.get(username="karin")
    assert attempt.failures_since_start == 5
    assert attempt.attempt_time == locked_at

    clock.move_to(locked_at + dt.timedelta(minutes=15, seconds=1))
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_home")
    assert not AccessAttempt.objects.filter(username="karin").exists()  # a log-in clears the failures


def test_the_right_password_during_the_lock_does_not_log_in(client, secretary, clock):
    lock_out(client, clock)
    clock.shift(dt.timedelta(minutes=14, seconds=59))
    assert_locked(log_in(client, PASSWORD))
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_the_user_name_from_that_address_only(client, secretary, clock):
    lock_out(client, clock)
    # The same person from another address, e.g. the office instead of a hotel, still gets in.
    assert log_in(client, PASSWORD, address="198.51.100.7").status_code == 302


def test_failures_after_the_lock_has_ended_start_counting_from_one(client, secretary, clock):
    lock_out(client, clock)
    clock.shift(dt.timedelta(minutes=15, seconds=1))
    for _ in range(4):
        assert log_in(client, "fel").status_code == 200
    assert log_in(client, "fel").status_code == 429


def test_an_administrator_lifts_the_lock_with_the_management_command(client, secretary, clock):
    lock_out(client, clock)
    out = io.StringIO()
    call_command("axes_reset_username", "karin", stdout=out)
    assert "1 attempts removed" in out.getvalue()
    assert log_in(client, PASSWORD).status_code == 302


def test_an_administrator_finds_the_lock_in_the_admin_and_lifts_it(client, secretary, clock):
    lock_out(client, clock)
    admin = Client()
    admin.force_login(administrator(username="admin"))
    listing = admin.get("/admin/axes/accessattempt/", {"locked_out": "yes"}).content.decode()
    assert "karin" in listing and "192.0.2.10" in listing
    attempt = AccessAttempt.objects.get(username="karin")
    deleted = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert log_in(client, PASSWORD).status_code == 302
