"""The lines an import's preview read, kept in the database until the import is applied or dropped.

The preview parses the file once and writes the summed lines here (one COPY on PostgreSQL). Applying then reads no
file: it checks the staged lines again (permissions, years, retired codes, the stored lines it replaces) and replaces
the books with three set-based statements — the audit rows, the DELETE and the INSERT — so the database does the
row-by-row work instead of Python. What is applied is exactly what the preview showed: the staged lines are never
changed once written.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.utils import timezone

from orebro_portal.lib.bulk import insert_rows

from ..importing import ParsedLedger
from ..models import FigureChange, LedgerImport, LedgerLine, StagedLedgerLine

_CENT = Decimal("0.01")


def lines_stage(ledger_import: LedgerImport, parsed: ParsedLedger) -> None:
    """Write the parsed lines of a previewed import (the import must be saved)."""
    meta = StagedLedgerLine._meta
    columns = [meta.get_field(name).column for name in ("ledger_import", "year", "code", "group", "budget")]
    columns += [meta.get_field("outcome").column, meta.get_field("row").column]
    rows = (
        (
            ledger_import.pk,
            year,
            code_id,
            group_id,
            budget.quantize(_CENT),
            outcome.quantize(_CENT),
            parsed.first_row[(year, code_id)],
        )
        for (year, code_id, group_id), (budget, outcome) in parsed.lines.items()
    )
    insert_rows(meta.db_table, columns, rows)
    if connection.vendor == "postgresql":
        # Fresh statistics, so that applying joins the staged lines with the books by hash, not by a probe each.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(meta.db_table)}")


def staged_ledger(ledger_import: LedgerImport) -> ParsedLedger:
    """The staged lines as the parser returned them (lines, first rows per year and code, first row per year), for
    the checks that applying repeats. Empty when nothing is staged (an import previewed before staging existed)."""
    parsed = ParsedLedger(row_count=ledger_import.row_count, kind=ledger_import.preview.get("kind", ""))
    meta, quote = StagedLedgerLine._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("year", "code", "group", "budget", "outcome"))
    # A plain cursor: the driver makes the Decimals, and tens of thousands of rows skip the ORM's per-row converters.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, {quote(meta.get_field('row').column)} FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.get_field('ledger_import').column)} = %s",
            [ledger_import.pk],
        )
        staged = cursor.fetchall()
    for year, code_id, group_id, budget, outcome, row in staged:
        parsed.lines[(year, code_id, group_id)] = (Decimal(budget), Decimal(outcome))
        parsed.first_row[(year, code_id)] = row
        if row < parsed.year_rows.get(year, row + 1):
            parsed.year_rows[year] = row
    return parsed


def lines_unstage(ledger_import: LedgerImport) -> None:
    StagedLedgerLine.objects.filter(ledger_import=ledger_import).delete()


def lines_replace(ledger_import: LedgerImport, user, on_step=None) -> int:
    """Replace the stored lines of every (year, ansvar) staged by the import with the staged lines, and record each
    changed figure in the audit trail; returns the number of figures recorded. Runs inside the caller's transaction,
    after its checks.

    Per (year, ansvar) in the import: a stored line whose kontogrupp is not staged is deleted (budget and outcome to
    nothing); a staged line differing from the stored one (or new) is written; an identical one is left alone and
    records nothing. The same rules `budget.services.figures` follows for the grid, in SQL. `on_step(n)` is called
    after each of the three statements (n = 1, 2, 3), for a progress bar.
    """
    step = on_step or (lambda n: None)
    quote = connection.ops.quote_name
    line, staged, change = LedgerLine._meta, StagedLedgerLine._meta, FigureChange._meta
    lines_table, staged_table, changes_table = (quote(meta.db_table) for meta in (line, staged, change))

    def col(meta, name: str) -> str:
        return quote(meta.get_field(name).column)

    l_year, l_code, l_group = col(line, "year"), col(line, "code"), col(line, "group")
    l_budget, l_outcome = col(line, "budget"), col(line, "outcome")
    s_import, s_year, s_code = col(staged, "ledger_import"), col(staged, "year"), col(staged, "code")
    s_group, s_budget, s_outcome = col(staged, "group"), col(staged, "budget"), col(staged, "outcome")
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    # A staged line (alias s) of the import, of the same year and ansvar as the stored line l, or the same line.
    same_pair = f"s.{s_import} = %s AND s.{s_year} = l.{l_year} AND s.{s_code} = l.{l_code}"
    same_line = f"{same_pair} AND s.{s_group} = l.{l_group}"
    audit_columns = ", ".join(
        col(change, name)
        for name in ("year", "code", "group", "field", "old_value", "new_value", "changed_at", "changed_by")
    )
    audit_columns += f", {col(change, 'source')}, {col(change, 'ledger_import')}"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    who = user.pk if user is not None and user.is_authenticated else None
    trail = [now, who, FigureChange.Source.IMPORT, ledger_import.pk]
    # Typed, so that PostgreSQL can match the UNION's columns when the user or a value is NULL.
    trail_sql, nothing = "%s, CAST(%s AS INTEGER), %s, %s", "CAST(NULL AS NUMERIC)"
    budget, outcome = FigureChange.Field.BUDGET, FigureChange.Field.OUTCOME
    pk = ledger_import.pk

    with connection.cursor() as cursor:
        # 1. The audit trail, while the old values are still stored: lines that go, then lines that change or come.
        cursor.execute(
            f"""
            INSERT INTO {changes_table} ({audit_columns})
            SELECT l.{l_year}, l.{l_code}, l.{l_group}, %s, l.{l_budget}, {nothing}, {trail_sql}
              FROM {lines_table} l
             WHERE EXISTS (SELECT 1 FROM {staged_table} s WHERE {same_pair})
               AND NOT EXISTS (SELECT 1 FROM {staged_table} s WHERE {same_line})
               AND l.{l_budget} IS NOT NULL
            UNION ALL
            SELECT l.{l_year}, l.{l_code}, l.{l_group}, %s, l.{l_outcome}, {nothing}, {trail_sql}
              FROM {lines_table} l
             WHERE EXISTS (SELECT 1 FROM {staged_table} s WHERE {same_pair})
               AND NOT EXISTS (SELECT 1 FROM {staged_table} s WHERE {same_line})
               AND l.{l_outcome} IS NOT NULL
            UNION ALL
            SELECT s.{s_year}, s.{s_code}, s.{s_group}, %s, l.{l_budget}, s.{s_budget}, {trail_sql}
              FROM {staged_table} s
              LEFT JOIN {lines_table} l
                ON l.{l_year} = s.{s_year} AND l.{l_code} = s.{s_code} AND l.{l_group} = s.{s_group}
             WHERE s.{s_import} = %s AND l.{l_budget} {distinct} s.{s_budget}
            UNION ALL
            SELECT s.{s_year}, s.{s_code}, s.{s_group}, %s, l.{l_outcome}, s.{s_outcome}, {trail_sql}
              FROM {staged_table} s
              LEFT JOIN {lines_table} l
                ON l.{l_year} = s.{s_year} AND l.{l_code} = s.{s_code} AND l.{l_group} = s.{s_group}
             WHERE s.{s_import} = %s AND l.{l_outcome} {distinct} s.{s_outcome}
            """,
            [budget, *trail, pk, pk, outcome, *trail, pk, pk, budget, *trail, pk, outcome, *trail, pk],
        )
        recorded = cursor.rowcount
        step(1)
        # 2. Delete the stored lines of the staged (year, ansvar) pairs that are not staged as they are.
        cursor.execute(
            f"""
            DELETE FROM {lines_table} AS l
             WHERE EXISTS (SELECT 1 FROM {staged_table} s WHERE {same_pair})
               AND NOT EXISTS (
                   SELECT 1 FROM {staged_table} s
                    WHERE {same_line} AND s.{s_budget} = l.{l_budget} AND s.{s_outcome} = l.{l_outcome}
               )
            """,
            [pk, pk],
        )
        step(2)
        # 3. Insert the staged lines that are not stored (new, or deleted just now because they changed).
        cursor.execute(
            f"""
            INSERT INTO {lines_table} ({l_year}, {l_code}, {l_group}, {l_budget}, {l_outcome})
            SELECT s.{s_year}, s.{s_code}, s.{s_group}, s.{s_budget}, s.{s_outcome}
              FROM {staged_table} s
             WHERE s.{s_import} = %s
               AND NOT EXISTS (
                   SELECT 1 FROM {lines_table} l
                    WHERE l.{l_year} = s.{s_year} AND l.{l_code} = s.{s_code} AND l.{l_group} = s.{s_group}
               )
            """,
            [pk],
        )
        step(3)
    return recorded
