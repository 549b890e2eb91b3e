"""Placeholder: replaced by the real views."""

from django.http import Http404


def report_list(request, *args, **kwargs):
    raise Http404


def report_edit(request, *args, **kwargs):
    raise Http404


def report_preview(request, *args, **kwargs):
    raise Http404


def pdf_request(request, *args, **kwargs):
    raise Http404


def report_adopt(request, *args, **kwargs):
    raise Http404


def section_edit(request, *args, **kwargs):
    raise Http404
