"""PLACEHOLDER, being written."""

from django.http import Http404


def protocol_create(request, **kwargs):
    raise Http404


def protocol_detail(request, **kwargs):
    raise Http404


def protocol_edit(request, **kwargs):
    raise Http404


def paragraph_create(request, **kwargs):
    raise Http404


def paragraph_edit(request, **kwargs):
    raise Http404


def paragraph_delete(request, **kwargs):
    raise Http404


def protocol_preview(request, **kwargs):
    raise Http404


def protocol_adjust(request, **kwargs):
    raise Http404


def protocol_post(request, **kwargs):
    raise Http404


def protocol_correct(request, **kwargs):
    raise Http404


def protocol_history(request, **kwargs):
    raise Http404
