"""Every public budget page and download runs the same, small number of queries with 10 codes as with 500 (and the
staff pages that say what is published, with 2 years as with 4)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import AccountGroup, LedgerLine, ResponsibilityCode
from tests.factories import FiscalYearFactory, UnitFactory, administrator, publish_all

pytestmark = pytest.mark.django_db

PATHS = [
    "/ekonomi/",
    "/ekonomi/2021/",
    "/ekonomi/2021/enheter.csv",
    "/ekonomi/2021/kommunstyrelsen/",
    "/ekonomi/2021/kommunledning/",
    "/ekonomi/2021/kommunledning/ansvar.csv",
    "/ekonomi/2021/kommunledning/ansvar.xlsx",
    "/ekonomi/2021/kommunledning/kontogrupp.csv",
    "/ekonomi/2021/kommunledning/ansvar/K0000/",
    "/ekonomi/2021/kommunledning/ansvar/K0000/kontogrupp.csv",
    "/ekonomi/jamfor/",
    "/ekonomi/jamfor/?enhet=kommunledning&fran=2019&till=2021",
    "/ekonomi/jamfor/jamforelse.xlsx?enhet=kommunledning",
]
MAX_QUERIES = 10


@pytest.fixture
def kommunledning():
    for year in (2019, 2020, 2021):
        FiscalYearFactory(year=year)
    ks = UnitFactory(name="Kommunstyrelsen", slug="kommunstyrelsen", position=0)
    return UnitFactory(name="Kommunledning", slug="kommunledning", parent=ks, position=1)


def add_codes(unit, first: int, count: int) -> None:
    """`count` codes, each with lines in every account group for 2019–2021."""
    codes = ResponsibilityCode.objects.bulk_create(
        ResponsibilityCode(code=f"K{n:04d}", name=f"Ansvar {n}", unit=unit) for n in range(first, first + count)
    )
    groups = list(AccountGroup.objects.all())
    LedgerLine.objects.bulk_create(
        LedgerLine(
            year_id=year,
            code=code,
            group=group,
            outcome=Decimal(-1000 * (n + 1) - year),
            budget=Decimal(-1100 * (n + 1)),
        )
        for n, code in enumerate(codes)
        for group in groups
        for year in (2019, 2020, 2021)
    )
    publish_all()


def count_queries(client) -> dict[str, int]:
    counts = {}
    for path in PATHS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_every_page_and_download_runs_as_many_queries_with_500_codes_as_with_10(client, kommunledning):
    add_codes(kommunledning, 0, 10)
    few = count_queries(client)
    add_codes(kommunledning, 10, 490)
    assert ResponsibilityCode.objects.count() == 500
    many = count_queries(client)
    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many


def test_the_unit_page_shows_all_500_codes(client, kommunledning):
    add_codes(kommunledning, 0, 500)
    html = client.get("/ekonomi/2021/kommunledning/").content.decode()
    assert html.count('<th scope="row"><a href="/ekonomi/2021/kommunledning/ansvar/K') == 500


STAFF_PATHS = ["/redigera/ekonomi/", "/redigera/ekonomi/2021/kommunledning/", "/redigera/ekonomi/2021/publicera/"]


def count_staff_queries(client) -> dict[str, int]:
    counts = {}
    for path in STAFF_PATHS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_the_staff_pages_that_say_what_is_published_run_as_many_queries_for_more_years_and_codes(client, kommunledning):
    client.force_login(administrator())
    add_codes(kommunledning, 0, 5)
    few = count_staff_queries(client)
    for year in (2017, 2018):
        FiscalYearFactory(year=year)
    add_codes(kommunledning, 5, 45)
    LedgerLine.objects.filter(year_id=2021, code__code="K0007").update(outcome=Decimal(1))  # a change since
    assert count_staff_queries(client) == few
