"""Reading PDFs others made (uploaded documents): within limits (`PdfLimits`: unpacked size per stream and in
total, pages, time), every failure one error type with a Swedish message (`PdfError`), and what a PDF reader would run
removed (`remove_active_content`). Knows no domain: `meetings/pdf.py` reads documents with it."""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy
from PIL.Image import DecompressionBombError
from pypdf import PdfReader, PdfWriter, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.filters import decode_stream_data
from pypdf.generic import IndirectObject, PdfObject, StreamObject


class PdfError(ValueError):
    """The bytes are not a PDF the portal can read or publish. `str()` is the Swedish reason, one sentence that names
    no file ("PDF-filen är trasig och kan inte läsas."); `about(title)` the whole sentence naming the file."""

    def __init__(self, reason: str, *, sentence: str = ""):
        super().__init__(reason)
        self.sentence = sentence  # a whole sentence with %(title)s, where "Filen … kan inte användas: …" reads badly

    def about(self, title: str, default: str = "") -> str:
        """The message naming the file, e.g. "Filen ”Bilaga 1” packas upp till mer än 100 MB …"."""
        template = self.sentence or default or gettext("Filen ”%(title)s” kan inte användas: %(reason)s")
        return template % {"title": title, "reason": str(self)}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}".replace(".", ",")


@dataclass(frozen=True)
class PdfLimits:
    """How much of a PDF the portal reads: these defaults, unless settings of the same names say otherwise:

    - `DOCUMENT_PDF_MAX_STREAM_BYTES`, 100 MB: one part of a PDF (a page's drawing, a picture) unpacked. The largest
      real ones are pictures: an A4 page scanned in colour at 600 dpi is about 100 MB unpacked (at 300 dpi 26 MB); a
      page of text is tens of kB. pypdf's own default (75 MB) is close; ours is the one we name to the secretary.
    - `DOCUMENT_PDF_MAX_TOTAL_BYTES`, 500 MB: all parts together. pypdf keeps what it has unpacked while it reads a
      file, so this bounds a reading's memory (the worker's and, when a document is read during a request, the web
      process's). A 50 MB upload (the upload limit) unpacking to ten times its size still passes.
    - `DOCUMENT_PDF_MAX_PAGES`, 2 000: the largest meeting documents (a council's budget with every attachment) run to
      about a thousand pages; reading, OCR and the checks grow with the pages.
    - `DOCUMENT_PDF_MAX_SECONDS`, 600: reading (OCR included) stops after this, checked between pages and pictures, so
      the extraction task ends with a reason for the secretary before Celery's soft time limit (14 min) kills it.
      A single page is bounded by pypdf's parsing budget (about 10 s) and OCR's timeout per picture.
    """

    stream_bytes: int = 100 * 1024 * 1024
    total_bytes: int = 500 * 1024 * 1024
    pages: int = 2000
    seconds: float = 600.0
    # Not a setting: a real document of 2 000 pages has some tens of thousands of objects; each costs the scan time.
    objects: int = 250_000

    @classmethod
    def from_settings(cls) -> PdfLimits:
        default = cls()
        return cls(
            stream_bytes=getattr(settings, "DOCUMENT_PDF_MAX_STREAM_BYTES", default.stream_bytes),
            total_bytes=getattr(settings, "DOCUMENT_PDF_MAX_TOTAL_BYTES", default.total_bytes),
            pages=getattr(settings, "DOCUMENT_PDF_MAX_PAGES", default.pages),
            seconds=getattr(settings, "DOCUMENT_PDF_MAX_SECONDS", default.seconds),
        )

    def stream_error(self) -> PdfError:
        limit = _megabytes(self.stream_bytes)
        return PdfError(
            gettext("En del av filen packas upp till mer än %(limit)s MB.") % {"limit": limit},
            sentence=gettext(
                "Filen ”%%(title)s” packas upp till mer än %(limit)s MB i en enda del (en sida eller en bild), mer än "
                "portalen läser. Den kan vara skadad eller gjord för att överbelasta servern. Spara om den som PDF "
                "(t.ex. med ”Skriv ut som PDF” eller ”Minska filstorleken”) och ladda upp den igen."
            )
            % {"limit": limit},
        )

    def total_error(self) -> PdfError:
        limit = _megabytes(self.total_bytes)
        return PdfError(
            gettext("Filen packas upp till mer än %(limit)s MB.") % {"limit": limit},
            sentence=gettext(
                "Filen ”%%(title)s” packas upp till mer än %(limit)s MB sammanlagt, mer än portalen läser. Dela upp "
                "den i flera filer eller spara om den med mindre bilder och ladda upp den igen."
            )
            % {"limit": limit},
        )

    def pages_error(self) -> PdfError:
        return PdfError(
            gettext("Filen har fler än %(limit)s sidor.") % {"limit": self.pages},
            sentence=gettext(
                "Filen ”%%(title)s” har fler än %(limit)s sidor, fler än portalen läser. Dela upp den i flera filer "
                "och ladda upp dem var för sig."
            )
            % {"limit": self.pages},
        )

    def time_error(self) -> PdfError:
        minutes = f"{self.seconds / 60:g}".replace(".", ",")
        return PdfError(
            gettext("Det tog mer än %(minutes)s minuter att läsa filen.") % {"minutes": minutes},
            sentence=gettext(
                "Det tog mer än %(minutes)s minuter att läsa filen ”%%(title)s”, så läsningen avbröts. Dela upp den "
                "i flera filer och ladda upp dem igen."
            )
            % {"minutes": minutes},
        )


