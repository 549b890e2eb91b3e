from celery import shared_task

from .models import Document
from .services import document_extract


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def document_extract_text(document_id: int) -> int | None:
    """Record the page count and text of a stored document. Idempotent, so it may run twice after a lost worker."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:  # deleted before the worker got to it
        return None
    return document_extract(document=document).pages


@shared_task
def publication_alert_send(kind: str, pk: int) -> int:
    """PLACEHOLDER, being written: mail the confirmed subscribers of the body when an agenda ("agenda", pk = the
    meeting) or a protocol ("protocol", pk = the protocol version) is published. Returns the number of mails sent."""
    return 0
