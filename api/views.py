"""The pages about the open data: what the API offers and under which licence (/oppna-data/), and the API's
documentation (/api/v1/docs/), server-rendered from the OpenAPI schema."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .docs import endpoints


@require_safe
def open_data(request):
    lists = [endpoint for endpoint in endpoints() if endpoint.is_list]
    return render(
        request,
        "api/open_data.html",
        {
            "endpoints": lists,
            "api_root": request.build_absolute_uri(reverse("api:root")),
            "figures_csv": reverse("api:figure-list") + "?format=csv&page_size=1000",
            "indicators_csv": reverse("api:indicator-list") + "?format=csv&page_size=1000",
            "meetings_csv": reverse("api:meeting-list") + "?format=csv&page_size=1000",
        },
    )


@require_safe
def docs(request):
    return render(request, "api/docs.html", {"endpoints": endpoints()})
