"""The tables of the budget pages: sums per ansvar, per kontogrupp and per unit, with deviation and change computed
in the database query (never stored).

Every table is one GROUP BY query over the year and the year before; its total row is one more aggregate over the
same lines, so both tables of a unit end in the very same total. The number of queries does not depend on the number
of codes or lines.

The tables read the public copy of the books (`PublishedLedgerLine`, what the year's latest publication copied), never
the controllers' draft: a year never published has no rows. Only the staff's publish page asks for the draft
(`draft=True`), to compare it with what is public.

A row shows no change when none of its lines of the shown year is comparable with the year before
(`comparable` = False, e.g. after a reorganisation): counted in the same GROUP BY, so it costs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext as _

from orebro_portal.lib.bounds import year_in_range

from .models import (
    AccountGroup,
    FigurePublication,
    FiscalYear,
    LedgerLine,
    PublishedLedgerLine,
    ResponsibilityCode,
    Unit,
)
from .public import PublicAccountGroup, PublicResponsibilityCode, PublicUnit

_AMOUNT = DecimalField(max_digits=20, decimal_places=2)
_RATIO = DecimalField(max_digits=30, decimal_places=10)


@dataclass(frozen=True)
class Row:
    """One row of a budget table; amounts in kronor (shown in tkr), change in per cent.

    `obj` is the row's unit, ansvar or account group as its public projection (`budget/public.py`), and `label` is
    built from it: every name in a table — on the pages, in the CSV and XLSX downloads and in the report blocks — is
    masked here, where the rows get their names.
    """

    key: Any
    label: str
    previous_outcome: Decimal | None
    outcome: Decimal | None
    budget: Decimal | None
    deviation: Decimal | None
    change: Decimal | None
    obj: Any = None
    comparable: bool = True  # False: none of the row's lines of the year is comparable, so no change is shown
    derived: bool = False  # some of the row's lines of the year are a derived split (the demo's), not bookkeeping


def _source(draft: bool) -> type[LedgerLine] | type[PublishedLedgerLine]:
    return LedgerLine if draft else PublishedLedgerLine


def _measures(year: int) -> dict[str, Any]:
    """Sums for `year` and the outcome of the year before, and the two computed columns.

    avvikelse = utfall − budget; förändring % = (utfall − utfall året före) / utfall året före × 100, NULL ("–")
    when there is no previous outcome or it is zero.
    """
    outcome = Sum("outcome", filter=Q(year_id=year))
    budget = Sum("budget", filter=Q(year_id=year))
    previous = Sum("outcome", filter=Q(year_id=year - 1))
    return {
        "s_previous": previous,
        "s_outcome": outcome,
        "s_budget": budget,
        "s_lines": Count("pk", filter=Q(year_id=year)),
        "s_comparable": Count("pk", filter=Q(year_id=year, comparable=True)),
        "s_derived": Count("pk", filter=Q(year_id=year, derived=True)),
    }


def _computed() -> dict[str, Any]:
    # PostgreSQL divides numerics exactly. SQLite's NUMERIC cast turns whole kronor into INTEGERs and would then divide
    # integers (−9 instead of −9,3), so there the ratio is taken in floating point: ample for one decimal.
    ratio = FloatField() if connection.vendor == "sqlite" else _RATIO
    hundred, zero = (100.0, 0.0) if connection.vendor == "sqlite" else (Decimal(100), Decimal(0))
    return {
        "s_deviation": ExpressionWrapper(F("s_outcome") - F("s_budget"), output_field=_AMOUNT),
        "s_change": ExpressionWrapper(
            (Cast(F("s_outcome"), ratio) - Cast(F("s_previous"), ratio))
            * Value(hundred, output_field=ratio)
            / NullIf(Cast(F("s_previous"), ratio), Value(zero, output_field=ratio)),
            output_field=ratio,
        ),
    }


def _lines(
    year: int, units: list[Unit] | QuerySet[Unit], code: ResponsibilityCode | None = None, *, draft: bool = False
) -> QuerySet:
    lines = _source(draft).objects.filter(year_id__in=[year, year - 1], code__unit__in=units)
    if code is not None:
        lines = lines.filter(code=code)
    return lines


def _row(values: dict, key: Any, label: str, obj: Any = None) -> Row:
    comparable = not values.get("s_lines") or bool(values.get("s_comparable"))
    change = values["s_change"] if comparable else None
    return Row(
        key=key,
        label=label,
        previous_outcome=values["s_previous"],
        outcome=values["s_outcome"],
        budget=values["s_budget"],
        deviation=values["s_deviation"],
        change=None if change is None else Decimal(str(change)),
        obj=obj,
        comparable=comparable,
        derived=bool(values.get("s_derived")),
    )


def total_row(year: int, units, code: ResponsibilityCode | None = None) -> Row:
    """The total row both tables of a unit end in: one GROUP BY over a constant, so the same SQL arithmetic applies.

    Its `derived` says whether any line shown for the year is derived: the pages' "härledd" note follows it."""
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
    # (No line of either year: `_row` reads the missing counts as "no lines", comparable and not derived.)
    return _row(values or empty, "total", "Totalt")


