"""The public goals pages in a real browser: a citizen goes from the goals to a goal area and an indicator (chart,
table, CSV), and filters the platform's commitments by status and opens one; axe-core finds no WCAG 2.1 AA
violation on any of them and the Content Security Policy blocks nothing."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from goals.models import CommitmentStatus, CommitmentUpdate, GoalArea, IndicatorValue, Means, Observation
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CommitmentFactory,
    GoalAreaFactory,
    GoalPeriodFactory,
    IndicatorFactory,
    MeetingFactory,
    PlatformFactory,
    PolicyAreaFactory,
    StrategicAreaFactory,
    indicator_values,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def goals():
    ks = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    period = GoalPeriodFactory()
    growth = StrategicAreaFactory(period=period, name="Hållbar tillväxt", slug="hallbar-tillvaxt")
    area = GoalAreaFactory(period=period, strategic_area=growth, statement="Fler i arbete", slug="fler-i-arbete")
    Means.objects.create(goal_area=area, text="samverkan med näringslivet")
    Observation.objects.create(goal_area=area, body=ks, year=2021, kind="positive", text="Fler har jobb.")
    Observation.objects.create(goal_area=area, body=ks, year=2021, kind="improve", text="Långtidsarbetslösheten.")
    sick_leave = IndicatorFactory(name="Sjukfrånvaro", slug="sjukfranvaro", owner=ks, direction="decrease")
    sick_leave.goal_areas.add(area)
    indicator_values(
        sick_leave,
        T={2019: "4.4", 2020: "3.8", 2021: "3.4"},
        K={2019: "4.9", 2020: "4.4", 2021: "4.3"},
        M={2019: "3.0", 2020: "2.6", 2021: "1.5"},
    )
    steering = IndicatorFactory(
        name="Styrningsindex", slug="styrningsindex", owner=ks, unit="index", direction="increase"
    )
    indicator_values(steering, T={2019: "70", 2020: None, 2021: "74"})
    IndicatorValue.objects.filter(indicator=steering, year=2019).update(not_comparable=True)

    platform = PlatformFactory()
    safety = PolicyAreaFactory(platform=platform, name="Trygghet", slug="trygghet", position=1)
    youth = PolicyAreaFactory(platform=platform, name="Barn och unga", slug="barn-och-unga", position=2)
    billion = CommitmentFactory(area=safety, text="En miljard ska satsas fördelat över åtta år på trygghet")
    CommitmentFactory(area=safety, text="Ett narkotikateam ska inrättas")
    CommitmentFactory(area=youth, text="En ny ungdomsgård ska öppnas")
    update = CommitmentUpdate.objects.create(
        commitment=billion, date=dt.date(2023, 2, 1), status=CommitmentStatus.IN_PROGRESS, comment="Budget antagen."
    )
    update.agenda_items.add(
        AgendaItemFactory(
            meeting=MeetingFactory(body=ks, agenda_published_at=timezone.now()), title="Budget för trygghet"
        )
    )


@pytest.mark.usefixtures("goals")
def test_a_citizen_goes_from_the_goals_to_a_goal_area_and_an_indicator(page, check_accessibility):
    page.goto("/mal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål och uppföljning")
    expect(page.get_by_role("heading", name="Hållbar tillväxt")).to_be_visible()
    expect(page.get_by_text("samverkan med näringslivet")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Fler i arbete").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fler i arbete")
    expect(page.get_by_role("heading", name="Förbättringsområden")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Sjukfrånvaro").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sjukfrånvaro")
    expect(page.get_by_role("img", name=re.compile(r"^Sjukfrånvaro per år"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^2021"))).to_contain_text("3,4")
    expect(page.locator(".goals-headline")).to_contain_text("Förbättrad")
    check_accessibility(page)

    csv_link = page.get_by_role("link", name=re.compile("Ladda ned värdena som CSV"))
    response = page.request.get(csv_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "Sjukfrånvaro;2021;Män;1,5" in response.body().decode("utf-8-sig")


@pytest.mark.usefixtures("goals")
def test_indicator_list_and_a_not_comparable_indicator_are_accessible(page, check_accessibility):
    page.goto("/mal/indikatorer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatorer")
    check_accessibility(page)

    page.get_by_role("combobox", name="Bedömning").select_option(label="Förbättrad")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"bedomning=improved"))
    expect(page.get_by_role("link", name="Sjukfrånvaro")).to_be_visible()
    expect(page.get_by_role("link", name="Styrningsindex")).to_have_count(0)

    page.goto("/mal/indikatorer/styrningsindex/")
    expect(page.get_by_role("heading", name="Fotnoter")).to_be_visible()
    expect(page.locator(".goals-headline")).to_contain_text("Ingen bedömning")
    check_accessibility(page)


@pytest.mark.usefixtures("goals")
def test_a_citizen_filters_commitments_by_status_and_opens_one(page, check_accessibility):
    page.goto("/mal/plattform/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Politisk plattform 2022–2026")
    expect(page.get_by_role("heading", name=re.compile("^Trygghet"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Barn och unga"))).to_be_visible()
    check_accessibility(page)

    page.get_by_role("combobox", name="Status").select_option(label="Pågår")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"/mal/plattform/\?omrade=&status=in_progress$"))
    expect(page.get_by_role("status")).to_have_text("1 åtagande matchar filtret")
    expect(page.get_by_role("link", name="Ett narkotikateam ska inrättas")).to_have_count(0)
    check_accessibility(page)

    page.get_by_role("link", name=re.compile("^En miljard ska satsas")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("En miljard ska satsas")
    expect(page.get_by_text("Budget antagen.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Kommunstyrelsen,"))).to_be_visible()
    check_accessibility(page)


def test_the_demo_goals_and_platform_are_all_shown_and_accessible(page, check_accessibility):
    """Seed 002's structure and seed 004's platform as the demo loads them: every strategic area, goal area, means
    and policy area is on the page, and the real texts pass axe too."""
    from goals.demo import load_goals_demo
    from goals.models import PolicyArea, StrategicArea

    load_goals_demo()
    page.goto("/mal/")
    for area in StrategicArea.objects.all():
        expect(page.get_by_role("heading", name=area.name, exact=True)).to_be_visible()
    expect(page.locator(".goal-area-card")).to_have_count(GoalArea.objects.count())
    expect(page.locator(".goal-means li")).to_have_count(Means.objects.count())
    check_accessibility(page)

    page.goto("/mal/plattform/")
    for area in PolicyArea.objects.all():
        expect(page.get_by_role("heading", name=re.compile("^" + re.escape(area.name) + r" \("))).to_be_visible()
    check_accessibility(page)

    page.goto("/mal/indikatorer/sjukfranvaro/")
    expect(page.get_by_role("row", name=re.compile(r"^2021"))).to_contain_text("3,4")
    expect(page.locator(".goals-headline")).to_contain_text("Förbättrad")
    check_accessibility(page)
