"""Nothing personal reaches the public goals pages: every staff-written text of the goal structure, the indicators and
the platform holds a personnummer and a `[[marked name]]`, and no page, and not the indicator CSV, shows either —
while case numbers, dates and phone numbers survive. A decision linked to a commitment that is a secret agenda item
shows "Sekretessärende", never its title."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from goals import public
from goals.models import CommitmentStatus, CommitmentUpdate, IndicatorValue, Means, Observation
from meetings.public import NotPublic
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
)

pytestmark = pytest.mark.django_db

PERSONNUMMER = "811218-9876"
FULL_WIDTH = "８１１２１８－９８７６"
NAME = "Anna Marked"
KEPT = ("Ks 181/2022", "019-21 10 00")


def dirty(label: str, *, full_width: bool = False) -> str:
    """A text as a careless secretary might write it: a personnummer, a marked name, and what must stay visible."""
    number = FULL_WIDTH if full_width else PERSONNUMMER
    return f"{label} {number} gäller [[{NAME}]], se Ks 181/2022, tel 019-21 10 00"


def assert_clean(text: str, where: str) -> None:
    for secret in (PERSONNUMMER, FULL_WIDTH, "8112189876", "９８７６", NAME, "[[", "]]"):
        assert secret not in text, f"{secret!r} on {where}"


@pytest.fixture
def world():
    body = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    period = GoalPeriodFactory(
        name=dirty("Period"),
        start_year=2023,
        end_year=2026,
        vision=dirty("Vision"),
        introduction=dirty("Inledning", full_width=True),
        source=dirty("Källa"),
    )
    strategic = StrategicAreaFactory(
        period=period, name=dirty("Strategi"), description=dirty("Beskrivning", full_width=True)
    )
    goal_area = GoalAreaFactory(
        period=period,
        strategic_area=strategic,
        statement=dirty("Målet"),
        slug="malet",
        means_intro=dirty("Genom", full_width=True),
    )
    loose = GoalAreaFactory(period=period, statement=dirty("Löst mål", full_width=True), slug="lost-mal")
    Means.objects.create(goal_area=goal_area, text=dirty("Medel"))
    Means.objects.create(goal_area=loose, text=dirty("Medel", full_width=True))
    Observation.objects.create(
        goal_area=goal_area, body=body, year=2023, kind=Observation.Kind.POSITIVE, text=dirty("Positiv")
    )
    Observation.objects.create(
        goal_area=goal_area,
        body=body,
        year=2023,
        kind=Observation.Kind.IMPROVE,
        text=dirty("Förbättra", full_width=True),
    )
    indicator = IndicatorFactory(
        name=dirty("Indikator"),
        slug="indikatorn",
        owner=body,
        description=dirty("Beskrivning"),
        footnotes=f"{dirty('Fotnot ett')}\n{dirty('Fotnot två', full_width=True)}",
        incomplete_note=dirty("Ofullständig"),
    )
    indicator.goal_areas.add(goal_area)
    for year, value in ((2022, "4.4"), (2023, "3.8")):
        IndicatorValue.objects.create(
            indicator=indicator, year=year, gender="T", value=Decimal(value), note=dirty(f"Not {year}")
        )
    platform = PlatformFactory(
        name=dirty("Plattform"), parties=dirty("Partier", full_width=True), introduction=dirty("Inledning")
    )
    area = PolicyAreaFactory(platform=platform, name=dirty("Politikområde"), slug="trygghet")
    commitment = CommitmentFactory(area=area, text=dirty("Åtagande"))
    meeting = MeetingFactory(body=body, agenda_published_at=timezone.now())
    public_item = AgendaItemFactory(meeting=meeting, title="Beslut om trygghet", case_number="Ks 181/2022")
    secret_item = AgendaItemFactory(meeting=meeting, title="Hemlig rubrik om Anna Marked", is_public=False)
    update = CommitmentUpdate.objects.create(
        commitment=commitment, date=dt.date(2023, 1, 10), status=CommitmentStatus.IN_PROGRESS, comment=dirty("Läget")
    )
    update.agenda_items.add(public_item, secret_item)
    return {"goal_area": goal_area, "indicator": indicator, "commitment": commitment}


PAGES = {
    "översikten": lambda w: "/mal/",
    "målområdet": lambda w: f"/mal/omrade/{w['goal_area'].slug}/",
    "indikatorlistan": lambda w: "/mal/indikatorer/",
    "indikatorn": lambda w: f"/mal/indikatorer/{w['indicator'].slug}/",
    "plattformen": lambda w: "/mal/plattform/",
    "åtagandet": lambda w: f"/mal/plattform/atagande/{w['commitment'].pk}/",
}


@pytest.mark.parametrize("page", PAGES)
def test_no_goals_page_shows_a_personnummer_or_a_marked_name(client, world, page):
    response = client.get(PAGES[page](world))
    assert response.status_code == 200
    html = response.content.decode()
    assert_clean(html, page)
    assert "[personnummer maskerat]" in html and "[personuppgift maskerad]" in html
    for kept in KEPT:
        assert kept in html, f"{kept!r} missing on {page}"


def test_the_pages_keep_dates_and_the_labels_say_what_was_masked(client, world):
    html = client.get(f"/mal/plattform/atagande/{world['commitment'].pk}/").content.decode()
    assert "10 januari 2023" in html
    html = client.get(f"/mal/indikatorer/{world['indicator'].slug}/").content.decode()
    assert "Fotnot ett [personnummer maskerat] gäller [personuppgift maskerad]" in html
    assert "Not 2023 [personnummer maskerat]" in html


def test_the_indicator_csv_holds_neither_personnummer_nor_marked_name(client, world):
    response = client.get(f"/mal/indikatorer/{world['indicator'].slug}/varden.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert_clean(text, "the CSV")
    assert "Ks 181/2022" in text and "019-21 10 00" in text
    assert "Indikator [personnummer maskerat] gäller [personuppgift maskerad]" in text
    assert "Not 2022 [personnummer maskerat]" in text


def test_a_secret_decision_is_shown_as_sekretessarende_without_its_title(client, world):
    html = client.get(f"/mal/plattform/atagande/{world['commitment'].pk}/").content.decode()
    assert "Sekretessärende" in html and "Hemlig rubrik" not in html
    assert "Beslut om trygghet" in html


def test_the_filters_options_are_masked_too(client, world):
    for path in ("/mal/indikatorer/", "/mal/plattform/"):
        html = client.get(path).content.decode()
        assert "<option" in html
        assert_clean(html, path)


# --- the projections themselves --------------------------------------------------------------------------------------

# That every text field of a goals model is classified is tested for every projection in
# tests/meetings/test_public_projection.py.


def test_a_projection_refuses_what_it_does_not_declare(world):
    projection = public.PublicIndicator(world["indicator"])
    with pytest.raises(NotPublic):
        projection.footnotes  # noqa: B018 (only footnotes_list, masked line by line, is public)
    with pytest.raises(NotPublic):
        public.PublicCommitmentUpdate(CommitmentUpdate.objects.first()).created_by  # noqa: B018
