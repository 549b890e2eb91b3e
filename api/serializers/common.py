from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse


def api_url(request, name: str, pk) -> str | None:
    """The API address of an object (`api:meeting-detail`), absolute as the request's; None for a missing link."""
    if pk is None:
        return None
    return reverse(f"api:{name}-detail", kwargs={"pk": pk}, request=request)


def web_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """The public web page of the object (its `get_absolute_url`), as an absolute address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "Sidan på webbplatsen.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return web_url(self.context.get("request"), value.get_absolute_url())


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class LinkField(serializers.Field):
    """A link to another API object by the id in `source` (null when there is none)."""

    def __init__(self, view: str, **kwargs):
        self.view = view
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return api_url(self.context.get("request"), self.view, value)


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
class LinkListField(serializers.Field):
    """Links to other API objects, from a list (or prefetched manager) of objects in `source`."""

    def __init__(self, view: str, **kwargs):
        self.view = view
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        items = value.all() if hasattr(value, "all") else value
        request = self.context.get("request")
        return [api_url(request, self.view, item.pk) for item in items]
