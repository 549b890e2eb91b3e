"""`manage.py import_kolada FILE [FILE …] [--dry-run] [--user USERNAME]`: saved Kolada API v3 responses into the
indicators carrying their KPI id and municipality. No network: the files are read from disk.

A paged answer is given as several files in page order, or as one file holding a list of pages. The report lists
what matched (indicator, years, values new/changed/unchanged) and what was skipped and why. A file that is not a
Kolada response stops the command with status 1 before anything is written.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ...kolada import KoladaFormatError, files_load, kolada_import


class Command(BaseCommand):
    help = "Läser in sparade svar från Kolada API v3 (JSON) till indikatorerna som har nyckeltalet."

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="sparade svar, en fil per sida eller en lista av sidor"
        )
        parser.add_argument("--dry-run", action="store_true", help="visa bara vad som skulle ändras, spara ingenting")
        parser.add_argument("--user", help="användarnamn som ändringarna ska stå på i historiken")

    def handle(self, *args, files, dry_run=False, user=None, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(f"Det finns ingen aktiv användare ”{user}”.")
        try:
            pages, sources = files_load(files)
            report = kolada_import(pages=pages, dry_run=dry_run, user=account)
        except KoladaFormatError as error:
            raise CommandError(f"{error} Ingenting sparades.") from error
        for name, first, last in sources:
            span = f"sida {first}" if first == last else f"sidorna {first}–{last}"
            self.stdout.write(f"{name}: {span}.")
        for line in report.lines():
            self.stdout.write(line)
