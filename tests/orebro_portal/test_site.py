"""The frame every page shares: security headers, error pages, health, accessibility statement."""

import json
from unittest import mock

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def test_pages_are_swedish_with_skip_link_and_csp_without_inline_scripts(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert 'href="#innehall"' in html and "Hoppa till innehållet" in html
    assert "Örebro kommun" in html and "Politik och beslut" in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "<script>" not in html and " style=" not in html
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_footer_links_to_the_accessibility_statement(client):
    html = client.get("/").content.decode()
    assert 'href="/tillganglighet/"' in html
    statement = client.get("/tillganglighet/")
    assert statement.status_code == 200
    text = statement.content.decode()
    assert "Tillgänglighetsredogörelse" in text and "Digg" in text and "WCAG 2.1" in text


def test_unknown_page_is_a_swedish_404_without_details(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html and "Traceback" not in html


def _boom(request):
    raise RuntimeError("hemlig detalj som inte får visas")


urlpatterns = [path("krasch/", _boom)]
handler500 = "orebro_portal.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_is_a_swedish_page_without_stack_trace():
    client = Client(raise_request_exception=False)
    response = client.get("/krasch/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Ett fel har uppstått" in html
    assert "hemlig detalj" not in html and "Traceback" not in html


def test_health_reports_database_cache_and_broker(client):
    response = client.get("/halsa/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["database"]["backend"] == connection.vendor


def test_health_is_503_when_the_database_fails(client):
    with mock.patch("orebro_portal.views._check_database", side_effect=OSError("nere")):
        response = client.get("/halsa/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "fel"
    assert body["checks"]["database"] == {"ok": False, "error": "OSError"}
    assert "nere" not in response.content.decode()  # no internals leak to the public
