from celery import shared_task

from . import alerts
from .models import Document, Protocol, Subscription
from .services import document_extract


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def document_extract_text(document_id: int) -> int | None:
    """Record the page count, text, metadata and unread pages of a stored document; scanned pages are read by OCR
    here (Tesseract, where installed), so they are checked and searchable too. Idempotent, so it may run twice after
    a lost worker."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:  # deleted before the worker got to it
        return None
    return document_extract(document=document).pages


# acks_late: a task lost with its worker runs again, and alerts.publication_alerts_send remembers in the cache which
# mails already went, so the rerun only sends the missing ones. smtplib's errors are OSErrors: retried the same way.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def publication_alert_send(kind: str, pk: int) -> int:
    """Mail the confirmed subscribers of the body when an agenda ("agenda", pk = the meeting) or a protocol
    ("protocol", pk = the protocol version on the notice board) is published. Returns the number of mails sent."""
    return alerts.publication_alerts_send(kind=kind, pk=pk)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def subscription_confirmation_send(subscription_id: int) -> bool:
    """Send the mail with the confirmation link; nothing if the subscription is gone or already confirmed."""
    subscription = (
        Subscription.objects.select_related("body").filter(pk=subscription_id, confirmed_at__isnull=True).first()
    )
    if subscription is None:
        return False
    return alerts.confirmation_message(subscription).send() == 1


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def protocol_pdf_render(protocol_id: int) -> bool:
    """Render a posted protocol's public PDF right after posting, so no citizen waits for WeasyPrint. Idempotent:
    a stored PDF is kept, and the download view renders one itself if this task has not run yet."""
    from .protocol_pdf import protocol_pdf_store

    protocol = Protocol.objects.select_related("meeting__body", "posting").filter(pk=protocol_id).first()
    if protocol is None or not protocol.is_posted:
        return False
    protocol_pdf_store(protocol=protocol)
    return True
