"""The issue's must-show on the demo data, read from the rendered pages."""

import html as html_lib

import pytest
from django.urls import reverse

from goals.demo import load_goals_demo
from goals.models import GoalArea, Means, PolicyArea, StrategicArea
from tests.html import table_with_caption

pytestmark = pytest.mark.django_db

SEED_002_AREAS = ["Hållbar tillväxt", "Människors egenmakt", "Barn och ungas behov", "Trygg välfärd"]


@pytest.fixture
def demo():
    load_goals_demo()


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(response.content.decode())


def test_sick_leave_shows_every_value_the_target_and_the_verdict(client, demo):
    html = page_text(client, reverse("goals:indicator", args=["sjukfranvaro"]))
    table = table_with_caption(html, "per år")
    rows = {row[0]: row[1:4] for row in table.body}
    assert rows == {
        "2019": ["4,4", "4,9", "3,0"],
        "2020": ["3,8", "4,4", "2,6"],
        "2021": ["3,4", "4,3", "1,5"],
    }
    assert "Minska" in html
    assert "Förbättrad" in html and "2021 jämfört med 2020" in html


def test_styrningsindex_carries_its_footnote_and_no_verdict_across_2019(client, demo):
    html = page_text(client, reverse("goals:indicator", args=["styrningsindex"]))
    assert "2019 och 2020 års resultat är inte fullt jämförbara" in html
    rows = {row[0]: row for row in table_with_caption(html, "per år").body}
    assert "Ingen bedömning" in rows["2020"][-1] and "2019" in rows["2020"][-1]


def test_the_overview_shows_every_strategic_area_goal_area_and_means_of_seed_002(client, demo):
    html = page_text(client, reverse("goals:overview"))
    assert list(StrategicArea.objects.filter(period__name="2017–2019").values_list("name", flat=True)) == SEED_002_AREAS
    for name in SEED_002_AREAS:
        assert name in html
    goal_areas = GoalArea.objects.filter(period__name="2017–2019")
    assert goal_areas.count() == 15
    for goal_area in goal_areas:
        assert goal_area.statement in html, goal_area.statement
    means = Means.objects.filter(goal_area__period__name="2017–2019")
    assert means.count() == 25
    for item in means:
        assert item.text in html, item.text


def test_the_platform_page_shows_every_policy_area_of_seed_004_and_every_commitment(client, demo):
    html = page_text(client, reverse("goals:platform"))
    areas = PolicyArea.objects.all()
    assert areas.count() == 14
    for area in areas:
        assert area.name in html, area.name
        for commitment in area.commitments.all():
            assert commitment.text in html, commitment.text[:60]
