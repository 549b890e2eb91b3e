from django.http import Http404
from django.urls import path

app_name = "api"


def _placeholder(request):
    raise Http404


urlpatterns = [path("api/v1/", _placeholder, name="root")]
