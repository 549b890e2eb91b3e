"""Reading PDFs: is it one, how many pages, what text. Used on upload, by the extraction task and by the check for
personnummer that runs whenever a document becomes public.

The text is read the way a reader would copy it, because that is what a citizen can do with a published file:

- the text layer of each page (pypdf), with the comments (annotations) shown on it;
- where a page has no text layer but pictures (a scan), the pictures read by OCR: Tesseract with its Swedish data
  (Debian's `tesseract-ocr` and `tesseract-ocr-swe`). Where OCR is not installed or cannot read a picture, the page
  is reported as unread (`PdfInfo.unread_pages`): nobody knows what it says, so publishing it needs a person's word;
- the document's metadata, which every PDF reader shows under "Egenskaper": the Info dictionary (Title, Subject,
  Keywords, Author and the rest) and the XMP packet.

Every reading stays within `orebro_portal.lib.pdf_reading.PdfLimits` (unpacked size per stream and in total, pages,
time) and fails with one error type, `PdfError`, whose Swedish message names the limit; an upload is stored without
what a PDF reader would run (JavaScript, launch actions, …).

`identity_number_places` then looks for personnummer in each page and field, also in the forms a plain search would
miss: letter-spaced text ("8 1 1 2 1 8 - 9 8 7 6") and a number broken over two lines.
"""

import functools
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from PIL.Image import DecompressionBombError
from pypdf import PdfReader
from pypdf.errors import LimitReachedError

from orebro_portal.lib.pdf_reading import (
    READ_ERRORS,
    Deadline,
    PdfError,
    PdfLimits,
    all_objects,
    check_unpacked_size,
    limited_reading,
    remove_active_content,
    rewritten,
)

from .masking import find_identity_numbers

PDF_MAGIC = b"%PDF-"
PAGE_BREAK = "\f"  # between the pages of Document.text, so a finding can be reported with its page number

# A page with fewer letters and digits than this has no text layer worth the name: a scan with a stamped page number
# or a header line is still a scan, and its pictures are read by OCR.
TEXT_LAYER_MIN_CHARACTERS = 20
# A page with no text and no pictures may still draw text as outlines (a "print as image" or curves export). Without
# a renderer such a page cannot be OCR'd; this many curve operators is more than a blank page or a table's borders.
OUTLINED_TEXT_MIN_CURVES = 100
OCR_LANGUAGE = "swe"
OCR_TIMEOUT_SECONDS = 180
OCR_MIN_WIDTH = 1500  # pixels; a smaller picture is enlarged first, Tesseract reads ~300 dpi best

# Every PDF reader shows these under the document's properties; the rest of the Info dictionary is checked too.
METADATA_FIELDS = ("Title", "Subject", "Keywords", "Author", "Creator", "Producer")
XMP_FIELD = "XMP"


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    page_texts: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)  # field name ("Title", "XMP") → its text
    unread_pages: tuple[int, ...] = ()  # 1-based: pages without a text layer that OCR could not read

    @property
    def text(self) -> str:
        return PAGE_BREAK.join(self.page_texts)


@dataclass(frozen=True)
class Upload:
    """An uploaded PDF as the portal stores it: `content` is the upload itself, or, when it carried something a PDF
    reader would run, the upload rewritten without it (`removed` names the kinds, see lib.pdf_reading.ActiveContent)."""

    content: bytes
    pages: int
    removed: tuple[str, ...] = ()


# A picture that cannot be decoded leaves its page unread (a person looks at it); it does not fail the file.
_PICTURE_ERRORS = (*READ_ERRORS, DecompressionBombError)


def _open(content: bytes, limits: PdfLimits) -> tuple[PdfReader, list]:
    """Open and check a PDF without reading its text, inside `limited_reading`: cheap enough for the upload request.
    Refuses what is not a PDF, is encrypted, has no pages or more than the limit, or unpacks to more than the
    limits (before anything is unpacked for reading). Returns the reader and all the file's objects."""
    if not content:
        raise PdfError(_("filen är tom."))
    if not content[:1024].lstrip().startswith(PDF_MAGIC):
        raise PdfError(_("filen är inte en PDF."))
    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        raise PdfError(_("PDF-filen är krypterad eller lösenordsskyddad."))
    try:
        pages = len(reader.pages)
    except LimitReachedError as exc:  # pypdf's bound on flattening the page tree, set from our page limit
        raise limits.pages_error() from exc
    if not pages:
        raise PdfError(_("PDF-filen har inga sidor."))
    if pages > limits.pages:
        raise limits.pages_error()
    objects = list(all_objects(reader, limits))
    check_unpacked_size(objects, limits)
    return reader, objects


