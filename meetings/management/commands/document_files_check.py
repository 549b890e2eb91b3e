"""Check the PDFs stored before uploads were checked for active content and limits (issue 13).

Uploads are now stored without what a PDF reader would run (JavaScript, launch actions, …) and refused beyond the
reading limits; documents stored earlier were not. This lists them; `--strip` rewrites those that carry active
content the way an upload is stored today (new file, sha256, size and pages; a history row says why) and records
why the others cannot be read, so the staff meeting page shows it beside the document.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from meetings.models import Document
from meetings.pdf import PdfError, check_upload
from orebro_portal.lib.pdf_reading import active_content_sentence

CHANGE_REASON = "Aktivt innehåll (JavaScript m.m.) borttaget ur filen"


class Command(BaseCommand):
    help = (
        "Går igenom lagrade PDF-filer: listar dem som innehåller JavaScript eller andra åtgärder som PDF-läsare kör, "
        "och dem som inte går att läsa inom gränserna. Med --strip tas det aktiva innehållet bort."
    )

    def add_arguments(self, parser):
        parser.add_argument("--strip", action="store_true", help="Skriv om filerna utan det aktiva innehållet.")

    def handle(self, *args, **options):
        found = 0
        for document in Document.objects.order_by("pk").iterator():
            try:
                with document.file.open("rb") as handle:
                    upload = check_upload(handle.read())
            except FileNotFoundError:
                self.stderr.write(f"{document.pk} ”{document.title}”: filen saknas ({document.file.name})")
                continue
            except PdfError as exc:
                found += 1
                self.stdout.write(f"{document.pk} ”{document.title}”: kan inte läsas: {exc}")
                if options["strip"]:
                    # As if the file had never been read: the staff page says why, and it cannot become public.
                    Document.objects.filter(pk=document.pk).update(reading_error=str(exc), text_extracted_at=None)
                continue
            if not upload.removed:
                continue
            found += 1
            removed = active_content_sentence(list(upload.removed))
            self.stdout.write(f"{document.pk} ”{document.title}”: {removed}")
            if options["strip"]:
                _replace_file(document, upload)
        self.stdout.write(f"{found} dokument att åtgärda" + ("; åtgärdade." if options["strip"] and found else "."))


def _replace_file(document: Document, upload) -> None:
    old_name, storage = document.file.name, document.file.storage
    with transaction.atomic():
        document.file.save(document.filename, ContentFile(upload.content), save=False)
        document.sha256 = hashlib.sha256(upload.content).hexdigest()
        document.size, document.pages = len(upload.content), upload.pages
        document._change_reason = CHANGE_REASON
        document.save(update_fields=["file", "sha256", "size", "pages"])
        transaction.on_commit(lambda: storage.delete(old_name))
