"""Benchmark of the annual report's PDF: render the demo report (Kommunstyrelsens årsberättelse 2021), then serve it
again from storage through the public download view.

    .venv/bin/python -m tests.bench.report_pdf            # a throwaway SQLite file in a temporary folder
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/benchhelper .venv/bin/python -m tests.bench.report_pdf
                                                          # PostgreSQL: a throwaway test_benchhelper database

Prints a small Swedish table and exits with status 1 when rendering takes 5 s or more, or serving the stored PDF
0,1 s or more (the median of several downloads). Not collected by pytest (no test_ prefix); `make bench` runs it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

RENDER_TARGET = 5.0
SERVE_TARGET = 0.1


def setup_django(folder: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("PORTAL_DATA_DIR", str(folder))  # the SQLite file, when DATABASE_URL is not set
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def load_demo_report():
    """The demo report with the demo budget and goals data its blocks are computed from."""
    from meetings.demo import load_demo_data
    from reports.demo import KS_SLUG, YEAR, load_reports_demo
    from reports.models import AnnualReport

    load_demo_data()
    load_reports_demo()
    return AnnualReport.objects.select_related("body").get(body__slug=KS_SLUG, year=YEAR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--downloads", type=int, default=7, help="antal hämtningar från lagringen (7)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="report-pdf-bench-"))
    setup_django(folder)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from orebro_portal.celery import app as celery_app
    from reports.models import ReportPdf
    from reports.services import report_pdf_request

    settings.MEDIA_ROOT = str(folder / "media")  # the stored PDFs go with the rest
    setup_test_environment()  # the test client's host is allowed
    celery_app.conf.task_always_eager = True  # rendered here, in this process, whatever REDIS_URL says
    postgres = connection.vendor == "postgresql"
    if postgres:
        test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        where = f"PostgreSQL (tillfällig databas {test_name})"
    else:
        call_command("migrate", verbosity=0)
        where = f"SQLite ({connection.settings_dict['NAME']})"
    try:
        report = load_demo_report()
        sections = report.sections.count()

        # Rendering: the request finds no stored PDF, queues the task, which (eager) renders and stores it.
        start = time.perf_counter()
        pdf = report_pdf_request(report=report)
        render_seconds = time.perf_counter() - start
        pdf.refresh_from_db()
        assert pdf.status == ReportPdf.Status.READY, pdf.error
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        # Serving again: the public download view finds the stored PDF for the unchanged content and streams it.
        client = Client()
        url = reverse("reports:pdf", kwargs={"body": report.body.slug, "year": report.year})
        serve_times = []
        for _ in range(args.downloads):
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            serve_times.append(time.perf_counter() - start)
            assert response.status_code == 200 and body[:5] == b"%PDF-", response.status_code
        assert ReportPdf.objects.filter(report=report).count() == 1  # served, never rendered again
        serve_seconds = statistics.median(serve_times)

        # The baseline, measured in the same run: a trivial page (the accessibility statement, one template, no
        # query), so the figures can be read as a ratio on any machine.
        baseline_times = []
        for _ in range(args.downloads):
            start = time.perf_counter()
            assert client.get(reverse("accessibility")).status_code == 200
            baseline_times.append(time.perf_counter() - start)
        baseline_seconds = statistics.median(baseline_times)
    finally:
        if postgres:
            connection.creation.destroy_test_db(test_name, verbosity=0)
        connection.close()
        shutil.rmtree(folder, ignore_errors=True)

    print(f"Pdf av {report.title}: {sections} avsnitt, {pdf.pages} sidor, {pdf.size / 1024:.0f} kB, {where}")
    rows = [
        ("Skapa pdf:en (rendering och lagring)", render_seconds, RENDER_TARGET),
        (f"Hämta igen från lagringen (median av {args.downloads})", serve_seconds, SERVE_TARGET),
    ]
    print(
        f"{'Steg':<46}{'Tid (s)':>9}{'Mål (s)':>9}{'× baslinjen':>13}   minne: RSS-topp efter renderingen {peak:.0f} MB"
    )
    too_slow = False
    for label, seconds, target in rows:
        mark = "" if seconds < target else "  ÖVER MÅLET"
        too_slow = too_slow or bool(mark)
        ratio = seconds / baseline_seconds
        print(f"{label:<46}{seconds:>9.3f}{f'< {target:g}':>9}{ratio:>13.0f}{mark}".replace(".", ","))
    print(f"{'Baslinje: en enkel sida (tillgänglighet)':<46}{baseline_seconds:>9.4f}".replace(".", ","))
    return 1 if too_slow else 0


if __name__ == "__main__":
    sys.exit(main())
