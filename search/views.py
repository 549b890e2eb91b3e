"""The public search page, /sok/?q=…: one form, ranked hits with highlighted snippets, filters with counts."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from orebro_portal.lib import params

from .cases import case_best_bet
from .filters import SearchFilter
from .query import MAX_QUERY_LENGTH
from .query import search as run_search


@require_safe
def search(request):
    q = params.query_text(request.GET, "q", max_length=MAX_QUERY_LENGTH)
    search_filter = SearchFilter(request.GET or None, queryset=None)
    context = {"q": q, "filter": search_filter, "result": None, "best_bet": None}
    if q:
        context["best_bet"] = case_best_bet(q)
        requested = SearchFilter.requested(request.GET)
        result = run_search(q, page=request.GET.get("sida") or 1, **requested)
        search_filter.set_counts(result.facets, requested)
        query = request.GET.copy()
        query.pop("sida", None)
        context |= {"result": result, "page": result.page, "query": query.urlencode(), "requested": requested}
    return render(request, "search/search.html", context)
