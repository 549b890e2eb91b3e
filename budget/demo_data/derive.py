"""Derive the demo ledger (kronor per ansvar × kontogrupp) from the tkr tables of årsberättelse 2021.

Run by a developer, not by the portal: it needs scipy, which is not a project dependency.

    python3 -m venv /tmp/derive-venv && /tmp/derive-venv/bin/pip install scipy
    cd /work/main && /tmp/derive-venv/bin/python -m budget.demo_data.derive

It rewrites `budget/demo_data/ledger_2020_2021.csv` (the committed file `budget/demo.py` loads) and exits non-zero
if any printed figure is not reproduced. The method (see docs/0003-budget-demo-data.md):

1. Per unit, one small integer program (scipy `milp`) chooses kronor amounts for every printed row of BOTH tables
   and for the total: 2020 outcome, 2021 outcome, 2021 budget. Each must round (half up, to tkr) to the printed
   figure, stay at least 1 kr clear of a rounding tie, give the printed avvikelse and förändring %, and the ansvar
   rows and the kontogrupp rows must each add up to the total exactly. The objective keeps every amount as close
   as it can to the printed figure × 1000.
2. The ansvar × kontogrupp matrix is then filled per measure in proportion (row × column / total), rounded to whole
   kronor, with one pivot row and one pivot column taking the rounding remainders so every row and column sum is
   exact. That split is not published; it only has to reproduce both published tables.
3. Every printed figure is checked again, exactly (fractions, half-up rounding), from the written matrix.

This module depends on nothing but the standard library, scipy and `published_2021` (no Django).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from .published_2021 import (
    DIVISION_ERROR,
    STADSREVISIONEN_PLACEHOLDER,
    UNITS,
    PublishedRow,
    PublishedUnit,
)

CSV_PATH = Path(__file__).with_name("ledger_2020_2021.csv")
HEADER = ["År", "Ansvar", "Ansvarsbenämning", "Kontogrupp", "Budget", "Utfall"]
MEASURES = ("previous_outcome", "outcome", "budget")  # 2020 outcome, 2021 outcome, 2021 budget
TIE_MARGIN_KR = 1  # every amount stays this far from x 500 kr, where half-up rounding would tip
PERCENT_MARGIN = Fraction(1, 500)  # and a percentage 0,002 points clear of a tie at x,x5


@dataclass
class Solved:
    """Kronor per printed row (by table and key) and per measure, and the unit's totals."""

    codes: dict[str, dict[str, int]]
    groups: dict[str, dict[str, int]]
    total: dict[str, int]


