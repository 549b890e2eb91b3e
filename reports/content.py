"""A report as the page and the PDF show it, and the fingerprint of that content.

The same `report_document()` feeds the HTML page and the PDF template, so the two always agree. The fingerprint is a
SHA-256 over everything the PDF is made from — report fields, every section's number, heading and text, every block's
data (live or frozen) and `RENDER_VERSION` — so a stored PDF is reused exactly while none of that changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch

from . import markdown
from .blocks import block_data
from .models import AnnualReport, Block, Section

# Raise when the PDF template or its stylesheet changes, so PDFs made the old way are made again.
RENDER_VERSION = "1"


@dataclass
class RenderedBlock:
    block: Block
    data: dict

    @property
    def template(self) -> str:
        return f"reports/blocks/{self.data['type']}.html"


@dataclass
class RenderedSection:
    section: Section
    html: str
    blocks: list[RenderedBlock] = field(default_factory=list)
    level: int = 1  # 1 for a chapter; its subsections one deeper (by the parent chain, else by the number's dots)

    @property
    def anchor(self) -> str:
        return "kapitel-" + self.section.number.strip(".").replace(".", "-")


def report_document(report: AnnualReport) -> list[RenderedSection]:
    """The report's sections in order, each with its text as safe HTML and its blocks' data."""
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
        document.append(
            RenderedSection(
                section=section,
                html=markdown.render(section.text),
                blocks=[RenderedBlock(block, block_data(block)) for block in section.blocks.all()],
                level=level,
            )
        )
    return document


def content_fingerprint(report: AnnualReport, document: list[RenderedSection] | None = None) -> str:
    document = report_document(report) if document is None else document
    payload = {
        "version": RENDER_VERSION,
        "report": [report.body.name, report.year, report.title, report.case_number, report.status],
        "adopted_at": report.adopted_at.isoformat() if report.adopted_at else None,
        "sections": [
            [item.section.number, item.section.heading, item.section.text, [rendered.data for rendered in item.blocks]]
            for item in document
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
