"""Handing work to the task queue as part of a workflow's outcome.

A workflow that leaves a row saying "queued" (a report PDF, a ledger import, a document waiting for its text) must
not leave it so when the broker cannot take the task: the user is told, in Swedish, and the workflow undoes what it
wrote. So the task is sent *now*, at one quick attempt, and the caller decides what to undo:

    with transaction.atomic():
        pdf = ReportPdf.objects.create(...)       # the state the task needs, committed first
    enqueue(report_pdf_render, pdf.pk, undo=pdf.delete)   # raises QueueUnavailable after undoing

Sent after the commit, so a fast worker never looks for a row that is not there yet. Inside the workflow's
transaction, `enqueue_on_commit` does the same at the commit: its failure is raised out of the outermost
`transaction.atomic` block, to the code that committed (Celery's `delay_on_commit` raises the broker's error there
too, but after a wait and with nothing undone).

How long "no" takes with Redis down (measured with the broker at a closed port, November 2026): a plain `delay()`
waited 19 s — not for the broker but for the result store, which the Redis backend subscribes to for every task sent
and reconnects to 20 times a second apart, then fails with a RuntimeError. Our tasks record their outcome in rows
and nobody reads their results, so `enqueue` sends with `ignore_result`. Publishing with `retry=False` took 6 s (the
connection is then established with kombu's default 2-second pauses until `broker_connection_timeout`); with
`PUBLISH_RETRY_POLICY` (one immediate second attempt) a refused connection is answered in a few milliseconds.

Without a broker (no REDIS_URL) tasks run eagerly in the process; their own errors propagate as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from orebro_portal.celery import PUBLISH_RETRY_POLICY

logger = logging.getLogger(__name__)

# What kombu and redis-py raise when the broker does not answer: kombu wraps most in OperationalError, a refused or
# reset socket can come through as an OSError (ConnectionError is one).
BROKER_ERRORS = (OperationalError, OSError)


class QueueUnavailable(Exception):
    """The broker did not take the task. `message` says so to the user; nothing was left waiting for it."""

    message = _(
        "Bakgrundstjänsten kan inte nås just nu, så arbetet kunde inte läggas i kö. "
        "Inget är sparat som väntande – försök igen om en stund."
    )

    def __str__(self) -> str:
        return str(self.message)


def enqueue(task, *args, undo: Callable[[], object] | None = None, **kwargs) -> None:
    """Send `task(*args, **kwargs)` to the broker at once; if it cannot be sent, run `undo` (which puts the stored
    state back as it was before the workflow; in a transaction of its own) and raise QueueUnavailable."""
    try:
        task.apply_async(args=args, kwargs=kwargs, ignore_result=True, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except BROKER_ERRORS as exc:
        logger.warning("Kunde inte lägga %s i kö: %s", task.name, exc)
        if undo is not None:
            with transaction.atomic():
                undo()
        raise QueueUnavailable from exc


def enqueue_on_commit(task, *args, undo: Callable[[], object] | None = None, **kwargs) -> None:
    """`enqueue` when the current transaction commits (at once outside a transaction).

    `undo` then runs after the commit, and QueueUnavailable leaves the outermost `transaction.atomic` block of the
    workflow: the caller catches it around the workflow. Django runs no later commit hook of the same transaction
    once one raises, so register this last. (In a test's transaction, which never commits, nothing is sent unless
    the test runs the commit hooks or is transactional.)
    """
    transaction.on_commit(lambda: enqueue(task, *args, undo=undo, **kwargs))
