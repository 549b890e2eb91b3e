"""Searching the index: ranked hits with highlighted snippets, and facet counts per kind, body and year.

On PostgreSQL: `websearch_to_tsquery('swedish', q)` against the stored weighted vectors (GIN index), ranked by
`ts_rank` and then newest first, snippets from `ts_headline`. On SQLite (local development) a fallback that finds
whole words, case-insensitively, in title and text, newest first, with a plain snippet.

The number of queries is fixed however many entries match: one GROUP BY giving the count and all facets, one page
of hits, one for the page's headlines (PostgreSQL). The index only ever holds public text (see `search.indexing`), so
nothing here needs to filter for publication again. The one text not from the index, a body's name (in a hit's line
and in the body facet), is read through the body's public projection.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import Body
from meetings.public import PublicBody
from orebro_portal.lib import params

from .indexing import HIGHLIGHT_START, HIGHLIGHT_STOP
from .models import SearchEntry

HITS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200
SNIPPET_CHARS = 220
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_ASCII_RUN = re.compile(r"[a-z0-9]+")


@dataclass
class Hit:
    entry: SearchEntry
    title_html: SafeString
    snippet_html: SafeString

    @property
    def body(self) -> PublicBody | None:
        """The body the hit belongs to, as the public sees it (`hit.body.name` is its masked name)."""
        return PublicBody(self.entry.body) if self.entry.body_id else None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResult:
    query: str
    page: Page
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.page.paginator.count


def _highlighted(text: str) -> SafeString:
    """Escape the text, then turn the sentinels ts_headline (or the fallback) put around matches into <mark>."""
    return mark_safe(escape(text).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>"))


def _filtered(queryset: QuerySet, *, kind=None, body=None, year=None, skip: str = "") -> QuerySet:
    if kind and skip != "kind":
        queryset = queryset.filter(kind=kind)
    if body and skip != "body":
        queryset = queryset.filter(body__slug=body) if isinstance(body, str) else queryset.filter(body=body)
    if year and skip != "year":
        queryset = queryset.filter(year=year)
    return queryset


class _CountedPaginator(Paginator):
    """A paginator told its count, which the facet query already gives: no separate COUNT over the matches."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def _facets(matches: QuerySet, *, kind, body, year) -> tuple[int, dict[str, list[FacetValue]]]:
    """The number of hits under all filters, and counts per kind, body and year, each under the two other filters
    (so a choice shows what picking it gives). One GROUP BY over the matches (at most kinds × bodies × years rows)
    instead of a COUNT and three GROUP BYs, each of which would have to find the matches again."""
    rows = list(matches.values("kind", "body__slug", "body__name", "year").annotate(n=Count("pk")).order_by())
    body = getattr(body, "slug", body)
    year = int(year) if year else None

    def keep(row, skip):
        return (
            (skip == "kind" or not kind or row["kind"] == kind)
            and (skip == "body" or not body or row["body__slug"] == body)
            and (skip == "year" or not year or row["year"] == year)
        )

    total = sum(row["n"] for row in rows if keep(row, ""))
    kinds, bodies, years, names = Counter(), Counter(), Counter(), {}
    for row in rows:
        if keep(row, "kind"):
            kinds[row["kind"]] += row["n"]
        if keep(row, "body") and row["body__slug"]:
            bodies[row["body__slug"]] += row["n"]
            # The body's public name, from the values already fetched: no query per body.
            names[row["body__slug"]] = PublicBody(Body(slug=row["body__slug"], name=row["body__name"])).name.line
        if keep(row, "year") and row["year"]:
            years[row["year"]] += row["n"]
    labels = dict(SearchEntry.Kind.choices)
    return total, {
        "kind": [FacetValue(k, str(labels[k]), kinds[k]) for k in SearchEntry.Kind.values if kinds[k]],
        "body": [
            FacetValue(slug, names[slug], n) for slug, n in sorted(bodies.items(), key=lambda item: names[item[0]])
        ],
        "year": [FacetValue(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True)],
    }


