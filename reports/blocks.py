"""The generated blocks of a report: their data computed from the budget and goals data, or frozen.

Each block's data is a JSON-safe dict of ready-formatted strings (Swedish numbers, "–"): exactly what the page and the
PDF show. Adopting a report stores that dict in `Block.frozen`; from then on `block_data()` returns the stored dict,
so later changes in the books or the indicators never reach an adopted report.

Shapes (rendered by `templates/reports/blocks/<type>.html`):
- {"type": "tables", "tables": [TABLE, …]}
- TABLE = {"caption": str, "columns": [str, …] (the first is the row-header column), "rows": [{"label": str,
  "cells": [str, …], "level": 1|2}], "total": {"label": str, "cells": [str, …]} | None, "note": str}
- {"type": "observations", "caption": str, "areas": [{"name": str, "positive": [str], "improve": [str]}]}

What is public of the data: the goals' texts (goal area statements, observations, indicator names and footnotes) are
read through the projections of `goals.public`, so they are masked as they enter the data. Every string of the data is
then masked once more, on the way in and on the way out (`_masked`):

- a frozen block therefore *holds* masked text — what was frozen is what citizens saw, and nothing personal is copied
  into the JSON where a later correction of the masking could not reach it;
- a block frozen before the masking covered the reports (raw text in its JSON) is masked when it is shown, as are the
  budget's names (units, ansvar, account groups), which no goals projection covers. Masking a masked text changes
  nothing; the date and Luhn checks keep amounts, percentages and years as they are.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from budget import selectors as budget
from goals.models import Indicator, IndicatorValue, Observation
from goals.public import PublicGoalArea, PublicIndicator, PublicObservation
from meetings.public import PublicText
from orebro_portal.lib.formatting import sv_change, sv_number, sv_tkr

from .models import AnnualReport, Block


def _budget_columns(first: str, year: int) -> list[str]:
    return [
        first,
        _("Bokslut %(year)s") % {"year": year - 1},
        _("Utfall %(year)s") % {"year": year},
        _("Budget %(year)s") % {"year": year},
        _("Avvikelse"),
        _("Förändring %% %(previous)s–%(year)s") % {"previous": year - 1, "year": year},
    ]


def _cells(row: budget.Row) -> list[str]:
    return [
        sv_tkr(row.previous_outcome),
        sv_tkr(row.outcome),
        sv_tkr(row.budget),
        sv_tkr(row.deviation),
        sv_change(row.change),
    ]


def _table(caption: str, first: str, year: int, rows: list[budget.Row], total: budget.Row | None, levels=None) -> dict:
    shown = [*rows, *([total] if total is not None else [])]
    return {
        "caption": caption,
        "columns": _budget_columns(first, year),
        "rows": [{"label": row.label, "cells": _cells(row), "level": (levels or {}).get(row.key, 1)} for row in rows],
        "total": None if total is None else {"label": _("Totalt"), "cells": _cells(total)},
        # Where a change is left out because the row is not comparable with the year before, the table says so.
        "note": _("– i Förändring %: ej jämförbar med föregående år.")
        if any(not row.comparable for row in shown)
        else "",
    }


def _unit_tables(block: Block) -> dict:
    unit, year = block.unit, block.year
    units = budget.unit_with_children(unit)
    total = budget.total_row(year, units)
    if len(units) > 1:
        first = _table(
            _("%(unit)s %(year)s per enhet, tkr") % {"unit": unit.name, "year": year},
            _("Enhet"),
            year,
            budget.child_unit_table(year, unit, units),
            total,
        )
    else:
        codes = budget.code_table(year, units)
        # A unit whose only code is a placeholder (Stadsrevisionen in the demo) published no ansvar table: none here.
        first = None
        if not all(row.obj.is_placeholder for row in codes):
            first = _table(
                _("%(unit)s %(year)s per ansvar, tkr") % {"unit": unit.name, "year": year},
                _("Ansvar"),
                year,
                codes,
                total,
            )
    groups = _table(
        _("%(unit)s %(year)s per kontogrupp, tkr") % {"unit": unit.name, "year": year},
        _("Kontogrupp"),
        year,
        budget.group_table(year, units),
        total,
    )
    if total.derived:  # the year's published lines hold a derived split (the demo's), not an imported one
        derived = _("Fördelningen på kontogrupper är härledd, inte publicerad.")
        groups["note"] = f"{derived} {groups['note']}".strip()
    return {"type": "tables", "tables": [table for table in (first, groups) if table is not None]}


def _deviation_summary(block: Block) -> dict:
    year = block.year
    rows = budget.unit_rows(year)
    levels = {row.key: 2 if row.obj.parent_id else 1 for row in rows}
    table = _table(_("Budgetavvikelse %(year)s per enhet, tkr") % {"year": year}, _("Enhet"), year, rows, None, levels)
    return {"type": "tables", "tables": [table]}


def _goal_observations(block: Block) -> dict:
    report = block.section.report
    observations = (
        Observation.objects.filter(body=report.body, year=block.year)
        .select_related("goal_area")
        .order_by("goal_area__position", "goal_area__pk", "kind", "position")
    )
    areas: dict[int, dict] = {}
    for observation in observations:
        statement = PublicGoalArea(observation.goal_area).statement
        area = areas.setdefault(observation.goal_area_id, {"name": str(statement), "positive": [], "improve": []})
        key = "positive" if observation.kind == Observation.Kind.POSITIVE else "improve"
        area[key].append(str(PublicObservation(observation).text))
    return {
        "type": "observations",
        "caption": _("Positiva iakttagelser och förbättringsområden %(year)s per målområde") % {"year": block.year},
        "areas": list(areas.values()),
    }


def _value_text(value) -> str:
    if value is None:
        return "–"
    decimals = max(0, -value.normalize().as_tuple().exponent)
    return sv_number(value, min(decimals, 3))


def _indicator_table(block: Block) -> dict:
    report = block.section.report
    chosen = list(block.indicators.all())
    indicators = chosen or list(Indicator.objects.filter(owner=report.body).order_by("position", "name"))
    years = [block.year - 2, block.year - 1, block.year]
    values = {
        (row.indicator_id, row.year, row.gender): row
        for row in IndicatorValue.objects.filter(indicator__in=indicators, year__in=years)
    }
    rows = []
    flagged = False
    for indicator in indicators:
        public = PublicIndicator(indicator)
        target = (
            indicator.get_direction_display() if indicator.target_value is None else _value_text(indicator.target_value)
        )
        for gender, label in IndicatorValue.Gender.choices:
            found = [values.get((indicator.pk, year, gender)) for year in years]
            if not any(found):
                continue
            cells = []
            for row in found:
                text = _value_text(row.value) if row else "–"
                flagged = flagged or bool(row and row.not_comparable)
                cells.append(f"{text}*" if row and row.not_comparable else text)
            name = _("totalt") if gender == IndicatorValue.Gender.TOTAL else str(label).lower()
            rows.append(
                {
                    "label": f"{public.name.line}, {name}",
                    "cells": [*cells, target],
                    "level": 1 if gender == IndicatorValue.Gender.TOTAL else 2,
                }
            )
    table = {
        "caption": _("Indikatorer %(first)s–%(last)s") % {"first": years[0], "last": years[-1]},
        "columns": [_("Indikator"), *[str(year) for year in years], _("Mål")],
        "rows": rows,
        "total": None,
        "note": " ".join(
            [
                *([_("* Inte fullt jämförbart med andra år.")] if flagged else []),
                *dict.fromkeys(
                    line.line for indicator in indicators for line in PublicIndicator(indicator).footnotes_list
                ),
            ]
        ),
    }
    return {"type": "tables", "tables": [table]}


_BUILDERS = {
    Block.Kind.UNIT_TABLES: _unit_tables,
    Block.Kind.DEVIATION_SUMMARY: _deviation_summary,
    Block.Kind.GOAL_OBSERVATIONS: _goal_observations,
    Block.Kind.INDICATOR_TABLE: _indicator_table,
}


def _masked(value):
    """The data with every string masked (plain `str`, JSON-safe); numbers, flags and structure as they are."""
    if isinstance(value, str):
        return str(PublicText(value))
    if isinstance(value, list):
        return [_masked(item) for item in value]
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    return value


def _computed(block: Block) -> dict:
    return _masked(_BUILDERS[Block.Kind(block.kind)](block))


def block_data(block: Block) -> dict:
    """What the block shows, masked: frozen data for an adopted report, else computed now from the current figures."""
    if block.frozen is not None:
        return _masked(block.frozen)
    return _computed(block)


@transaction.atomic
def blocks_freeze(*, report: AnnualReport) -> int:
    """Store every block's current data in the block (called when the report is adopted); returns how many."""
    blocks = list(Block.objects.filter(section__report=report).select_related("section__report", "unit"))
    for block in blocks:
        block.frozen = _computed(block)
    Block.objects.bulk_update(blocks, ["frozen"])
    return len(blocks)
