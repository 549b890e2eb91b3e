"""The public search page, /sok/?q=…: one form, ranked hits with highlighted snippets, filters with counts."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .filters import SearchFilter
from .query import search as run_search


@require_safe
def search(request):
    q = " ".join(request.GET.get("q", "").split())
    search_filter = SearchFilter(request.GET or None, queryset=None)
    context = {"q": q, "filter": search_filter, "result": None}
    if q:
        requested = SearchFilter.requested(request.GET)
        result = run_search(q, page=request.GET.get("sida") or 1, **requested)
        search_filter.set_counts(result.facets, requested)
        query = request.GET.copy()
        query.pop("sida", None)
        context |= {"result": result, "page": result.page, "query": query.urlencode(), "requested": requested}
    return render(request, "search/search.html", context)
