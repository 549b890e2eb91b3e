"""PLACEHOLDER, being written: Atom feeds of published agendas and protocols."""

from django.http import Http404


class AllPublicationsFeed:
    def __call__(self, request, **kwargs):
        raise Http404


class BodyPublicationsFeed(AllPublicationsFeed):
    pass
