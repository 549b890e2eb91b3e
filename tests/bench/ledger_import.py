"""Benchmark of the ledger import: preview and apply a 50 000-line file, then a re-import that changes 10 %.

    .venv/bin/python -m tests.bench.ledger_import            # a throwaway SQLite file in a temporary folder
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/benchhelper .venv/bin/python -m tests.bench.ledger_import
                                                             # PostgreSQL: a throwaway test_benchhelper database

Prints a small Swedish table: each step's wall time and peak memory beside a baseline measured in the same run, as a
ratio (absolute times do not carry from one machine to another). The baseline is writing the very rows the first
apply stored — its ledger lines and its audit rows — into scratch tables with the same bulk writer the import uses
(`orebro_portal.lib.bulk.insert_rows`: COPY on PostgreSQL) and committing, with no reading, checking, comparing or
indexing: the least any import of this file must do. Exits with status 1 when applying into empty years takes more
than 3 times the baseline (the target of issue 14). Not collected by pytest (no test_ prefix); `make bench` runs it.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

TARGET_RATIO = 3.0  # apply into empty years ≤ 3 × writing the same rows
GROUPS = ["3", "4", "5", "6A", "6B", "7"]
HEADER = "År;Ansvar;Ansvarsbenämning;Kontogrupp;Budget;Utfall"
SEPARATORS = [" ", "\u00a0", "\u202f"]
MINUSES = ["-", "\u2212", "\u2013"]


def setup_django(folder: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("PORTAL_DATA_DIR", str(folder))  # the SQLite file, when DATABASE_URL is not set
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def swedish(amount: Decimal, rng: random.Random) -> str:
    """An amount as a Swedish export writes it, in one of the accepted ways."""
    whole, _, fraction = format(abs(amount), "f").partition(".")
    if rng.random() < 0.7:
        separator = rng.choice(SEPARATORS)
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = separator.join([whole, *groups])
    text = whole + ("," + fraction if fraction and fraction != "00" else "")
    return (rng.choice(MINUSES) + text) if amount < 0 else text


def write_file(path: Path, lines: dict, duplicates: list, rng: random.Random, names: dict) -> int:
    """Write the lines (plus duplicate rows that sum to the same amounts); returns the number of rows."""
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(HEADER + "\r\n")
        for (year, code, group), (budget, outcome) in lines.items():
            if (year, code, group) in duplicates:  # split in two rows that the import sums again
                half = ((budget / 2).quantize(Decimal(1)), (outcome / 2).quantize(Decimal(1)))
                parts = [half, (budget - half[0], outcome - half[1])]
            else:
                parts = [(budget, outcome)]
            for part_budget, part_outcome in parts:
                amounts = f"{swedish(part_budget, rng)};{swedish(part_outcome, rng)}"
                out.write(f"{year};{code};{names[code]};{group};{amounts}\r\n")
                rows += 1
    return rows


def measure(label: str, function, results: list, trace: bool):
    """Run one step, recording wall time and peak memory (Python allocations with --tracemalloc, else the RSS peak)."""
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    value = function()
    seconds = time.perf_counter() - start
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    results.append((label, seconds, peak))
    return value


def copy_baseline(ledger_import) -> float:
    """Seconds to write the rows `ledger_import` stored (lines and audit rows) into two scratch tables and commit:
    ordinary tables, logged like the books (a temporary table would skip the write-ahead log the import cannot skip),
    without indexes or constraints. The tables are dropped afterwards."""
    from django.db import connection, transaction

    from budget.models import FigureChange, LedgerLine
    from orebro_portal.lib.bulk import insert_rows

    lines = list(LedgerLine.objects.values_list("year_id", "code_id", "group_id", "budget", "outcome"))
    audit_columns = ["year_id", "code_id", "group_id", "field", "old_value", "new_value", "changed_at"]
    audit_columns += ["changed_by_id", "source", "ledger_import_id"]
    changes = list(FigureChange.objects.filter(ledger_import=ledger_import).values_list(*audit_columns))
    stamp = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE scratch_lines (year integer, code integer, grp integer, budget numeric(15, 2),"
            " outcome numeric(15, 2))"
        )
        cursor.execute(
            "CREATE TABLE scratch_changes (year integer, code integer, grp integer, field varchar(10),"
            f" old_value numeric(15, 2), new_value numeric(15, 2), changed_at {stamp}, changed_by integer,"
            " source varchar(10), ledger_import integer)"
        )
    try:
        start = time.perf_counter()
        with transaction.atomic():
            insert_rows("scratch_lines", ["year", "code", "grp", "budget", "outcome"], lines)
            scratch_columns = ["year", "code", "grp", "field", "old_value", "new_value", "changed_at", "changed_by"]
            insert_rows("scratch_changes", [*scratch_columns, "source", "ledger_import"], changes)
        return time.perf_counter() - start
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE scratch_lines")
            cursor.execute("DROP TABLE scratch_changes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="rader i filen (50 000)")
    parser.add_argument("--codes", type=int, default=500, help="antal ansvar (500)")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="mät Pythons allokeringar per steg (långsammare; inget tidsmål)"
    )
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    setup_django(folder)

    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    from budget.models import FiscalYear, LedgerImport, LedgerLine, ResponsibilityCode, Unit
    from budget.services.importing import ledger_import_apply, ledger_import_preview
    from orebro_portal.lib.formatting import sv_number
    from tests.factories import administrator

    settings.MEDIA_ROOT = str(folder / "media")  # the stored import files go with the rest
    postgres = connection.vendor == "postgresql"
    if postgres:
        test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        where = f"PostgreSQL (tillfällig databas {test_name})"
    else:
        call_command("migrate", verbosity=0)
        where = f"SQLite ({connection.settings_dict['NAME']})"
    try:
        rng = random.Random(2021)
        parents = [Unit.objects.create(name=f"Förvaltning {n}", slug=f"forvaltning-{n}") for n in range(2)]
        units = [
            Unit.objects.create(name=f"Enhet {n}", slug=f"enhet-{n}", parent=parents[n % 2], position=n)
            for n in range(6)
        ]
        ResponsibilityCode.objects.bulk_create(
            ResponsibilityCode(code=f"A{n:04d}", name=f"Ansvar {n}", unit=units[n % len(units)])
            for n in range(args.codes)
        )
        names = dict(ResponsibilityCode.objects.values_list("code", "name"))
        user = administrator(username="bench")

        # Unique (year, code, group) keys: ~90 % of the rows; the rest are second rows of split (duplicate) lines.
        per_year = args.codes * len(GROUPS)
        unique = int(args.rows / 1.1)
        years = list(range(2021 - (unique + per_year - 1) // per_year + 1, 2022))
        FiscalYear.objects.bulk_create([FiscalYear(year=year) for year in years])  # open and empty
        keys = [(year, code, group) for year in years for code in sorted(names) for group in GROUPS][:unique]
        lines = {
            key: (Decimal(rng.randrange(-9_000_000, 1_000_000)), Decimal(rng.randrange(-9 * 10**8, 10**8)) / 100)
            for key in keys
        }
        duplicates = set(rng.sample(keys, args.rows - unique))
        first = folder / "huvudbok.csv"
        row_count = write_file(first, lines, duplicates, rng, names)

        changed = dict(lines)
        for key in rng.sample(keys, len(keys) // 10):
            budget, outcome = changed[key]
            changed[key] = (budget, outcome - 1000)
        second = folder / "huvudbok-andrad.csv"
        write_file(second, changed, duplicates, rng, names)

        def preview(path: Path):
            with path.open("rb") as handle:
                ledger_import = ledger_import_preview(uploaded_file=File(handle, name=path.name), user=user)
            assert ledger_import.status == LedgerImport.Status.PREVIEW, ledger_import.message
            return ledger_import

        results: list = []
        first_import = measure("Förhandsgranskning, tomma år", lambda: preview(first), results, args.tracemalloc)
        measure(
            "Inläsning, tomma år",
            lambda: ledger_import_apply(ledger_import=first_import, user=user),
            results,
            args.tracemalloc,
        )
        assert LedgerLine.objects.count() == len(lines)
        baseline = copy_baseline(first_import)
        second_import = measure("Förhandsgranskning, 10 % ändrat", lambda: preview(second), results, args.tracemalloc)
        assert second_import.preview["figure_changes"] == len(keys) // 10
        measure(
            "Inläsning, 10 % ändrat",
            lambda: ledger_import_apply(ledger_import=second_import, user=user),
            results,
            args.tracemalloc,
        )
    finally:
        if postgres:
            connection.creation.destroy_test_db(test_name, verbosity=0)
        connection.close()
        shutil.rmtree(folder, ignore_errors=True)

    memory = "Pythons allokeringar, topp" if args.tracemalloc else "processens RSS-topp hittills"
    print(f"Import av huvudbok: {sv_number(row_count)} rader, {args.codes} ansvar, {len(years)} år, {where}")
    print(
        f"Baslinje: samma rader (rader i huvudboken och ändringsloggen) skrivna till tabeller utan index: "
        f"{baseline:.2f} s".replace(".", ",")
    )
    print(f"{'Steg':<34}{'Tid (s)':>9}{'× baslinjen':>13}{'Minne (MB)':>12}   minne = {memory}")
    too_slow = False
    if args.tracemalloc:
        print("(tracemalloc gör Python flera gånger långsammare: kvoterna jämförs inte med målet)")
    for label, seconds, peak in results:
        ratio = seconds / baseline if baseline else float("inf")
        target = label == "Inläsning, tomma år" and not args.tracemalloc
        mark = f"  mål ≤ {TARGET_RATIO:g}×" if target else ""
        if target and ratio > TARGET_RATIO:
            mark += " – ÖVER MÅLET"
            too_slow = True
        print(f"{label:<34}{seconds:>9.2f}{ratio:>12.1f}×{peak:>12.0f}{mark}".replace(".", ","))
    return 1 if too_slow else 0


if __name__ == "__main__":
    sys.exit(main())
