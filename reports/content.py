"""A report as the page and the PDF show it, and the fingerprint of that content.

The same `report_document()` feeds the HTML page and the PDF template, so the two always agree. It is made of public
projections only (`reports.public`): each section a `PublicSection`, its text masked in the Markdown source before it
is rendered, its blocks' data masked (`reports.blocks`).

The fingerprint is a SHA-256 over everything the PDF is made from, as the public sees it — the report's fields, every
section's number, heading and masked Markdown source, every block's (masked) data and `RENDER_VERSION` — so a stored
PDF is reused exactly while none of that changes. Being computed over the masked text, it also changes when the
masking itself does: a PDF made before a span was masked is never served again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch

from .blocks import block_data
from .models import AnnualReport, Block
from .public import PublicReport, PublicSection

# Raise when the PDF template or its stylesheet changes, so PDFs made the old way are made again. "2": the PDFs are
# made from the public projections (masked text); those made before must not be served again.
RENDER_VERSION = "2"


@dataclass
class RenderedBlock:
    block: Block
    data: dict

    @property
    def template(self) -> str:
        return f"reports/blocks/{self.data['type']}.html"


@dataclass
class RenderedSection:
    section: PublicSection
    blocks: list[RenderedBlock] = field(default_factory=list)
    level: int = 1  # 1 for a chapter; its subsections one deeper (by the parent chain, else by the number's dots)

    @property
    def html(self) -> str:
        # Rendered when a page or the PDF shows it (the section caches it), not for the fingerprint, which hashes the
        # masked source: a download of an unchanged report then spends no time in Markdown.
        return self.section.html

    @property
    def anchor(self) -> str:
        return self.section.anchor


def report_document(report: AnnualReport) -> list[RenderedSection]:
    """The report's sections in order (public projections), each with its masked text as safe HTML and its blocks'
    masked data."""
    sections = report.sections.order_by("position").prefetch_related(
        Prefetch(
            "blocks",
            queryset=Block.objects.order_by("position")
            .select_related("unit", "section__report__body")
            .prefetch_related("indicators"),
        )
    )
    levels: dict[int, int] = {}
    document = []
    for section in sections:
        # By the parent chain, so headings never skip a level (4.1.1 directly under 4 is the level below 4).
        level = levels[section.parent_id] + 1 if section.parent_id in levels else section.level
        levels[section.pk] = level
        public = PublicSection(section)
        document.append(
            RenderedSection(
                section=public,
                blocks=[RenderedBlock(block, block_data(block)) for block in section.blocks.all()],
                level=level,
            )
        )
    return document


def content_fingerprint(report: AnnualReport, document: list[RenderedSection] | None = None) -> str:
    document = report_document(report) if document is None else document
    public = PublicReport(report)
    payload = {
        "version": RENDER_VERSION,
        "report": [public.body.name, public.year, public.title, public.case_number, public.status],
        "adopted_at": public.adopted_at.isoformat() if public.adopted_at else None,
        "sections": [
            [
                item.section.number,
                item.section.heading,
                item.section.markdown_source,
                [rendered.data for rendered in item.blocks],
            ]
            for item in document
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
