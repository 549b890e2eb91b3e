"""Benchmark of the search page: ~200 searches through the view over a generated index of 20 000 entries.

    .venv/bin/python -m tests.bench.search            # a throwaway SQLite file (the word-matching fallback)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/benchsearch .venv/bin/python -m tests.bench.search
                                                      # PostgreSQL full-text search, throwaway test_benchsearch

Prints p50/p95 of the whole request (query, facets, template) and exits with status 1 when p95 is over the target
(150 ms) on PostgreSQL; on SQLite (the word-matching fallback, for development) the numbers are only reported.
Not collected by pytest (no test_ prefix); `make bench` runs it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_P95_MS = 150.0
BODIES = [
    "Kommunstyrelsen",
    "Kommunfullmäktige",
    "Förskolenämnden",
    "Programnämnd social välfärd",
    "Tekniska nämnden",
    "Byggnadsnämnden",
    "Kultur- och fritidsnämnden",
    "Räddningstjänsten Bergslagen",
]
PLACES = [
    "Vivalla",
    "Baronbackarna",
    "Brickebacken",
    "Varberga",
    "Oxhagen",
    "Adolfsberg",
    "Rynninge",
    "Lillån",
    "Glanshammar",
    "Vintrosa",
    "Hovsta",
    "Odensbacken",
    "Garphyttan",
    "Mosås",
    "Centrum",
    "Norr",
]
SUBJECTS = [
    "förskola",
    "grundskola",
    "budget",
    "brandkåren",
    "detaljplan",
    "cykelväg",
    "simhall",
    "äldreboende",
    "bostäder",
    "bibliotek",
    "fritidsgård",
    "snöröjning",
    "kollektivtrafik",
    "vatten och avlopp",
    "idrottshall",
    "parkering",
    "personalförsörjning",
    "investeringar",
    "årsredovisning",
    "internkontroll",
]
VERBS = [
    "Beslut om",
    "Yttrande över",
    "Förslag till",
    "Uppföljning av",
    "Redovisning av",
    "Ansökan om",
    "Revidering av",
    "Medborgarförslag om",
    "Motion om",
    "Information om",
]
SENTENCES = [
    "Nämnden föreslås besluta att godkänna förvaltningens förslag.",
    "Ärendet har beretts i samråd med berörda förvaltningar och de fackliga organisationerna.",
    "Kostnaden beräknas till {n} miljoner kronor och ryms inom budgetramen för året.",
    "Förvaltningen bedömer att behovet av platser ökar i {place} under de kommande åren.",
    "Budgeten för {subject} justeras med hänsyn till befolkningsprognosen.",
    "Barnkonsekvensanalys har genomförts och visar inga negativa effekter för barn i {place}.",
    "Enligt kommunallagen ska beslutet anslås på kommunens digitala anslagstavla.",
    "Investeringen i {subject} finansieras genom upplåning och ökade intäkter.",
    "Uppföljningen visar att målet om {subject} i {place} nås till stor del.",
    "Remissvaren sammanfattas i bilaga 2 och har beaktats i förslaget.",
]
QUERIES = [
    "budgeten",
    "förskola Vivalla",
    "budgeten för brandkåren",
    "detaljplan",
    "simhall",
    "äldreboende Varberga",
    "cykelvägar",
    "investeringar",
    '"vatten och avlopp"',
    "bibliotek Adolfsberg",
    "snöröjning",
    "medborgarförslag",
    "motion om parkering",
    "internkontroll",
    "årsredovisningen",
    "kollektivtrafiken",
    "bostäder Oxhagen",
    "fritidsgårdar",
    "personalförsörjning",
    "zyxwv",
]


def setup_django(folder: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("PORTAL_DATA_DIR", str(folder))  # the SQLite file, when DATABASE_URL is not set
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def entries(count: int, rng: random.Random, bodies: list) -> list:
    """`count` search entries of every kind with realistic Swedish titles and texts, as indexing would store them."""
    import datetime as dt

    from search.models import SearchEntry

    kinds = SearchEntry.Kind.values
    rows = []
    for n in range(count):
        subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 11 * 365))
        text = " ".join(
            rng.choice(SENTENCES).format(n=rng.randint(1, 400), place=rng.choice(PLACES), subject=rng.choice(SUBJECTS))
            for _ in range(rng.randint(3, 40))
        )
        kind = kinds[n % len(kinds)]
        rows.append(
            SearchEntry(
                kind=kind,
                object_id=n,
                page=1 if kind == SearchEntry.Kind.DOCUMENT_PAGE else 0,
                body=rng.choice(bodies),
                year=day.year,
                date=day,
                title=f"{rng.choice(VERBS)} {subject} i {place}",
                text=text,
                url=f"/sammantraden/{n}/",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000, help="poster i sökindexet (20 000)")
    parser.add_argument("--searches", type=int, default=200, help="antal sökningar (200)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="search-bench-"))
    setup_django(folder)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from meetings.models import Body
    from search.indexing import search_vectors_update
    from search.models import SearchEntry

    setup_test_environment()  # the test client's ALLOWED_HOSTS ("testserver")
    postgres = connection.vendor == "postgresql"
    if postgres:
        test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        where = f"PostgreSQL (tillfällig databas {test_name})"
    else:
        call_command("migrate", verbosity=0)
        where = f"SQLite ({connection.settings_dict['NAME']}), reservsökning utan fulltextindex"
    try:
        rng = random.Random(2024)
        bodies = [
            Body.objects.create(name=name, slug=f"organ-{n}", kind=Body.Kind.COMMITTEE) for n, name in enumerate(BODIES)
        ]
        started = time.perf_counter()
        SearchEntry.objects.bulk_create(entries(args.entries, rng, bodies), batch_size=1000)
        search_vectors_update()
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_searchentry")
        build = time.perf_counter() - started

        client = Client()
        client.get("/sok/", {"q": "uppvärmning"})  # first request loads URLconf and templates: not what is measured
        timings = []
        for n in range(args.searches):
            params = {"q": QUERIES[n % len(QUERIES)]}
            if n % 4 == 1:
                params["typ"] = rng.choice(SearchEntry.Kind.values)
            if n % 4 == 2:
                params["ar"] = str(rng.randint(2015, 2025))
            if n % 10 == 3:
                params["sida"] = "3"
            started = time.perf_counter()
            response = client.get("/sok/", params)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        # The baseline, in the same run: a trivial page (one template, no query), so the figures read as ratios.
        baseline = []
        for _ in range(50):
            started = time.perf_counter()
            assert client.get(reverse("accessibility")).status_code == 200
            baseline.append((time.perf_counter() - started) * 1000)
        baseline_ms = statistics.median(baseline)
    finally:
        if postgres:
            connection.creation.destroy_test_db(test_name, verbosity=0)
        connection.close()
        shutil.rmtree(folder, ignore_errors=True)

    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]

    def sv(value: float) -> str:
        return f"{value:.1f}".replace(".", ",")

    print(f"Sökning: {args.entries} poster i indexet (byggt på {sv(build)} s), {args.searches} sökningar, {where}")
    print(f"p50 {sv(p50)} ms, p95 {sv(p95)} ms, max {sv(timings[-1])} ms; mål: p95 under {TARGET_P95_MS:g} ms")
    print(
        f"Baslinje (en enkel sida, median av 50): {sv(baseline_ms)} ms; "
        f"p50 = {p50 / baseline_ms:.0f} × baslinjen, p95 = {p95 / baseline_ms:.0f} × baslinjen"
    )
    if p95 < TARGET_P95_MS:
        return 0
    if not postgres:
        # The target is for the full-text search the portal runs on (PostgreSQL); SQLite's regex fallback is for
        # local development and reads every row. Its numbers are shown, not held to the target.
        print("Över målet, men målet gäller PostgreSQL: kör med DATABASE_URL=postgresql://… för att mäta det.")
        return 0
    print("ÖVER MÅLET")
    return 1


if __name__ == "__main__":
    sys.exit(main())
