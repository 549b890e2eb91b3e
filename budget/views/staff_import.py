"""Placeholder: replaced by the real views."""

from django.http import Http404


def upload(request, *args, **kwargs):
    raise Http404


def detail(request, *args, **kwargs):
    raise Http404


def confirm(request, *args, **kwargs):
    raise Http404


def discard(request, *args, **kwargs):
    raise Http404
