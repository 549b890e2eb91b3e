"""Staff log in in Swedish; failed log-ins are throttled by django-axes."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, BodyFactory, secretary_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary():
    return secretary_of(BodyFactory(), username="karin")


def log_in(client, password):
    return client.post(reverse("login"), {"username": "karin", "password": password})


def test_the_log_in_page_is_in_swedish(client):
    page = client.get(reverse("login")).content.decode()
    assert "Användarnamn" in page and "Lösenord" in page
    assert "Medborgare behöver inte logga in" in page


def test_a_secretary_logs_in_and_lands_in_the_staff_area(client, secretary):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_home")
    assert client.get(response["Location"])["Location"] == reverse("staff:dashboard")


def test_a_wrong_password_says_so_in_swedish_and_names_no_field_in_particular(client, secretary):
    response = log_in(client, "fel")
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()


def test_the_fifth_failed_log_in_in_a_row_is_refused_and_locks_the_account_out(client, secretary):
    for _ in range(4):
        assert log_in(client, "fel").status_code == 200
    fifth = log_in(client, "fel")
    assert fifth.status_code == 429
    assert "För många misslyckade inloggningar" in fifth.content.decode()
    # Locked out: even the right password is refused now.
    assert log_in(client, PASSWORD).status_code == 429


def test_a_successful_log_in_clears_earlier_failures(client, secretary):
    for _ in range(4):
        log_in(client, "fel")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "fel").status_code == 200


def test_log_out_is_a_post_and_ends_the_session(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("staff:dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("staff:dashboard")).status_code == 302
