"""Publishing a year's figures (placeholder: being written)."""

from django.http import Http404


def publish(request, year):
    raise Http404
