"""Who changed what, read from django-simple-history, for the staff area's history pages.

Usage, in a view::

    entries = history_entries(
        Meeting.history.filter(id=meeting.pk),
        AgendaItem.history.filter(meeting=meeting),
        Document.history.filter(Q(meeting=meeting) | Q(agenda_item__meeting=meeting)),
    )

and in its template ``{% include "staff/partials/history.html" with entries=entries %}``.

Each argument is a historical queryset (or a model's `history` manager); the entries of all of them come back merged,
newest first, at most `limit` of them. Each `HistoryEntry` says when, who ("Systemet" when no user was recorded: a
management command, a Celery task), the action ("Skapad", "Ändrad", "Borttagen"), which object in words
("Paragraf § 12", "Ärende 3", "Sammanträdet", "Dokument ”Tjänsteskrivelse”") and, as `changes`, the fields that
changed as (label, old, new) strings in the model's field order. A created object lists its non-empty fields with an
empty old value. An "Ändrad" record in which no editable field changed (a save that changed nothing a person
edits) is left out: it would only be noise.

The number of queries does not grow with the number of records: per queryset one for the records (with their
users), one for the records just before them, and one per kind of object that a changed foreign key points to.

How an object is named is decided by `LABELS` (a function of the historical record per model); pass `labels=` to
name objects differently on one page, e.g. with the protocol version a paragraph belongs to. `HIDDEN_FIELDS` lists,
per model, fields not worth showing (the protocol a paragraph belongs to); add to it for models of your own pages.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date, sv_datetime

from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    Document,
    Meeting,
    Posting,
    Proposal,
    Protocol,
    ProtocolParagraph,
    Statement,
    Vote,
)

__all__ = ["HIDDEN_FIELDS", "LABELS", "HistoryEntry", "history_entries"]


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    action: str
    object_label: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    history_type: str = "~"  # "+", "~" or "-", as simple_history stores it; also usable as a CSS hook
    record: object = None  # the historical record itself, for a page that needs more


LABELS: dict[type[models.Model], Callable[[object], str]] = {
    Meeting: lambda record: _("Sammanträdet"),
    AgendaItem: lambda record: _("Ärende %(number)s") % {"number": record.number},
    Document: lambda record: _("Dokument ”%(title)s”") % {"title": record.title},
    Protocol: lambda record: _("Protokollet, version %(version)s") % {"version": record.version},
    ProtocolParagraph: lambda record: _("Paragraf § %(number)s") % {"number": record.number},
    Posting: lambda record: _("Anslaget"),
    Attendance: lambda record: _("Närvaron"),
    Proposal: lambda record: _("Yrkande"),
    Vote: lambda record: _("Omröstning"),
    Ballot: lambda record: _("Röst i en omröstning"),
    Statement: lambda record: _("Reservation eller protokollsanteckning"),
}


# Fields that only say where an object belongs, already clear from the page the history is shown on.
HIDDEN_FIELDS: dict[type[models.Model], set[str]] = {
    Protocol: {"meeting"},
    ProtocolParagraph: {"protocol", "position"},
    Posting: {"protocol"},
    Attendance: {"protocol", "position"},
    Proposal: {"paragraph", "position"},
    Vote: {"paragraph", "position"},
    Ballot: {"vote"},
    Statement: {"paragraph", "position"},
}


def _action(history_type: str) -> str:
    # Looked up at call time so the words follow the active language.
    return {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}.get(history_type, history_type)


def _default_label(record) -> str:
    return capfirst(str(record.instance_type._meta.verbose_name))


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("Systemet")
    return user.get_full_name() or user.get_username()


def _tracked(record) -> list[models.Field]:
    """The fields a person edits, in the model's order; ids, timestamps and derived values are not edits."""
    hidden = HIDDEN_FIELDS.get(record.instance_type, set())
    return [
        f
        for f in record.tracked_fields
        if f.name not in hidden
        if f.editable
        and not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


def _related_label(obj) -> str:
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


class _Formatter:
    """Turns stored values into what a person reads, fetching the objects foreign keys point to in bulk."""

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set] = defaultdict(set)
        self._found: dict[type[models.Model], dict] = {}

    def want(self, model_field: models.Field, value) -> None:
        if model_field.is_relation and value is not None:
            self._wanted[model_field.related_model].add(value)

    def fetch(self) -> None:
        for model, pks in self._wanted.items():
            # select_related() without arguments follows the non-null foreign keys that __str__ usually reads.
            self._found[model] = model._default_manager.select_related().in_bulk(pks)

    def text(self, model_field: models.Field, value) -> str:
        if value is None or value == "":
            return ""
        if model_field.is_relation:
            obj = self._found.get(model_field.related_model, {}).get(value)
            return _related_label(obj) if obj is not None else _("nr %(pk)s (borttagen)") % {"pk": value}
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Ja") if value else _("Nej")
        if isinstance(value, datetime):
            return sv_datetime(value)
        if isinstance(value, date):
            return sv_date(value)
        if isinstance(value, models.fields.files.FieldFile):
            return value.name or ""
        return str(value)


def _value(record, model_field: models.Field):
    return getattr(record, model_field.attname)


def history_entries(
    *history_querysets: Iterable,
    limit: int = 200,
    labels: dict[type[models.Model], Callable[[object], str]] | None = None,
) -> list[HistoryEntry]:
    """The records of all the querysets as HistoryEntry objects, newest first, at most `limit` of them."""
    labels = {**LABELS, **(labels or {})}
    formatter = _Formatter()
    pending = []  # (record, previous record or None, [(field, old, new)])
    for queryset in history_querysets:
        queryset = queryset.all()
        historical_model = queryset.model
        records = list(queryset.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
        if not records:
            continue
        pk_name = historical_model.instance_type._meta.pk.attname
        # The record before each one, found among all records of the same objects in one query.
        object_ids = {getattr(record, pk_name) for record in records}
        by_object = defaultdict(list)
        for row in historical_model.objects.filter(**{f"{pk_name}__in": object_ids}).order_by(
            "history_date", "history_id"
        ):
            by_object[getattr(row, pk_name)].append(row)
        previous = {}
        for rows in by_object.values():
            for before, after in pairwise(rows):
                previous[after.history_id] = before

        for record in records:
            before = previous.get(record.history_id)
            fields = _tracked(record)
            if record.history_type == "+" or (record.history_type == "~" and before is None):
                changed = [(f, None, _value(record, f)) for f in fields if _value(record, f) not in (None, "")]
            elif record.history_type == "~":
                delta_fields = set(record.diff_against(before, included_fields=[f.name for f in fields]).changed_fields)
                changed = [(f, _value(before, f), _value(record, f)) for f in fields if f.name in delta_fields]
                if not changed:
                    continue
            else:
                changed = []
            for model_field, old, new in changed:
                formatter.want(model_field, old)
                formatter.want(model_field, new)
            pending.append((record, changed))

    pending.sort(key=lambda item: (item[0].history_date, item[0].history_id), reverse=True)
    pending = pending[:limit]
    formatter.fetch()
    entries = []
    for record, changed in pending:
        label = labels.get(record.instance_type, _default_label)
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_who(record),
                action=_action(record.history_type),
                object_label=label(record),
                changes=[
                    (capfirst(str(f.verbose_name)), formatter.text(f, old), formatter.text(f, new))
                    for f, old, new in changed
                ],
                history_type=record.history_type,
                record=record,
            )
        )
    return entries
