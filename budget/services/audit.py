"""The audit trail of figures, written by every workflow that changes a stored amount."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..models import FigureChange, LedgerImport


@dataclass(frozen=True)
class Change:
    year: int
    code_id: int
    group_id: int
    field: str  # FigureChange.Field
    old: Decimal | None
    new: Decimal | None


def figure_changes_record(
    *, changes: Iterable[Change], user, source: str, ledger_import: LedgerImport | None = None
) -> int:
    """Store one FigureChange per changed figure (unchanged ones are skipped); returns how many were stored.

    Call inside the transaction that changes the figures, so the trail and the books never disagree.
    """
    rows = [
        FigureChange(
            year_id=change.year,
            code_id=change.code_id,
            group_id=change.group_id,
            field=change.field,
            old_value=change.old,
            new_value=change.new,
            changed_by=user if user is not None and user.is_authenticated else None,
            source=source,
            ledger_import=ledger_import,
        )
        for change in changes
        if change.old != change.new
    ]
    FigureChange.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
