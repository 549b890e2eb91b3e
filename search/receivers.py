"""Signal receivers that keep the search index current.

Our own flows use services, not signals (CONVENTIONS.md). Indexing is the exception, on purpose: it is cross-cutting,
and the domain apps must not import `search` (dependencies point one way). So `SearchConfig.ready()` connects these
receivers to the models whose saved state decides what is public or what the public text says. Every service that
publishes, withdraws or edits content saves the model it changes, so the receivers see it. A change made with
`QuerySet.update()`/`bulk_create()` sends no signal (text extraction, the demo loaders): such code must save the
instance instead, or be followed by `manage.py search_reindex`, which rebuilds everything.
"""

from django.db.models.signals import post_delete, post_save

from goals.models import Commitment, GoalArea, GoalPeriod, Indicator, Means, Platform, PolicyArea
from meetings.models import AgendaItem, Body, Document, Meeting, Posting, Protocol, ProtocolParagraph
from reports.models import AnnualReport, Section

from .indexing import search_index_object, search_index_remove

INDEXED_MODELS = (
    Body,
    Meeting,
    AgendaItem,
    Document,
    Protocol,
    Posting,
    ProtocolParagraph,
    GoalPeriod,
    GoalArea,
    Means,
    Indicator,
    Platform,
    PolicyArea,
    Commitment,
    AnnualReport,
    Section,
)
DELETED_MODELS = (
    Meeting,
    AgendaItem,
    Document,
    Posting,
    ProtocolParagraph,
    GoalArea,
    Means,
    Indicator,
    Commitment,
    Section,
)


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: related rows may not exist yet; `manage.py search_reindex` afterwards
        return
    search_index_object(instance)


def _deleted(sender, instance, **kwargs):
    search_index_remove(instance)


def connect() -> None:
    for model in INDEXED_MODELS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search_index_{model._meta.label_lower}")
    for model in DELETED_MODELS:
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search_remove_{model._meta.label_lower}")
