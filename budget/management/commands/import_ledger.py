"""`manage.py import_ledger FILE [--user USERNAME] [--dry-run]`: the web import's parser and services, from a shell.

The file is previewed and, unless --dry-run, applied at once (in this process, whatever its size: the command is
already out of any web request). Without --user the import is attributed to no one (origin "command") and may import
any code; with --user the user's controller rights apply as on the web. Errors print with row and column and the
command exits with status 1, having changed nothing.
"""

import os

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from orebro_portal.lib.formatting import sv_number, sv_tkr

from ...models import LedgerImport
from ...services.importing import ledger_import_apply, ledger_import_discard, ledger_import_preview

STATUS_LABELS = {"new": "nya", "changed": "ändrade", "unchanged": "oförändrade"}


class Command(BaseCommand):
    help = "Läser in en huvudboksfil (CSV eller XLSX) med år, ansvar, kontogrupp, budget och utfall i kronor."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- eller XLSX-fil med rubrikraden År;Ansvar;Kontogrupp;Budget;Utfall")
        parser.add_argument("--user", help="användarnamn: importen görs i dennes namn och med dennes behörighet")
        parser.add_argument("--dry-run", action="store_true", help="visa bara förhandsgranskningen, ändra ingenting")

    def handle(self, *args, file, user=None, dry_run=False, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(f"Det finns ingen aktiv användare ”{user}”.")
        if not os.path.isfile(file):
            raise CommandError(f"Filen ”{file}” finns inte.")
        with open(file, "rb") as handle:
            ledger_import = ledger_import_preview(
                uploaded_file=File(handle, name=os.path.basename(file)),
                user=account,
                origin=LedgerImport.Origin.COMMAND,
            )
        if ledger_import.status == LedgerImport.Status.FAILED:
            raise CommandError(f"Filen ”{ledger_import.filename}” lästes inte in:\n{ledger_import.message}")
        self.stdout.write(self.summary(ledger_import))
        if dry_run:
            ledger_import_discard(ledger_import=ledger_import, user=account)
            self.stdout.write("Provkörning (--dry-run): ingenting ändrades.")
            return
        try:
            ledger_import = ledger_import_apply(ledger_import=ledger_import, user=account)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Inläst (import {ledger_import.pk}): {ledger_import.message}"))

    def summary(self, ledger_import: LedgerImport) -> str:
        preview = ledger_import.preview
        lines = [
            f"Fil: {ledger_import.filename} ({preview['kind'].upper()}), {sv_number(ledger_import.row_count)} rader, "
            f"{sv_number(preview['line_count'])} efter summering av rader med samma år, ansvar och kontogrupp."
        ]
        for year in preview["years"]:
            entries = [entry for entry in preview["codes"] if entry["year"] == year["year"]]
            counts = {status: sum(1 for entry in entries if entry["status"] == status) for status in STATUS_LABELS}
            described = ", ".join(f"{sv_number(counts[status])} {label}" for status, label in STATUS_LABELS.items())
            new_year = " (nytt år, skapas)" if year["new_year"] else ""
            lines.append(f"{year['year']}{new_year}: {sv_number(len(entries))} ansvar – {described}.")
            for label, before, after in (
                ("Ansvaren i filen", year["codes_before"], year["codes_after"]),
                ("Hela året", year["all_before"], year["all_after"]),
            ):
                lines.append(
                    f"  {label}, tkr: budget {sv_tkr(before['budget'])} → {sv_tkr(after['budget'])}, "
                    f"utfall {sv_tkr(before['outcome'])} → {sv_tkr(after['outcome'])}"
                )
        lines.append(f"Siffror som ändras: {sv_number(preview['figure_changes'])}.")
        return "\n".join(lines)
