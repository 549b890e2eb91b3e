"""Placeholder: replaced by the real views."""

from django.http import Http404


def overview(request, *args, **kwargs):
    raise Http404


def goal_area_detail(request, *args, **kwargs):
    raise Http404


def indicator_list(request, *args, **kwargs):
    raise Http404


def indicator_detail(request, *args, **kwargs):
    raise Http404


def platform(request, *args, **kwargs):
    raise Http404


def commitment_detail(request, *args, **kwargs):
    raise Http404
