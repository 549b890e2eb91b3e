"""The filter of the public case list (/arenden/): body, year and status, read from the query string.

A value that cannot be chosen (a body with no public case, a year no case has, a status that does not exist) is named
at its field in Swedish and left out of the filter; the rest of the filter still applies and the page is a 200.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from .case_steps import STATUS_CHOICES, bodies_with_cases, case_years, cases_at_body, cases_with_status
from .filters import PublicChoiceFilter, body_label
from .models import Case


def _bodies(request):
    return bodies_with_cases()


def _years():
    return [(year, str(year)) for year in case_years()]


class CaseFilter(django_filters.FilterSet):
    organ = PublicChoiceFilter(
        label=_("Organ"),
        label_of=body_label,
        to_field_name="slug",
        queryset=_bodies,
        method="filter_body",
        empty_label=_("Alla organ"),
        error_messages={"invalid_choice": _("Organ: det finns inga ärenden hos ett sådant organ. Välj ett i listan.")},
    )
    ar = django_filters.ChoiceFilter(
        label=_("År"),
        field_name="year",
        choices=_years,
        empty_label=_("Alla år"),
        error_messages={"invalid_choice": _("År: det finns inga ärenden från det året. Välj ett år i listan.")},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=STATUS_CHOICES,
        empty_label=_("Pågående och avgjorda"),
        error_messages={"invalid_choice": _("Status: välj pågående eller avgjort.")},
    )

    class Meta:
        model = Case
        fields = ["organ", "ar", "status"]

    def filter_body(self, queryset, name, value):
        return cases_at_body(queryset, value) if value else queryset

    def filter_status(self, queryset, name, value):
        return cases_with_status(queryset, value) if value else queryset

    def mark_errors(self) -> None:
        """Point each field with an error at its message, for screen readers."""
        for name in self.form.errors:
            if name in self.form.fields:
                widget = self.form.fields[name].widget
                widget.attrs["aria-describedby"] = f"id_{name}-fel"
                widget.attrs["aria-invalid"] = "true"
