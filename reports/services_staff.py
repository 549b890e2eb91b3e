"""The secretaries' workflows on a report: writing its sections and adopting (fastställa) it.

A refusal raises `ValidationError` — keyed by field, the field's label first in the message ("Rubrik: …"), when it
concerns one field — before anything is written, so the stored data stays as it was. Every workflow locks the report
row (`select_for_update`) so that a section cannot be saved while another secretary adopts the report: once adopted,
the report, its sections and its blocks never change again (the frozen blocks are what the adopted PDF shows).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from meetings.models import Meeting

from .blocks import blocks_freeze
from .models import AnnualReport, Section

__all__ = ["report_adopt", "section_create", "section_update"]


def _label(field: str) -> str:
    return capfirst(str(Section._meta.get_field(field).verbose_name))


def _adopted_error() -> ValidationError:
    return ValidationError(
        _("Årsberättelsen är fastställd och kan inte ändras längre."),
        code="adopted",
    )


def _set_history_user(obj, user) -> None:
    # Outside a request (a command, a test) the history middleware knows no user; the service does.
    if user is not None and user.is_authenticated:
        obj._history_user = user


def _locked_draft(report: AnnualReport) -> AnnualReport:
    """The report as stored now, locked for this transaction; refused once adopted."""
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_adopted:
        raise _adopted_error()
    return locked


def _clean_heading(heading: str) -> str:
    heading = " ".join((heading or "").split())
    limit = Section._meta.get_field("heading").max_length
    if not heading:
        raise ValidationError(
            {"heading": _("%(field)s: skriv en rubrik.") % {"field": _label("heading")}}, code="required"
        )
    if len(heading) > limit:
        raise ValidationError(
            {
                "heading": _("%(field)s: högst %(limit)s tecken (nu %(count)s).")
                % {"field": _label("heading"), "limit": limit, "count": len(heading)}
            },
            code="max_length",
        )
    return heading


def _clean_text(text: str) -> str:
    # Windows line ends from a pasted text would otherwise count as a change in the history and the fingerprint.
    return (text or "").replace("\r\n", "\n").strip()


@transaction.atomic
def section_update(*, section: Section, heading: str, text: str, user) -> bool:
    """Save a section's heading and text (Markdown, sanitised when shown); returns whether anything changed.

    Refused once the report is adopted. History (who, when, before/after) is recorded by simple-history.
    """
    _locked_draft(section.report)
    heading, text = _clean_heading(heading), _clean_text(text)
    section.refresh_from_db(fields=["heading", "text"])
    if section.heading == heading and section.text == text:
        return False
    section.heading, section.text = heading, text
    _set_history_user(section, user)
    section.save(update_fields=["heading", "text"])
    return True


@transaction.atomic
def section_create(
    *, report: AnnualReport, number: str, heading: str, text: str = "", user, parent: Section | None = None
) -> Section:
    """Add a section at the end of the document (or of its parent's subsections). Refused once adopted."""
    _locked_draft(report)
    number = (number or "").strip().strip(".")
    if not number:
        raise ValidationError({"number": _("%(field)s: ange ett nummer.") % {"field": _label("number")}})
    if report.sections.filter(number=number).exists():
        raise ValidationError(
            {
                "number": _("%(field)s: det finns redan ett avsnitt %(number)s.")
                % {"field": _label("number"), "number": number}
            }
        )
    last = report.sections.aggregate(last=Max("position"))["last"]
    section = Section(
        report=report,
        parent=parent,
        number=number,
        heading=_clean_heading(heading),
        text=_clean_text(text),
        position=0 if last is None else last + 1,
    )
    _set_history_user(section, user)
    section.save()
    return section


@transaction.atomic
def report_adopt(*, report: AnnualReport, user, meeting: Meeting | None = None) -> AnnualReport:
    """Adopt (fastställa) the report: freeze every block's data, set the status, when, by whom and at which meeting.

    From then on the report, its sections and blocks — and so its PDF — never change. Refused if it is already
    adopted, or if the meeting is not one of the report's body.
    """
    locked = _locked_draft(report)
    if meeting is not None and meeting.body_id != locked.body_id:
        raise ValidationError(
            {"meeting": _("Sammanträde: välj ett sammanträde i %(body)s.") % {"body": locked.body.name}},
            code="other_body",
        )
    blocks_freeze(report=locked)
    locked.status = AnnualReport.Status.ADOPTED
    locked.adopted_at = timezone.now()
    locked.adopted_by = user if user is not None and user.is_authenticated else None
    locked.adopted_meeting = meeting
    _set_history_user(locked, user)
    locked.save(update_fields=["status", "adopted_at", "adopted_by", "adopted_meeting"])
    report.refresh_from_db()
    return locked
