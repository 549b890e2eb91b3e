"""The API's budget endpoints read the public projections: a personnummer or a `[[marked name]]` in a unit's name or
description, an ansvar's name or an account group's name is masked in every list and detail, in JSON and in CSV,
while the codes and the amounts stay as they are."""

import pytest

from tests.budget.test_public_masking import assert_nothing_personal, build_marked_books

pytestmark = pytest.mark.django_db

ENDPOINTS = ["budget/units", "budget/codes", "budget/account-groups", "budget/figures"]
MASKED = "[personnummer maskerat]"


@pytest.fixture
def books():
    return build_marked_books()


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_every_budget_list_and_detail_is_masked_in_json_and_csv(client, books):
    details = 0
    for endpoint in ENDPOINTS:
        url = f"/api/v1/{endpoint}/"
        listing = _get(client, url + "?page_size=1000")
        assert_nothing_personal(url, listing.content.decode())
        assert MASKED in listing.content.decode(), url
        csv_text = _get(client, url + "?format=csv&page_size=1000").content.decode("utf-8-sig")
        assert_nothing_personal(f"{url} CSV", csv_text)
        assert MASKED in csv_text, url
        for row in listing.json()["results"]:
            detail = _get(client, row["url"])
            assert_nothing_personal(row["url"], detail.content.decode())
            details += 1
    assert details >= 6


def test_the_codes_and_the_amounts_survive(client, books):
    units = {unit["slug"]: unit for unit in _get(client, "/api/v1/budget/units/").json()["results"]}
    assert units["kommunledning"]["name"].startswith(f"Kommunledning {MASKED} [personuppgift maskerad]")
    assert units["kommunledning"]["description"].startswith(f"Ledningen {MASKED}")
    (code,) = _get(client, "/api/v1/budget/codes/").json()["results"]
    assert code["code"] == "KLC"
    assert code["name"].startswith(f"Kansli Centerpartiet {MASKED}")
    assert code["unit_slug"] == "kommunledning"
    group = next(g for g in _get(client, "/api/v1/budget/account-groups/").json()["results"] if g["code"] == "5")
    assert group["name"].startswith(f"Personalkostnader {MASKED}")
    figure = _get(client, "/api/v1/budget/figures/?year=2021").json()["results"][0]
    assert (figure["code"], figure["group"], figure["unit_slug"]) == ("KLC", "5", "kommunledning")
    assert (figure["outcome"], figure["budget"], figure["deviation"]) == ("-3170000.00", "-4134000.00", "964000.00")
    assert figure["code_name"].startswith(f"Kansli Centerpartiet {MASKED}")
    assert figure["unit_name"].startswith(f"Kommunledning {MASKED}")
    assert figure["group_name"].startswith(f"Personalkostnader {MASKED}")
    csv_text = _get(client, "/api/v1/budget/figures/?format=csv&year=2021").content.decode("utf-8-sig")
    assert "KLC" in csv_text and "-3170000.00" in csv_text
