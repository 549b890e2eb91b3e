"""Placeholder: replaced by the real views."""

from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def grid(request, *args, **kwargs):
    raise Http404


def year_close(request, *args, **kwargs):
    raise Http404


def code_history(request, *args, **kwargs):
    raise Http404