def check_upload(content: bytes) -> Upload:
    """Check an uploaded PDF within the limits and remove what a PDF reader would run (JavaScript, launch actions
    …, see lib.pdf_reading.remove_active_content); raises PdfError (in Swedish) for a file the portal cannot publish."""
    limits = PdfLimits.from_settings()
    with limited_reading(limits):
        reader, objects = _open(content, limits)
        pages = len(reader.pages)
        removed = remove_active_content(objects)
        if removed:
            content = rewritten(reader)
    return Upload(content=content, pages=pages, removed=tuple(removed))


def read_pdf(content: bytes) -> PdfInfo:
    """Pages, their text (OCR for scanned pages where installed), the metadata and the pages nobody could read: the
    slow part, for the extraction task (and for the check, when a document becomes public before the task ran).
    Within the limits, the time limit included; raises PdfError (in Swedish) for whatever goes wrong."""
    limits = PdfLimits.from_settings()
    deadline = Deadline(limits)
    texts: list[str] = []
    unread: list[int] = []
    with limited_reading(limits):
        reader, _objects = _open(content, limits)
        for number, page in enumerate(reader.pages, start=1):
            deadline.check()
            text = _page_text(page)
            if not _has_text_layer(text):
                read = _read_without_text_layer(page, deadline)
                if read is None:
                    unread.append(number)
                else:
                    text = f"{text}\n{read}".strip()
            texts.append(text)
        metadata = _metadata(reader)
    return PdfInfo(pages=len(texts), page_texts=tuple(texts), metadata=metadata, unread_pages=tuple(unread))


def _page_text(page) -> str:
    text = (page.extract_text() or "").strip()
    comments = []
    annotations = _resolved(page.get("/Annots"))
    for annotation in annotations if isinstance(annotations, list) else []:
        annotation = _resolved(annotation)
        for key in ("/Contents", "/T"):
            value = _resolved(annotation.get(key)) if hasattr(annotation, "get") else None
            if isinstance(value, str) and value.strip():
                comments.append(value.strip())
    return "\n".join([text, *comments]).strip()


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _has_text_layer(text: str) -> bool:
    return sum(char.isalnum() for char in text) >= TEXT_LAYER_MIN_CHARACTERS


# --- OCR --------------------------------------------------------------------------------------------------------------


@functools.cache
def _tesseract_languages(binary: str) -> frozenset[str]:
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # The first line is a heading ("List of available languages in …"); older versions print it on stderr.
    return frozenset(line.strip() for line in (listed.stdout + "\n" + listed.stderr).splitlines()[1:] if line.strip())


def ocr_available() -> bool:
    """Is Tesseract installed, with its Swedish data?"""
    binary = shutil.which("tesseract")
    return binary is not None and OCR_LANGUAGE in _tesseract_languages(binary)


OCR_MISSING = "tesseract-ocr och tesseract-ocr-swe (apt-get install tesseract-ocr tesseract-ocr-swe)"


def _read_without_text_layer(page, deadline: Deadline) -> str | None:
    """What the pictures of a page without a text layer say, read by OCR; "" for a page with nothing to read (blank),
    None when there is something on it that could not be read."""
    pictures = _drawn_pictures(page)
    if not pictures:
        return None if _draws_outlined_text(page) else ""
    if not ocr_available():
        return None
    texts = []
    for picture in pictures:
        deadline.check()
        text = _ocr(picture)
        if text is None:
            return None
        texts.append(text)
    return "\n".join(texts).strip()


_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


def _drawn_pictures(page) -> list:
    """The pictures the page draws. The resources of a page may list pictures drawn on other pages (WeasyPrint shares
    them), so only those named by a `Do` in the page's content stream count, and inline pictures."""
    try:
        images = page.images
        keys = list(images.keys())
    except _PICTURE_ERRORS:
        return []
    contents = page.get_contents()
    drawn = {name.decode("latin-1") for name in _DO.findall(contents.get_data() if contents is not None else b"")}
    pictures = []
    for key in keys:
        name = (key if isinstance(key, str) else "/".join(key)).lstrip("/").split("/")[0]
        if name.startswith("~") or not drawn or name in drawn:
            try:
                pictures.append(images[key].image)
            except _PICTURE_ERRORS:
                pictures.append(None)  # there is a picture, and it cannot be decoded: the page stays unread
    return pictures


