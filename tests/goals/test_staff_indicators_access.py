"""The indicator import's confirmation, probed with tokens no preview gave: a Swedish message, nothing stored, no 500.

The token is compared in constant time; Python's `secrets.compare_digest` refuses a str with non-ASCII characters
(TypeError), so a tampered token like "å" must still read as "no such preview"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import IndicatorValue
from tests.factories import analyst_of, sick_leave_indicator

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("goals_staff:indicator_import")


@pytest.fixture
def analyst(client):
    indicator = sick_leave_indicator()
    user = analyst_of(indicator.owner, username="anna")
    client.force_login(user)
    return user


def values() -> list:
    return sorted(IndicatorValue.objects.values_list("indicator_id", "year", "gender", "value"))


@pytest.mark.parametrize("token", ["å", "²", "token med mellanslag", "x" * 10_000, ""])
@pytest.mark.parametrize("action", ["confirm", "cancel"])
def test_a_token_no_preview_gave_is_refused_in_swedish(client, analyst, token, action):
    csv = "Indikator;År;Kön;Värde\nsjukfranvaro;2021;T;3,4\n".encode()
    client.post(IMPORT_URL, {"file": SimpleUploadedFile("varden.csv", csv, content_type="text/csv")})
    before = values()
    response = client.post(IMPORT_URL, {"action": action, "token": token}, follow=True)
    assert response.status_code == 200
    assert "Förhandsgranskningen finns inte längre. Läs in filen igen." in response.content.decode()
    assert values() == before
