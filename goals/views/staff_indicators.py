"""Placeholder: replaced by the real views."""

from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def values_import(request, *args, **kwargs):
    raise Http404


def values_grid(request, *args, **kwargs):
    raise Http404


def history(request, *args, **kwargs):
    raise Http404
