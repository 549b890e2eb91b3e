"""With DJANGO_SECURE on, plain HTTP is redirected to HTTPS, except /halsa/: a load balancer probes it over plain
HTTP inside the network, and a 301 fails its check. The exemption is read from the real settings."""

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def https_only():
    # Only the redirect is switched on here; the exemption is the one settings.py sets for production.
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=list(settings.SECURE_REDIRECT_EXEMPT)):
        yield


def test_the_health_check_answers_over_plain_http(client, https_only):
    response = client.get("/halsa/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_health_check_with_a_query_string_answers_over_plain_http_too(client, https_only):
    assert client.get("/halsa/?prob=1").status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/logga-in/", "/redigera/start/", "/admin/", "/halsa/extra/", "/halsa-x/", "/sok/?q=halsa/"]
)
def test_every_other_path_is_redirected_to_https(client, https_only, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}"


def test_over_https_the_health_check_is_served_as_usual(client, https_only):
    assert client.get("/halsa/", secure=True).status_code == 200
