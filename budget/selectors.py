"""The tables of the budget pages: sums per ansvar, per kontogrupp and per unit, with deviation and change computed
in the database query (never stored).

Every table is one GROUP BY query over the year and the year before; its total row is one more aggregate over the
same lines, so both tables of a unit end in the very same total. The number of queries does not depend on the number
of codes or lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from .models import AccountGroup, LedgerLine, ResponsibilityCode, Unit

_AMOUNT = DecimalField(max_digits=20, decimal_places=2)
_RATIO = DecimalField(max_digits=30, decimal_places=10)


@dataclass(frozen=True)
class Row:
    """One row of a budget table; amounts in kronor (shown in tkr), change in per cent."""

    key: Any
    label: str
    previous_outcome: Decimal | None
    outcome: Decimal | None
    budget: Decimal | None
    deviation: Decimal | None
    change: Decimal | None
    obj: Any = None


def _measures(year: int) -> dict[str, Any]:
    """Sums for `year` and the outcome of the year before, and the two computed columns.

    avvikelse = utfall − budget; förändring % = (utfall − utfall året före) / utfall året före × 100, NULL ("–")
    when there is no previous outcome or it is zero. The ratio is cast to a decimal so SQLite divides exactly as
    PostgreSQL does instead of dividing integers.
    """
    outcome = Sum("outcome", filter=Q(year_id=year))
    budget = Sum("budget", filter=Q(year_id=year))
    previous = Sum("outcome", filter=Q(year_id=year - 1))
    return {
        "s_previous": previous,
        "s_outcome": outcome,
        "s_budget": budget,
    }


def _computed() -> dict[str, Any]:
    return {
        "s_deviation": ExpressionWrapper(F("s_outcome") - F("s_budget"), output_field=_AMOUNT),
        "s_change": ExpressionWrapper(
            (Cast(F("s_outcome"), _RATIO) - Cast(F("s_previous"), _RATIO))
            * Value(Decimal(100), output_field=_RATIO)
            / NullIf(Cast(F("s_previous"), _RATIO), Value(Decimal(0), output_field=_RATIO)),
            output_field=_RATIO,
        ),
    }


def _lines(year: int, units: list[Unit] | QuerySet[Unit], code: ResponsibilityCode | None = None) -> QuerySet:
    lines = LedgerLine.objects.filter(year_id__in=[year, year - 1], code__unit__in=units)
    if code is not None:
        lines = lines.filter(code=code)
    return lines


def _row(values: dict, key: Any, label: str, obj: Any = None) -> Row:
    return Row(
        key=key,
        label=label,
        previous_outcome=values["s_previous"],
        outcome=values["s_outcome"],
        budget=values["s_budget"],
        deviation=values["s_deviation"],
        change=None if values["s_change"] is None else Decimal(values["s_change"]),
        obj=obj,
    )


def total_row(year: int, units, code: ResponsibilityCode | None = None) -> Row:
    """The total row both tables of a unit end in: one GROUP BY over a constant, so the same SQL arithmetic applies."""
    values = (
        _lines(year, units, code)
        .annotate(all_lines=Value(1))
        .values("all_lines")
        .annotate(**_measures(year))
        .annotate(**_computed())
        .order_by()
    )
    values = next(iter(values), None)
    empty = {"s_previous": None, "s_outcome": None, "s_budget": None, "s_deviation": None, "s_change": None}
    return _row(values or empty, "total", "Totalt")


def code_table(year: int, units) -> list[Row]:
    """Per ansvar, ordered by code: the årsberättelse's first table of a unit."""
    grouped = _lines(year, units).values("code_id").annotate(**_measures(year)).annotate(**_computed()).order_by()
    by_code = {values["code_id"]: values for values in grouped}
    codes = ResponsibilityCode.objects.filter(pk__in=by_code).order_by("code")
    return [_row(by_code[code.pk], code.code, f"{code.code} {code.name}", code) for code in codes]


def group_table(year: int, units, code: ResponsibilityCode | None = None) -> list[Row]:
    """Per kontogrupp in Kommun-Bas order: the second table of a unit, or one ansvar's breakdown."""
    grouped = (
        _lines(year, units, code).values("group_id").annotate(**_measures(year)).annotate(**_computed()).order_by()
    )
    by_group = {values["group_id"]: values for values in grouped}
    groups = AccountGroup.objects.filter(pk__in=by_group)
    return [_row(by_group[group.pk], group.code, f"{group.code} {group.name}", group) for group in groups]


def unit_tree() -> list[Unit]:
    """All units, parents first, each parent followed by its children, with `.children_list` set (one query)."""
    units = list(Unit.objects.order_by("position", "name"))
    by_parent: dict[int | None, list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    ordered: list[Unit] = []
    for root in by_parent.get(None, []):
        root.children_list = by_parent.get(root.pk, [])
        ordered.append(root)
        for child in root.children_list:
            child.children_list = []
            ordered.append(child)
    return ordered


def unit_with_children(unit: Unit) -> list[Unit]:
    return [unit, *Unit.objects.filter(parent=unit)]


def unit_rows(year: int) -> list[Row]:
    """Every unit's totals for the year: a subunit from its own codes, a top unit from its own and its children's.

    Two GROUP BY queries (per unit, and per top unit), whatever the number of units or lines.
    """
    units = unit_tree()
    own = {
        values["code__unit_id"]: values
        for values in LedgerLine.objects.filter(year_id__in=[year, year - 1])
        .values("code__unit_id")
        .annotate(**_measures(year))
        .annotate(**_computed())
        .order_by()
    }
    top = {
        values["top_unit"]: values
        for values in LedgerLine.objects.filter(year_id__in=[year, year - 1])
        .annotate(top_unit=Coalesce("code__unit__parent_id", "code__unit_id"))
        .values("top_unit")
        .annotate(**_measures(year))
        .annotate(**_computed())
        .order_by()
    }
    rows = []
    for unit in units:
        values = top.get(unit.pk) if unit.parent_id is None else own.get(unit.pk)
        if values is not None:
            rows.append(_row(values, unit.slug, unit.name, unit))
    return rows
