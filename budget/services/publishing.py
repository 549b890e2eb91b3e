"""Publishing a year's figures: the controllers' ledger lines are a draft, citizens see the copy a publication made.

`LedgerLine` is the controllers' working copy: the grid and the import change it, and nothing public reads it.
`figures_publish` copies an open year's lines into `PublishedLedgerLine` (preliminära siffror, e.g. for a
delårsrapport) and records a `FigurePublication`; `fiscal_year_close` (`budget.services.figures`) does the same with
the final figures in the transaction that closes the year. The year's latest publication is what every public
surface shows — the pages, their downloads, the API, the report blocks — and a year never published shows nowhere.

Who may publish: the same people who may close the year (`fiscal_year_may_close`: administrators, and a controller
of every unit with figures that year). Publishing makes every unit's figures public at once, so a controller of one
unit must not publish another unit's half-entered draft.

The publish page shows what will be published and carries a fingerprint of the draft it showed; publishing refuses
when the draft has changed since (someone saved or imported figures meanwhile), so what becomes public is exactly
what the controller looked at.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, DecimalField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from orebro_portal.lib.formatting import sv_date

from ..models import FigurePublication, FiscalYear, LedgerLine, PublishedLedgerLine
from ..selectors import latest_publications
from .figures import fiscal_year_may_close, fiscal_years_closable

NOTE_MAX = FigurePublication._meta.get_field("note").max_length

# Copied from the draft into the public copy, column for column.
_COPIED = ("year", "code", "group", "budget", "outcome", "comparable", "derived")

# Stands for an unknown (NULL) budget when lines are compared: beyond any amount a line can hold (< 10¹³ kronor).
_NO_BUDGET = Value(Decimal("100000000000000"), output_field=DecimalField(max_digits=20, decimal_places=2))


def changed_since_preview_message(year: int) -> str:
    return _(
        "Siffrorna för %(year)s har ändrats sedan sidan visades (någon har sparat eller läst in siffror). "
        "Ingenting publicerades: kontrollera det som visas nu och publicera igen."
    ) % {"year": year}


def closed_year_publish_message(year: int) -> str:
    return _(
        "Bokslutet för %(year)s är fastställt: de slutliga siffrorna publicerades när bokslutet fastställdes och kan "
        "inte publiceras igen."
    ) % {"year": year}


def empty_year_publish_message(year: int) -> str:
    return _("%(year)s har inga siffror ännu: det finns inget att publicera.") % {"year": year}


def draft_fingerprint(year: int) -> str:
    """SHA-256 of the year's draft lines as they would be copied: what the publish page showed. One query."""
    digest = hashlib.sha256()
    rows = (
        LedgerLine.objects.filter(year_id=year)
        .order_by("code_id", "group_id")
        .values_list("code_id", "group_id", "budget", "outcome", "comparable", "derived")
    )
    for code_id, group_id, budget, outcome, comparable, derived in rows.iterator(chunk_size=5000):
        # Decimals normalised, so that 1.5 read back from SQLite as 1.50 gives the same fingerprint as on PostgreSQL.
        budget_text = "" if budget is None else f"{Decimal(budget):.2f}"
        digest.update(
            f"{code_id};{group_id};{budget_text};{Decimal(outcome):.2f};{comparable:d};{derived:d}\n".encode()
        )
    return digest.hexdigest()


def publication_copy(
    *, year: FiscalYear, kind: str, user, note: str = "", published_at: datetime | None = None
) -> FigurePublication:
    """Replace the year's public copy with its draft lines and record the publication. No checks: the callers
    (`figures_publish`, `fiscal_year_close`, the demo) lock the year and check first, inside their transaction.

    One DELETE and one INSERT … SELECT, whatever the number of lines: the copy never passes through Python.
    """
    PublishedLedgerLine.objects.filter(year_id=year.pk).delete()
    quote = connection.ops.quote_name
    target, source = PublishedLedgerLine._meta, LedgerLine._meta
    target_columns = ", ".join(quote(target.get_field(name).column) for name in _COPIED)
    source_columns = ", ".join(quote(source.get_field(name).column) for name in _COPIED)
    year_column = quote(source.get_field("year").column)
    order = ", ".join(quote(source.get_field(name).column) for name in ("code", "group"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(target.db_table)} ({target_columns}) "
            f"SELECT {source_columns} FROM {quote(source.db_table)} WHERE {year_column} = %s ORDER BY {order}",
            [year.pk],
        )
        copied = cursor.rowcount
    return FigurePublication.objects.create(
        year_id=year.pk,
        kind=kind,
        note=note,
        published_at=published_at or timezone.now(),
        published_by=user if user is not None and user.is_authenticated else None,
        line_count=copied,
    )


def fiscal_years_publishable(user, years: Iterable[FiscalYear]) -> set[int]:
    """The open years among `years` whose figures the user may publish: those the user may close (two queries)."""
    return fiscal_years_closable(user, years)


