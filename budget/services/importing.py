"""Importing a ledger file: a preview first, then, once the controller confirms, all-or-nothing.

The import REPLACES the stored lines of each (year, ansvar) in the file: groups in the file are created or updated,
stored groups of that year and code that the file leaves out are deleted. Codes and years not in the file are not
touched. A year not yet in the books is created (open) when the import is applied: a new year's figures usually
arrive this way, and the preview says "nytt år". A closed year is refused.

The preview stores two fingerprints: of the summed lines read from the file, and of the stored lines it compared
them with. Applying reads the stored file again and refuses when either differs (someone saved figures in the grid,
or a code was removed, since the preview), so applying changes exactly what the preview showed.

Big files (more rows than `settings.BUDGET_IMPORT_SYNC_ROWS`) are applied by a Celery task; its progress is
written through a connection of its own so the page can read it while the apply transaction is still open.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from orebro_portal.lib.tasks import enqueue_on_commit

from ..access import controlled_units
from ..importing import Key, ParsedLedger, lines_digest, parse_ledger
from ..models import FigureChange, FiscalYear, LedgerImport, LedgerLine, ResponsibilityCode
from .audit import Change, figure_changes_record

logger = logging.getLogger(__name__)

BATCH = 2000  # rows per bulk statement (Django lowers it further where SQLite needs it)
CHUNK = 900  # primary keys per DELETE … IN (…), below SQLite's old limit of 999 parameters
PROGRESS_EVERY = 5000
_CENT = Decimal("0.01")
Stored = dict[Key, tuple[int, Decimal | None, Decimal]]  # key → (line pk, budget, outcome)


def sync_rows() -> int:
    """Files with more rows than this are applied by the Celery task."""
    return getattr(settings, "BUDGET_IMPORT_SYNC_ROWS", 5000)


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


# --- preview ------------------------------------------------------------------------------------------------------


def ledger_import_preview(*, uploaded_file, user, origin: str = LedgerImport.Origin.WEB) -> LedgerImport:
    """Read an uploaded ledger file, check it and store what applying it would change; nothing in the books changes.

    `user` None (the management command) may import any code; otherwise every code must belong to a unit the user
    controls. With errors the import is stored as failed with its messages (row and column), without the file.
    """
    content = uploaded_file.read()
    filename = os.path.basename(getattr(uploaded_file, "name", "") or "") or "fil"
    user = _user_or_none(user)
    parsed = parse_ledger(content)
    codes: dict[int, dict] = {}
    if parsed.ok:
        codes = _code_info({code_id for (_year, code_id) in parsed.first_row})
        _check_permission(parsed, user, codes)
        _check_closed_years(parsed)
    ledger_import = LedgerImport(
        filename=filename[:255], origin=origin, created_by=user, row_count=parsed.row_count, progress=0
    )
    if not parsed.ok:
        messages = parsed.messages()
        ledger_import.status = LedgerImport.Status.FAILED
        ledger_import.message = "\n".join(messages)
        ledger_import.preview = {"errors": messages, "error_count": parsed.error_count}
        ledger_import.save()
        return ledger_import
    stored = _stored_lines(parsed.first_row)
    ledger_import.status = LedgerImport.Status.PREVIEW
    ledger_import.preview = _preview(parsed, stored, codes)
    extension = os.path.splitext(filename)[1].lower() if parsed.kind == "csv" else ".xlsx"
    with transaction.atomic():
        ledger_import.file.save(f"{uuid.uuid4().hex}{extension or '.csv'}", ContentFile(content), save=True)
    return ledger_import


def _code_info(code_ids: set[int]) -> dict[int, dict]:
    return {
        row["pk"]: row
        for row in ResponsibilityCode.objects.filter(pk__in=code_ids).values(
            "pk", "code", "name", "unit_id", "unit__name", "unit__slug"
        )
    }


def _check_permission(parsed: ParsedLedger, user, codes: dict[int, dict]) -> None:
    """One error per code the user may not import, at its first row."""
    if user is None:
        return
    allowed = set(controlled_units(user).values_list("pk", flat=True))
    first_rows: dict[int, int] = {}
    for (_year, code_id), row in parsed.first_row.items():
        first_rows[code_id] = min(row, first_rows.get(code_id, row))
    for code_id, row in sorted(first_rows.items(), key=lambda item: item[1]):
        info = codes[code_id]
        if info["unit_id"] not in allowed:
            parsed.add_error(
                row,
                "Ansvar",
                _("du är inte controller för %(unit)s och får inte importera ansvar %(code)s.")
                % {"unit": info["unit__name"], "code": info["code"]},
            )


def closed_year_error(year: int) -> str:
    return _("%(year)s är stängt (bokslut fastställt) och kan inte ändras.") % {"year": year}


def _check_closed_years(parsed: ParsedLedger) -> None:
    closed_years = FiscalYear.objects.filter(year__in=parsed.year_rows, status=FiscalYear.Status.CLOSED)
    for fiscal_year in closed_years:
        parsed.add_error(parsed.year_rows[fiscal_year.year], "År", closed_year_error(fiscal_year.year))


def _stored_lines(pairs) -> Stored:
    """The stored lines of the (year, code) pairs in the file: what the import replaces. One query."""
    pairs = set(pairs)
    years = {year for year, _code in pairs}
    code_ids = {code for _year, code in pairs}
    rows = LedgerLine.objects.filter(year_id__in=years, code_id__in=code_ids).values_list(
        "pk", "year_id", "code_id", "group_id", "budget", "outcome"
    )
    return {
        (year, code, group): (pk, budget, outcome)
        for pk, year, code, group, budget, outcome in rows
        if (year, code) in pairs
    }


def _fingerprint(stored: Stored) -> str:
    return lines_digest({key: (budget, outcome) for key, (_pk, budget, outcome) in stored.items()})


def _money(value: Decimal | None) -> str | None:
    """Kronor as text with öre, the same on every database ("-3170000.00")."""
    return None if value is None else format(Decimal(value).quantize(_CENT), "f")


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    """Sums of budgets skip unknown (NULL) budgets, as SQL's SUM does; None only while nothing is known."""
    if value is None:
        return total
    return value if total is None else total + value