def _draws_outlined_text(page) -> bool:
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    return len(re.findall(rb"\sc\s", data)) >= OUTLINED_TEXT_MIN_CURVES


def _ocr(picture) -> str | None:
    """The text Tesseract reads in a picture (a PIL image), or None when it could not be read at all."""
    if picture is None:
        return None
    from PIL import Image

    try:
        if picture.mode not in ("1", "L", "RGB"):
            picture = picture.convert("RGB")
        if picture.width < OCR_MIN_WIDTH:
            scale = OCR_MIN_WIDTH / picture.width
            picture = picture.resize((OCR_MIN_WIDTH, max(1, round(picture.height * scale))), Image.Resampling.LANCZOS)
        png = io.BytesIO()
        picture.save(png, "PNG")
        done = subprocess.run(
            [shutil.which("tesseract") or "tesseract", "stdin", "stdout", "-l", OCR_LANGUAGE],
            input=png.getvalue(),
            capture_output=True,
            timeout=OCR_TIMEOUT_SECONDS,
            check=True,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", errors="replace").strip()


# --- Metadata ---------------------------------------------------------------------------------------------------------


def _metadata(reader: PdfReader) -> dict[str, str]:
    found: dict[str, str] = {}
    info = reader.metadata or {}
    names = [f"/{name}" for name in METADATA_FIELDS] + sorted(str(key) for key in info)
    for key in dict.fromkeys(names):
        value = _resolved(info.get(key))
        if isinstance(value, str) and value.strip():
            found[key.lstrip("/")] = value.strip()
    try:
        xmp = reader.xmp_metadata
    except READ_ERRORS:
        xmp = None
    if xmp is not None:
        text = _xml_text(xmp.stream.get_data())
        if text:
            found[XMP_FIELD] = text
    return found


def _xml_text(data: bytes) -> str:
    """Every text and attribute value of an XML packet, one a line; the raw bytes when the XML is broken."""
    try:
        root = ElementTree.fromstring(data.strip(b"\x00 \r\n\t"))
    except ElementTree.ParseError:
        return data.decode("utf-8", errors="replace")
    lines = []
    for element in root.iter():
        lines.extend(value for value in element.attrib.values())
        lines.extend(text for text in (element.text, element.tail) if text)
    return "\n".join(line.strip() for line in lines if line.strip())


# --- The check --------------------------------------------------------------------------------------------------------

# One character, a single space, one character, …: "8 1 1 2 1 8 - 9 8 7 6" or "S ö k a n d e". A PDF spaced out
# by letter-spacing is extracted like that; the reader's eye joins it again, and so does this.
_LETTER_SPACED = re.compile(r"(?<!\S)\S(?:\x20\S(?!\S))+")
# A number broken over two lines: "8112" at the end of one, "18-9876" at the start of the next.
_DIGITS_BROKEN_OVER_LINES = re.compile(r"(?<=[0-9])[\x20\t]*\n[\x20\t]*(?=[0-9])")


def reading_variants(text: str) -> list[str]:
    """The text as extracted, letter-spacing closed up, and that with numbers broken over lines joined."""
    closed = _LETTER_SPACED.sub(lambda match: match.group().replace(" ", ""), text)
    joined = _DIGITS_BROKEN_OVER_LINES.sub("", closed)
    return list(dict.fromkeys([text, closed, joined]))


def holds_identity_number(text: str) -> bool:
    return any(find_identity_numbers(variant) for variant in reading_variants(text))


@dataclass(frozen=True)
class Place:
    """Where in a document a personnummer is: a page (1-based) or a metadata field."""

    page: int | None = None
    metadata_field: str = ""


def identity_number_places(page_texts, metadata: dict[str, str]) -> list[Place]:
    """Every page and metadata field of a document that holds a personnummer or samordningsnummer."""
    places = [Place(page=number) for number, text in enumerate(page_texts, start=1) if holds_identity_number(text)]
    places.extend(Place(metadata_field=name) for name, value in metadata.items() if holds_identity_number(value))
    return places
