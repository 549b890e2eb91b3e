"""PLACEHOLDER, being written."""

from django.http import Http404


def protocol_latest(request, **kwargs):
    raise Http404


def protocol_version(request, **kwargs):
    raise Http404


def protocol_pdf(request, **kwargs):
    raise Http404


def notice_board(request, **kwargs):
    raise Http404