def round_half_up(value: Fraction, decimals: int = 0) -> Decimal:
    """Exact half-up rounding (halves away from zero), as the portal's `round_half_up` and the report do."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)  # 28 digits: ample for these magnitudes
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def printed_percent(text: str) -> Fraction:
    """ "477 317,7" → 477317.7 exactly (the source groups thousands with a space and uses a decimal comma)."""
    return Fraction(Decimal(text.replace(" ", "").replace(",", ".")))


# --- Step 1: kronor for the printed rows ------------------------------------------------------------------------


def _solve_unit(unit: PublishedUnit) -> Solved:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    tables = {name: rows for name, rows in (("codes", unit.code_rows), ("groups", unit.group_rows)) if rows}
    items: list[tuple[str, PublishedRow]] = [(name, row) for name, rows in tables.items() for row in rows]
    items.append(("total", unit.total))
    index: dict[tuple[str, str, str], int] = {}
    for table, row in items:
        for measure in MEASURES:
            index[(table, row.key, measure)] = len(index)
    n_int = len(index)
    n = 2 * n_int  # one auxiliary |x − printed × 1000| per amount, for the objective
    lower, upper = np.zeros(n), np.zeros(n)
    centre = np.zeros(n_int)
    constraints: list[tuple[dict[int, float], float, float]] = []

    for table, row in items:
        for measure in MEASURES:
            i = index[(table, row.key, measure)]
            printed = 1000 * getattr(row, measure)
            centre[i] = printed
            lower[i], upper[i] = printed - 500 + TIE_MARGIN_KR, printed + 500 - TIE_MARGIN_KR
        previous = index[(table, row.key, "previous_outcome")]
        outcome = index[(table, row.key, "outcome")]
        budget = index[(table, row.key, "budget")]
        if row.change == DIVISION_ERROR:
            lower[previous] = upper[previous] = 0  # the source divided by an exact zero
            if not (row.outcome or row.budget):  # KLFÖ prints 0 throughout: take it as nothing booked at all
                lower[outcome] = upper[outcome] = lower[budget] = upper[budget] = 0
        elif row.change is not None:
            if lower[previous] <= 0 <= upper[previous]:
                # A percentage is printed, so the previous year is not zero although it rounds to 0 tkr (KMY: 0 → 0);
                # its sign is chosen: a cost for a kontogrupp other than 3 (Valnämnden's 6A), income otherwise.
                if table == "groups" and row.key != "3":
                    upper[previous] = -1
                else:
                    lower[previous] = 1
            low = printed_percent(row.change) - Fraction(1, 20) + PERCENT_MARGIN
            high = printed_percent(row.change) + Fraction(1, 20) - PERCENT_MARGIN
            # 100·(o − p)/p ∈ [low, high], multiplied out by p; the inequalities turn over when p < 0.
            if lower[previous] > 0:
                constraints.append(({outcome: 100, previous: -float(100 + low)}, 0, np.inf))
                constraints.append(({outcome: 100, previous: -float(100 + high)}, -np.inf, 0))
            else:
                constraints.append(({outcome: 100, previous: -float(100 + high)}, 0, np.inf))
                constraints.append(({outcome: 100, previous: -float(100 + low)}, -np.inf, 0))
        deviation = 1000 * row.deviation
        constraints.append(({outcome: 1, budget: -1}, deviation - 500 + TIE_MARGIN_KR, deviation + 500 - TIE_MARGIN_KR))

    for table, rows in tables.items():
        for measure in MEASURES:
            coefficients = {index[(table, row.key, measure)]: 1.0 for row in rows}
            coefficients[index[("total", "total", measure)]] = -1.0
            constraints.append((coefficients, 0, 0))

    for i in range(n_int):  # aux ≥ |x − centre|
        constraints.append(({n_int + i: 1, i: -1}, -centre[i], np.inf))
        constraints.append(({n_int + i: 1, i: 1}, centre[i], np.inf))
    lower[n_int:], upper[n_int:] = 0, np.inf

    matrix = np.zeros((len(constraints), n))
    for k, (coefficients, _, _) in enumerate(constraints):
        for i, value in coefficients.items():
            matrix[k, i] = value
    result = milp(
        c=np.concatenate([np.zeros(n_int), np.ones(n_int)]),
        constraints=LinearConstraint(matrix, [c[1] for c in constraints], [c[2] for c in constraints]),
        integrality=np.concatenate([np.ones(n_int), np.zeros(n_int)]),
        bounds=Bounds(lower, upper),
    )
    if not result.success:
        raise SystemExit(f"{unit.slug}: no kronor amounts reproduce the printed tables ({result.message})")
    values = {key: round(result.x[i]) for key, i in index.items()}
    solved = Solved(codes={}, groups={}, total={})
    for (table, key, measure), value in values.items():
        target = solved.total if table == "total" else getattr(solved, table).setdefault(key, {})
        target[measure] = value
    return solved


def _complete(unit: PublishedUnit, solved: Solved) -> Solved:
    """A unit that prints no ansvar table (Stadsrevisionen) gets one placeholder code carrying its total."""
    if not solved.codes:
        solved.codes = {STADSREVISIONEN_PLACEHOLDER[0]: dict(solved.total)}
    return solved


# --- Step 2: the ansvar × kontogrupp matrix ---------------------------------------------------------------------


def fill_matrix(rows: dict[str, int], columns: dict[str, int]) -> dict[tuple[str, str], int]:
    """Integer cells whose row and column sums are exactly `rows` and `columns` (which must share their total).

    Cells are row × column / total rounded to whole kronor; the largest row and the largest column absorb the
    remainders, so both margins hold exactly.
    """
    total = sum(rows.values())
    if total != sum(columns.values()):
        raise ValueError("the margins do not share a total")
    if not rows or not columns:
        return {}
    pivot_row = max(rows, key=lambda key: abs(rows[key]))
    pivot_column = max(columns, key=lambda key: abs(columns[key]))
    cells: dict[tuple[str, str], int] = {}
    for r, row_sum in rows.items():
        for c, column_sum in columns.items():
            if r != pivot_row and c != pivot_column:
                cells[(r, c)] = 0 if total == 0 else round(Fraction(row_sum * column_sum, total))
    for r, row_sum in rows.items():
        if r != pivot_row:
            cells[(r, pivot_column)] = row_sum - sum(cells[(r, c)] for c in columns if c != pivot_column)
    for c, column_sum in columns.items():
        cells[(pivot_row, c)] = column_sum - sum(cells[(r, c)] for r in rows if r != pivot_row)
    return cells


# --- Step 3: check everything printed, exactly ------------------------------------------------------------------


def check_row(label: str, row: PublishedRow, amounts: dict[str, int]) -> list[str]:
    """The printed figures this row's kronor give, compared exactly; returns what does not match."""
    problems = []
    for measure in MEASURES:
        if round_half_up(Fraction(amounts[measure], 1000)) != getattr(row, measure):
            problems.append(f"{label} {measure}: {amounts[measure]} kr ≠ {getattr(row, measure)} tkr")
        if abs(amounts[measure]) % 1000 in range(500 - TIE_MARGIN_KR + 1, 500 + TIE_MARGIN_KR):
            problems.append(f"{label} {measure}: {amounts[measure]} kr is on a rounding tie")
    deviation = amounts["outcome"] - amounts["budget"]
    if round_half_up(Fraction(deviation, 1000)) != row.deviation:
        problems.append(f"{label} avvikelse: {deviation} kr ≠ {row.deviation} tkr")
    previous = amounts["previous_outcome"]
    if row.change == DIVISION_ERROR and previous != 0:
        problems.append(f"{label}: 2020 must be exactly 0 (#DIVISION/0!)")
    elif row.change not in (None, DIVISION_ERROR):
        if previous == 0:
            problems.append(f"{label}: 2020 is 0 but a change is printed")
        else:
            change = Fraction(100 * (amounts["outcome"] - previous), previous)
            if round_half_up(change, 1) != Decimal(row.change.replace(" ", "").replace(",", ".")):
                problems.append(f"{label} förändring: {float(change):.4f} ≠ {row.change}")
    return problems


