"""The public goals pages: the goal structure, a goal area, the indicators (verdicts, table, chart, CSV) and the
political platform with its filter and each commitment's history and public decisions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from goals.models import CommitmentStatus, CommitmentUpdate, IndicatorValue, Means, Observation
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
from tests.html import table_with_caption

pytestmark = pytest.mark.django_db


def values_table(html: str, caption_part: str):
    """The values table read back, without the footnote markers (checked on their own)."""
    return table_with_caption(re.sub(r"<sup.*?</sup>", "", html, flags=re.S), caption_part)


# --- Data -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def ks():
    return BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")


@pytest.fixture
def sick_leave(ks):
    """Sjukfrånvaro as chapter 7 of the årsberättelse 2021 prints it."""
    indicator = IndicatorFactory(name="Sjukfrånvaro", slug="sjukfranvaro", owner=ks, direction="decrease")
    indicator_values(
        indicator,
        T={2019: "4.4", 2020: "3.8", 2021: "3.4"},
        K={2019: "4.9", 2020: "4.4", 2021: "4.3"},
        M={2019: "3.0", 2020: "2.6", 2021: "1.5"},
    )
    return indicator


@pytest.fixture
def steering_index(ks):
    """Styrningsindex: 2019 not fully comparable, 2020 not measured."""
    indicator = IndicatorFactory(
        name="Styrningsindex",
        slug="styrningsindex",
        owner=ks,
        unit="index",
        direction="increase",
        footnotes="Resultatet bygger på medarbetarenkäten.",
    )
    indicator_values(indicator, T={2019: "70", 2020: None, 2021: "74"})
    IndicatorValue.objects.filter(indicator=indicator, year=2019).update(
        not_comparable=True, note="Frågorna ändrades 2020."
    )
    return indicator


# --- /mal/ ----------------------------------------------------------------------------------------------------------


def test_overview_lists_vision_strategic_areas_goal_areas_and_means(client):
    period = GoalPeriodFactory()
    growth = StrategicAreaFactory(period=period, name="Hållbar tillväxt", slug="hallbar-tillvaxt", position=1)
    welfare = StrategicAreaFactory(period=period, name="Trygg välfärd", slug="trygg-valfard", position=2)
    jobs = GoalAreaFactory(period=period, strategic_area=growth, statement="Fler i arbete", slug="fler-i-arbete")
    Means.objects.create(goal_area=jobs, text="samverkan med näringslivet", position=1)
    GoalAreaFactory(period=period, strategic_area=welfare, statement="Trygg vård", slug="trygg-vard")
    later = GoalPeriodFactory(name="2021", start_year=2021, end_year=2021, vision="")
    GoalAreaFactory(period=later, statement="Örebro i sin fulla kraft", slug="fulla-kraft")

    html = client.get("/mal/").content.decode()

    assert "Skandinaviens mest attraktiva medelstora stad" in html
    for text in ("Hållbar tillväxt", "Trygg välfärd", "Fler i arbete", "Trygg vård", "samverkan med näringslivet"):
        assert text in html
    assert "Detta ska ske genom:" in html
    assert '<a href="/mal/omrade/fler-i-arbete/">' in html
    # a goal area without a strategic area is listed under its period; the newest period comes first
    assert "Örebro i sin fulla kraft" in html
    assert html.index("Mål 2021") < html.index("Mål 2017–2019")
    assert 'href="/mal/indikatorer/"' in html and 'href="/mal/plattform/"' in html


def test_overview_without_goals_says_so(client):
    response = client.get("/mal/")
    assert response.status_code == 200
    assert "Inga mål är publicerade ännu." in response.content.decode()


# --- /mal/omrade/<slug>/ --------------------------------------------------------------------------------------------


def test_goal_area_page_groups_observations_by_year_and_kind_and_lists_its_indicators(client, ks, sick_leave):
    area = GoalAreaFactory(statement="Örebro i sin fulla kraft", slug="fulla-kraft")
    Means.objects.create(goal_area=area, text="ett gott värdskap", position=1)
    sick_leave.goal_areas.add(area)
    Observation.objects.create(goal_area=area, body=ks, year=2021, kind="positive", text="Digitala möten fungerar.")
    Observation.objects.create(goal_area=area, body=ks, year=2021, kind="improve", text="Kompetensförsörjningen.")
    Observation.objects.create(goal_area=area, body=ks, year=2020, kind="positive", text="Ett äldre år.")

    html = client.get("/mal/omrade/fulla-kraft/").content.decode()

    assert "ett gott värdskap" in html
    assert html.index('<h3 id="ar-2021">') < html.index('<h3 id="ar-2020">')
    section_2021 = html[html.index('id="ar-2021"') : html.index('id="ar-2020"')]
    positive, improve = section_2021.split("Förbättringsområden")
    assert "Digitala möten fungerar." in positive and "Kompetensförsörjningen." in improve
    table = values_table(html, "Indikatorer för målområdet")
    assert table.body[0][0] == "Sjukfrånvaro"
    assert "Förbättrad" in table.body[0][-1]


def test_unknown_goal_area_indicator_and_commitment_are_404_in_swedish(client):
    for path in ("/mal/omrade/finns-inte/", "/mal/indikatorer/finns-inte/", "/mal/plattform/atagande/999/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert 'lang="sv"' in response.content.decode()
    assert client.get("/mal/indikatorer/finns-inte/varden.csv").status_code == 404


# --- /mal/indikatorer/<slug>/ ---------------------------------------------------------------------------------------


def test_sick_leave_page_shows_the_values_by_gender_the_target_and_the_verdict_improved(client, sick_leave):
    html = client.get("/mal/indikatorer/sjukfranvaro/").content.decode()

    table = values_table(html, "Sjukfrånvaro per år")
    assert table.head[0][:4] == ["År", "Totalt", "Kvinnor", "Män"]
    assert [row[:4] for row in table.body] == [
        ["2019", "4,4", "4,9", "3,0"],
        ["2020", "3,8", "4,4", "2,6"],
        ["2021", "3,4", "4,3", "1,5"],
    ]
    assert "Minska" in html
    headline = html[html.index('class="goals-headline"') :]
    assert headline.index("Förbättrad") < headline.index("</p>")
    assert "2021 jämfört med 2020" in headline


def test_indicator_page_has_an_accessible_svg_chart_with_three_distinguishable_lines(client, sick_leave):
    html = client.get("/mal/indikatorer/sjukfranvaro/").content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Totalt: 2019 4,4; 2020 3,8; 2021 3,4" in svg
    assert svg.count("<polyline") == 6  # two segments per line
    assert 'stroke-dasharray="10 5"' in svg and 'stroke-dasharray="3 4"' in svg
    assert "<circle" in svg and "<rect" in svg and "<polygon" in svg
    assert "style=" not in html  # the Content Security Policy forbids inline styles


def test_a_value_not_comparable_has_a_footnote_and_no_verdict_across_it(client, steering_index):
    html = client.get("/mal/indikatorer/styrningsindex/").content.decode()

    table = values_table(html, "Styrningsindex per år")
    rows = {row[0]: row for row in table.body}
    assert rows["2019"][1] == "70"
    assert "Värdet är inte fullt jämförbart" in html and "Frågorna ändrades 2020." in html
    assert re.search(r"<td class=\"num\">70<sup[^>]*><a href=\"#fotnot-2\">", html)  # after the general footnote
    assert 'id="fotnot-1">Resultatet bygger på medarbetarenkäten.' in html
    # 2021 is compared with 2019 (2020 has no value), which is not comparable: no verdict, and it says why
    assert "Ingen bedömning" in rows["2021"][-1] and "2019 års värde är inte jämförbart" in rows["2021"][-1]
    headline = html[html.index('class="goals-headline"') :]
    assert headline.index("Ingen bedömning") < headline.index("</p>")
    assert "Förbättrad" not in html.split('id="rubrik-bedomning"')[0]


def test_a_missing_value_shows_a_dash_and_what_it_means(client, steering_index):
    html = client.get("/mal/indikatorer/styrningsindex/").content.decode()

    rows = {row[0]: row for row in values_table(html, "Styrningsindex per år").body}
    assert rows["2020"][1] == "–"
    assert "– betyder att värdet saknas" in html


def test_a_numeric_target_is_shown_as_the_target_value_and_judged_against_it(client, ks):
    indicator = IndicatorFactory(slug="andel", direction="increase", target_value="80", owner=ks)
    indicator_values(indicator, T={2020: "70.5", 2021: "78.2"})

    html = client.get("/mal/indikatorer/andel/").content.decode()

    assert "Målvärde: 80,0&nbsp;%" in html
    headline = html[html.index('class="goals-headline"') :]
    assert headline.index("Nära") < headline.index("</p>")


def test_incomplete_note_is_shown_prominently(client, ks):
    IndicatorFactory(slug="anstallningstrygghet", owner=ks, incomplete_note="Tabellen i källan går inte att läsa.")

    html = client.get("/mal/indikatorer/anstallningstrygghet/").content.decode()

    assert html.index("Uppgifterna är ofullständiga") < html.index("Utveckling över åren")
    assert "Tabellen i källan går inte att läsa." in html


def test_csv_has_semicolons_bom_and_decimal_commas(client, sick_leave, steering_index):
    response = client.get("/mal/indikatorer/sjukfranvaro/varden.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="sjukfranvaro.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Indikator", "År", "Kön", "Värde"]
    assert rows[1][:5] == ["Sjukfrånvaro", "2019", "Totalt", "4,4", "procent"]
    assert rows[2][:4] == ["Sjukfrånvaro", "2019", "Kvinnor", "4,9"]
    assert rows[-1][:4] == ["Sjukfrånvaro", "2021", "Män", "1,5"]
    assert len(rows) == 1 + 9

    rows = list(csv.reader(io.StringIO(client.get("/mal/indikatorer/styrningsindex/varden.csv").content.decode())))
    flat = [row[0].split(";") for row in rows]
    assert flat[1][3:6] == ["70", "index", "ja"] and flat[2][3] == ""  # a missing value is an empty cell


# --- /mal/indikatorer/ ----------------------------------------------------------------------------------------------


def test_indicator_list_shows_latest_total_target_and_verdict_and_filters_by_body(client, sick_leave, steering_index):
    other = IndicatorFactory(name="Andel chefer", slug="andel-chefer", owner=BodyFactory(slug="annan"))
    indicator_values(other, T={2020: "50", 2021: "60"})

    table = values_table(client.get("/mal/indikatorer/").content.decode(), "Indikatorer med senaste värde")
    rows = {row[0]: row for row in table.body}
    assert rows["Sjukfrånvaro"][2].startswith("3,4")
    assert rows["Sjukfrånvaro"][3] == "Minska" and "Förbättrad" in rows["Sjukfrånvaro"][4]
    assert "Försämrad" in rows["Andel chefer"][4]  # Minska, and it rose

    table = values_table(client.get("/mal/indikatorer/?organ=kommunstyrelsen").content.decode(), "Indikatorer med")
    assert sorted(row[0] for row in table.body) == ["Sjukfrånvaro", "Styrningsindex"]


def test_indicator_list_filters_by_goal_area_and_verdict(client, sick_leave, steering_index):
    area = GoalAreaFactory(slug="fulla-kraft")
    steering_index.goal_areas.add(area)

    table = values_table(client.get("/mal/indikatorer/?malomrade=fulla-kraft").content.decode(), "Indikatorer med")
    assert [row[0] for row in table.body] == ["Styrningsindex"]
    table = values_table(client.get("/mal/indikatorer/?bedomning=improved").content.decode(), "Indikatorer med")
    assert [row[0] for row in table.body] == ["Sjukfrånvaro"]


def test_indicator_list_with_invalid_filter_values_does_not_fail(client, sick_leave):
    response = client.get("/mal/indikatorer/?organ=finns-inte&malomrade=x&bedomning=nonsens")
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


# --- /mal/plattform/ ------------------------------------------------------------------------------------------------


@pytest.fixture
def platform():
    platform = PlatformFactory()
    safety = PolicyAreaFactory(platform=platform, name="Trygghet", slug="trygghet", position=1)
    youth = PolicyAreaFactory(platform=platform, name="Barn och unga", slug="barn-och-unga", position=2)
    PolicyAreaFactory(platform=platform, name="Kultur", slug="kultur", position=3)
    billion = CommitmentFactory(area=safety, text="En miljard ska satsas fördelat över åtta år på trygghet")
    CommitmentFactory(area=safety, text="Ett narkotikateam ska inrättas")
    club = CommitmentFactory(area=youth, text="En ny ungdomsgård ska öppnas")
    CommitmentUpdate.objects.create(commitment=billion, date=dt.date(2023, 2, 1), status=CommitmentStatus.IN_PROGRESS)
    CommitmentUpdate.objects.create(commitment=club, date=dt.date(2023, 3, 1), status=CommitmentStatus.DONE)
    return platform


def test_platform_lists_every_policy_area_with_its_commitments_and_status(client, platform):
    html = client.get("/mal/plattform/").content.decode()

    assert "Politisk plattform 2022–2026" in html and "Socialdemokraterna, Moderaterna, Centerpartiet" in html
    for name in ("Trygghet", "Barn och unga", "Kultur"):
        assert f"{name} <span" in html
    assert "Inga åtaganden inom området." in html  # Kultur has none, and says so
    row = html[html.index("En miljard ska satsas") :]
    assert row.index("Pågår") < row.index("</li>")
    assert 'aria-hidden="true">◐</span> Pågår' in row  # a symbol with the text, not colour alone
    assert "3 åtaganden" in html


def test_platform_filters_by_status_including_not_started_without_updates(client, platform):
    html = client.get("/mal/plattform/?status=not_started").content.decode()
    assert "Ett narkotikateam ska inrättas" in html
    assert "En miljard ska satsas" not in html and "En ny ungdomsgård" not in html
    assert "1 åtagande matchar filtret" in html

    html = client.get("/mal/plattform/?status=done").content.decode()
    assert "En ny ungdomsgård ska öppnas" in html and "Ett narkotikateam" not in html
    assert "Trygghet <span" not in html  # an area without a match is left out when filtering


def test_platform_filters_by_area(client, platform):
    html = client.get("/mal/plattform/?omrade=barn-och-unga").content.decode()
    assert "En ny ungdomsgård ska öppnas" in html
    assert "En miljard ska satsas" not in html


@pytest.mark.parametrize("query", ["?status=nonsens", "?omrade=finns-inte", "?status=done&x=1"])
def test_platform_with_invalid_filter_values_does_not_fail(client, platform, query):
    assert client.get("/mal/plattform/" + query).status_code == 200


def test_platform_with_nul_in_a_filter_is_a_400_in_swedish(client, platform):
    response = client.get("/mal/plattform/?omrade=%00&status=")
    assert response.status_code == 400
    assert "Adressen innehåller tecken som inte kan användas." in response.content.decode()


def test_platform_of_another_platform_area_is_not_a_valid_choice(client, platform):
    PolicyAreaFactory(platform=PlatformFactory(name="Gammal", start_year=2018, end_year=2022), slug="gammalt")
    html = client.get("/mal/plattform/?omrade=gammalt").content.decode()
    assert "Välj ett giltigt alternativ" in html


def test_platform_page_without_a_platform_says_so(client):
    response = client.get("/mal/plattform/")
    assert response.status_code == 200
    assert "Ingen politisk plattform är publicerad ännu." in response.content.decode()


# --- /mal/plattform/atagande/<pk>/ ----------------------------------------------------------------------------------


def test_commitment_page_lists_updates_and_only_decisions_of_published_agendas(client, platform):
    commitment = CommitmentFactory(area=platform.areas.get(slug="trygghet"), text="Vivalla ska inte vara utsatt 2027")
    ks = BodyFactory(name="Kommunstyrelsen", slug="kommunstyrelsen")
    published = AgendaItemFactory(
        meeting=MeetingFactory(body=ks, agenda_published_at=timezone.now()),
        title="Satsning på trygghet i Vivalla",
        case_number="Ks 181/2023",
    )
    secret = AgendaItemFactory(
        meeting=MeetingFactory(body=ks, agenda_published_at=timezone.now()), title="Hemlig rubrik", is_public=False
    )
    unpublished = AgendaItemFactory(meeting=MeetingFactory(body=ks, agenda_published_at=None), title="Ännu inte ute")
    first = CommitmentUpdate.objects.create(
        commitment=commitment, date=dt.date(2023, 1, 10), status=CommitmentStatus.IN_PROGRESS, comment="Arbetet börjar."
    )
    first.agenda_items.add(published, secret, unpublished)
    CommitmentUpdate.objects.create(
        commitment=commitment, date=dt.date(2024, 5, 2), status=CommitmentStatus.DONE, comment="Klart."
    )

    html = client.get(f"/mal/plattform/atagande/{commitment.pk}/").content.decode()

    assert "Vivalla ska inte vara utsatt 2027" in html and "Trygghet" in html
    assert html.index("2 maj 2024") < html.index("10 januari 2023")  # newest first
    assert "Arbetet börjar." in html and "Klart." in html
    current = html[html.index("Status nu") :]
    assert current.index("Genomförd") < current.index("</dd>")
    assert f'href="/sammantraden/{published.meeting.pk}/"' in html
    assert "Satsning på trygghet i Vivalla" in html and "Ks 181/2023" in html
    assert "Hemlig rubrik" not in html and "Sekretessärende" in html
    assert "Ännu inte ute" not in html and f"/sammantraden/{unpublished.meeting.pk}/" not in html


def test_commitment_without_updates_is_not_started(client, platform):
    commitment = platform.areas.get(slug="trygghet").commitments.get(text__startswith="Ett narkotikateam")
    html = client.get(f"/mal/plattform/atagande/{commitment.pk}/").content.decode()
    current = html[html.index("Status nu") :]
    assert current.index("Ej påbörjad") < current.index("</dd>")
    assert "Inga lägesrapporter ännu" in html
