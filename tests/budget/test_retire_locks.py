"""Retiring an ansvar and saving or importing its figures take the same row lock (the code's), so the two cannot
both pass their checks at the same moment: one waits for the other and then sees its result."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import FiscalYear
from budget.services.figures import figures_save
from budget.services.importing import ledger_import_apply, ledger_import_preview
from tests.budget.test_import_services import upload
from tests.conftest import require_service
from tests.factories import FiscalYearFactory, ResponsibilityCodeFactory, UnitFactory, account_group, unit_controller

pytestmark = pytest.mark.django_db


def _locks_code_row(queries) -> bool:
    return any(
        "FOR UPDATE" in query["sql"] and 'FROM "budget_responsibilitycode"' in query["sql"]
        for query in queries.captured_queries
    )


@pytest.fixture
def klc():
    require_service(
        connection.vendor == "postgresql",
        "PostgreSQL behövs: sätt DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres",
    )
    FiscalYearFactory(year=2022)
    return ResponsibilityCodeFactory(code="KLC", unit=UnitFactory(slug="kommunledning"))


def test_a_grid_save_locks_the_codes_it_writes(klc):
    controller = unit_controller(klc.unit)
    with CaptureQueriesContext(connection) as queries:
        figures_save(
            year=FiscalYear.objects.get(pk=2022),
            unit=klc.unit,
            cells={(klc.pk, account_group("5").pk): (None, -1)},
            user=controller,
        )
    assert _locks_code_row(queries)


def test_applying_an_import_locks_the_codes_it_writes(klc):
    controller = unit_controller(klc.unit)
    ledger_import = ledger_import_preview(uploaded_file=upload("2022;KLC;;5;-1;-1"), user=controller)
    with CaptureQueriesContext(connection) as queries:
        ledger_import_apply(ledger_import=ledger_import, user=controller)
    ledger_import.refresh_from_db()
    assert ledger_import.status == ledger_import.Status.APPLIED, ledger_import.message
    assert _locks_code_row(queries)