BROKEN = gettext_lazy("PDF-filen är trasig och kan inte läsas.")
TOO_COMPLEX = gettext_lazy(
    "PDF-filen är för komplicerad för portalen att läsa (den når en av gränserna för vad en PDF-fil får innehålla). "
    "Spara om den som PDF och ladda upp den igen."
)
# What pypdf (and Pillow, for the pictures) raise for a file it cannot read. RecursionError: deeply nested objects.
READ_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError, RecursionError)


@contextmanager
def limited_reading(limits: PdfLimits) -> Iterator[None]:
    """pypdf's own limits set to ours for everything read inside, and its errors turned into PdfError."""
    stream = limits.stream_bytes
    try:
        with apply_configuration(
            **_pypdf_stream_limits(stream),
            jbig2_maximum_output_length=stream,
            image_maximum_buffer_size=stream,
            # Work adds up over a stream's filters (pypdf's default is four times its output limit, so is ours);
            # page entries copied while flattening the page tree: generous for our page limit, far below pypdf's 2 M.
            stream_decoding_work_maximum_length=4 * stream,
            page_tree_maximum_page_entries=limits.pages * 50,
        ):
            yield
    except PdfError:
        raise
    except (LimitReachedError, DecompressionBombError) as exc:  # Pillow's: a picture of more than ~180 Mpixels
        raise PdfError(str(TOO_COMPLEX)) from exc
    except READ_ERRORS as exc:
        raise PdfError(str(BROKEN)) from exc


class Deadline:
    """Reading stops when the time is up; checked between pages and pictures (a page itself is bounded by pypdf)."""

    def __init__(self, limits: PdfLimits):
        self.limits = limits
        self.ends = time.monotonic() + limits.seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise self.limits.time_error()


def all_objects(reader: PdfReader, limits: PdfLimits) -> Iterator[PdfObject]:
    """Every object of the file listed in its cross-reference table, once; unreadable ones are skipped (reading the
    pages will report a broken file if it matters)."""
    references = [(number, generation) for generation, entries in reader.xref.items() for number in entries]
    references += [(number, 0) for number in reader.xref_objStm]
    if len(references) > limits.objects:
        raise PdfError(str(TOO_COMPLEX))
    for number, generation in dict.fromkeys(references):
        try:
            found = reader.get_object(IndirectObject(number, generation, reader))
        except LimitReachedError:
            raise
        except READ_ERRORS:
            continue
        if found is not None:
            yield found