def _preview(parsed: ParsedLedger, stored: Stored, codes: dict[int, dict]) -> dict:
    """What applying would change, JSON-safe (amounts as strings in kronor)."""
    by_pair_file: dict[tuple[int, int], dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    for (year, code_id, group_id), amounts in parsed.lines.items():
        by_pair_file[(year, code_id)][group_id] = amounts
    by_pair_stored: dict[tuple[int, int], dict[int, tuple[Decimal | None, Decimal]]] = defaultdict(dict)
    for (year, code_id, group_id), (_pk, budget, outcome) in stored.items():
        by_pair_stored[(year, code_id)][group_id] = (budget, outcome)

    years = sorted(parsed.year_rows)
    existing = set(FiscalYear.objects.filter(year__in=years).values_list("year", flat=True))
    everything = {
        row["year_id"]: (row["budget"], row["outcome"] or Decimal(0))
        for row in LedgerLine.objects.filter(year_id__in=years)
        .values("year_id")
        .annotate(budget=Sum("budget"), outcome=Sum("outcome"))
    }
    totals = {year: {"before": [None, Decimal(0)], "after": [Decimal(0), Decimal(0)]} for year in years}
    entries = []
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    figure_changes = 0
    for year, code_id in sorted(by_pair_file, key=lambda pair: (pair[0], codes[pair[1]]["code"])):
        new = by_pair_file[(year, code_id)]
        old = by_pair_stored.get((year, code_id), {})
        added = sum(1 for group in new if group not in old)
        deleted = sum(1 for group in old if group not in new)
        updated = sum(1 for group in new if group in old and old[group] != new[group])
        for group in set(new) | set(old):
            before = old.get(group, (None, None))
            after = new.get(group, (None, None))
            figure_changes += (before[0] != after[0]) + (before[1] != after[1])
        status = "new" if not old else ("unchanged" if not (added or deleted or updated) else "changed")
        counts[status] += 1
        before_budget = before_outcome = None
        for budget, outcome in old.values():
            before_budget = _add(before_budget, budget)
            before_outcome = _add(before_outcome, outcome)
        after_budget = sum((budget for budget, _outcome in new.values()), Decimal(0))
        after_outcome = sum((outcome for _budget, outcome in new.values()), Decimal(0))
        year_totals = totals[year]
        year_totals["before"][0] = _add(year_totals["before"][0], before_budget)
        year_totals["before"][1] += before_outcome or 0
        year_totals["after"][0] += after_budget
        year_totals["after"][1] += after_outcome
        info = codes[code_id]
        entries.append(
            {
                "year": year,
                "code": info["code"],
                "name": info["name"],
                "unit": info["unit__name"],
                "unit_slug": info["unit__slug"],
                "status": status,
                "added": added,
                "updated": updated,
                "deleted": deleted,
                "before": {"budget": _money(before_budget), "outcome": _money(before_outcome)},
                "after": {"budget": _money(after_budget), "outcome": _money(after_outcome)},
            }
        )
    year_entries = []
    for year in years:
        all_budget, all_outcome = everything.get(year, (None, Decimal(0)))
        before_budget, before_outcome = totals[year]["before"]
        after_budget, after_outcome = totals[year]["after"]
        rest_budget = None if all_budget is None else all_budget - (before_budget or 0)
        year_entries.append(
            {
                "year": year,
                "new_year": year not in existing,
                "codes_before": {"budget": _money(before_budget), "outcome": _money(before_outcome)},
                "codes_after": {"budget": _money(after_budget), "outcome": _money(after_outcome)},
                "all_before": {"budget": _money(all_budget), "outcome": _money(all_outcome)},
                "all_after": {
                    "budget": _money(after_budget + (rest_budget or 0)),
                    "outcome": _money(all_outcome - before_outcome + after_outcome),
                },
            }
        )
    units = sorted({(entry["year"], entry["unit_slug"], entry["unit"]) for entry in entries})
    return {
        "kind": parsed.kind,
        "digest": parsed.digest(),
        "fingerprint": _fingerprint(stored),
        "line_count": len(parsed.lines),
        "figure_changes": figure_changes,
        "counts": counts,
        "years": year_entries,
        "codes": entries,
        "units": [{"year": year, "slug": slug, "name": name} for year, slug, name in units],
    }


# --- confirm, apply, discard ----------------------------------------------------------------------------------------


def _not_confirmable(ledger_import: LedgerImport) -> ValidationError:
    if ledger_import.status == LedgerImport.Status.APPLIED:
        return ValidationError(_("Importen är redan inläst."))
    if ledger_import.status in (LedgerImport.Status.QUEUED, LedgerImport.Status.RUNNING):
        return ValidationError(_("Importen läses redan in."))
    return ValidationError(
        _("Importen kan inte läsas in: den är %(status)s.") % {"status": ledger_import.get_status_display().lower()}
    )


def ledger_import_confirm(*, ledger_import: LedgerImport, user) -> bool:
    """The controller confirms the preview: apply now, or, for a big file, queue the Celery task.

    Returns True when queued. Confirming twice is refused the second time (the status moves on at once). Raises
    QueueUnavailable (`orebro_portal.lib.tasks`) when the task cannot be queued, with the import back in its
    preview, so that confirming again is all it takes.
    """
    if ledger_import.row_count <= sync_rows():
        ledger_import_apply(ledger_import=ledger_import, user=user)
        return False
    from ..tasks import ledger_import_apply_task

    with transaction.atomic():
        claimed = LedgerImport.objects.filter(pk=ledger_import.pk, status=LedgerImport.Status.PREVIEW).update(
            status=LedgerImport.Status.QUEUED, progress=0
        )
        if not claimed:
            ledger_import.refresh_from_db()
            raise _not_confirmable(ledger_import)
        user_id = user.pk if _user_or_none(user) is not None else None
        enqueue_on_commit(ledger_import_apply_task, ledger_import.pk, user_id, undo=_unqueue(ledger_import.pk))
    ledger_import.refresh_from_db()
    return True


def _unqueue(pk: int):
    """Back to the preview, for a queued import whose task could not be sent (so no worker has it)."""
    return lambda: LedgerImport.objects.filter(pk=pk, status=LedgerImport.Status.QUEUED).update(
        status=LedgerImport.Status.PREVIEW, progress=0
    )


def ledger_import_discard(*, ledger_import: LedgerImport, user) -> LedgerImport:
    """Drop a previewed import: nothing is applied, and the stored file is deleted."""
    with transaction.atomic():
        claimed = LedgerImport.objects.filter(pk=ledger_import.pk, status=LedgerImport.Status.PREVIEW).update(
            status=LedgerImport.Status.DISCARDED
        )
        ledger_import.refresh_from_db()
        if not claimed:
            raise _not_confirmable(ledger_import)
        if ledger_import.file:
            ledger_import.file.delete(save=True)
    return ledger_import


class _Progress:
    """Writes `LedgerImport.progress` (in rows of the file) where the page can read it during the apply.

    On PostgreSQL an update inside the apply transaction stays invisible to the page until commit, so progress goes
    through a second connection of its own, in autocommit, with a short lock timeout (progress is best effort and
    must never wait for the transaction it reports on). SQLite has one writer at a time: a second connection would
    wait for the apply's own lock, so there (and when called inside an outer transaction, whose uncommitted rows a
    second connection cannot see) the update stays in the transaction and shows at the end.
    """

    def __init__(self, ledger_import: LedgerImport):
        self.pk = ledger_import.pk
        self.total = max(ledger_import.row_count, 1)
        self.connection = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def report(self, done: int) -> None:
        done = min(int(done), self.total)
        if self.connection is None:
            LedgerImport.objects.filter(pk=self.pk).update(progress=done)
            return
        table = self.connection.ops.quote_name(LedgerImport._meta.db_table)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '1s'")
                cursor.execute(f"UPDATE {table} SET progress = %s WHERE id = %s", [done, self.pk])
        except DatabaseError:
            logger.warning("Could not record the progress of ledger import %s", self.pk, exc_info=True)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def ledger_import_apply(*, ledger_import: LedgerImport, user) -> LedgerImport:
    """Apply a previewed import all-or-nothing, replacing the stored lines of each (year, code) in the file.

    Refused with a Swedish message, and nothing changed, when the import is not waiting to be applied (confirming
    twice applies once), when a year got closed, when the stored lines of those codes changed since the preview, or
    when the file no longer reads the same (a code or group removed). Every changed figure goes to the audit trail
    with the import named. A refused or failed apply leaves the import failed with its message.
    """
    claimed = LedgerImport.objects.filter(
        pk=ledger_import.pk, status__in=[LedgerImport.Status.PREVIEW, LedgerImport.Status.QUEUED]
    ).update(status=LedgerImport.Status.RUNNING, progress=0)
    if not claimed:
        ledger_import.refresh_from_db()
        raise _not_confirmable(ledger_import)
    ledger_import.refresh_from_db()
    progress = _Progress(ledger_import)
    try:
        with transaction.atomic():
            _apply(ledger_import, _user_or_none(user), progress)
    except ValidationError as error:
        LedgerImport.objects.filter(pk=ledger_import.pk).update(
            status=LedgerImport.Status.FAILED, message="\n".join(error.messages)
        )
        ledger_import.refresh_from_db()
        raise
    except Exception:
        LedgerImport.objects.filter(pk=ledger_import.pk).update(
            status=LedgerImport.Status.FAILED,
            message=_("Ett oväntat fel inträffade när filen lästes in. Ingenting i bokföringen ändrades."),
        )
        raise
    finally:
        progress.close()
    ledger_import.refresh_from_db()
    return ledger_import


def _insert_lines(rows: list[tuple]) -> None:
    """INSERT (year, code id, group id, budget, outcome) rows in one executemany.

    The plain tuples skip building a model instance per line: bulk_create spends most of a 50 000-line apply in
    Python, and there is nothing to run per instance here (no save(), no signals, no defaults to fill in).
    """
    meta = LedgerLine._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("year", "code", "group", "budget", "outcome"))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s, %s)", rows)


