"""The report demo: Kommunstyrelsens årsberättelse 2021 from seed 001, every chapter, its blocks over the demo data.

The contents list and the expected figures are written out by hand from the seed, not read from `reports.demo`, so a
slip in the transcription fails here.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from goals.demo import load_goals_demo
from meetings.models import Body
from reports import demo
from reports.blocks import block_data
from reports.demo import load_reports_demo
from reports.markdown import render
from reports.models import AnnualReport, Block, Section
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

# Seed 001's contents list, as printed (double spaces made single, "3." without its full stop).
CONTENTS = [
    ("1", "Förslag till beslut"),
    ("2", "Kommundirektörens bedömning och analys"),
    ("2.1", "Kommundirektörens analys av verksamhetens resultat"),
    ("2.2", "Händelser av väsentlig betydelse"),
    ("2.3", "Förväntad utveckling"),
    ("3", "Sammanfattande iakttagelser"),
    ("4", "Kommunstyrelsens utvecklingsportföljer och riktade satsningar"),
    ("4.1.1", "Portföljstyrning"),
    ("4.1.2", "Digitaliseringsportföljen Digitalt först"),
    ("4.1.3", "Kompetensförsörjningsportföljen"),
    ("4.1.4", "Sociala investeringar"),
    ("4.1.5", "Den växande kommunen"),
    ("4.1.6", "Strukturförändringsprogram för hemvården"),
    ("5", "Kommunstyrelsens verksamhet och utveckling"),
    ("5.1", "Styrning, verkställighet och uppsiktsplikt"),
    ("5.2", "Extern serviceyta"),
    ("5.3", "Intern serviceyta"),
    ("5.4", "Inköp och upphandling samt ekonomisk förvaltning"),
    ("5.5", "Hållbar samhällsutveckling, förnyelse och övergripande kvalitetsarbete"),
    ("5.6", "Demokratistöd, nämndadministration, arkiv, diarium och juridik"),
    ("5.7", "Socialt förebyggande arbete, tryggt, säkert och inkluderande samhälle"),
    ("5.8", "Digitalisering, informationshantering, informationssäkerhet"),
    ("5.9", "Lokalförsörjning"),
    ("5.10", "HR, arbetsgivarfrågor, ledar- och medarbetarskap"),
    ("5.11", "Näringslivsutveckling och marknadsföring av kommunen"),
    ("6", "Kostnadsutveckling och budgetavvikelse"),
    ("6.1", "Budgetavvikelse, intäkts- och kostnadsutveckling"),
    ("6.2", "Sammanställning intäkts- och kostnadsutveckling"),
    ("6.3", "Investeringar"),
    ("7", "Kommunstyrelsens ansvar som anställningsmyndighet"),
    ("8", "Bilagor"),
]

SIX_GOAL_AREAS = [
    "Örebro i sin fulla kraft",
    "Lärande, utbildning och arbete genom hela livet i Örebro",
    "Ett tryggt och gott liv för alla i Örebro",
    "Örebro skapar livsmiljöer för god livskvalitet",
    "Ett klimatpositivt Örebro med friska ekosystem och god biologisk mångfald",
    "Hållbara och resurseffektiva Örebro",
]


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.fixture
def report():
    # Kommunstyrelsen as the goals demo creates it (the same as the meetings demo), so no agenda PDFs are rendered.
    load_goals_demo()
    load_reports_demo()
    return AnnualReport.objects.get(body__slug="kommunstyrelsen", year=2021)


def _section(report: AnnualReport, number: str) -> Section:
    return report.sections.get(number=number)


def _unit_block(report: AnnualReport, slug: str) -> Block:
    return Block.objects.get(section__report=report, kind=Block.Kind.UNIT_TABLES, unit__slug=slug)


def test_report_is_a_draft_with_title_and_case_number(report):
    assert report.title == "Kommunstyrelsens årsberättelse 2021"
    assert report.case_number == "Ks 181/2022"
    assert report.status == AnnualReport.Status.DRAFT
    assert report.adopted_at is None
    assert report.adopted_meeting is None


def test_every_chapter_of_the_contents_list_exists_in_order_with_its_heading(report):
    sections = list(report.sections.order_by("position"))
    assert [(section.number, section.heading) for section in sections] == CONTENTS


def test_subchapters_hang_under_their_chapter(report):
    parents = {section.number: section.parent.number if section.parent else None for section in report.sections.all()}
    assert parents["1"] is None
    assert parents["2.1"] == "2"
    assert parents["4.1.1"] == "4"  # the seed has no 4.1
    assert parents["5.11"] == "5"
    assert parents["6.3"] == "6"


def test_section_2_1_has_the_seed_text_in_rejoined_paragraphs(report):
    text = _section(report, "2.1").text
    assert (
        "Kommunen har kunnat upprätthålla en fungerande verksamhet trots stora osäkerheter i omvärlden, "
        "främst kopplat till den fortfarande pågående pandemin." in text
    )
    assert "Nytillträdd kommundirektör har påbörjat ett arbete med att omforma sin ledningsorganisation" in text
    assert text.count("\n\n") == 5  # six paragraphs, as in the seed


def test_texts_are_clean_markdown_without_table_fragments_or_hard_wraps(report):
    for section in report.sections.all():
        for paragraph in section.text.split("\n\n"):
            lines = paragraph.split("\n")
            # Only list items and the signature's line break continue on a new line.
            assert all(line.startswith(("- ", "1. ", "2. ")) for line in lines[1:]) or lines[0].endswith("  "), (
                section.number,
                paragraph[:60],
            )
        for fragment in ("•", "KONTOGRUPP", "RN3", "Utfall Ack dec", "Målområden Positiva", "#DIVISION", "Tot K M"):
            assert fragment not in section.text, (section.number, fragment)


def test_chapter_1_renders_the_proposal_as_a_numbered_list(report):
    html = render(_section(report, "1").text)
    assert "<h3>Beslutsunderlag</h3>" in html
    assert "<ol>" in html
    proposal = "Årsberättelsen överlämnas för vidare hantering inom ramen för Örebro kommuns årsredovisning 2021."
    assert f"<li>{proposal}</li>" in html


def test_chapter_7_keeps_its_bullet_list(report):
    html = render(_section(report, "7").text)
    assert "<li>Kompetensförsörjning</li>" in html
    assert "<li>Jämställdhet och ickediskriminering</li>" in html


def test_blocks_sit_in_chapters_3_6_1_and_7(report):
    placed = [
        (block.section.number, block.kind, block.unit.slug if block.unit else None, block.year)
        for block in Block.objects.filter(section__report=report).order_by("section__position", "position")
    ]
    assert placed == [
        ("3", Block.Kind.GOAL_OBSERVATIONS, None, 2021),
        ("6.1", Block.Kind.DEVIATION_SUMMARY, None, 2021),
        ("6.1", Block.Kind.UNIT_TABLES, "kommunledning", 2021),
        ("6.1", Block.Kind.UNIT_TABLES, "kommungemensam-niva", 2021),
        ("6.1", Block.Kind.UNIT_TABLES, "kommunstyrelseforvaltning", 2021),
        ("6.1", Block.Kind.UNIT_TABLES, "stadsrevisionen", 2021),
        ("6.1", Block.Kind.UNIT_TABLES, "valnamnden", 2021),
        ("7", Block.Kind.INDICATOR_TABLE, None, 2021),
    ]


def test_kommunledning_block_has_the_published_total_row(report):
    data = block_data(_unit_block(report, "kommunledning"))
    by_code, by_group = data["tables"]
    for table in (by_code, by_group):
        assert [_plain(cell) for cell in table["total"]["cells"]] == ["−40 548", "−43 495", "−56 286", "12 791", "7,3"]
    assert "per ansvar" in by_code["caption"]
    assert "per kontogrupp" in by_group["caption"]


def test_kommunstyrelseforvaltning_block_has_the_published_total_row(report):
    data = block_data(_unit_block(report, "kommunstyrelseforvaltning"))
    total = [_plain(cell) for cell in data["tables"][0]["total"]["cells"]]
    assert total == ["−383 057", "−459 981", "−447 564", "−12 417", "20,1"]


def test_chapter_3_block_lists_the_six_goal_areas(report):
    block = Block.objects.get(section__report=report, kind=Block.Kind.GOAL_OBSERVATIONS)
    data = block_data(block)
    assert [area["name"] for area in data["areas"]] == SIX_GOAL_AREAS
    assert all(area["positive"] and area["improve"] for area in data["areas"])


def test_chapter_7_block_has_sick_leave_2019_to_2021(report):
    block = Block.objects.get(section__report=report, kind=Block.Kind.INDICATOR_TABLE)
    (table,) = block_data(block)["tables"]
    rows = {row["label"]: row["cells"] for row in table["rows"]}
    assert rows["Sjukfrånvaro i procent av arbetstiden, totalt"][:3] == ["4,4", "3,8", "3,4"]


def test_loading_again_creates_and_changes_nothing(report):
    section = _section(report, "2.2")
    section.text = "Ändrad av en sekreterare."
    section.save()
    counts = (AnnualReport.objects.count(), Section.objects.count(), Block.objects.count())

    assert load_reports_demo() == {"reports": 0, "sections": 0, "blocks": 0}

    assert (AnnualReport.objects.count(), Section.objects.count(), Block.objects.count()) == counts
    assert _section(report, "2.2").text == "Ändrad av en sekreterare."


def test_a_deleted_section_comes_back_with_its_blocks(report):
    _section(report, "7").delete()

    assert load_reports_demo() == {"reports": 0, "sections": 1, "blocks": 1}
    assert _section(report, "7").blocks.get().kind == Block.Kind.INDICATOR_TABLE


def test_missing_kommunstyrelsen_is_created_by_the_meetings_demo(monkeypatch):
    called = []

    def fake_meetings_demo(*, stdout=None):  # the real one renders agenda PDFs: slow, and not what is tested here
        called.append(True)
        BodyFactory(slug="kommunstyrelsen", name="Kommunstyrelsen")

    monkeypatch.setattr("meetings.demo.load_demo_data", fake_meetings_demo)
    assert not Body.objects.filter(slug="kommunstyrelsen").exists()

    load_reports_demo()

    assert called == [True]
    assert AnnualReport.objects.get().body.slug == "kommunstyrelsen"


def test_command_says_what_it_created_then_that_nothing_changed():
    load_goals_demo()
    first, second = StringIO(), StringIO()

    call_command("load_reports_demo", stdout=first)
    call_command("load_reports_demo", stdout=second)

    chapters = len(CONTENTS)
    assert first.getvalue().strip() == (
        f"Årsberättelsedemo: 1 årsberättelse, {chapters} avsnitt och 8 genererade block skapade"
    )
    assert second.getvalue().strip() == "Årsberättelsedemo finns redan – inget ändrat"
    assert demo.TITLE in AnnualReport.objects.values_list("title", flat=True)


def test_every_block_computes_rows_from_the_demo_data(report):
    for block in Block.objects.filter(section__report=report).select_related("section__report", "unit"):
        data = block_data(block)
        if data["type"] == "tables":
            assert all(table["rows"] for table in data["tables"]), block
        else:
            assert len(data["areas"]) == 6