def check_unpacked_size(objects: list[PdfObject], limits: PdfLimits) -> None:
    """Refuse a file whose streams unpack to more than the limits, counted before pypdf unpacks any of them. Flate
    (zlib), what a zip bomb uses, is counted by unpacking piece by piece and throwing the pieces away, so the memory
    used stays small however large the claim; other filters are unpacked by pypdf under its limits (ours)."""
    total = 0
    for found in objects:
        if not isinstance(found, StreamObject):
            continue
        size = _unpacked_size(found, limits.stream_bytes)
        if size > limits.stream_bytes:
            raise limits.stream_error()
        total += size
        if total > limits.total_bytes:
            raise limits.total_error()


_FLATE = {"/FlateDecode", "/Fl"}
_PICTURE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}
_CHUNK = 1024 * 1024


def _filters(stream: StreamObject) -> list[str]:
    filters = stream.get("/Filter")
    filters = filters.get_object() if isinstance(filters, IndirectObject) else filters
    if filters is None:
        return []
    return [str(name) for name in filters] if isinstance(filters, list) else [str(filters)]


def _unpacked_size(stream: StreamObject, limit: int) -> int:
    """The stream's size unpacked, or some number above `limit` as soon as it is known to be larger. Pictures in an
    image format (JPEG, JPEG 2000, fax, JBIG2) count as stored: Pillow, not pypdf, unpacks them, under its own limit."""
    raw = getattr(stream, "_data", b"") or b""
    filters = [name for name in _filters(stream) if name not in _PICTURE_CODECS]
    if not filters:
        return len(raw)
    if filters == ["/FlateDecode"] or filters == ["/Fl"]:
        size = _inflated_size(raw, limit)
        if size is not None:
            return size
    try:
        with apply_configuration(**_pypdf_stream_limits(limit)):
            return len(decode_stream_data(stream))  # not get_data(): nothing is cached on the stream
    except LimitReachedError:
        return limit + 1
    except READ_ERRORS:
        return len(raw)  # cannot be unpacked at all: reading the page reports it if it matters


def _inflated_size(raw: bytes, limit: int) -> int | None:
    inflater = zlib.decompressobj()
    size, pending = 0, raw
    try:
        while not inflater.eof:
            piece = inflater.decompress(pending, _CHUNK)
            size += len(piece)
            if size > limit:
                return size
            pending = inflater.unconsumed_tail
            if not piece and not pending:
                break  # truncated: no more to come
    except zlib.error:
        return None  # pypdf repairs some broken zlib data: let it measure (under the limit)
    return size


def _pypdf_stream_limits(limit: int) -> dict[str, int]:
    return {
        "zlib_maximum_output_length": limit,
        "lzw_maximum_output_length": limit,
        "run_length_maximum_output_length": limit,
        "brotli_maximum_output_length": limit,
        "array_based_stream_maximum_output_length": limit,
    }


# --- What a PDF reader would run --------------------------------------------------------------------------------------


class ActiveContent:
    """Kinds of content that make a PDF reader act rather than show: each is removed on upload and named to the
    secretary (`ACTIVE_CONTENT_LABELS`). Plain strings, kept in that order."""

    JAVASCRIPT = "javascript"
    AUTOMATIC = "automatic"  # /AA: actions run when a page, a field or the document is opened, closed, printed …
    LAUNCH = "launch"
    FORM_SEND = "form_send"
    OTHER_FILE = "other_file"
    ADDRESS = "address"
    EMBEDDED_FILE = "embedded_file"


ACTIVE_CONTENT_LABELS = {
    ActiveContent.JAVASCRIPT: gettext_lazy("JavaScript (program som PDF-läsaren kör)"),
    ActiveContent.AUTOMATIC: gettext_lazy("automatiska åtgärder när filen, en sida eller ett fält öppnas"),
    ActiveContent.LAUNCH: gettext_lazy("åtgärder som startar ett program eller öppnar en fil på datorn"),
    ActiveContent.FORM_SEND: gettext_lazy("formuläråtgärder som skickar eller hämtar data"),
    ActiveContent.OTHER_FILE: gettext_lazy("länkar som öppnar andra filer"),
    ActiveContent.ADDRESS: gettext_lazy("länkar till adresser som inte är webb- eller e-postadresser"),
    ActiveContent.EMBEDDED_FILE: gettext_lazy("inbäddade filer, som portalen inte kan kontrollera"),
}

