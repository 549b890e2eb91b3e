import django_filters
from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from .models import Body, Meeting
from .public import PublicBody


class _PublicLabelField(ModelChoiceField):
    def __init__(self, *args, label_of, **kwargs):
        self.label_of = label_of
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.label_of(obj)


class PublicChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of objects whose options are named as the public sees them: `label_of(obj)` reads the object's
    projection (a select's options are a public surface like any other)."""

    field_class = _PublicLabelField


def body_label(body: Body) -> str:
    return PublicBody(body).name.line


def _year_choices():
    return [(d.year, str(d.year)) for d in Meeting.objects.dates("start", "year", order="DESC")]


class MeetingFilter(django_filters.FilterSet):
    organ = PublicChoiceFilter(
        label=_("Organ"),
        label_of=body_label,
        field_name="body",
        to_field_name="slug",
        queryset=Body.objects.all(),
        empty_label=_("Alla organ"),
    )
    ar = django_filters.ChoiceFilter(
        label=_("År"),
        field_name="start",
        lookup_expr="year",
        choices=_year_choices,
        empty_label=_("Alla år"),
    )
    manad = django_filters.ChoiceFilter(
        label=_("Månad"),
        field_name="start",
        lookup_expr="month",
        choices=[(number, name.capitalize()) for number, name in MONTHS.items()],
        empty_label=_("Alla månader"),
    )
    arendelista = django_filters.BooleanFilter(
        label=_("Bara sammanträden med ärendelista"),
        method="filter_has_agenda",
        widget=forms.CheckboxInput,
    )
    ordning = django_filters.ChoiceFilter(
        label=_("Ordning"),
        method="filter_order",
        empty_label=None,
        choices=[("senaste", _("Senaste först")), ("tidigaste", _("Tidigaste först"))],
    )

    class Meta:
        model = Meeting
        fields = ["organ", "ar", "manad", "arendelista", "ordning"]

    def filter_has_agenda(self, queryset, name, value):
        return queryset.with_agenda() if value else queryset

    def filter_order(self, queryset, name, value):
        return queryset.order_by("start", "pk") if value == "tidigaste" else queryset.order_by("-start", "-pk")

    @property
    def qs(self):
        queryset = super().qs
        if not queryset.query.order_by:
            queryset = queryset.order_by("-start", "-pk")
        return queryset
