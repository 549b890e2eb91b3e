"""Fields shared by the API's serializers, and `ProjectedSerializer`: what every serializer of staff-written objects
is built on, so that it reads the public projection (`meetings/public.py`) and never the model."""

from typing import Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from meetings.public import NotPublic, Projection


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


class ProjectedSerializer(serializers.ModelSerializer):
    """A serializer that reads its object's public projection (`projection`), never the model instance itself.

    `to_representation` wraps each instance in its projection and lets DRF read the attributes from it: ids, dates and
    flags pass through, every free text comes out masked, a secret object reads "Sekretessärende", and a field the
    projection does not declare raises `NotPublic` instead of being published. `Meta.model` stays, for the OpenAPI
    schema; the text fields lose the model's `max_length` there, as a masking label can be longer than what it hides.
    """

    projection: ClassVar[type[Projection]]

    def project(self, instance: Any) -> Projection:
        if isinstance(instance, Projection):
            return instance  # nested: the parent already projected it (a protocol's paragraphs carry its names)
        of = getattr(self.projection, "of", None)
        projected = of(instance) if of is not None else self.projection(instance)
        if projected is None:
            raise NotPublic(f"{instance!r} is not public")
        return projected

    def to_representation(self, instance):
        return super().to_representation(self.project(instance))

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_name in (*self.projection.texts, *self.projection.lists):
            kwargs.pop("max_length", None)
        return field_class, kwargs