def figures_may_publish(user, year: FiscalYear) -> bool:
    return fiscal_year_may_close(user, year)


def figures_publish_refusals(year: FiscalYear) -> list[str]:
    """Why the year's figures cannot be published now (empty when they can), as the page and the service say it."""
    if year.is_closed:
        return [closed_year_publish_message(year.year)]
    if not LedgerLine.objects.filter(year_id=year.pk).exists():
        return [empty_year_publish_message(year.year)]
    return []


def figures_publish(*, year: FiscalYear, user, note: str = "", fingerprint: str | None = None) -> FigurePublication:
    """Publish an open year's figures as preliminära siffror: its public copy becomes its lines as they are now.

    `note` says what the figures are ("Delårsrapport augusti"); it is staff text, shown to citizens masked.
    `fingerprint` is `draft_fingerprint` as the publish page computed it: when given, a draft changed since is
    refused. Refused too: a closed year, a year without lines, and a user who may not close the year (403).
    """
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        message = _("Anteckningen får vara högst %(max)s tecken (den har %(count)s).")
        raise ValidationError({"note": message % {"max": NOTE_MAX, "count": len(note)}})
    with transaction.atomic():
        # The year's row locked: no close, no grid save and no import of the year between the checks and the copy.
        locked = FiscalYear.objects.select_for_update().get(pk=year.pk)
        refusals = figures_publish_refusals(locked)
        if refusals:
            raise ValidationError(refusals)
        if not figures_may_publish(user, locked):
            raise PermissionDenied
        if fingerprint is not None and fingerprint != draft_fingerprint(locked.year):
            raise ValidationError(changed_since_preview_message(locked.year))
        return publication_copy(year=locked, kind=FigurePublication.Kind.INTERIM, user=user, note=note)


# --- What the staff pages say about a year -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationState:
    """A year's publication as the staff pages show it."""

    year: int
    publication: FigurePublication | None  # the latest, which the public sees; None: never published
    draft_count: int  # the year's ledger lines now
    changed: bool  # the draft differs from the public copy (only meaningful when published)

    @property
    def is_published(self) -> bool:
        return self.publication is not None

    @property
    def is_final(self) -> bool:
        return self.publication is not None and self.publication.kind == FigurePublication.Kind.FINAL

    @property
    def summary(self) -> str:
        """ "Utkast – inte publicerat", "Publicerat 5 december 2026 (preliminära siffror: Delårsrapport augusti)" or
        "Publicerat 31 mars 2022 (bokslut)": the staff pages' words for the state."""
        publication = self.publication
        if publication is None:
            return _("Utkast – inte publicerat")
        date = sv_date(publication.published_at)
        if publication.kind == FigurePublication.Kind.FINAL:
            return _("Publicerat %(date)s (bokslut)") % {"date": date}
        if publication.note:
            return _("Publicerat %(date)s (preliminära siffror: %(note)s)") % {"date": date, "note": publication.note}
        return _("Publicerat %(date)s (preliminära siffror)") % {"date": date}

    @property
    def changed_message(self) -> str:
        """Said next to the state when the draft differs from what is public; empty otherwise."""
        if not self.changed:
            return ""
        return _("Ändringar sedan publiceringen visas inte för allmänheten.")


def publication_states(years: Iterable[int]) -> dict[int, PublicationState]:
    """For each year: its latest publication, its number of draft lines and whether the draft differs from the
    public copy. Two queries, whatever the number of years or lines.

    "Differs" is exact: some draft line has no identical public line (amounts, an unknown budget, the flags), or the
    numbers of lines differ (a line deleted since). A change saved and then undone is no change.
    """
    years = list(years)
    publications = {publication.year_id: publication for publication in latest_publications(years)}
    identical = (
        PublishedLedgerLine.objects.filter(
            year_id=OuterRef("year_id"),
            code_id=OuterRef("code_id"),
            group_id=OuterRef("group_id"),
            outcome=OuterRef("outcome"),
            comparable=OuterRef("comparable"),
            derived=OuterRef("derived"),
        )
        .annotate(known_budget=Coalesce("budget", _NO_BUDGET))
        .filter(known_budget=Coalesce(OuterRef("budget"), _NO_BUDGET))
    )
    drafts = LedgerLine.objects.filter(year_id=OuterRef("year"))
    rows = (
        FiscalYear.objects.filter(year__in=years)
        .annotate(
            draft_count=Coalesce(
                Subquery(drafts.order_by().values("year_id").annotate(count=Count("pk")).values("count")), 0
            ),
            draft_differs=Exists(drafts.filter(~Exists(identical))),
        )
        .values_list("year", "draft_count", "draft_differs")
    )
    states = {}
    for year, draft_count, draft_differs in rows:
        publication = publications.get(year)
        changed = publication is not None and (bool(draft_differs) or draft_count != publication.line_count)
        states[year] = PublicationState(year, publication, draft_count, changed)
    return states
