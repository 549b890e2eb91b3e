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


def read_pdf(content: bytes) -> PdfInfo:
    if not content:
        raise PdfError(_("filen är tom."))
    if not content[:1024].lstrip().startswith(PDF_MAGIC):
        raise PdfError(_("filen är inte en PDF."))
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise PdfError(_("PDF-filen är krypterad eller lösenordsskyddad."))
        texts = [page.extract_text() or "" for page in reader.pages]
    except PdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfError(_("PDF-filen är trasig och kan inte läsas.")) from exc
    if not texts:
        raise PdfError(_("PDF-filen har inga sidor."))
    return PdfInfo(pages=len(texts), text="\n\n".join(t.strip() for t in texts).strip())
