"""Budget demo data: 2020 and 2021 as Kommunstyrelsens årsberättelse 2021 (seed 001, chapter 6) publishes them.

The units, codes and printed tables are in `budget/demo_data/published_2021.py`; the kronor per ansvar × kontogrupp
in `budget/demo_data/ledger_2020_2021.csv`, derived from them by `budget/demo_data/derive.py` (see
docs/0003-budget-demo-data.md). The split of each ansvar over the account groups is not published, so every demo
unit is marked `breakdown_derived` and the pages say so.

`load_budget_demo` is idempotent: units, codes and years are keyed on slug, code and year and never changed once they
exist (staff may have edited them, or closed 2022); a ledger line is added only where none exists for its year,
code and group, so figures entered or imported since are kept.

No FigureChange is recorded: loading the demo is not a change of figures (docs/0004-budget.md). The history of a
code starts with the first change a person or an import makes, whose old value is then the demo figure.
"""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction

from .demo_data.published_2021 import CODES, UNITS
from .models import AccountGroup, FiscalYear, LedgerLine, ResponsibilityCode, Unit

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LEDGER_CSV = Path(__file__).parent / "demo_data" / "ledger_2020_2021.csv"

# The day each year's books were closed (bokslut fastställt) is not in the source; the demo takes the end of March of
# the following year, 12.00, about when an årsberättelse is adopted. 2022 is open and empty, for trying the grid.
CLOSED_AT = {
    2020: datetime(2021, 3, 31, 12, 0, tzinfo=STOCKHOLM),
    2021: datetime(2022, 3, 31, 12, 0, tzinfo=STOCKHOLM),
}
OPEN_YEAR = 2022


def _units() -> tuple[dict[str, Unit], int]:
    units: dict[str, Unit] = {}
    created_count = 0
    for published in UNITS:  # parents come first
        unit, created = Unit.objects.get_or_create(
            slug=published.slug,
            defaults={
                "name": published.name,
                "parent": units.get(published.parent) if published.parent else None,
                "position": published.position,
                # Kommunstyrelsen too: its page adds up its subunits' derived splits.
                "breakdown_derived": True,
            },
        )
        units[published.slug] = unit
        created_count += created
    return units, created_count


def _codes(units: dict[str, Unit]) -> tuple[dict[str, ResponsibilityCode], int]:
    codes: dict[str, ResponsibilityCode] = {}
    created_count = 0
    for code, (name, unit_slug, is_placeholder) in CODES.items():
        codes[code], created = ResponsibilityCode.objects.get_or_create(
            code=code, defaults={"name": name, "unit": units[unit_slug], "is_placeholder": is_placeholder}
        )
        created_count += created
    return codes, created_count


def _years() -> int:
    created_count = 0
    for year, closed_at in CLOSED_AT.items():
        _, created = FiscalYear.objects.get_or_create(
            year=year, defaults={"status": FiscalYear.Status.CLOSED, "closed_at": closed_at}
        )
        created_count += created
    _, created = FiscalYear.objects.get_or_create(year=OPEN_YEAR, defaults={"status": FiscalYear.Status.OPEN})
    return created_count + created


def _amount(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None  # an empty Budget is the unknown 2020 budget, not 0


def _lines(codes: dict[str, ResponsibilityCode]) -> int:
    groups = {group.code: group for group in AccountGroup.objects.all()}
    with LEDGER_CSV.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    years = {int(row["År"]) for row in rows}
    existing = set(LedgerLine.objects.filter(year_id__in=years).values_list("year_id", "code_id", "group_id"))
    new_lines = []
    for row in rows:
        year, code, group = int(row["År"]), codes[row["Ansvar"]], groups[row["Kontogrupp"]]
        if (year, code.pk, group.pk) in existing:
            continue
        new_lines.append(
            LedgerLine(
                year_id=year, code=code, group=group, budget=_amount(row["Budget"]), outcome=_amount(row["Utfall"])
            )
        )
    LedgerLine.objects.bulk_create(new_lines, batch_size=1000)
    return len(new_lines)


@transaction.atomic
def load_budget_demo() -> dict[str, int]:
    """Create the demo units, codes, fiscal years 2020–2022 and the 2020–2021 ledger; returns what was created."""
    units, units_created = _units()
    codes, codes_created = _codes(units)
    years_created = _years()
    return {
        "units": units_created,
        "codes": codes_created,
        "years": years_created,
        "lines": _lines(codes),
    }
