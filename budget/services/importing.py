"""Importing a ledger file: a preview first, then, once the controller confirms, all-or-nothing.

The import REPLACES the stored lines of each (year, ansvar) in the file: groups in the file are created or updated,
stored groups of that year and code that the file leaves out are deleted. Codes and years not in the file are not
touched. A closed year is refused.

Nothing is guessed (docs/0004-budget.md, "Import of ledger files"):
- A year not yet in the books is created (open) only when the preview named it and the controller ticked that it
  should be; a year more than one year outside the span of the stored years is refused as a likely typo (2052 among
  2025 rows would otherwise become a public year nobody can remove). A retired ansvar takes no figures from its year.
- Each unit's totals per year are compared with the unit's previous year: about 1 000 times smaller or larger (a
  file in tkr instead of kronor) or the sign flipped gives a warning the controller must acknowledge.
The acknowledgements are stored in the preview JSON at confirmation ("acknowledged": who, when, what), and applying
checks them again, so the queued task of a big file holds to the same rules as the web.

The preview stages the summed lines it read (`budget.services.staging`) and stores a fingerprint of the stored lines
it compared them with. Applying reads no file: it checks the staged lines again and refuses when the stored lines
differ from the fingerprint (someone saved figures in the grid since the preview) or an ansvar was removed, so
applying changes exactly what the preview showed.

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
from django.utils.translation import ngettext

from orebro_portal.lib.tasks import enqueue_on_commit

from ..importing import Key, ParsedLedger, lines_digest, parse_ledger
from ..models import FiscalYear, LedgerImport, LedgerLine
from .import_checks import (
    add_known,
    check_permission,
    check_retired,
    check_years,
    closed_year_error,
    code_info,
    money,
    scale_warnings,
)
from .staging import lines_replace, lines_stage, lines_unstage, staged_ledger

logger = logging.getLogger(__name__)

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
    # How the reader understood the file (title rows skipped, the sheet chosen …): shown with or without errors.
    notes = [str(note) for note in getattr(parsed, "notes", [])]
    codes: dict[int, dict] = {}
    new_years: list[int] = []
    if parsed.ok:
        codes = code_info({code_id for (_year, code_id) in parsed.first_row})
        check_permission(parsed, user, codes)
        new_years = check_years(parsed)
        check_retired(parsed, codes)
    ledger_import = LedgerImport(
        filename=filename[:255], origin=origin, created_by=user, row_count=parsed.row_count, progress=0
    )
    if not parsed.ok:
        messages = parsed.messages()
        ledger_import.status = LedgerImport.Status.FAILED
        ledger_import.message = "\n".join(messages)
        ledger_import.preview = {"errors": messages, "error_count": parsed.error_count, "notes": notes}
        ledger_import.save()
        return ledger_import
    stored = _stored_lines(parsed.first_row)
    ledger_import.status = LedgerImport.Status.PREVIEW
    ledger_import.preview = {
        **_preview(parsed, stored, codes, new_years),
        "new_years": new_years,
        "warnings": scale_warnings(parsed, codes),
        "notes": notes,
    }
    extension = os.path.splitext(filename)[1].lower() if parsed.kind == "csv" else ".xlsx"
    with transaction.atomic():
        ledger_import.file.save(f"{uuid.uuid4().hex}{extension or '.csv'}", ContentFile(content), save=True)
        lines_stage(ledger_import, parsed)
    return ledger_import


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


def _preview(parsed: ParsedLedger, stored: Stored, codes: dict[int, dict], new_years: list[int]) -> dict:
    """What applying would change, JSON-safe (amounts as strings in kronor)."""
    by_pair_file: dict[tuple[int, int], dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    for (year, code_id, group_id), amounts in parsed.lines.items():
        by_pair_file[(year, code_id)][group_id] = amounts
    by_pair_stored: dict[tuple[int, int], dict[int, tuple[Decimal | None, Decimal]]] = defaultdict(dict)
    for (year, code_id, group_id), (_pk, budget, outcome) in stored.items():
        by_pair_stored[(year, code_id)][group_id] = (budget, outcome)

    years = sorted(parsed.year_rows)
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
            before_budget = add_known(before_budget, budget)
            before_outcome = add_known(before_outcome, outcome)
        after_budget = sum((budget for budget, _outcome in new.values()), Decimal(0))
        after_outcome = sum((outcome for _budget, outcome in new.values()), Decimal(0))
        year_totals = totals[year]
        year_totals["before"][0] = add_known(year_totals["before"][0], before_budget)
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
                "before": {"budget": money(before_budget), "outcome": money(before_outcome)},
                "after": {"budget": money(after_budget), "outcome": money(after_outcome)},
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
                "new_year": year in new_years,
                "codes_before": {"budget": money(before_budget), "outcome": money(before_outcome)},
                "codes_after": {"budget": money(after_budget), "outcome": money(after_outcome)},
                "all_before": {"budget": money(all_budget), "outcome": money(all_outcome)},
                "all_after": {
                    "budget": money(after_budget + (rest_budget or 0)),
                    "outcome": money(all_outcome - before_outcome + after_outcome),
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

WARNINGS_SEEN = "varningar_sedda"  # the name of the acknowledgement in the confirm form and in error dicts


def new_year_field(year: int) -> str:
    """The name under which the confirm form (and a refusal) names the tick that creates `year`."""
    return f"skapa_ar_{year}"


def new_year_unconfirmed_error(year: int) -> str:
    return _(
        "Räkenskapsåret %(year)s finns inte ännu och skapas bara om du väljer att skapa det. Ingenting ändrades."
    ) % {"year": year}


def warnings_unconfirmed_error() -> str:
    return _(
        "Filen har varningar om belopp som skiljer sig mycket från året före: läs dem och bekräfta att du har sett "
        "dem innan filen läses in. Ingenting ändrades."
    )


def ledger_import_unconfirmed(*, ledger_import: LedgerImport, create_years, warnings_seen: bool) -> dict[str, str]:
    """What the controller has not yet agreed to: form field name → why applying is refused. Empty when all is."""
    preview = ledger_import.preview or {}
    create_years = set(create_years)
    missing = {
        new_year_field(year): new_year_unconfirmed_error(year)
        for year in preview.get("new_years", [])
        if year not in create_years
    }
    if preview.get("warnings") and not warnings_seen:
        missing[WARNINGS_SEEN] = warnings_unconfirmed_error()
    return missing


def _display_name(user) -> str | None:
    return None if user is None else (user.get_full_name() or user.get_username())


def ledger_import_acknowledge(
    *, ledger_import: LedgerImport, user, create_years=(), warnings_seen: bool = False
) -> LedgerImport:
    """Record that the controller agreed to the preview's new years and warnings, before it is applied or queued.

    Refused (a ValidationError keyed by the confirm form's field names, nothing changed, the import still in its
    preview) when a new year is not ticked or the warnings are not acknowledged. The acknowledgement goes into the
    preview JSON under "acknowledged" (who, when, which years, which warnings), where applying checks it again and
    the import's page shows it.
    """
    user = _user_or_none(user)
    with transaction.atomic():
        locked = LedgerImport.objects.select_for_update().get(pk=ledger_import.pk)
        if locked.status != LedgerImport.Status.PREVIEW:
            ledger_import.refresh_from_db()
            raise _not_confirmable(locked)
        missing = ledger_import_unconfirmed(
            ledger_import=locked, create_years=create_years, warnings_seen=warnings_seen
        )
        if missing:
            raise ValidationError(missing)
        preview = locked.preview or {}
        locked.preview = {
            **preview,
            "acknowledged": {
                "by": _display_name(user),
                "by_id": None if user is None else user.pk,
                "at": timezone.now().isoformat(),
                "new_years": list(preview.get("new_years", [])),
                "warnings": [warning["message"] for warning in preview.get("warnings", [])],
            },
        }
        locked.save(update_fields=["preview"])
    ledger_import.refresh_from_db()
    return ledger_import


def _not_confirmable(ledger_import: LedgerImport) -> ValidationError:
    if ledger_import.status == LedgerImport.Status.APPLIED:
        return ValidationError(_("Importen är redan inläst."))
    if ledger_import.status in (LedgerImport.Status.QUEUED, LedgerImport.Status.RUNNING):
        return ValidationError(_("Importen läses redan in."))
    return ValidationError(
        _("Importen kan inte läsas in: den är %(status)s.") % {"status": ledger_import.get_status_display().lower()}
    )


def ledger_import_confirm(*, ledger_import: LedgerImport, user, create_years=(), warnings_seen: bool = False) -> bool:
    """The controller confirms the preview: apply now, or, for a big file, queue the Celery task.

    `create_years` are the new years the controller ticked, `warnings_seen` the acknowledgement of the scale and
    sign warnings: both are checked here, before anything is applied or queued (`ledger_import_acknowledge`).
    Returns True when queued. Confirming twice is refused the second time (the status moves on at once). Raises
    QueueUnavailable (`orebro_portal.lib.tasks`) when the task cannot be queued, with the import back in its
    preview, so that confirming again is all it takes.
    """
    ledger_import_acknowledge(
        ledger_import=ledger_import, user=user, create_years=create_years, warnings_seen=warnings_seen
    )
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
        lines_unstage(ledger_import)
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
    twice applies once), when a year got closed, when the stored lines of those codes changed since the preview,
    when the file no longer reads the same (a code or group removed), when the rules on years and retired codes
    now refuse it, or when a new year or a scale warning was not acknowledged at confirmation (see
    `ledger_import_acknowledge`). Every changed figure goes to the audit trail with the import named. A refused or
    failed apply leaves the import failed with its message.
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
        lines_unstage(ledger_import)  # a failed import cannot be applied again: its lines are of no further use
        ledger_import.refresh_from_db()
        raise
    except Exception:
        LedgerImport.objects.filter(pk=ledger_import.pk).update(
            status=LedgerImport.Status.FAILED,
            message=_("Ett oväntat fel inträffade när filen lästes in. Ingenting i bokföringen ändrades."),
        )
        lines_unstage(ledger_import)
        raise
    finally:
        progress.close()
    # Not the preview: it is as it was, and a big file's preview is a large JSON document.
    ledger_import.refresh_from_db(fields=["status", "message", "applied_at", "progress"])
    return ledger_import


def _apply(ledger_import: LedgerImport, user, progress: _Progress) -> None:
    """The checks of the preview again, on the lines it staged, then the books replaced in SQL (`staging`)."""
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
    parsed = staged_ledger(ledger_import)
    if not parsed.lines:
        raise ValidationError(_("Filen till importen finns inte längre. Ladda upp den igen."), code="missing")
    total = ledger_import.row_count
    progress.report(total * 0.2)
    codes = code_info({code_id for (_year, code_id) in parsed.first_row}, lock=True)
    if len(codes) != len({code_id for (_year, code_id) in parsed.first_row}):
        raise ValidationError(stale, code="stale")  # an ansvar was removed since the preview
    check_permission(parsed, user, codes)
    new_years = check_years(parsed)
    check_retired(parsed, codes)
    if not parsed.ok:
        raise ValidationError([*parsed.messages(), _("Ingenting ändrades.")], code="refused")
    stored = _stored_lines(parsed.first_row)
    if _fingerprint(stored) != preview.get("fingerprint"):
        raise ValidationError(stale, code="stale")
    acknowledged = preview.get("acknowledged") or {}
    unconfirmed = [year for year in new_years if year not in acknowledged.get("new_years", [])]
    if unconfirmed:
        raise ValidationError([new_year_unconfirmed_error(year) for year in unconfirmed], code="unconfirmed")
    warnings = scale_warnings(parsed, codes)
    seen = set(acknowledged.get("warnings", []))
    if any(warning["message"] not in seen for warning in warnings):
        # Lines the preview did not compare (the unit's other codes, the year before) changed since: the preview
        # no longer shows what applying would mean.
        unconfirmed_warnings = preview.get("warnings") and not seen
        raise ValidationError(warnings_unconfirmed_error() if unconfirmed_warnings else stale, code="unconfirmed")

    if new_years:
        # ignore_conflicts: another import or a controller may have opened the year a moment ago; it is open either way
        FiscalYear.objects.bulk_create([FiscalYear(year=year) for year in new_years], ignore_conflicts=True)
    progress.report(total * 0.4)
    recorded = lines_replace(ledger_import, user, on_step=lambda n: progress.report(total * (0.4 + 0.2 * n)))
    lines_unstage(ledger_import)
    LedgerImport.objects.filter(pk=ledger_import.pk).update(
        status=LedgerImport.Status.APPLIED,
        applied_at=timezone.now(),
        progress=ledger_import.row_count,
        message=_applied_message(recorded, new_years, acknowledged if warnings else {}),
    )


def _applied_message(recorded: int, new_years: list[int], acknowledged: dict) -> str:
    """ "12 siffror ändrades. Räkenskapsåret 2023 skapades. Eva Ek hade sett varningarna (1) …": the trail."""
    parts = [_("%(count)s siffror ändrades.") % {"count": recorded}]
    if new_years:
        parts.append(
            ngettext("Räkenskapsåret %(years)s skapades.", "Räkenskapsåren %(years)s skapades.", len(new_years))
            % {"years": ", ".join(str(year) for year in new_years)}
        )
    if acknowledged.get("warnings"):
        count = len(acknowledged["warnings"])
        parts.append(
            ngettext(
                "%(who)s hade sett varningen och valde att läsa in filen ändå.",
                "%(who)s hade sett de %(count)s varningarna och valde att läsa in filen ändå.",
                count,
            )
            % {"who": acknowledged.get("by") or _("Den som körde import_ledger"), "count": count}
        )
    return " ".join(parts)
