"""Stand-in agenda PDFs for the demo data.

The portal's source material names the published agendas but does not contain them, so the demo renders a
small, clearly labelled placeholder instead of pretending to be the original.
"""

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation

from .models import Meeting


def render_demo_agenda(*, meeting: Meeting, title: str) -> bytes:
    """A tagged PDF/UA-1 document in Swedish, titled `title`, saying plainly that it is a demo."""
    with translation.override("sv"):
        html = render_to_string("meetings/demo_agenda_pdf.html", {"meeting": meeting, "title": title})
    # The template uses no external resources; a fetcher that refuses every protocol keeps it that way.
    # A new one per call: a URLFetcher keeps per-request state and is not meant to be shared between threads.
    no_fetching = weasyprint.URLFetcher(allowed_protocols=())
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=no_fetching).write_pdf(pdf_variant="pdf/ua-1")
