from .meetings import (
    AgendaItem,
    Body,
    Document,
    DocumentQuerySet,
    Meeting,
    MeetingQuerySet,
    case_number_validator,
    document_upload_to,
)
from .protocols import Posting, Protocol, ProtocolParagraph, protocol_pdf_upload_to
from .staff import Assignment
from .subscriptions import AlertLimitEvent, Subscription

__all__ = [
    "AgendaItem",
    "AlertLimitEvent",
    "Assignment",
    "Body",
    "Document",
    "DocumentQuerySet",
    "Meeting",
    "MeetingQuerySet",
    "Posting",
    "Protocol",
    "ProtocolParagraph",
    "Subscription",
    "case_number_validator",
    "document_upload_to",
    "protocol_pdf_upload_to",
]
