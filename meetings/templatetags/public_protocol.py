"""Filters for the public protocol pages: `{% load public_protocol %}`.

`public_line` is the one-line sibling of the `masking` library's `public_html`: for a paragraph title or a note that
sits inside a heading or a sentence, where paragraphs (`<p>`) have no place. Autoescaping still applies to its result.
"""

from django import template

from meetings.masking import public_text
from meetings.protocol_pdf import pdf_file_label

register = template.Library()


@register.filter
def public_line(text: str | None) -> str:
    """The text as the public sees it, masked spans replaced by their labels, line breaks folded into spaces."""
    return " ".join(public_text(text or "").split())


@register.filter
def protocol_pdf_label(protocol) -> str:
    """ "Pdf, 45,2 kB" when the protocol's PDF is stored, else ""."""
    return pdf_file_label(protocol)
