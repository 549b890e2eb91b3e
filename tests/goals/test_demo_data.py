"""The goals demo data: what seeds 001, 002 and 004 say, loaded once, and a second load changing nothing.

The expectations are written out by hand from the seeds, not read from `goals.demo`, so a slip in the transcription
fails here.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from goals.demo import load_goals_demo
from goals.models import (
    Commitment,
    CommitmentUpdate,
    GoalArea,
    GoalPeriod,
    Indicator,
    IndicatorValue,
    Means,
    Observation,
    Platform,
    PolicyArea,
    StrategicArea,
)
from goals.verdicts import Verdict, assess_indicator
from meetings.models import Assignment, Body

pytestmark = pytest.mark.django_db

# Seed 002: strategic area → (målområde number, means intro as printed, number of means), in order.
SEED_002 = {
    "Hållbar tillväxt": [
        (1, "Detta ska ske genom", 5),
        (2, "Detta ska ske genom att", 2),
        (3, "Detta ska ske genom", 4),
        (4, "Detta ska ske genom att", 2),
        (5, "Detta ska ske genom", 3),
    ],
    "Människors egenmakt": [
        (1, "Detta ska ske genom:", 2),
        (2, "Detta ska ske genom att:", 2),
        (3, "Detta ska ske genom:", 2),
        (4, "Detta ska ske genom:", 3),
    ],
    "Barn och ungas behov": [(1, "", 0), (2, "", 0), (3, "", 0)],
    "Trygg välfärd": [(1, "", 0), (2, "", 0), (3, "", 0)],
}

SEED_001_GOAL_AREAS = [
    "Örebro i sin fulla kraft",
    "Lärande, utbildning och arbete genom hela livet i Örebro",
    "Ett tryggt och gott liv för alla i Örebro",
    "Örebro skapar livsmiljöer för god livskvalitet",
    "Ett klimatpositivt Örebro med friska ekosystem och god biologisk mångfald",
    "Hållbara och resurseffektiva Örebro",
]

SEED_004_POLICY_AREAS = [
    "Näringsliv och tillväxt",
    "Förskola och skola",
    "Äldreomsorg och funktionsstöd",
    "Trygghet",
    "Socialt förebyggande arbete",
    "Klimat och miljö",
    "Jämställdhet, hbtqi och mänskliga rättigheter",
    "Kultur, demokrati och civilsamhälle",
    "Trafik",
    "Stadsbyggnad",
    "Gymnasieskola och arbetsmarknad",
    "Bolagskoncernen",
    "Fritid och idrott",
    "Landsbygd",
]

# (policy area, a phrase of the promise as the seed prints it)
CONCRETE_COMMITMENTS = [
    ("Trygghet", "En miljard ska satsas fördelat över åtta år på örebroarnas trygghet"),
    ("Trygghet", "Vivalla senast år 2027 inte ska vara ett särskilt utsatt område"),
    ("Trygghet", "införa ett Narkotikateam i Örebro kommun"),
    ("Trygghet", "starta ett Trygghetscenter i Varberga och Oxhagen"),
    ("Trygghet", "En kommission mot välfärdsbrott inrättas"),
    ("Socialt förebyggande arbete", "en ungdomsgård för äldre ungdomar i centrala Örebro ska inrättas"),
    ("Förskola och skola", "Alla skolor ska NPF-säkras"),
    ("Äldreomsorg och funktionsstöd", "minska kön till grupp- och servicebostad inom LSS"),
    ("Klimat och miljö", "Örebro blir Sveriges första smarta stad"),
    ("Gymnasieskola och arbetsmarknad", "Ett aktivitetskrav på 100 procent av individens förmåga är målet"),
    ("Bolagskoncernen", "Sveriges grönaste flygplats"),
    ("Landsbygd", "Fler cykelvägar till och mellan orterna behövs"),
]


@pytest.fixture
def loaded():
    return load_goals_demo()


def values(slug: str, gender: str) -> list[Decimal | None]:
    rows = IndicatorValue.objects.filter(indicator__slug=slug, gender=gender).order_by("year")
    return [row.value for row in rows]


def test_the_period_2017_2019_has_the_vision_of_seed_002(loaded):
    period = GoalPeriod.objects.get(name="2017–2019")
    assert (period.start_year, period.end_year) == (2017, 2019)
    assert period.vision == "Skandinaviens mest attraktiva medelstora stad"
    assert "växa både socialt, ekologiskt och ekonomiskt" in period.introduction


def test_every_strategic_area_of_seed_002_has_its_goal_areas_means_intro_and_means(loaded):
    period = GoalPeriod.objects.get(name="2017–2019")
    areas = list(StrategicArea.objects.filter(period=period).order_by("position"))
    assert [area.name for area in areas] == list(SEED_002)
    for area in areas:
        shown = [(goal.number, goal.means_intro, goal.means.count()) for goal in area.goal_areas.order_by("position")]
        assert shown == SEED_002[area.name], area.name


def test_means_are_kept_in_the_seeds_order():
    load_goals_demo()
    goal = GoalArea.objects.get(strategic_area__name="Hållbar tillväxt", number=1)
    assert goal.statement == "Sysselsättningen ska öka."
    assert [means.text for means in goal.means.order_by("position")] == [
        "stärkt samverkan med näringslivet",
        "ökade insatser för att fler ska få jobb",
        "ökat samarbete med grannkommuner",
        "att stimulera nyföretagande",
        "partnerskap med näringsliv och andra offentliga aktörer",
    ]


def test_the_six_goal_areas_of_2021_each_have_positive_observations_and_areas_to_improve(loaded):
    kommunstyrelsen = Body.objects.get(slug="kommunstyrelsen")
    goal_areas = GoalArea.objects.filter(period__name="Målområden 2021").order_by("position")
    assert [goal.statement for goal in goal_areas] == SEED_001_GOAL_AREAS
    for goal in goal_areas:
        assert goal.strategic_area is None
        kinds = set(goal.observations.filter(body=kommunstyrelsen, year=2021).values_list("kind", flat=True))
        assert kinds == {Observation.Kind.POSITIVE, Observation.Kind.IMPROVE}, goal.statement


def test_a_bullet_cut_by_the_page_break_is_joined_in_its_own_column(loaded):
    goal = GoalArea.objects.get(statement="Ett tryggt och gott liv för alla i Örebro")
    positive = list(goal.observations.filter(kind=Observation.Kind.POSITIVE).values_list("text", flat=True))
    improve = list(goal.observations.filter(kind=Observation.Kind.IMPROVE).values_list("text", flat=True))
    assert positive[0] == (
        "En brottsförebyggande strategi är antagen för kommunen som anger den politiska inriktningen av det "
        "brottsförebyggande arbetet."
    )
    assert improve[0].endswith("med bla kontinuitetsplanering och totalförsvarsplanering.")
    assert "Central krisledningsplan" in positive
    assert "Lägesbilder ANDT" in improve


def test_sick_leave_has_the_values_of_chapter_7_and_is_improved(loaded):
    indicator = Indicator.objects.get(name="Sjukfrånvaro i procent av arbetstiden")
    assert indicator.direction == Indicator.Direction.DECREASE
    assert indicator.get_direction_display() == "Minska"
    assert indicator.unit == Indicator.Unit.PERCENT
    assert indicator.owner.slug == "kommunstyrelsen"
    assert values(indicator.slug, "T") == [Decimal("4.4"), Decimal("3.8"), Decimal("3.4")]
    assert values(indicator.slug, "K") == [Decimal("4.9"), Decimal("4.4"), Decimal("4.3")]
    assert values(indicator.slug, "M") == [Decimal("3.0"), Decimal("2.6"), Decimal("1.5")]
    verdicts = assess_indicator(indicator, indicator.values.all())
    assert verdicts["T"].verdict is Verdict.IMPROVED
    assert str(verdicts["T"].verdict.label) == "Förbättrad"


def test_short_term_sick_leave_has_the_values_of_chapter_7(loaded):
    slug = Indicator.objects.get(name="Korttidssjukfrånvaro").slug
    assert values(slug, "T") == [Decimal("5.4"), Decimal("5.1"), Decimal("4.1")]
    assert values(slug, "K") == [Decimal("5.8"), Decimal("5.7"), Decimal("4.7")]
    assert values(slug, "M") == [Decimal("4.4"), Decimal("3.8"), Decimal("2.9")]


def test_styrningsindex_2019_is_not_comparable_and_carries_the_footnotes(loaded):
    indicator = Indicator.objects.get(name="Styrningsindex")
    flagged = {(row.year, row.gender): row.not_comparable for row in indicator.values.all()}
    assert flagged[(2019, "T")] and flagged[(2019, "K")] and flagged[(2019, "M")]
    assert not any(comparable for (year, _), comparable in flagged.items() if year != 2019)
    assert "2019 och 2020 års resultat är inte fullt jämförbara" in indicator.footnotes
    assert "Mätning sker under hösten 2021" in indicator.footnotes
    assert values(indicator.slug, "T") == [Decimal("66"), Decimal("69"), Decimal("70")]


def test_the_step_into_the_not_comparable_year_gets_no_verdict(loaded):
    indicator = Indicator.objects.get(name="Styrningsindex")
    rows = indicator.values.filter(year__lte=2020)
    assert assess_indicator(indicator, rows)["T"].verdict is Verdict.NONE


def test_hme_and_managers_with_10_to_30_staff_are_totals_with_their_footnotes(loaded):
    hme = Indicator.objects.get(slug="andel-enheter-med-hme-minst-78")
    assert "Hållbart medarbetarengagemang (HME)" in hme.footnotes
    assert values(hme.slug, "T") == [Decimal("32"), Decimal("37"), Decimal("38")]
    assert not hme.values.exclude(gender="T").exists()
    managers = Indicator.objects.get(name="Andel chefer med 10–30 medarbetare, procent")
    assert values(managers.slug, "T") == [Decimal("68"), Decimal("69"), Decimal("69")]


def test_the_garbled_employment_security_index_says_why_and_invents_nothing(loaded):
    indicator = Indicator.objects.get(name="Anställningstrygghetsindex")
    assert "8,9 5,9 2,9" in indicator.incomplete_note
    assert values(indicator.slug, "T") == [Decimal("85.4"), Decimal("83.7"), None]
    assert values(indicator.slug, "M") == [Decimal("84.6"), Decimal("81.9"), None]  # "81.9" in the seed
    assert not IndicatorValue.objects.filter(value=0).exists()  # missing is NULL, never 0


def test_the_platform_has_its_parties_and_every_policy_area_of_seed_004_with_commitments(loaded):
    platform = Platform.objects.get(name="Politisk plattform 2022–2026")
    assert platform.parties == "Socialdemokraterna, Moderaterna, Centerpartiet"
    assert (platform.start_year, platform.end_year) == (2022, 2026)
    areas = PolicyArea.objects.filter(platform=platform).order_by("position")
    assert [area.name for area in areas] == SEED_004_POLICY_AREAS
    for area in areas:
        assert area.commitments.exists(), area.name
        assert area.slug.isascii()


@pytest.mark.parametrize(("area", "phrase"), CONCRETE_COMMITMENTS)
def test_the_concrete_commitments_are_there(loaded, area, phrase):
    assert Commitment.objects.filter(area__name=area, text__contains=phrase).count() == 1


def test_no_commitment_has_a_status_so_all_are_not_started(loaded):
    assert not CommitmentUpdate.objects.exists()
    statuses = {commitment.get_current_status_display() for commitment in Commitment.objects.with_status()}
    assert statuses == {"Ej påbörjad"}


def test_kommunstyrelsen_is_created_as_the_meetings_demo_would():
    from meetings.demo import BODIES

    load_goals_demo()
    expected = next(data for data in BODIES if data["slug"] == "kommunstyrelsen")
    body = Body.objects.get(slug="kommunstyrelsen")
    assert body.name == expected["name"] and body.description == expected["description"]


def test_an_existing_kommunstyrelsen_is_used_not_duplicated():
    Body.objects.create(slug="kommunstyrelsen", name="Kommunstyrelsen", kind=Body.Kind.BOARD)
    counts = load_goals_demo()
    assert counts["bodies"] == 0
    assert set(Indicator.objects.values_list("owner__slug", flat=True)) == {"kommunstyrelsen"}


MODELS = (
    Body,
    GoalPeriod,
    StrategicArea,
    GoalArea,
    Means,
    Observation,
    Indicator,
    IndicatorValue,
    Platform,
    PolicyArea,
    Commitment,
    Indicator.history.model,
    IndicatorValue.history.model,
    Commitment.history.model,
)


def test_a_second_run_creates_and_changes_nothing():
    first = load_goals_demo()
    assert all(first[key] for key in first), first
    before = {model: list(model.objects.order_by("pk").values()) for model in MODELS}
    second = load_goals_demo()
    assert not any(second.values()), second
    assert {model: list(model.objects.order_by("pk").values()) for model in MODELS} == before


def test_a_value_edited_by_staff_survives_a_reload():
    load_goals_demo()
    value = IndicatorValue.objects.get(indicator__slug="sjukfranvaro", year=2021, gender="T")
    value.value = Decimal("3.5")
    value.save()
    load_goals_demo()
    value.refresh_from_db()
    assert value.value == Decimal("3.5")


def test_the_command_prints_a_summary_then_that_nothing_changed():
    out = StringIO()
    call_command("load_goals_demo", stdout=out)
    first = out.getvalue()
    assert first.startswith("Måldemodata: 2 målperioder, 4 strategiska områden, 21 målområden, ")
    assert "14 politikområden" in first
    out = StringIO()
    call_command("load_goals_demo", stdout=out)
    assert out.getvalue().strip() == "Måldemodata finns redan – inget ändrat"


def test_the_command_with_staff_creates_the_analyst_of_kommunstyrelsen_once():
    call_command("load_goals_demo", "--staff", stdout=StringIO())
    analyst = get_user_model().objects.get(username="analytiker")
    assert (analyst.first_name, analyst.last_name) == ("Lina", "Berg")
    assert analyst.check_password("orebro-demo-2024")
    assert Assignment.objects.filter(user=analyst, body__slug="kommunstyrelsen", role=Assignment.Role.ANALYST).exists()

    analyst.set_password("changed-by-lina")
    analyst.save()
    out = StringIO()
    call_command("load_goals_demo", "--staff", stdout=out)
    analyst.refresh_from_db()
    assert analyst.check_password("changed-by-lina")  # never reset
    assert Assignment.objects.filter(user=analyst).count() == 1
    assert "Måldemodata finns redan – inget ändrat" in out.getvalue()


def test_the_analyst_may_edit_kommunstyrelsens_indicators():
    from goals.access import editable_indicators

    call_command("load_goals_demo", "--staff", stdout=StringIO())
    analyst = get_user_model().objects.get(username="analytiker")
    assert set(editable_indicators(analyst)) == set(Indicator.objects.all())
