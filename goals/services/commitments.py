"""Status updates of the platform's commitments (lägesrapporter), written by secretaries: a date, a status, a
comment and the decisions (agenda items) the update rests on.

A refusal raises `ValidationError` keyed by field, with the field's label first in the message ("Datum: …"), before
anything is written, so stored data stays as it was. History (who, when, which agenda items) is recorded by
simple-history on the model, including the many-to-many links.

Decided here:
- The date may not lie in the future: a status update reports what has happened, and a future date would put it
  first in the public history ahead of updates that really are the latest.
- The date may not lie before 1 January of the platform's first year: the commitment did not exist then.
- Only agenda items citizens can read may be linked (`AgendaItemQuerySet.public()`: a public item on a meeting
  whose agenda is published), because the public commitment page lists them. The staff form offers no other
  (`goals.access.linkable_agenda_items`), so an item that stopped being public is unlinked when its update is
  saved again; a caller that passes one anyway is refused. The refusal names no item: the caller may be a
  secretary of another body, who may not read the title of a secret item or of an agenda not yet published.
- The search finds items by what citizens read (the masked title), so a name masked in a title cannot be found
  by typing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.models import AgendaItem
from meetings.public import PublicAgendaItem

from ..access import linkable_agenda_items
from ..models import Commitment, CommitmentStatus, CommitmentUpdate

SEARCH_LIMIT = 25


def agenda_items_search(*, user, query: str, limit: int = SEARCH_LIMIT) -> list[AgendaItem]:
    """Agenda items the user may link (`goals.access.linkable_agenda_items`) whose title or case number, as
    citizens read them, contains `query` (e.g. "Ks 181/2022"), latest meeting first."""
    words = " ".join(query.split())
    if not words:
        return []
    # The database narrows by the stored text; the masked text decides (a masked name matches in the first only).
    # A few extra rows make up for those dropped.
    candidates = (
        linkable_agenda_items(user)
        .filter(Q(title__icontains=words) | Q(case_number__icontains=words))
        .select_related("meeting__body")
        .order_by("-meeting__start", "position")[: limit * 4]
    )
    needle = words.casefold()
    found = []
    for item in candidates:
        public = PublicAgendaItem(item)
        if needle in " ".join(public.title.split()).casefold() or needle in public.case_number.casefold():
            found.append(item)
    return found[:limit]


def unlinkable_message(count: int) -> str:
    """Why chosen agenda items cannot be linked, naming none of them (the user may not be allowed to read them)."""
    return ngettext(
        "Ett av de valda besluten kan inte kopplas: bara offentliga ärenden på publicerade ärendelistor kan "
        "kopplas. Det är borttaget ur valet; kontrollera besluten och spara igen.",
        "%(count)d av de valda besluten kan inte kopplas: bara offentliga ärenden på publicerade ärendelistor kan "
        "kopplas. De är borttagna ur valet; kontrollera besluten och spara igen.",
        count,
    ) % {"count": count}


def _clean(
    *, commitment: Commitment, date: dt.date | None, status: str, comment: str, agenda_items: Iterable[AgendaItem]
) -> tuple[str, list[AgendaItem]]:
    """Check an update's values; return the stripped comment and the agenda items, or raise naming each field."""
    errors: dict[str, list[str]] = {}
    if date is None:
        errors.setdefault("date", []).append(_("Datum: ange ett datum."))
    else:
        today = timezone.localdate()
        first_year = commitment.area.platform.start_year
        if date > today:
            errors.setdefault("date", []).append(
                _("Datum: %(date)s ligger i framtiden. En lägesrapport gäller det som redan har hänt.")
                % {"date": date.isoformat()}
            )
        elif date.year < first_year:
            errors.setdefault("date", []).append(
                _("Datum: %(date)s ligger före plattformens första år, %(year)s.")
                % {"date": date.isoformat(), "year": first_year}
            )
    if status not in CommitmentStatus.values:
        errors.setdefault("status", []).append(
            _("Status: ”%(status)s” finns inte. Välj Ej påbörjad, Pågår, Genomförd eller Avbruten.")
            % {"status": status}
        )
    items = list(dict.fromkeys(agenda_items))  # keep the order chosen, drop repeats
    public_ids = set(
        AgendaItem.objects.public().filter(pk__in=[item.pk for item in items]).values_list("pk", flat=True)
    )
    refused = sum(1 for item in items if item.pk not in public_ids)
    if refused:
        errors.setdefault("agenda_items", []).append(_("Beslut: %(reason)s") % {"reason": unlinkable_message(refused)})
    if errors:
        raise ValidationError(errors)
    return comment.strip(), items


def commitment_update_create(
    *,
    commitment: Commitment,
    date: dt.date | None,
    status: str,
    comment: str,
    agenda_items: Iterable[AgendaItem],
    user,
) -> CommitmentUpdate:
    """Add a dated status update to a commitment, linked to the public agenda items it rests on; return it."""
    comment, items = _clean(commitment=commitment, date=date, status=status, comment=comment, agenda_items=agenda_items)
    with transaction.atomic():
        update = CommitmentUpdate(
            commitment=commitment, date=date, status=status, comment=comment, created_by=user if user else None
        )
        update._history_user = user
        update.save()
        if items:
            update.agenda_items.set(items)
    return update


def commitment_update_change(
    *,
    update: CommitmentUpdate,
    date: dt.date | None,
    status: str,
    comment: str,
    agenda_items: Iterable[AgendaItem],
    user,
) -> bool:
    """Change a status update (date, status, comment, linked agenda items); return whether anything changed.

    Nothing is written, and no history recorded, when the values are those already stored.
    """
    comment, items = _clean(
        commitment=update.commitment, date=date, status=status, comment=comment, agenda_items=agenda_items
    )
    with transaction.atomic():
        locked = CommitmentUpdate.objects.select_for_update().get(pk=update.pk)
        fields_changed = (locked.date, locked.status, locked.comment) != (date, status, comment)
        new_ids = {item.pk for item in items}
        links_changed = set(locked.agenda_items.values_list("pk", flat=True)) != new_ids
        if not fields_changed and not links_changed:
            return False
        locked._history_user = user
        if fields_changed:
            locked.date, locked.status, locked.comment = date, status, comment
            locked.save(update_fields=["date", "status", "comment"])
        if links_changed:
            locked.agenda_items.set(items)
        update.date, update.status, update.comment = date, status, comment
    return True
