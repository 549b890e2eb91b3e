"""Reading PDFs: is it one, how many pages, what text. Used on upload and by the extraction task."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_MAGIC = b"%PDF-"


class PdfError(ValueError):
    """The bytes are not a PDF the portal can publish; the message is Swedish and says why."""


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    text: str


_BROKEN = (PdfReadError, ValueError, KeyError, TypeError, OSError)


def _open(content: bytes) -> PdfReader:
    """Open and check a PDF without reading its text: cheap enough for the upload request."""
    if not content:
        raise PdfError(_("filen är tom."))
    if not content[:1024].lstrip().startswith(PDF_MAGIC):
        raise PdfError(_("filen är inte en PDF."))
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except _BROKEN as exc:
        raise PdfError(_("PDF-filen är trasig och kan inte läsas.")) from exc
    if encrypted:
        # PdfError is a ValueError: raised inside the try above it would be reported as a broken file.
        raise PdfError(_("PDF-filen är krypterad eller lösenordsskyddad."))
    if not pages:
        raise PdfError(_("PDF-filen har inga sidor."))
    return reader


def count_pages(content: bytes) -> int:
    """The number of pages of a PDF the portal can publish; raises PdfError (in Swedish) for anything else."""
    return len(_open(content).pages)


def read_pdf(content: bytes) -> PdfInfo:
    """Pages and text: the slow part, for the extraction task."""
    reader = _open(content)
    try:
        texts = [page.extract_text() or "" for page in reader.pages]
    except _BROKEN as exc:
        raise PdfError(_("PDF-filen är trasig och kan inte läsas.")) from exc
    return PdfInfo(pages=len(texts), text="\f".join(t.strip() for t in texts))
