"""The client's address behind trusted proxies: one rule for the log-in lock-out and the alert form's limits."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from orebro_portal.lib.clients import client_address


def request(forwarded: str | None = None, remote: str = "10.0.0.5"):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_proxy_a_forged_header_is_ignored(settings):
    settings.PORTAL_TRUSTED_PROXIES = 0
    assert client_address(request("203.0.113.9")) == "10.0.0.5"


def test_behind_one_proxy_the_client_is_the_address_it_appended(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    # The client wrote "198.51.100.1" itself; the proxy appended the address it really came from.
    assert client_address(request("198.51.100.1, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_client_is_two_from_the_right(settings):
    settings.PORTAL_TRUSTED_PROXIES = 2
    assert client_address(request("198.51.100.1, 203.0.113.9, 10.1.1.1")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "2001:db8::zz"])
def test_a_header_our_proxy_did_not_write_falls_back_to_the_connection(settings, forwarded):
    settings.PORTAL_TRUSTED_PROXIES = 1
    assert client_address(request(forwarded)) == "10.0.0.5"


def test_the_log_in_lock_out_reads_the_same_address(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    assert get_client_ip_address(request("203.0.113.9")) == "203.0.113.9"


@pytest.mark.django_db
def test_two_clients_behind_one_proxy_do_not_share_the_alert_forms_limit(client, settings):
    from meetings.alerts import CLIENT_POSTS_PER_HOUR
    from tests.factories import BodyFactory

    settings.PORTAL_TRUSTED_PROXIES = 1
    BodyFactory(slug="kommunstyrelsen", name="Kommunstyrelsen")
    url = "/organ/kommunstyrelsen/bevaka/"
    for number in range(CLIENT_POSTS_PER_HOUR):
        client.post(url, {"email": f"person{number}@example.org"}, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client.post(url, {"email": "x@example.org"}, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.post(url, {"email": "y@example.org"}, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code != 429
