"""Placeholder: replaced by the real views."""

from django.http import Http404


def year_list(request, *args, **kwargs):
    raise Http404


def compare(request, *args, **kwargs):
    raise Http404


def year_detail(request, *args, **kwargs):
    raise Http404


def unit_detail(request, *args, **kwargs):
    raise Http404


def code_detail(request, *args, **kwargs):
    raise Http404