def code_table(year: int, units) -> list[Row]:
    """Per ansvar, ordered by code: the årsberättelse's first table of a unit."""
    grouped = _lines(year, units).values("code_id").annotate(**_measures(year)).annotate(**_computed()).order_by()
    by_code = {values["code_id"]: values for values in grouped}
    codes = ResponsibilityCode.objects.filter(pk__in=by_code).order_by("code")
    rows = []
    for code in codes:
        public = PublicResponsibilityCode(code)
        rows.append(_row(by_code[code.pk], code.code, public.label, public))
    return rows


def group_table(year: int, units, code: ResponsibilityCode | None = None) -> list[Row]:
    """Per kontogrupp in Kommun-Bas order: the second table of a unit, or one ansvar's breakdown."""
    grouped = (
        _lines(year, units, code).values("group_id").annotate(**_measures(year)).annotate(**_computed()).order_by()
    )
    by_group = {values["group_id"]: values for values in grouped}
    groups = AccountGroup.objects.filter(pk__in=by_group)
    rows = []
    for group in groups:
        public = PublicAccountGroup(group)
        rows.append(_row(by_group[group.pk], group.code, public.label, public))
    return rows


def latest_publications(years=None) -> QuerySet[FigurePublication]:
    """The latest publication of each year (of `years`, or of every year), with its year and who published it: what
    the public sees of that year. One query."""
    latest = FigurePublication.objects.filter(year_id=OuterRef("year_id")).order_by("-published_at", "-pk")
    publications = FigurePublication.objects.filter(pk=Subquery(latest.values("pk")[:1]))
    if years is not None:
        publications = publications.filter(year_id__in=list(years))
    return publications.select_related("year", "published_by").order_by("-year_id")


def latest_publication(year: int) -> FigurePublication | None:
    """The year's latest publication (None: never published), with its year. One query; none for a year outside
    the years the portal knows (an address with 99999999999999999999 would overflow the database's integer)."""
    if not year_in_range(year):
        return None
    return latest_publications().filter(year_id=year).first()


def published_years(units=None, code=None) -> list[int]:
    """The years whose public copy has lines, newest first; of given units or one code (models, projections or
    ids), else of any unit. One query."""
    lines = PublishedLedgerLine.objects.all()
    if units is not None:
        lines = lines.filter(code__unit_id__in=[getattr(unit, "pk", unit) for unit in units])
    if code is not None:
        lines = lines.filter(code_id=getattr(code, "pk", code))
    return list(lines.order_by("-year_id").values_list("year_id", flat=True).distinct())


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
            child.parent = root  # fills the relation's cache: a child's parent costs no query
            child.children_list = []
            ordered.append(child)
    return ordered


