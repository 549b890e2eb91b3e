"""Protocol texts with personal data masked: `{% load masking %}`, then `public_html`, `preview_html`, `original_html`.

All three share the paragraph and list layout of `plain_text_to_html`, so a protocol looks the same whichever column it
is read in. Each masked span is swapped for a placeholder before that layout runs and for its HTML after it: the
placeholder is made of private-use characters that escaping and line stripping leave alone, and the masked content
never reaches the layout at all in the public version.
"""

import re
from collections.abc import Callable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from meetings.masking import LABELS, MaskKind, original_text, segments
from orebro_portal.lib.text import plain_text_to_html

register = template.Library()

_SLOT_OPEN, _SLOT_CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{_SLOT_OPEN}([0-9]+){_SLOT_CLOSE}")


def _clean(text: str | None) -> str:
    # Placeholder characters typed into the text itself would be taken for ours.
    return (text or "").replace("\r\n", "\n").replace(_SLOT_OPEN, "").replace(_SLOT_CLOSE, "")


def _render(text: str | None, mask: Callable[[MaskKind, str], list[str | SafeString]]) -> SafeString:
    """Lay out `text` with each masked segment replaced by what `mask` makes of it.

    `mask` turns a masked segment into pieces: a SafeString is HTML kept whole in one place, a plain str is text that
    goes through the layout (the line breaks inside a marked span shown to staff).
    """
    source: list[str] = []
    snippets: list[SafeString] = []
    for segment in segments(_clean(text)):
        if segment.kind is None:
            source.append(segment.text)
            continue
        for piece in mask(segment.kind, segment.text):
            if isinstance(piece, SafeString):
                source.append(f"{_SLOT_OPEN}{len(snippets)}{_SLOT_CLOSE}")
                snippets.append(piece)
            else:
                source.append(piece)
    html = _SLOT.sub(lambda match: snippets[int(match[1])], plain_text_to_html("".join(source)))
    return mark_safe(html)  # the layout escaped all text; the snippets come from format_html


def _masked(kind: MaskKind, text: str) -> list[str | SafeString]:
    return [format_html('<span class="masked masked--{}">{}</span>', kind.value, LABELS[kind])]


def _highlighted(kind: MaskKind, text: str) -> list[str | SafeString]:
    title = _("Maskeras: %(reason)s") % {"reason": kind.label}
    pieces: list[str | SafeString] = []
    # One <mark> per line, so that a span over a blank line still leaves the paragraphs apart.
    for index, line in enumerate(text.split("\n")):
        if index:
            pieces.append("\n")
        if line.strip():
            pieces.append(format_html('<mark class="mask mask--{}" title="{}">{}</mark>', kind.value, title, line))
        else:
            pieces.append(line)
    return pieces


@register.filter
def public_html(text: str | None) -> SafeString:
    """The published version: every masked span shown as its label, the masked content nowhere in the HTML."""
    return _render(text, _masked)


@register.filter
def preview_html(text: str | None) -> SafeString:
    """For the secretary: the original text with every span that will be masked highlighted."""
    return _render(text, _highlighted)


@register.filter
def original_html(text: str | None) -> SafeString:
    """The original text as staff read it: markers removed, nothing masked or highlighted."""
    return plain_text_to_html(original_text(_clean(text)))
