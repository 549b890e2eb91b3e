"""Reading tables back out of rendered HTML, as a screen reader would meet them (visually hidden text left out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ParsedTable:
    caption: str = ""
    head: list[list[str]] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)
    foot: list[list[str]] = field(default_factory=list)
    row_headers: list[tuple[str, str]] = field(default_factory=list)  # (scope, text) of every <th> in body/foot


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[ParsedTable] = []
        self.section = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.cell_scope = ""
        self.in_caption = False
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.hidden_depth or "visually-hidden" in (attrs.get("class") or ""):
            self.hidden_depth += 1 if tag == "span" else 0
        if tag == "table":
            self.tables.append(ParsedTable())
            self.section = "body"
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
            self.cell_scope = attrs.get("scope", "") if tag == "th" else "td"

    def handle_endtag(self, tag):
        if tag == "span" and self.hidden_depth:
            self.hidden_depth -= 1
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            self.row.append(text)
            if tag == "th" and self.section in ("body", "foot"):
                self.tables[-1].row_headers.append((self.cell_scope, text))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            getattr(self.tables[-1], self.section).append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.hidden_depth:
            return
        if self.in_caption:
            self.tables[-1].caption += data
        elif self.cell is not None:
            self.cell.append(data)


def tables_in(html: str) -> list[ParsedTable]:
    parser = _TableParser()
    parser.feed(html)
    return parser.tables


def table_with_caption(html: str, caption_part: str) -> ParsedTable:
    matches = [table for table in tables_in(html) if caption_part in table.caption]
    assert len(matches) == 1, f"{caption_part!r} among {[t.caption for t in tables_in(html)]}"
    return matches[0]
