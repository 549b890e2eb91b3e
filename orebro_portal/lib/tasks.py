"""Handing work to the task queue as part of a workflow's outcome.

A workflow that leaves a row saying "queued" (a report PDF, a ledger import, a document waiting for its text) must
not leave it so when the broker cannot take the task: the user is told, in Swedish, and the workflow undoes what it
wrote. So the task is sent *now*, at one attempt that fails within seconds, and the caller decides what to undo:

    with transaction.atomic():
        pdf = ReportPdf.objects.create(...)       # the state the task needs, committed first
    enqueue(report_pdf_render, pdf.pk, undo=pdf.delete)   # raises QueueUnavailable after undoing

Sent after the commit, never inside the transaction, so a fast worker never looks for a row that is not there yet.
`delay_on_commit` is not used for such work: its failure surfaces after the commit, with nobody left to tell.

Without a broker (no REDIS_URL) tasks run eagerly in the process; their own errors propagate as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

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
    """Send `task(*args, **kwargs)` to the broker at one attempt; if it cannot be sent, run `undo` (which puts the
    stored state back as it was before the workflow) and raise QueueUnavailable.

    One attempt, no retries: kombu's default publish retries and reconnects kept a request waiting ~19 s when Redis
    was down, for an answer that was "no" all along.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("Kunde inte lägga %s i kö: %s", task.name, exc)
        if undo is not None:
            undo()
        raise QueueUnavailable from exc
