"""The filters of the search page: type, body and year, each choice with the number of hits it would give.

The FilterSet validates the query string and renders the filter form; its choices are set from the facet counts of
the search (`search.query`), so only choices with hits are offered (plus the current one, even at zero).
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from orebro_portal.lib import params
from orebro_portal.lib.bounds import FIRST_YEAR, LAST_YEAR

from .models import SearchEntry
from .query import FacetValue


class SearchFilter(django_filters.FilterSet):
    typ = django_filters.ChoiceFilter(
        field_name="kind", label=_("Typ"), choices=SearchEntry.Kind.choices, empty_label=_("Alla typer")
    )
    organ = django_filters.ChoiceFilter(
        field_name="body__slug", label=_("Organ"), choices=[], empty_label=_("Alla organ")
    )
    ar = django_filters.ChoiceFilter(field_name="year", label=_("År"), choices=[], empty_label=_("Alla år"))

    class Meta:
        model = SearchEntry
        fields: list[str] = []

    @staticmethod
    def requested(data) -> dict:
        """The filters as asked for in the query string, before the choices (which need the search) are known.
        Anything malformed is dropped: a wrong value filters nothing rather than failing the page."""
        kind = data.get("typ") or None
        return {
            "kind": kind if kind in SearchEntry.Kind.values else None,
            "body": params.parse_slug(data.get("organ")),
            "year": params.parse_year(data.get("ar"), minimum=FIRST_YEAR, maximum=LAST_YEAR),
        }

    def set_counts(self, facets: dict[str, list[FacetValue]], requested: dict) -> None:
        """Label every choice "Ärende (12)", offering only choices with hits and the one already chosen."""
        for name, facet, chosen in (
            ("typ", "kind", requested["kind"]),
            ("organ", "body", requested["body"]),
            ("ar", "year", requested["year"]),
        ):
            values = facets.get(facet, [])
            choices = [(v.value, f"{v.label} ({v.count})") for v in values]
            if chosen is not None and str(chosen) not in {v.value for v in values}:
                label = dict(SearchEntry.Kind.choices).get(chosen, chosen) if facet == "kind" else chosen
                choices.append((str(chosen), f"{label} (0)"))
            field = self.form.fields[name]
            field.choices = [("", field.choices[0][1]), *choices]
