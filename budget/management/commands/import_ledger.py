"""`manage.py import_ledger FILE [--user USERNAME] [--dry-run] [--create-year YEAR …] [--accept-warnings]`: the web
import's parser and services, from a shell.

The file is previewed and, unless --dry-run, applied at once (in this process, whatever its size: the command is
already out of any web request). Without --user the import is attributed to no one (origin "command") and may import
any code; with --user the user's controller rights apply as on the web. Errors print with row and column and the
command exits with status 1, having changed nothing.

As on the web, a year not yet in the books is created only when named with --create-year, and the preview's scale
and sign warnings must be accepted with --accept-warnings; without them the command prints why and exits with
status 1, the import discarded and nothing changed.
"""

import os

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from orebro_portal.lib.formatting import sv_number, sv_tkr

from ...models import LedgerImport
from ...services.importing import (
    WARNINGS_SEEN,
    ledger_import_acknowledge,
    ledger_import_apply,
    ledger_import_discard,
    ledger_import_preview,
    new_year_field,
)

STATUS_LABELS = {"new": "nya", "changed": "ändrade", "unchanged": "oförändrade"}


class Command(BaseCommand):
    help = "Läser in en huvudboksfil (CSV eller XLSX) med år, ansvar, kontogrupp, budget och utfall i kronor."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- eller XLSX-fil med rubrikraden År;Ansvar;Kontogrupp;Budget;Utfall")
        parser.add_argument("--user", help="användarnamn: importen görs i dennes namn och med dennes behörighet")
        parser.add_argument("--dry-run", action="store_true", help="visa bara förhandsgranskningen, ändra ingenting")
        parser.add_argument(
            "--create-year",
            action="append",
            type=int,
            default=[],
            dest="create_years",
            metavar="ÅR",
            help="skapa räkenskapsåret ÅR om filen har siffror för det och det inte finns ännu "
            "(kan anges flera gånger)",
        )
        parser.add_argument(
            "--accept-warnings",
            action="store_true",
            help="läs in filen trots varningar om belopp ungefär 1 000 gånger mindre eller större än året före, "
            "eller med omvänt tecken",
        )

    def handle(self, *args, file, user=None, dry_run=False, create_years=(), accept_warnings=False, **options):
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
            ledger_import_acknowledge(
                ledger_import=ledger_import,
                user=account,
                create_years=create_years,
                warnings_seen=accept_warnings,
            )
        except ValidationError as error:
            ledger_import_discard(ledger_import=ledger_import, user=account)
            raise CommandError("\n".join(self.unconfirmed(ledger_import, error))) from error
        try:
            ledger_import = ledger_import_apply(ledger_import=ledger_import, user=account)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Inläst (import {ledger_import.pk}): {ledger_import.message}"))

    def unconfirmed(self, ledger_import: LedgerImport, error: ValidationError) -> list[str]:
        """The service's reasons, each with the flag that gives what is missing."""
        flags = {new_year_field(year): f"--create-year {year}" for year in ledger_import.preview.get("new_years", [])}
        flags[WARNINGS_SEEN] = "--accept-warnings"
        lines = []
        for field, messages in getattr(error, "message_dict", {"": error.messages}).items():
            flag = flags.get(field)
            lines += [f"{message} Ange {flag} om det är rätt." if flag else message for message in messages]
        return lines

    def summary(self, ledger_import: LedgerImport) -> str:
        preview = ledger_import.preview
        lines = [
            f"Fil: {ledger_import.filename} ({preview['kind'].upper()}), {sv_number(ledger_import.row_count)} rader, "
            f"{sv_number(preview['line_count'])} efter summering av rader med samma år, ansvar och kontogrupp."
        ]
        lines += [f"  {note}" for note in preview.get("notes", [])]
        for year in preview["years"]:
            entries = [entry for entry in preview["codes"] if entry["year"] == year["year"]]
            counts = {status: sum(1 for entry in entries if entry["status"] == status) for status in STATUS_LABELS}
            described = ", ".join(f"{sv_number(counts[status])} {label}" for status, label in STATUS_LABELS.items())
            new_year = f" (nytt år: skapas med --create-year {year['year']})" if year["new_year"] else ""
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
        warnings = preview.get("warnings", [])
        if warnings:
            lines.append(f"Varningar ({sv_number(len(warnings))}):")
            lines += [f"  {warning['message']}" for warning in warnings]
        return "\n".join(lines)
