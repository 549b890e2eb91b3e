from django.http import Http404
from django.urls import path

app_name = "search"


def _placeholder(request):
    raise Http404


urlpatterns = [path("sok/", _placeholder, name="search")]
