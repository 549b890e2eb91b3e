import django_filters
from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from .models import Body, Meeting


def _year_choices():
    return [(d.year, str(d.year)) for d in Meeting.objects.dates("start", "year", order="DESC")]


class MeetingFilter(django_filters.FilterSet):
    organ = django_filters.ModelChoiceFilter(
        label=_("Organ"),
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
