"""Benchmark of what refusing hostile input costs (issue 13): a page whose query the control-character middleware
reads, the 400 it answers to a NUL, and how long a workflow waits for "no" when the task queue is down.

    .venv/bin/python -m tests.bench.refusals

Prints each figure beside a trivial page (the accessibility statement) timed in the same run, as a ratio, and exits
with status 1 when `enqueue` takes 2 s or more to report a refused broker (a plain `delay()` waited 19 s). Not
collected by pytest (no test_ prefix); `make bench` runs it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REFUSAL_TARGET = 2.0
ROUNDS = 200
QUEUE_ROUNDS = 5


def _median(action, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="refusals-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("PORTAL_DATA_DIR", str(folder))
    os.environ.pop("DATABASE_URL", None)  # no query here needs one: a throwaway SQLite file
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)  # every 400 and every refused send is logged
    import kombu.pools
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from meetings.tasks import document_extract_text
    from orebro_portal.celery import app
    from orebro_portal.lib.tasks import QueueUnavailable, enqueue

    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client(raise_request_exception=False)
    try:
        query = "?organ=kommunstyrelsen&ar=2024&manad=6&har_arendelista=on&sida=2"

        def trivial():
            assert client.get("/tillganglighet/").status_code == 200

        def with_query():
            assert client.get("/tillganglighet/" + query).status_code == 200

        def nul():
            assert client.get("/tillganglighet/?q=%00").status_code == 400

        def refused():
            try:
                enqueue(document_extract_text, 0)
            except QueueUnavailable:
                return
            raise AssertionError("the broker at port 1 took a task")

        trivial()  # warm: templates, translations
        baseline = _median(trivial, ROUNDS)
        rows = [
            ("En enkel sida med fem parametrar i adressen", _median(with_query, ROUNDS), None),
            ("400 för ett NUL-tecken i adressen", _median(nul, ROUNDS), None),
        ]
        app.conf.task_always_eager = False
        app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens: refused at once, as a stopped Redis
        app._pool = None
        app.amqp._producer_pool = None
        kombu.pools.reset()
        first = _median(refused, 1)  # the first send in a process also sets up the connection pools
        rows.append(("Bakgrundstjänsten nere: första nej (enqueue)", first, REFUSAL_TARGET))
        rows.append(
            (f"Bakgrundstjänsten nere: nej (median av {QUEUE_ROUNDS})", _median(refused, QUEUE_ROUNDS), REFUSAL_TARGET)
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"{'Steg':<52}{'Tid (ms)':>10}{'× baslinjen':>13}{'Mål':>9}")
    too_slow = False
    for label, seconds, target in rows:
        over = target is not None and seconds >= target
        too_slow = too_slow or over
        goal = f"< {target:g} s" if target else ""
        line = f"{label:<52}{seconds * 1000:>10.2f}{seconds / baseline:>13.1f}{goal:>9}{'  ÖVER MÅLET' if over else ''}"
        print(line.replace(".", ","))
    print(f"{'Baslinje: en enkel sida (tillgänglighet)':<52}{baseline * 1000:>10.2f}".replace(".", ","))
    return 1 if too_slow else 0


if __name__ == "__main__":
    sys.exit(main())
