"""The public report pages run a fixed number of queries, however many sections, blocks or reports there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Block
from tests.factories import AnnualReportFactory, BodyFactory, SectionFactory

pytestmark = pytest.mark.django_db

FROZEN_TABLE = {
    "type": "tables",
    "tables": [
        {
            "caption": "Kommunledning 2021 per ansvar, tkr",
            "columns": ["Ansvar", "Bokslut 2020", "Utfall 2021", "Budget 2021", "Avvikelse", "Förändring %"],
            "rows": [{"label": "Kommunledningskontoret", "cells": ["−1", "−2", "−3", "1", "7,3"], "level": 1}],
            "total": {"label": "Totalt", "cells": ["−1", "−2", "−3", "1", "7,3"]},
            "note": "",
        }
    ],
}


def report_with(sections: int):
    report = AnnualReportFactory(body=BodyFactory())
    parent = None
    for number in range(1, sections + 1):
        # every third one a subsection, each with a (frozen) generated block
        is_sub = parent is not None and number % 3 == 0
        section = SectionFactory(
            report=report,
            parent=parent if is_sub else None,
            number=f"{parent.number}.{number}" if is_sub else str(number),
            position=number,
        )
        parent = parent if is_sub else section
        Block.objects.create(section=section, kind=Block.Kind.DEVIATION_SUMMARY, year=2021, frozen=FROZEN_TABLE)
    return report


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["reports:detail", "reports:pdf_status"])
def test_report_page_queries_do_not_grow_with_sections(client, name):
    small, large = report_with(3), report_with(30)
    assert large.sections.count() == 30

    def url(report):
        return reverse(name, kwargs={"body": report.body.slug, "year": report.year})

    queries_for(client, url(small))  # warm up: sessions, content types, …
    assert queries_for(client, url(small)) == queries_for(client, url(large))


def test_detail_page_query_count(client, django_assert_max_num_queries):
    report = report_with(30)
    url = reverse("reports:detail", kwargs={"body": report.body.slug, "year": report.year})
    client.get(url)
    # the report, its sections, their blocks, the blocks' indicators, the current PDF
    with django_assert_max_num_queries(5):
        client.get(url)


def test_list_queries_do_not_grow_with_reports(client):
    AnnualReportFactory(body=BodyFactory())
    few = queries_for(client, reverse("reports:list"))
    for year in range(2000, 2020):
        AnnualReportFactory(body=BodyFactory(), year=year)
    assert queries_for(client, reverse("reports:list")) == few
