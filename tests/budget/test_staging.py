"""Applying staged lines in SQL gives the books and the audit trail the per-line rules give (docs/0004-budget.md):
a (year, ansvar) in the import is replaced whole, identical lines record nothing, other years and codes are
untouched. Runs on SQLite and, in CI, on PostgreSQL."""

from decimal import Decimal

import pytest

from budget.importing import ParsedLedger
from budget.models import FigureChange, LedgerImport, LedgerLine, StagedLedgerLine
from budget.services.staging import lines_replace, lines_stage, lines_unstage, staged_ledger
from tests.factories import (
    FiscalYearFactory,
    ResponsibilityCodeFactory,
    account_group,
    administrator,
    ledger_line,
)

pytestmark = pytest.mark.django_db


def _books():
    return {
        (line.year_id, line.code.code, line.group.code): (line.budget, line.outcome)
        for line in LedgerLine.objects.select_related("code", "group")
    }


def _trail():
    return sorted(
        (change.year_id, change.code.code, change.group.code, change.field, change.old_value, change.new_value)
        for change in FigureChange.objects.select_related("code", "group")
    )


def test_staged_lines_replace_each_year_and_code_whole_and_the_trail_names_every_changed_figure():
    FiscalYearFactory(year=2022)
    klc, klm, other = (ResponsibilityCodeFactory(code=code) for code in ("KLC", "KLM", "KAA"))
    ledger_line(year=2022, code=klc, group="3", outcome=100, budget=90)  # same in the file: nothing recorded
    ledger_line(year=2022, code=klc, group="4", outcome=-50, budget=None)  # not in the file: deleted
    ledger_line(year=2022, code=klc, group="5", outcome=-1_000, budget=-900)  # changed outcome
    ledger_line(year=2022, code=other, group="5", outcome=-7, budget=-7)  # another code: untouched
    ledger_line(year=2021, code=klc, group="5", outcome=-3, budget=-3)  # another year: untouched
    user = administrator()
    ledger_import = LedgerImport.objects.create(filename="huvudbok.csv", created_by=user, row_count=4)
    g3, g5, g7 = (account_group(code).pk for code in ("3", "5", "7"))
    parsed = ParsedLedger(
        lines={
            (2022, klc.pk, g3): (Decimal("90"), Decimal("100")),
            (2022, klc.pk, g5): (Decimal("-900"), Decimal("-1200.50")),
            (2022, klm.pk, g7): (Decimal("0"), Decimal("-5")),  # a new line of a new code
        },
        first_row={(2022, klc.pk): 2, (2022, klm.pk): 5},
        year_rows={2022: 2},
    )
    lines_stage(ledger_import, parsed)

    assert staged_ledger(ledger_import).lines == parsed.lines
    recorded = lines_replace(ledger_import, user)

    assert _books() == {
        (2022, "KLC", "3"): (Decimal("90.00"), Decimal("100.00")),
        (2022, "KLC", "5"): (Decimal("-900.00"), Decimal("-1200.50")),
        (2022, "KLM", "7"): (Decimal("0.00"), Decimal("-5.00")),
        (2022, "KAA", "5"): (Decimal("-7.00"), Decimal("-7.00")),
        (2021, "KLC", "5"): (Decimal("-3.00"), Decimal("-3.00")),
    }
    assert _trail() == sorted(
        [
            (2022, "KLC", "4", "outcome", Decimal("-50.00"), None),  # the unknown budget was nothing: not recorded
            (2022, "KLC", "5", "outcome", Decimal("-1000.00"), Decimal("-1200.50")),
            (2022, "KLM", "7", "budget", None, Decimal("0.00")),
            (2022, "KLM", "7", "outcome", None, Decimal("-5.00")),
        ]
    )
    assert recorded == 4
    assert set(FigureChange.objects.values_list("changed_by", "source", "ledger_import")) == {
        (user.pk, "import", ledger_import.pk)
    }

    lines_unstage(ledger_import)
    assert not StagedLedgerLine.objects.exists()


def test_an_unknown_budget_replaced_by_an_import_is_recorded_and_stored():
    FiscalYearFactory(year=2020)
    code = ResponsibilityCodeFactory(code="KLC")
    ledger_line(year=2020, code=code, group="5", outcome=-10, budget=None)
    ledger_import = LedgerImport.objects.create(filename="f.csv", row_count=1)
    lines_stage(
        ledger_import,
        ParsedLedger(
            lines={(2020, code.pk, account_group("5").pk): (Decimal(0), Decimal(-10))},
            first_row={(2020, code.pk): 2},
            year_rows={2020: 2},
        ),
    )
    assert lines_replace(ledger_import, None) == 1
    assert _books() == {(2020, "KLC", "5"): (Decimal("0.00"), Decimal("-10.00"))}
    assert _trail() == [(2020, "KLC", "5", "budget", None, Decimal("0.00"))]
