"""Shared pieces for the PDFs the portal renders with WeasyPrint (the protocol, the annual report); those others
made, which the portal reads (uploaded documents), are `pdf_reading.py`'s.

Editors write the text that goes into the rendered PDFs, so the renderer must never fetch anything but the portal's
own static files (stylesheets, the embedded fonts in `static/fonts/`): `StaticFilesFetcher` refuses every other URL.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Callable
from urllib.parse import unquote, urljoin, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcherResponse

PDF_VARIANT = "pdf/ua-1"
PDF_CONTENT_TYPE = "application/pdf"

# mimetypes does not know every font type on every system; WeasyPrint needs no exact type, but a stable one is nicer.
_FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}


class StaticFilesFetcher(weasyprint.URLFetcher):
    """Serves the portal's own static files, read from disk, and refuses every other URL.

    The templates only link our stylesheets and fonts; refusing the rest means that no text typed into a protocol or
    a report can ever make the renderer read `file:///etc/…`, an internal address or anything on the network.
    `find` maps a static file name to a path on disk (None when there is none).
    """

    def __init__(self, base_url: str, find: Callable[[str], str | None] | None = None):
        # fail_on_errors: a stored PDF is kept for good, so one rendered without its stylesheet or fonts must not be.
        super().__init__(allowed_protocols=(), fail_on_errors=True)
        self._static_prefix = urljoin(base_url, settings.STATIC_URL)
        self._find = find or static_file_path

    def fetch(self, url, headers=None):
        if not url.startswith(self._static_prefix) or urlsplit(url).query:
            raise ValueError(f"only the portal's static files may be fetched, not {url!r}")
        name = unquote(urlsplit(url).path[len(urlsplit(self._static_prefix).path) :])
        normalised = posixpath.normpath(name)
        if not name or normalised != name or normalised.startswith(("/", "..")):
            raise ValueError(f"not a static file name: {name!r}")
        path = self._find(name)
        if path is None:
            raise FileNotFoundError(f"no static file {name!r}")
        with open(path, "rb") as handle:
            body = handle.read()
        extension = posixpath.splitext(name)[1].lower()
        content_type = _FONT_TYPES.get(extension) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def static_file_path(name: str) -> str | None:
    """The file on disk behind a static file name, or None."""
    # After collectstatic the (possibly hashed) name is in STATIC_ROOT; in development only the finders know it.
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (NotImplementedError, SuspiciousFileOperation):
        pass
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return found if isinstance(found, str) else None


# --- PDFs made by others ----------------------------------------------------------------------------------------------
#
# Staff upload PDFs that the portal reads (text, metadata, OCR) and serves to everyone. A PDF is a compressed container:
# 300 kB can unpack to 300 MB (a "zip bomb"), a file can declare any number of pages, and it can carry programs that
# a PDF reader runs (JavaScript, "launch" actions). What follows bounds the reading and removes what a reader would run.