def _apply(ledger_import: LedgerImport, user, progress: _Progress) -> None:
    preview = ledger_import.preview
    stale = _(
        "Siffrorna har ändrats sedan förhandsgranskningen, så importen skulle inte ändra det som visades. "
        "Ingenting ändrades. Ladda upp filen igen för en ny förhandsgranskning."
    )
    years = [entry["year"] for entry in preview.get("years", [])]
    # Locking the years serialises the import with closing a year and with the grid, which lock the same rows.
    closed = [fy.year for fy in FiscalYear.objects.select_for_update().filter(year__in=years) if fy.is_closed]
    if closed:
        raise ValidationError([closed_year_error(year) for year in closed] + [_("Ingenting ändrades.")], code="closed")
    if not ledger_import.file:
        raise ValidationError(_("Filen till importen finns inte längre. Ladda upp den igen."), code="missing")
    with ledger_import.file.open("rb") as handle:
        content = handle.read()
    half = ledger_import.row_count / 2  # reading the file is about half of the work, writing the other half
    parsed = parse_ledger(content, on_progress=lambda rows: progress.report(rows / 2))
    if not parsed.ok or parsed.digest() != preview.get("digest"):
        raise ValidationError(stale, code="stale")
    if user is not None:
        codes = _code_info({code_id for (_year, code_id) in parsed.first_row})
        _check_permission(parsed, user, codes)
        if not parsed.ok:
            raise ValidationError(parsed.messages(), code="permission")
    stored = _stored_lines(parsed.first_row)
    if _fingerprint(stored) != preview.get("fingerprint"):
        raise ValidationError(stale, code="stale")

    missing_years = set(years) - set(FiscalYear.objects.filter(year__in=years).values_list("year", flat=True))
    if missing_years:
        FiscalYear.objects.bulk_create([FiscalYear(year=year) for year in sorted(missing_years)])

    changes: list[Change] = []
    remove: list[int] = []
    create: list[tuple] = []
    for key, (pk, budget, outcome) in stored.items():
        if key not in parsed.lines:
            remove.append(pk)
            changes.append(Change(key[0], key[1], key[2], FigureChange.Field.BUDGET, budget, None))
            changes.append(Change(key[0], key[1], key[2], FigureChange.Field.OUTCOME, outcome, None))
    for key, (budget, outcome) in parsed.lines.items():
        old = stored.get(key)
        if old is not None:
            if old[1] == budget and old[2] == outcome:
                continue
            remove.append(old[0])  # a changed line is replaced: one DELETE and one INSERT beat a CASE per row
        old_budget, old_outcome = (old[1], old[2]) if old is not None else (None, None)
        changes.append(Change(key[0], key[1], key[2], FigureChange.Field.BUDGET, old_budget, budget))
        changes.append(Change(key[0], key[1], key[2], FigureChange.Field.OUTCOME, old_outcome, outcome))
        create.append((key[0], key[1], key[2], budget.quantize(_CENT), outcome.quantize(_CENT)))

    work = max(len(remove) + len(create), 1)
    done = reported = 0
    for start in range(0, len(remove), CHUNK):
        chunk = remove[start : start + CHUNK]
        LedgerLine.objects.filter(pk__in=chunk).delete()
        done += len(chunk)
        if done - reported >= PROGRESS_EVERY:
            progress.report(half + half * done / work)
            reported = done
    for start in range(0, len(create), BATCH):
        chunk = create[start : start + BATCH]
        _insert_lines(chunk)
        done += len(chunk)
        if done - reported >= PROGRESS_EVERY:
            progress.report(half + half * done / work)
            reported = done
    recorded = figure_changes_record(
        changes=changes, user=user, source=FigureChange.Source.IMPORT, ledger_import=ledger_import
    )
    LedgerImport.objects.filter(pk=ledger_import.pk).update(
        status=LedgerImport.Status.APPLIED,
        applied_at=timezone.now(),
        progress=ledger_import.row_count,
        message=_("%(count)s siffror ändrades.") % {"count": recorded},
    )