def _margins(matrices: dict[str, dict[tuple[str, str], int]], keys, position: int) -> dict[str, dict[str, int]]:
    """Row (position 0) or column (position 1) sums of the matrices, per key and measure."""
    return {
        key: {
            measure: sum(value for cell, value in matrices[measure].items() if cell[position] == key)
            for measure in MEASURES
        }
        for key in keys
    }


def derive() -> tuple[list[list[str]], list[str]]:
    """The CSV rows (header first) and the list of printed figures not reproduced (empty when all is well)."""
    out = [HEADER]
    problems: list[str] = []
    for unit in UNITS:
        if unit.total is None:
            continue  # Kommunstyrelsen itself has no codes: its figures are its subunits'
        solved = _complete(unit, _solve_unit(unit))
        names = {row.key: row.name for row in unit.code_rows or ()}
        names.setdefault(*STADSREVISIONEN_PLACEHOLDER)
        matrices = {
            measure: fill_matrix(
                {code: amounts[measure] for code, amounts in solved.codes.items()},
                {group: amounts[measure] for group, amounts in solved.groups.items()},
            )
            for measure in MEASURES
        }
        cells = matrices["outcome"]
        for code in solved.codes:
            for group in solved.groups:
                key = (code, group)
                out.append(["2020", code, names[code], group, "", str(matrices["previous_outcome"][key])])
        for code in solved.codes:
            for group in solved.groups:
                key = (code, group)
                out.append(["2021", code, names[code], group, str(matrices["budget"][key]), str(cells[key])])

        # The check reads the matrix back, not the solver's numbers.
        by_code, by_group = _margins(matrices, solved.codes, 0), _margins(matrices, solved.groups, 1)
        for row in unit.code_rows or ():
            problems += check_row(f"{unit.slug} ansvar {row.key}", row, by_code[row.key])
        for row in unit.group_rows or ():
            problems += check_row(f"{unit.slug} kontogrupp {row.key}", row, by_group[row.key])
        total = {measure: sum(matrices[measure].values()) for measure in MEASURES}
        problems += check_row(f"{unit.slug} totalt", unit.total, total)
    return out, problems


def main() -> int:
    rows, problems = derive()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with CSV_PATH.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=";", lineterminator="\n").writerows(rows)
    print(f"{CSV_PATH}: {len(rows) - 1} rader; varje publicerad rad och summa återges.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
