"""Placeholder: replaced by the real views."""

from django.http import Http404


def commitment_list(request, *args, **kwargs):
    raise Http404


def update_add(request, *args, **kwargs):
    raise Http404


def update_edit(request, *args, **kwargs):
    raise Http404
