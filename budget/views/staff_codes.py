"""The chart of ansvar in the staff area (placeholder: being written)."""

from django.http import Http404


def code_list(request):
    raise Http404


def code_edit(request, code):
    raise Http404