_ACTIONS = {
    "/JavaScript": ActiveContent.JAVASCRIPT,
    "/Launch": ActiveContent.LAUNCH,
    "/SubmitForm": ActiveContent.FORM_SEND,
    "/ImportData": ActiveContent.FORM_SEND,
    "/GoToR": ActiveContent.OTHER_FILE,
    "/GoToE": ActiveContent.OTHER_FILE,
    "/RichMediaExecute": ActiveContent.JAVASCRIPT,
}
_SAFE_ADDRESS_SCHEMES = ("http:", "https:", "mailto:")
_NAME_TREES = (("/JavaScript", ActiveContent.JAVASCRIPT), ("/EmbeddedFiles", ActiveContent.EMBEDDED_FILE))


def _action_kind(action, seen: set[int]) -> str | None:
    """What an action (with the actions chained after it by /Next) would run; None when it only moves or shows."""
    action = action.get_object() if isinstance(action, IndirectObject) else action
    if isinstance(action, list):
        return next((kind for item in action if (kind := _action_kind(item, seen))), None)
    if not isinstance(action, dict) or id(action) in seen:
        return None
    seen.add(id(action))
    kind = _ACTIONS.get(str(action.get("/S", "")))
    if kind is None and "/JS" in action:  # a /Rendition, or any action carrying a script
        kind = ActiveContent.JAVASCRIPT
    if kind is None and str(action.get("/S", "")) == "/URI":
        address = str(action.get("/URI", "")).strip().lower()
        kind = None if address.startswith(_SAFE_ADDRESS_SCHEMES) else ActiveContent.ADDRESS
    return kind or _action_kind(action.get("/Next"), seen)


def remove_active_content(objects: list[PdfObject]) -> list[str]:
    """Remove, in place, everything a reader would run from the file's objects; return the kinds removed.

    Visits every dictionary (also those nested directly in others): additional actions (/AA) go; an /OpenAction or an
    /A (link, bookmark, form button) that would run something goes (the link stays, inert; a page destination as
    /OpenAction stays); the document-level /JavaScript and /EmbeddedFiles name trees go, and the files attached to
    annotations. What the pages show is not touched.
    """
    removed: set[str] = set()
    stack: list = list(objects)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(item for item in node if isinstance(item, (dict, list)))
            continue
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        if "/AA" in node:
            del node["/AA"]
            removed.add(ActiveContent.AUTOMATIC)
        for key in ("/OpenAction", "/A"):
            if key in node and (kind := _action_kind(node[key], set())):
                del node[key]
                removed.add(kind)
        names = node.get("/Names")
        names = names.get_object() if isinstance(names, IndirectObject) else names
        if isinstance(names, dict):  # the catalog's name dictionary (a name tree's /Names is an array)
            for key, kind in (
                ("/JavaScript", ActiveContent.JAVASCRIPT),
                ("/EmbeddedFiles", ActiveContent.EMBEDDED_FILE),
            ):
                if key in names:
                    del names[key]
                    removed.add(kind)
        if str(node.get("/Subtype", "")) == "/FileAttachment" and "/FS" in node:
            del node["/FS"]
            removed.add(ActiveContent.EMBEDDED_FILE)
        stack.extend(value for value in node.values() if isinstance(value, (dict, list)))
    return [kind for kind in ACTIVE_CONTENT_LABELS if kind in removed]


def rewritten(reader: PdfReader) -> bytes:
    """The file as pypdf writes it from the reader's (changed) objects: only what the document refers to, the same
    bytes for the same input, so uploading the same file twice gives the same sha256."""
    writer = PdfWriter(clone_from=reader)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def active_content_sentence(kinds: list[str]) -> str:
    """ "JavaScript (…) och inbäddade filer …": the kinds removed, in Swedish, for a message to the secretary."""
    labels = [str(ACTIVE_CONTENT_LABELS[kind]) for kind in kinds]
    if len(labels) < 2:
        return "".join(labels)
    return gettext("%(first)s och %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
