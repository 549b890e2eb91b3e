import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from .models import LedgerImport
from .services.importing import ledger_import_apply

logger = logging.getLogger(__name__)


# Not acks_late: a rerun after a lost worker finds the import "running" and is refused, rather than two workers
# applying the same file. The apply is one transaction, so a lost worker has changed nothing; the controller uploads
# the file again. Time limits come from the settings (CELERY_TASK_SOFT_TIME_LIMIT): a timed-out apply rolls back.
@shared_task
def ledger_import_apply_task(import_id: int, user_id: int | None) -> str:
    """Apply a confirmed big import, writing its progress as it goes. Returns the import's final status.

    The controller's ticks for new years and scale warnings were checked when the import was confirmed, before it
    was queued, and are checked again by the apply from the preview JSON. A refusal (closed year, figures changed
    since the preview, a year or warning not acknowledged) or an unexpected error leaves the import failed with its
    message, which the page shows; nothing is raised, so a web request running the task eagerly still answers.
    """
    ledger_import = LedgerImport.objects.filter(pk=import_id).first()
    if ledger_import is None:  # deleted while queued
        return "missing"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        ledger_import = ledger_import_apply(ledger_import=ledger_import, user=user)
    except ValidationError:
        ledger_import.refresh_from_db()
    except Exception:
        logger.exception("Ledger import %s failed", import_id)
        ledger_import.refresh_from_db()
    return ledger_import.status
