"""PLACEHOLDER, being written."""

from django.http import Http404


def dashboard(request, **kwargs):
    raise Http404


def meeting_create(request, **kwargs):
    raise Http404


def meeting_detail(request, **kwargs):
    raise Http404


def meeting_edit(request, **kwargs):
    raise Http404


def meeting_cancel(request, **kwargs):
    raise Http404


def meeting_move(request, **kwargs):
    raise Http404


def agenda_publish(request, **kwargs):
    raise Http404


def meeting_history(request, **kwargs):
    raise Http404


def item_create(request, **kwargs):
    raise Http404


def item_edit(request, **kwargs):
    raise Http404


def item_move(request, **kwargs):
    raise Http404


def item_delete(request, **kwargs):
    raise Http404


def document_create(request, **kwargs):
    raise Http404


def document_edit(request, **kwargs):
    raise Http404


def document_delete(request, **kwargs):
    raise Http404


def document_file(request, **kwargs):
    raise Http404
