"""Generated blocks show the books and the goals as they are, until the report is adopted; then they never change."""

from decimal import Decimal

import pytest

from budget.models import LedgerLine
from reports.blocks import block_data, blocks_freeze
from reports.content import content_fingerprint, report_document
from reports.markdown import render
from reports.models import Block
from tests.factories import (
    AnnualReportFactory,
    ResponsibilityCodeFactory,
    SectionFactory,
    UnitFactory,
    ledger_line,
    publish_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def block():
    unit = UnitFactory(name="Kommunledning", slug="kommunledning")
    klc = ResponsibilityCodeFactory(code="KLC", name="Kansli Centerpartiet", unit=unit)
    ledger_line(year=2020, code=klc, group="5", outcome=-3_495_000)
    ledger_line(year=2021, code=klc, group="5", outcome=-3_170_000, budget=-4_134_000)
    publish_all()
    section = SectionFactory(number="6.1", heading="Budgetavvikelse", position=5)
    return Block.objects.create(section=section, kind=Block.Kind.UNIT_TABLES, unit=unit, year=2021)


def test_a_unit_block_shows_both_tables_in_tkr_with_the_same_total(block):
    codes, groups = block_data(block)["tables"]
    assert codes["caption"] == "Kommunledning 2021 per ansvar, tkr"
    assert codes["rows"][0] == {
        "label": "KLC Kansli Centerpartiet",
        "cells": ["−3\u00a0495", "−3\u00a0170", "−4\u00a0134", "964", "−9,3"],
        "level": 1,
    }
    assert codes["total"] == groups["total"]
    assert groups["rows"][0]["label"] == "5 Personalkostnader"


def test_a_draft_shows_the_current_figures_and_adoption_freezes_them(block):
    report = block.section.report
    before = content_fingerprint(report)
    LedgerLine.objects.filter(year_id=2021).update(outcome=Decimal(-3_000_000))
    assert block_data(block)["tables"][0]["rows"][0]["cells"][1] == "−3\u00a0170"  # saved, not yet published
    assert content_fingerprint(report) == before
    publish_all()
    assert block_data(block)["tables"][0]["rows"][0]["cells"][1] == "−3\u00a0000"
    assert content_fingerprint(report) != before  # a stored PDF of the old figures is not reused

    assert blocks_freeze(report=report) == 1
    frozen = content_fingerprint(report)
    LedgerLine.objects.filter(year_id=2021).update(outcome=Decimal(-9_000_000))
    publish_all()
    block.refresh_from_db()
    assert block_data(block)["tables"][0]["rows"][0]["cells"][1] == "−3\u00a0000"
    assert content_fingerprint(report) == frozen


def test_the_document_renders_sections_in_order_with_their_blocks_and_anchors(block):
    report = block.section.report
    SectionFactory(report=report, number="2.1", heading="Analys", text="Ett *viktigt* stycke.", position=1)
    document = report_document(report)
    assert [item.section.number for item in document] == ["2.1", "6.1"]
    assert document[0].anchor == "kapitel-2-1" and document[0].level == 2
    assert str(document[0].html) == "<p>Ett <em>viktigt</em> stycke.</p>"
    assert document[1].blocks[0].template == "reports/blocks/tables.html"


def test_the_fingerprint_follows_the_text():
    report = AnnualReportFactory()
    section = SectionFactory(report=report, text="Före")
    before = content_fingerprint(report)
    section.text = "Efter"
    section.save()
    assert content_fingerprint(report) != before


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("Ett stycke.\n\nEtt till.", "<p>Ett stycke.</p>\n<p>Ett till.</p>"),
        ("- ett\n- två", "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>"),
        ('<p style="color:red" onclick="x()">Text</p>', "<p>Text</p>"),
        ("![bild](http://intern.example/x.png)", "<p></p>"),
        ("[länk](javascript:alert(1))", '<p><a rel="noopener noreferrer">länk</a></p>'),
        (
            "[länk](https://www.orebro.se/)",
            '<p><a href="https://www.orebro.se/" rel="noopener noreferrer">länk</a></p>',
        ),
        ("# Rubrik", "<h3>Rubrik</h3>"),
    ],
)
def test_section_text_is_markdown_cleaned_to_an_allow_list(markdown, html):
    assert str(render(markdown)) == html


def test_a_script_typed_into_a_section_never_reaches_the_page():
    html = str(render("<script>alert(1)</script>Text"))
    assert "<script" not in html and "alert" not in html
    assert "Text" in html


def test_a_block_says_where_a_change_is_left_out_and_where_the_split_is_derived(block):
    LedgerLine.objects.filter(year_id=2021).update(comparable=False, derived=True)
    publish_all()
    codes, groups = block_data(block)["tables"]
    assert codes["rows"][0]["cells"][-1] == "–"
    assert codes["note"] == "– i Förändring %: ej jämförbar med föregående år."
    assert groups["note"] == (
        "Fördelningen på kontogrupper är härledd, inte publicerad. – i Förändring %: ej jämförbar med föregående år."
    )


def test_a_block_of_a_year_never_published_shows_none_of_its_figures(block):
    from tests.factories import ledger_line

    ledger_line(year=2022, code=LedgerLine.objects.first().code, group="5", outcome=-1_000_000)
    block.year = 2022
    block.save()
    codes, groups = block_data(block)["tables"]
    # Only the published 2021 outcome (as Bokslut 2021); nothing of the 2022 draft.
    assert [row["cells"] for row in codes["rows"] + groups["rows"]] == [["−3\u00a0170", "–", "–", "–", "–"]] * 2
    assert codes["total"]["cells"] == ["−3\u00a0170", "–", "–", "–", "–"]
