"""What citizens may see of an annual report: the public projections of the report and its sections.

Built on `meetings.public.Projection` (see its docstring). The report's title and diarienummer and a section's number,
heading and Markdown text are written by staff, so they are `texts` and come out masked. The diarienummer has no
validator (it is typed in freely), so it is masked like any text: the masking keeps "Ks 181/2022" as it is.

A section's text is Markdown. It is masked in its *source*, before Python-Markdown and nh3 see it
(`PublicSection.html`), so neither a `[[…]]` span nor a personnummer can reach the HTML in any form: not in a link,
not in a code span. The labels that replace them contain square brackets ("[personnummer maskerat]"), which Markdown
could read as a link, so a placeholder stands in for each label while Markdown and nh3 run, and the label takes its
place after them.

The generated blocks' data is masked in `reports/blocks.py` (see its docstring).
"""

from __future__ import annotations

import re
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.masking import LABELS, MaskKind, segments
from meetings.public import SLOT_CLOSE, SLOT_OPEN, Projection, PublicBody, PublicMeeting, clean_text

from . import markdown
from .models import AnnualReport, Section

# Each masked span becomes a placeholder of private-use characters (which `clean_text` strips from the source, so
# staff cannot type one) that Markdown and nh3 pass through as plain text; after them it becomes its label. The label
# is text without HTML's special characters, so it is safe wherever the placeholder lands, even in a link's address.
_PLACEHOLDERS = {kind: f"{SLOT_OPEN}{kind.value}{SLOT_CLOSE}" for kind in MaskKind}


def masked_markdown(source: str | None) -> str:
    """The Markdown source with every masked span replaced by a placeholder for its label (see `render_masked`)."""
    return "".join(_PLACEHOLDERS[part.kind] if part.kind else part.text for part in segments(clean_text(source)))


def render_masked(source: str) -> SafeString:
    """`masked_markdown`'s output as safe HTML: Markdown, nh3, then the placeholders replaced by the labels."""
    html = str(markdown.render(source))
    for kind, placeholder in _PLACEHOLDERS.items():
        html = html.replace(placeholder, str(escape(LABELS[kind])))
    return mark_safe(html)  # nh3 cleaned the HTML; the labels are escaped text


class PublicReport(Projection):
    model = AnnualReport
    fields = (
        "pk",
        "id",
        "body_id",
        "year",
        "status",
        "get_status_display",
        "is_adopted",
        "adopted_at",
        "adopted_meeting_id",
    )
    texts = ("title", "case_number")

    @cached_property
    def body(self) -> PublicBody:
        return PublicBody(self._obj.body)

    @cached_property
    def adopted_meeting(self) -> PublicMeeting | None:
        return PublicMeeting(self._obj.adopted_meeting) if self._obj.adopted_meeting_id else None


class PublicSection(Projection):
    """A section: its number and heading masked, `html` its Markdown text masked in the source, then rendered."""

    model = Section
    fields = ("pk", "id", "report_id", "parent_id", "position", "level")
    texts = ("number", "heading", "text")

    @cached_property
    def markdown_source(self) -> str:
        """The Markdown as the public may see it (placeholders for the masked spans): what `html` renders, and what
        the PDF's fingerprint is computed over."""
        return masked_markdown(self._obj.text)

    @cached_property
    def html(self) -> SafeString:
        return render_masked(self.markdown_source)

    @property
    def anchor(self) -> str:
        """ "kapitel-2-1" for "2.1"; anything but letters and digits in the (masked) number becomes a hyphen."""
        slug = re.sub(r"[^0-9A-Za-z]+", "-", self.number.strip(".")).strip("-")
        return f"kapitel-{slug}" if slug else f"avsnitt-{self._obj.pk}"
