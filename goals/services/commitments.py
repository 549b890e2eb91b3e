"""Status updates of the platform's commitments (lägesrapporter), written by secretaries: a date, a status, a
comment and the decisions (agenda items) the update rests on.

A refusal raises `ValidationError` keyed by field, with the field's label first in the message ("Datum: …"), before
anything is written, so stored data stays as it was. History (who, when, which agenda items) is recorded by
simple-history on the model, including the many-to-many links.

Decided here:
- The date may not lie in the future: a status update reports what has happened, and a future date would put it
  first in the public history ahead of updates that really are the latest.
- The date may not lie before 1 January of the platform's first year: the commitment did not exist then.
- Only agenda items citizens can see may be linked (public item on a meeting whose agenda is published), because
  the public commitment page lists them. An item that stopped being public must be unlinked before the update is
  saved again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import AgendaItem

from ..models import Commitment, CommitmentStatus, CommitmentUpdate

SEARCH_LIMIT = 25


def agenda_items_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[AgendaItem]:
    """Public agenda items whose title or case number contains `query` (e.g. "Ks 181/2022"), latest meeting first."""
    words = " ".join(query.split())
    if not words:
        return []
    return list(
        AgendaItem.objects.public()
        .filter(Q(title__icontains=words) | Q(case_number__icontains=words))
        .select_related("meeting__body")
        .order_by("-meeting__start", "position")[:limit]
    )


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
    for item in items:
        if item.pk not in public_ids:
            errors.setdefault("agenda_items", []).append(
                _(
                    "Beslut: ärende %(number)s ”%(title)s” är inte offentligt (eller ärendelistan är inte publicerad) "
                    "och kan inte kopplas. Avmarkera det."
                )
                % {"number": item.number, "title": item.title}
            )
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