def search(q: str, *, kind: str | None = None, body=None, year: int | None = None, page=1) -> SearchResult:
    """Search the public index for `q` (the words a citizen typed); `body` is a slug or a Body."""
    q = params.clean_text(q, max_length=MAX_QUERY_LENGTH)
    if connection.vendor == "postgresql":
        return _search_postgres(q, kind=kind, body=body, year=year, page=page)
    return _search_fallback(q, kind=kind, body=body, year=year, page=page)


def _search_postgres(q, *, kind, body, year, page) -> SearchResult:
    query = SearchQuery(q, config="swedish", search_type="websearch")
    matches = SearchEntry.objects.filter(search_vector=query)
    ranked = (
        _filtered(matches, kind=kind, body=body, year=year)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .select_related("body")
        .order_by("-rank", F("date").desc(nulls_last=True), "-pk")
        .defer("text", "search_vector")
    )
    total, facets = _facets(matches, kind=kind, body=body, year=year)
    result_page = _CountedPaginator(ranked, HITS_PER_PAGE, count=total).get_page(page)
    entries = list(result_page.object_list) if total else []
    # ts_headline re-parses the text: only for the twenty hits shown, never for every match.
    options = {"config": "swedish", "start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP}
    headlines = {
        row[0]: row[1:]
        for row in SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries])
        .annotate(
            title_headline=SearchHeadline("title", query, highlight_all=True, **options),
            text_headline=SearchHeadline(
                "text", query, max_words=40, min_words=15, max_fragments=2, fragment_delimiter=" … ", **options
            ),
        )
        .values_list("pk", "title_headline", "text_headline")
    }
    hits = []
    for entry in entries:
        title, snippet = headlines.get(entry.pk, (entry.title, ""))
        hits.append(Hit(entry, _highlighted(title or entry.title), _highlighted(snippet or "")))
    return SearchResult(q, result_page, hits, facets)


def _terms(q: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(q)][:10]


def _search_fallback(q, *, kind, body, year, page) -> SearchResult:
    """Whole-word, case-insensitive matching of every word (SQLite's REGEXP is Python's `re`, Unicode-aware)."""
    terms = _terms(q)
    if not terms:
        matches = SearchEntry.objects.none()
    else:
        prefilter, condition = Q(), Q()
        for term in terms:
            # LIKE runs in C but folds case for ASCII only ("Ärende" is not LIKE "ärende"): it narrows the rows by
            # the longest ASCII run of the word, and the Unicode-aware regex then decides on the few left.
            core = max(_ASCII_RUN.findall(term), key=len, default="")
            if len(core) >= 2:
                prefilter &= Q(title__icontains=core) | Q(text__icontains=core)
            pattern = rf"\b{re.escape(term)}\b"
            condition &= Q(title__iregex=pattern) | Q(text__iregex=pattern)
        matches = SearchEntry.objects.filter(prefilter).filter(condition)
    title_pattern = rf"\b{re.escape(terms[0])}\b" if terms else "^$"
    ordered = (
        _filtered(matches, kind=kind, body=body, year=year)
        .annotate(
            in_title=Case(
                When(title__iregex=title_pattern, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .select_related("body")
        .order_by("-in_title", F("date").desc(nulls_last=True), "-pk")
    )
    total, facets = _facets(matches, kind=kind, body=body, year=year)
    result_page = _CountedPaginator(ordered, HITS_PER_PAGE, count=total).get_page(page)
    hits = [
        Hit(entry, _highlighted(_mark(entry.title, terms)), _highlighted(_snippet(entry.text, terms)))
        for entry in result_page.object_list
    ]
    return SearchResult(q, result_page, hits, facets)


def _mark(text: str, terms: list[str]) -> str:
    if not terms:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(term) for term in terms) + r")\b", re.IGNORECASE)
    return pattern.sub(lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_STOP}", text)


def _snippet(text: str, terms: list[str]) -> str:
    """About SNIPPET_CHARS characters around the first match, on word boundaries, with the matches marked."""
    text = " ".join(text.split())
    if not text:
        return ""
    found = None
    if terms:
        found = re.search(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\b", text, re.IGNORECASE)
    start = max(0, (found.start() if found else 0) - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    piece = text[start:end]
    return ("… " if start > 0 else "") + _mark(piece, terms) + (" …" if end < len(text) else "")