def unit_with_children(unit: Unit) -> list[Unit]:
    return [unit, *Unit.objects.filter(parent=unit)]


def unit_rows(year: int, *, draft: bool = False) -> list[Row]:
    """Every unit's totals for the year: a subunit from its own codes, a top unit from its own and its children's.

    Two GROUP BY queries (per unit, and per top unit), whatever the number of units or lines. `draft` reads the
    controllers' lines instead of the public copy (the publish page's comparison).
    """
    units = unit_tree()
    lines = _source(draft).objects.filter(year_id__in=[year, year - 1])
    own = {
        values["code__unit_id"]: values
        for values in lines.values("code__unit_id").annotate(**_measures(year)).annotate(**_computed()).order_by()
    }
    top = {
        values["top_unit"]: values
        for values in lines.annotate(top_unit=Coalesce("code__unit__parent_id", "code__unit_id"))
        .values("top_unit")
        .annotate(**_measures(year))
        .annotate(**_computed())
        .order_by()
    }
    rows = []
    for unit in units:
        values = top.get(unit.pk) if unit.parent_id is None else own.get(unit.pk)
        if values is not None:
            public = PublicUnit(unit)
            rows.append(_row(values, unit.slug, public.name, public))
    return rows


# --- The comparison over years, the per-subunit table --------------------------------------------------------------


def unit_years(units, years) -> list[Row]:
    """One row per year in `years` that has lines (of `units`, models or ids, or of every unit when `units` is None),
    oldest first.

    One query, however many years: each fiscal year gets its sums (and the outcome of the year before) from
    correlated subqueries, so deviation and change are computed in SQL by the same expressions as every other table.
    """
    lines = PublishedLedgerLine.objects.all()
    if units is not None:
        lines = lines.filter(code__unit__in=units)

    def year_sum(field: str, years_back: int) -> Subquery:
        return Subquery(
            lines.filter(year_id=OuterRef("year") - years_back)
            .order_by()
            .values("year_id")
            .annotate(total=Sum(field))
            .values("total"),
            output_field=_AMOUNT,
        )

    def year_count(**conditions) -> Subquery:
        return Subquery(
            lines.filter(year_id=OuterRef("year"), **conditions)
            .order_by()
            .values("year_id")
            .annotate(count=Count("pk"))
            .values("count"),
            output_field=IntegerField(),
        )

    rows = (
        FiscalYear.objects.filter(year__in=list(years))
        .filter(Exists(lines.filter(year_id=OuterRef("year"))))
        .annotate(s_outcome=year_sum("outcome", 0), s_budget=year_sum("budget", 0), s_previous=year_sum("outcome", 1))
        .annotate(s_lines=year_count(), s_comparable=year_count(comparable=True), s_derived=year_count(derived=True))
        .annotate(**_computed())
        .order_by("year")
        .values(
            "year",
            "s_outcome",
            "s_budget",
            "s_previous",
            "s_deviation",
            "s_change",
            "s_lines",
            "s_comparable",
            "s_derived",
        )
    )
    return [_row(values, values["year"], str(values["year"])) for values in rows]


def child_unit_table(year: int, unit: Unit, units: list[Unit]) -> list[Row]:
    """A parent unit's first table: one row per subunit (in `units` order), and one for the parent's own codes if any.

    `units` is `unit_with_children(unit)`; one GROUP BY query over the units' lines.
    """
    sums = _lines(year, units).values("code__unit_id").annotate(**_measures(year)).annotate(**_computed())
    grouped = {values["code__unit_id"]: values for values in sums.order_by()}
    rows = []
    for member in [*units[1:], units[0]]:
        values = grouped.get(member.pk)
        if values is None:
            continue
        public = PublicUnit(member)
        label = public.name if member.pk != unit.pk else _("%(unit)s (egna ansvar)") % {"unit": public.name}
        rows.append(_row(values, member.slug, label, public))
    return rows
