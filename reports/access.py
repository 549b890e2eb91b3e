"""Who may edit a report: the secretaries of its body (they write the årsberättelse with the administration) and
administrators. Every staff view of reports gets its report through these helpers."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from meetings.access import can_edit_body, editable_bodies, is_secretary, secretary_required

from .models import AnnualReport, Section

__all__ = ["editable_reports", "is_secretary", "report_for_edit", "secretary_required", "section_for_edit"]


def editable_reports(user) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(body__in=editable_bodies(user))


def report_for_edit(user, pk: int) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("body"), pk=pk)
    if not can_edit_body(user, report.body_id):
        raise PermissionDenied
    return report


def section_for_edit(user, pk: int) -> Section:
    section = get_object_or_404(Section.objects.select_related("report__body"), pk=pk)
    if not can_edit_body(user, section.report.body_id):
        raise PermissionDenied
    return section
