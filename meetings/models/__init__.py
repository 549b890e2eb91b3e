from .cases import Case, CaseLinked, CaseNumber, case_number_parse, case_number_search
from .decisions import Attendance, Ballot, Proposal, Statement, Vote
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
from .members import Membership, Party, Person
from .notices import Notice, notice_file_upload_to
from .protocols import AdjustmentApproval, Posting, Protocol, ProtocolParagraph, protocol_pdf_upload_to
from .staff import Assignment
from .subscriptions import AlertLimitEvent, Subscription

__all__ = [
    "AdjustmentApproval",
    "AgendaItem",
    "AlertLimitEvent",
    "Assignment",
    "Attendance",
    "Ballot",
    "Body",
    "Case",
    "CaseLinked",
    "CaseNumber",
    "Document",
    "DocumentQuerySet",
    "Meeting",
    "MeetingQuerySet",
    "Membership",
    "Notice",
    "Party",
    "Person",
    "Posting",
    "Proposal",
    "Protocol",
    "ProtocolParagraph",
    "Statement",
    "Subscription",
    "Vote",
    "case_number_parse",
    "case_number_search",
    "case_number_validator",
    "document_upload_to",
    "notice_file_upload_to",
    "protocol_pdf_upload_to",
]
