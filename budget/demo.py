"""Budget demo data: 2020 and 2021 as Kommunstyrelsens årsberättelse 2021 (seed 001, chapter 6) publishes them.

The units, codes and printed tables are in `budget/demo_data/published_2021.py`; the kronor per ansvar × kontogrupp
in `budget/demo_data/ledger_2020_2021.csv`, derived from them by `budget/demo_data/derive.py` (see
docs/0003-budget-demo-data.md). The split of each ansvar over the account groups is not published, so every line of
the closed demo years is marked `derived` and the pages say so where they show one.

Where the årsberättelse prints no förändring % (Kommunledning's kontogrupp 6A, KGHR, KGOS, Stadsrevisionen's
kontogrupp 3) the 2021 lines behind the cell are marked not `comparable` with 2020: no rule over the printed figures
separates those rows from the ones that print a percentage, so it is data (`NOT_COMPARABLE_2021`).

Each closed demo year gets a final publication (bokslut, published when it was closed), so its figures are public;
2022 stays open, empty and unpublished.

`load_budget_demo` is idempotent: units, codes and years are keyed on slug, code and year and never changed once they
exist (staff may have edited them, or closed 2022); a ledger line is added only where none exists for its year,
code and group, so figures entered or imported since are kept. The flags of the closed demo years' lines (which no
one can change) are set each time, in the draft and the public copy alike, and a closed year without a publication
gets its final one.

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
from django.db.models import Q

from .demo_data.published_2021 import CODES, UNITS
from .models import (
    AccountGroup,
    FigurePublication,
    FiscalYear,
    LedgerLine,
    PublishedLedgerLine,
    ResponsibilityCode,
    Unit,
)
from .services.publishing import publication_copy

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LEDGER_CSV = Path(__file__).parent / "demo_data" / "ledger_2020_2021.csv"

# The day each year's books were closed (bokslut fastställt) is not in the source; the demo takes the end of March of
# the following year, 12.00, about when an årsberättelse is adopted. 2022 is open and empty, for trying the grid.
CLOSED_AT = {
    2020: datetime(2021, 3, 31, 12, 0, tzinfo=STOCKHOLM),
    2021: datetime(2022, 3, 31, 12, 0, tzinfo=STOCKHOLM),
}
OPEN_YEAR = 2022

# The 2021 lines whose change from 2020 the årsberättelse does not print: (code, or a unit's slug for all its codes;
# account group, or None for all groups).
NOT_COMPARABLE_2021 = (
    ("KGHR", None),
    ("KGOS", None),
    ("kommunledning", "6A"),
    ("SR", "3"),
)


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


def _not_comparable_2021() -> Q:
    condition = Q()
    for who, group in NOT_COMPARABLE_2021:
        owner = Q(code__code=who) | Q(code__unit__slug=who)
        condition |= owner & Q(group__code=group) if group else owner
    return Q(year_id=2021) & condition


def _flags(codes: dict[str, ResponsibilityCode]) -> None:
    """The derived split and the four cells without a change, on the closed demo years' lines (draft and public)."""
    closed = FiscalYear.objects.filter(year__in=CLOSED_AT, status=FiscalYear.Status.CLOSED).values_list("pk", flat=True)
    closed = list(closed)
    demo_codes = [code.pk for code in codes.values()]
    for model in (LedgerLine, PublishedLedgerLine):
        lines = model.objects.filter(year_id__in=closed, code_id__in=demo_codes)
        lines.filter(derived=False).update(derived=True)
        lines.filter(_not_comparable_2021(), comparable=True).update(comparable=False)


def _publications() -> int:
    """A final publication for each closed demo year that has lines and none yet, dated when it was closed."""
    created = 0
    for fiscal_year in FiscalYear.objects.filter(year__in=CLOSED_AT, status=FiscalYear.Status.CLOSED).order_by("year"):
        if fiscal_year.publications.exists() or not fiscal_year.lines.exists():
            continue
        publication_copy(
            year=fiscal_year, kind=FigurePublication.Kind.FINAL, user=None, published_at=fiscal_year.closed_at
        )
        created += 1
    return created


@transaction.atomic
def load_budget_demo() -> dict[str, int]:
    """Create the demo units, codes, fiscal years 2020–2022 and the 2020–2021 ledger, and publish the closed years;
    returns what was created."""
    units, units_created = _units()
    codes, codes_created = _codes(units)
    years_created = _years()
    lines_created = _lines(codes)
    _flags(codes)
    return {
        "units": units_created,
        "codes": codes_created,
        "years": years_created,
        "lines": lines_created,
        "publications": _publications(),
    }
