"""Protocol texts for the secretary: `{% load masking %}`, then `preview_html` and `original_html`.

Public surfaces never use these: they read `meetings.public` projections, whose texts are already masked
(`PublicText.html`). Both filters share the paragraph and list layout of `plain_text_to_html` through
`meetings.public.render_segments`, so a protocol looks the same whichever column it is read in.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from meetings.masking import MaskKind, original_text, segments
from meetings.public import PublicText, clean_text, render_segments
from orebro_portal.lib.text import plain_text_to_html

register = template.Library()


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
    """The published version of a text on its own (no protocol-wide names): the staff preview's right column."""
    return PublicText(text).html


@register.filter
def preview_html(text: str | None, names: tuple[str, ...] = ()) -> SafeString:
    """For the secretary: the original text with every span that will be masked highlighted; `names` are the spans
    marked elsewhere in the same protocol, masked here too."""
    return render_segments(segments(clean_text(text), names or ()), _highlighted)


@register.filter
def original_html(text: str | None) -> SafeString:
    """The original text as staff read it: markers removed, nothing masked or highlighted."""
    return plain_text_to_html(original_text(clean_text(text)))
