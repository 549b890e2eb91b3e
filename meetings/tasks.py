from celery import shared_task

from . import alerts
from .models import Document, Protocol, Subscription
from .pdf import PdfError
from .public import protocol_prefetch
from .services import document_extract


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def document_extract_text(document_id: int) -> int | None:
    """Record the page count, text, metadata and unread pages of a stored document; scanned pages are read by OCR
    here (Tesseract, where installed), so they are checked and searchable too. A file that cannot be read gets its
    reason recorded instead. Idempotent, so it may run twice after a lost worker."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:  # deleted before the worker got to it
        return None
    try:
        return document_extract(document=document).pages
    except PdfError:
        # Not retried: the same file fails the same way. The reason is on the document, beside it on the staff
        # meeting page, and the check names it if the document is to become public.
        return None


# acks_late: a task lost with its worker runs again, and alerts.publication_alerts_send remembers in the cache which
# mails already went, so the rerun only sends the missing ones. smtplib's errors are OSErrors: retried the same way.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def publication_alert_send(kind: str, pk: int) -> int:
    """Mail the confirmed subscribers of the body when an agenda ("agenda", pk = the meeting) or a protocol
    ("protocol", pk = the protocol version on the notice board) is published. Returns the number of mails sent."""
    return alerts.publication_alerts_send(kind=kind, pk=pk)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def subscription_confirmation_send(subscription_id: int) -> bool:
    """Send the mail with the confirmation link; nothing if the subscription is gone or already confirmed.

    No longer queued (subscription_request_handle sends the mail itself, within the limits); kept for one release
    so that messages queued before the deploy are still delivered rather than dropped as unregistered."""
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

    protocol = (
        Protocol.objects.select_related("meeting__body", "posting")
        .prefetch_related(*protocol_prefetch())
        .filter(pk=protocol_id)
        .first()
    )
    if protocol is None or not protocol.is_posted:
        return False
    protocol_pdf_store(protocol=protocol)
    return True


# No acks_late: a rerun after a lost worker would find the mail marked as sent and send nothing, so it gains nothing;
# the citizen can ask again. The address travels in the message only, never in the result.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def subscription_request_handle(email: str, body_id: int | None, case_id: int | None = None) -> bool:
    """A request from an alert form, a body's or a case's ("bevaka ärendet"): store the unconfirmed subscription and
    mail the confirmation link, within the limits per address (alerts.subscription_request). Every address typed into
    either form gets this same task."""
    return alerts.subscription_request(email=email, body_id=body_id, case_id=case_id)


# acks_late: a task lost with its worker runs again, and services.adjustment remembers in the cache which mails went.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def adjustment_mail_send(kind: str, protocol_id: int, round_number: int) -> int:
    """Mail about a round of digital justering: "request" to each approver (chair and adjusters) when the secretary
    sends the protocol, "returned" or "adjusted" to the secretary who sent it. Staff mails: only a link to the portal.
    Returns the number of mails sent; none when the protocol has moved on since."""
    from .services.adjustment import adjustment_mails_send

    return adjustment_mails_send(kind=kind, protocol_id=protocol_id, round_number=round_number)


# Run daily by Celery beat (orebro_portal/celery.py, 00:05 Europe/Stockholm). Idempotent: a rerun, or a run after a
# day beat missed, takes down what is due and nothing else.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def notice_board_take_down() -> int:
    """Take down the postings and notices whose take-down day has come; they move to the notice board's archive."""
    from .services.notices import notice_board_take_down as take_down

    return take_down()
